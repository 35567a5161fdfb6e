import { Text } from '@tarojs/components'
import { residentIdGroups } from '../certs/residentId'
import type { MaskStyle } from '../certs/types'

/**
 * A field value as text; an 18-character ID or licence number (full or masked) in its 6-8-4
 * groups, each group kept on one line, so a narrow screen breaks between groups, never inside one.
 */
export function IdText({ value, mask, className }: { value: string; mask?: MaskStyle; className?: string }) {
  const groups = mask === 'id-number' || mask === 'licence-number' ? residentIdGroups(value) : [value]
  if (groups.length === 1) return <Text className={className}>{value}</Text>
  return (
    <Text className={className ? `${className} idgroups` : 'idgroups'}>
      {groups.map((g, i) => (
        <Text key={i} className='idgroup'>
          {g}
        </Text>
      ))}
    </Text>
  )
}
