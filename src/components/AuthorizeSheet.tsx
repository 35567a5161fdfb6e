import { View } from '@tarojs/components'
import { UnlockPanel } from './UnlockPanel'
import './lock.css'

interface AuthorizeSheetProps {
  visible: boolean
  /** What the holder approves, e.g. "确认支付 ¥12.30". */
  title: string
  /** `grant`: the lock's one-time approval, to hand to the store action that needs it. */
  onDone(ok: boolean, grant?: string): void
}

/**
 * A bottom sheet that asks for the PIN to approve one action (a payment): the PIN is checked
 * like an unlock (wrong PINs count towards the delays and the wipe), even when the wallet is open.
 */
export function AuthorizeSheet({ visible, title, onDone }: AuthorizeSheetProps) {
  if (!visible) return null
  return (
    <View className='sheet-mask'>
      <View className='sheet'>
        <UnlockPanel reason={title} confirmOnly onUnlocked={(r) => onDone(true, r.grant)} onCancel={() => onDone(false)} />
      </View>
    </View>
  )
}
