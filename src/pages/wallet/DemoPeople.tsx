import { Button, Text } from '@tarojs/components'
import { apiBase } from '../../services/api/apiBase'
import { demoButtonText, SIMULATOR_PEOPLE } from './simulatorPeople'

export { SIMULATOR_PEOPLE }

/** 演示账户: one tap starts the face check of a seeded holder; nothing at all with the real service. */
export function DemoPeople({ busy, onPick }: { busy: boolean; onPick: (name: string, idNumber: string) => void }) {
  if (!apiBase.simulator) return null
  return (
    <>
      <Text className='panel__subtitle'>演示账户（模拟政务平台）</Text>
      {SIMULATOR_PEOPLE.map((p) => (
        <Button key={p.idNumber} className={'btn btn--demo' + (busy ? ' btn--off' : '')} disabled={busy} onClick={() => onPick(p.name, p.idNumber)}>
          {demoButtonText(p)}
        </Button>
      ))}
    </>
  )
}
