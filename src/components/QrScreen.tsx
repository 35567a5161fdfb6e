import { useEffect, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { QrCanvas } from './QrCanvas'
import './qrScreen.css'

/** Calls a Taro API that a platform may lack (H5 has no brightness API); any failure is ignored. */
function tryCall(fn: unknown, option: Record<string, unknown>): Promise<unknown> {
  if (typeof fn !== 'function') return Promise.resolve(undefined)
  try {
    return Promise.resolve((fn as (o: Record<string, unknown>) => unknown).call(Taro, option)).catch(() => undefined)
  } catch {
    return Promise.resolve(undefined)
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
