import { useState } from 'react'
import { View } from '@tarojs/components'
import { walletStore } from '../store'
import type { UnlockOutcome } from '../store/walletStore'
import { assertPinAcceptable } from '../services/lock/pinLock'
import { toWalletError, type ErrorCode } from '../services/errors'
import { PinPad } from './PinPad'
import './lock.css'
import { ErrorAlert } from './ErrorAlert'

/** The refusal of a new PIN on its first entry (too easy to guess), or null when it may be used. */
export function newPinProblem(pin: string): ErrorCode | null {
  try {
    assertPinAcceptable(pin)
    return null
  } catch (e) {
    return toWalletError(e).code
  }
}

interface PinSetupProps {
  /** After the PIN was set (the caller says 密码设置成功). */
  onDone?(): void
  /** Sets the PIN (default: the first-run `setupPin`; 忘记密码 passes `completePinReset`). */
  submit?(pin: string, repeat: string): Promise<UnlockOutcome>
  /** The first prompt's title (default 设置 6 位数字密码). */
  title?: string
  onCancel?(): void
}

/**
 * Choose a 6-digit PIN, then enter it again. A weak PIN is refused on the first entry (not after
 * typing it twice); the reason shows between the dots and the keys.
 */
export function PinSetup({ onDone, submit, title = '设置 6 位数字密码', onCancel }: PinSetupProps) {
  const [first, setFirst] = useState<string | null>(null)
  const [error, setError] = useState<ErrorCode | null>(null)
  const [busy, setBusy] = useState(false)

  const complete = async (pin: string) => {
    if (first === null) {
      const weak = newPinProblem(pin)
      setError(weak)
      if (!weak) setFirst(pin)
      return
    }
    setBusy(true)
    const r = await (submit ?? walletStore.getState().setupPin)(first, pin)
    setBusy(false)
    setFirst(null)
    if (r.ok) onDone?.()
    else setError(r.code ?? 'ERR_UNKNOWN')
  }

  return (
    <View className='lockpanel'>
      <PinPad
        title={first === null ? title : '请再输入一次密码'}
        hint={first === null ? '打开证照、亮证和医保支付时要用。请不要用生日或 123456 这类容易猜到的数字。' : '两次输入相同才算设置成功'}
        onComplete={complete}
        disabled={busy}
        onCancel={onCancel}
      >
        <ErrorAlert block='lockmsg' className='lockmsg--error' code={error} />
      </PinPad>
    </View>
  )
}
