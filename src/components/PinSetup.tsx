import { useState } from 'react'
import { View } from '@tarojs/components'
import { walletStore } from '../store'
import type { ErrorCode } from '../services/errors'
import { PinPad } from './PinPad'
import './lock.css'
import { ErrorAlert } from './ErrorAlert'

/** First run: choose a 6-digit PIN, then enter it again. Weak PINs are refused with the reason. */
export function PinSetup({ onDone }: { onDone?(): void }) {
  const [first, setFirst] = useState<string | null>(null)
  const [error, setError] = useState<ErrorCode | null>(null)
  const [busy, setBusy] = useState(false)

  const complete = async (pin: string) => {
    if (first === null) {
      setError(null)
      setFirst(pin)
      return
    }
    setBusy(true)
    const r = await walletStore.getState().setupPin(first, pin)
    setBusy(false)
    setFirst(null)
    if (r.ok) onDone?.()
    else setError(r.code ?? 'ERR_UNKNOWN')
  }

  return (
    <View className='lockpanel'>
      <PinPad
        title={first === null ? '设置 6 位数字密码' : '请再输入一次密码'}
        hint={first === null ? '打开证照、亮证和医保支付时要用。请不要用生日或 123456 这类容易猜到的数字。' : '两次输入相同才算设置成功'}
        onComplete={complete}
        disabled={busy}
      />
      <ErrorAlert block='lockmsg' className='lockmsg--error' code={error} />
    </View>
  )
}
