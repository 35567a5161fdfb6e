import type { ReactElement } from 'react'
import { Text } from '@tarojs/components'
import { useWallet } from '../../../store'
import CarePage from '../../../components/CarePage'
import { UnlockPanel } from '../../../components/UnlockPanel'
import { goBack } from '../../../components/goBack'

interface HolderGateProps {
  title: string
  /** Why the PIN is asked for (shown over the pad while the wallet is locked). */
  reason: string
  /** Shown when nobody has signed in yet; absent → the page itself handles that case. */
  noHolder?: string
}

/**
 * The share pages act for the holder (making a bearer credential, releasing a copy): only after
 * their own unlock. Returns the page to show instead of the real one, or null to go on.
 */
export function useHolderGate({ title, reason, noHolder }: HolderGateProps): ReactElement | null {
  const holder = useWallet((s) => s.holder)
  const locked = useWallet((s) => s.locked)
  if (holder && locked) {
    return (
      <CarePage className='sh'>
        <Text className='sh-title'>{title}</Text>
        <UnlockPanel reason={reason} onCancel={goBack} />
      </CarePage>
    )
  }
  if (!holder && noHolder) {
    return (
      <CarePage className='sh'>
        <Text className='sh-title'>{title}</Text>
        <Text className='sh-text'>{noHolder}</Text>
      </CarePage>
    )
  }
  return null
}
