import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { a11y } from './a11y'
import { useWallet, walletStore } from '../store'
import { biometric } from '../services/auth/biometric'
import { MAX_PIN_ATTEMPTS, PIN_WARN_FROM } from '../services/lock/pinLock'
import type { ErrorCode } from '../services/errors'
import type { UnlockOutcome } from '../store/walletStore'
import { errorText, waitText } from './errorText'

import { PinPad } from './PinPad'
import './lock.css'
import { ErrorAlert } from './ErrorAlert'

/** Seconds until `until` (ms), ticking every second; 0 once passed. */
export function useSecondsLeft(until: number | null | undefined): number {
  // Re-render every second while a deadline is set; the time left is read from the clock at each
  // render, so it is right at once when the deadline changes.
  const [, setTick] = useState(0)
  useEffect(() => {
    if (!until) return
    const t = setInterval(() => setTick((n) => n + 1), 1000)
    return () => clearInterval(t)
  }, [until])
  return until ? Math.max(0, Math.ceil((until - Date.now()) / 1000)) : 0
}

/** The wrong-PIN state a lock screen shows: how many tries are left, how long to wait, a warning. */
export function PinStatus({ last, wait }: { last: UnlockOutcome | null; wait: number }) {
  const failures = useWallet((s) => s.lock?.pin.failures ?? 0)
  const remaining = MAX_PIN_ATTEMPTS - failures
  const code: ErrorCode | undefined = last && !last.ok ? last.code : undefined
  return (
    <View>
      {wait > 0 ? (
        <Text className='lockmsg lockmsg--error'>
          密码输错 {failures} 次，请 {waitText(wait)}后再试
        </Text>
      ) : code !== 'ERR_PIN_LOCKED' ? (
        <ErrorAlert block='lockmsg' className='lockmsg--error' code={code} text={code === 'ERR_PIN_WRONG' ? `${errorText(code)}（还可以试 ${remaining} 次）` : undefined} />
      ) : null}
      {failures >= PIN_WARN_FROM ? (
        <Text className='lockmsg lockmsg--warn'>注意：再输错 {remaining} 次，本机的证照将被全部清除。想不起来就点下面的“忘记密码”，不用再猜。</Text>
      ) : null}
    </View>
  )
}

interface UnlockPanelProps {
  /** Why the PIN is asked for, in plain words. */
  reason: string
  /** Called after a successful PIN or biometric check, with the lock's one-time grant. */
  onUnlocked?(outcome: UnlockOutcome): void
  /** Ask for the PIN even when unlocked (payment confirmation): `authorize` instead of `unlock`. */
  confirmOnly?: boolean
  /** 取消 under the keys (every PIN prompt has one, unless it is the only thing on the page). */
  onCancel?(): void
  /**
   * 忘记密码 under the keys: opens the reset on the wallet home (face check, new PIN, claim again)
   * instead of guessing towards the wipe. Default: on; a payment sheet passes false.
   */
  forgot?: boolean
}

/** Opens 忘记密码 on the wallet home (this page may be any page that asks for the PIN). */
export function openPinReset(): void {
  walletStore.getState().askPinReset()
  const pages = typeof Taro.getCurrentPages === 'function' ? Taro.getCurrentPages() : []
  const here = pages[pages.length - 1]?.route ?? ''
  if (!here.includes('pages/wallet/index')) void Taro.reLaunch({ url: '/pages/wallet/index' })
}

/** PIN pad (and fingerprint/face where turned on) that opens the wallet. */
export function UnlockPanel({ reason, onUnlocked, confirmOnly, onCancel, forgot = true }: UnlockPanelProps) {
  const lockedUntil = useWallet((s) => s.lock?.pin.lockedUntil ?? null)
  // The button shows only when the gate holds a key (PIN entered in this run of the app).
  const bioOn = useWallet((s) => !!s.lock?.bio && s.biometricArmed)
  const wait = useSecondsLeft(lockedUntil)
  const [busy, setBusy] = useState(false)
  const [last, setLast] = useState<UnlockOutcome | null>(null)
  const [bioReady, setBioReady] = useState(false)

  useEffect(() => {
    let live = true
    if (bioOn) void biometric.supported().then((m) => live && setBioReady(m !== null))
    return () => {
      live = false
    }
  }, [bioOn])

  const done = (r: UnlockOutcome) => {
    setBusy(false)
    setLast(r)
    if (r.ok) onUnlocked?.(r)
  }
  const submit = async (pin: string) => {
    setBusy(true)
    const s = walletStore.getState()
    done(await (confirmOnly ? s.authorize(pin) : s.unlock(pin)))
  }
  const useBiometric = async () => {
    setBusy(true)
    done(await walletStore.getState().unlockWithBiometric())
  }

  return (
    <View className='lockpanel'>
      <PinPad
        title='请输入 6 位密码'
        hint={reason}
        onComplete={submit}
        disabled={busy || wait > 0}
        onCancel={onCancel}
        extra={
          forgot ? (
            <Text className='pinpad__way pinpad__forgot' {...a11y('button', '忘记密码')} onClick={openPinReset}>
              忘记密码
            </Text>
          ) : null
        }
      >
        <PinStatus last={last} wait={wait} />
      </PinPad>
      {bioOn && bioReady && !confirmOnly ? (
        <Button className='bio-btn' onClick={useBiometric}>
          用指纹或面容解锁
        </Button>
      ) : null}
    </View>
  )
}
