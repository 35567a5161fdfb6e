import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { QrCanvas } from './QrCanvas'
import './qrScreen.css'

/** Calls a Taro API that a platform may lack (H5 has no brightness API); any failure is ignored. */
async function tryCall(fn: unknown, option: Record<string, unknown>): Promise<unknown> {
  try {
    return typeof fn === 'function' ? await (fn as (o: Record<string, unknown>) => unknown).call(Taro, option) : undefined
  } catch {
    return undefined
  }
}

/**
 * While a code is on screen: full brightness (scanners read a bright screen from further away),
 * the screen kept on, and on WeChat screen captures blanked. Everything is put back on leaving,
 * the brightness to what it was.
 */
function useQrScreenMode() {
  useEffect(() => {
    let previous: number | null = null
    let left = false
    const run = async () => {
      const r = (await tryCall(Taro.getScreenBrightness, {})) as { value?: unknown } | undefined
      // NOTE: Taro H5 answers with `{ errMsg }` only (no brightness API in browsers).
      previous = typeof r?.value === 'number' && r.value >= 0 ? r.value : null
      if (left) return
      await tryCall(Taro.setScreenBrightness, { value: 1 })
      await tryCall(Taro.setKeepScreenOn, { keepScreenOn: true })
      await tryCall(Taro.setVisualEffectOnCapture, { visualEffect: 'hidden' })
    }
    void run()
    return () => {
      left = true
      if (previous !== null) void tryCall(Taro.setScreenBrightness, { value: previous })
      void tryCall(Taro.setKeepScreenOn, { keepScreenOn: false })
      void tryCall(Taro.setVisualEffectOnCapture, { visualEffect: 'none' })
    }
  }, [])
}

export interface QrScreenProps {
  /** 交警查验, 医保码 … */
  title: string
  /** Whose code it is: `持证人：张*华`. */
  who: string
  /** The code's text; null while it is made, or when it could not be. */
  text: string | null
  canvasId: string
  /** Seconds until the next code (from {@link useRotatingQr}). */
  remaining: number
  /** What follows 截图无效：, e.g. `二维码 60 秒内有效，且只能使用一次`. */
  validity: string
  /** Drawn instead of the code while there is none: progress, or why not and what to do. */
  placeholder: ReactNode
  /** 亮证 red or 医保 green. */
  tone?: 'present' | 'medpay'
  /** Below the code: notes and the page's buttons. */
  children?: ReactNode
}

/** A code to be scanned (亮证, 医保码), with its countdown and the screen set up for scanning. */
export function QrScreen({ title, who, text, canvasId, remaining, validity, placeholder, tone = 'present', children }: QrScreenProps) {
  useQrScreenMode()
  return (
    <View className={`qr-screen qr-screen--${tone}`}>
      <Text className='qr-screen__title'>{title}</Text>
      <Text className='qr-screen__holder'>{who}</Text>
      {text ? (
        <>
          <QrCanvas text={text} canvasId={canvasId} className='qr' />
          <Text className='qr-screen__countdown'>{remaining} 秒后自动刷新</Text>
          <View className='qr-screen__warning'>
            <Text className='qr-screen__warning-head'>截图无效：</Text>
            <Text>{validity}</Text>
          </View>
        </>
      ) : (
        placeholder
      )}
      {children}
    </View>
  )
}

const nowSec = () => Math.floor(Date.now() / 1000)

export interface RotatingQrOptions {
  /** Makes the next code (a fresh device proof); the store keeps the result. */
  make: () => Promise<unknown>
  /** When the code on screen was made (seconds), null while there is none. */
  presentedAt: number | null
  /** A code is remade this long after it was made. */
  refreshSeconds: number
  /** Make the first code now (false while the wallet is locked: the proof needs the device key). */
  enabled?: boolean
}

/**
 * A QR that renews itself: the first code when `enabled`, a new one every `refreshSeconds`, and
 * at once when the app comes back from the background with the code overdue (timers paused
 * there). One code is made at a time.
 * @example const { remaining, remake } = useRotatingQr({ make, presentedAt: qr?.presentedAt ?? null, refreshSeconds: 30 })
 */
export function useRotatingQr({ make, presentedAt, refreshSeconds, enabled = true }: RotatingQrOptions): { remaining: number; remake: () => Promise<void> } {
  const [now, setNow] = useState(nowSec())
  const making = useRef(false)

  const remake = useCallback(async () => {
    if (making.current) return
    making.current = true
    try {
      await make()
    } finally {
      making.current = false
      setNow(nowSec())
    }
  }, [make])

  useEffect(() => {
    const timer = setInterval(() => setNow(nowSec()), 1000)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    if (enabled) void remake()
  }, [enabled, remake])

  const remaining = presentedAt === null ? refreshSeconds : Math.max(0, refreshSeconds - (now - presentedAt))
  useEffect(() => {
    if (presentedAt !== null && remaining <= 0) void remake()
  }, [presentedAt, remaining, remake])

  return { remaining, remake }
}
