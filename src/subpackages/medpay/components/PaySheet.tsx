import { View } from '@tarojs/components'
import { useWallet } from '../../../store'
import { AuthorizeSheet } from '../../../components/AuthorizeSheet'
import { UnlockPanel } from '../../../components/UnlockPanel'
import '../../../components/lock.css'

/**
 * The PIN check before a payment. Unlocked wallet: the shared AuthorizeSheet (PIN asked again for
 * this one payment). Locked wallet (auto-lock while the patient read the bill): the unlock itself is
 * the approval, so the PIN is typed once, not twice.
 */
export function PaySheet({ visible, title, onDone }: { visible: boolean; title: string; onDone(ok: boolean, grant?: string): void }) {
  const locked = useWallet((s) => s.locked)
  if (!visible) return null
  if (!locked) return <AuthorizeSheet visible title={title} onDone={onDone} />
  return (
    <View className='sheet-mask'>
      <View className='sheet'>
        <UnlockPanel reason={title} onUnlocked={(r) => onDone(true, r.grant)} onCancel={() => onDone(false)} />
      </View>
    </View>
  )
}
