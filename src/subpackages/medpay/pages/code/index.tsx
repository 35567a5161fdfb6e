import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import CarePage from '../../../../components/CarePage'
import { Button, Text, View } from '@tarojs/components'
import { useStore } from 'zustand'
import { medpayStore, presentationStore, useMedpay, useWallet } from '../../../../store'
import { MEDPAY_CODE_REFRESH_SECONDS } from '../../../../store/medpayStore'
import { maskValue } from '../../../../certs/mask'
import { QrCanvas } from '../../../../components/QrCanvas'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { RELATION_TEXT } from '../../../../components/medpayText'
import { ErrorBox } from '../../components/ErrorBox'
import { usePolling } from '../../components/usePolling'
import '../medpay.css'

/** While the code is shown, the counter's settlement reaches this phone within this long. */
const POLL_MS = 2500
const nowSec = () => Math.floor(Date.now() / 1000)

/** Calls a Taro API that a platform may lack (H5 has no brightness API); any failure is ignored. */
function tryCall(fn: unknown, option: Record<string, unknown>): void {
  if (typeof fn !== 'function') return
  try {
    void Promise.resolve((fn as (o: Record<string, unknown>) => unknown).call(Taro, option)).catch(() => undefined)
  } catch {
    // not on this platform
  }
}

/** One code on screen: own (the 亮证 pharmacy credentials) or a linked relative's. */
function useCode(linkId: string | null): { text: string | null; presentedAt: number; error: string | null; make(): Promise<void> } {
  const own = useStore(presentationStore, (s) => s.qr)
  const ownError = useStore(presentationStore, (s) => s.error)
  const rel = useMedpay((s) => s.relativeCode)
  const relError = useMedpay((s) => s.error)
  const busy = useRef(false)
  const make = useCallback(async () => {
    if (busy.current) return
    busy.current = true
    try {
      if (linkId) {
        await medpayStore.getState().presentRelative(linkId)
      } else {
        const p = presentationStore.getState()
        if (!p.batches.pharmacy) await p.refresh({ purposes: ['pharmacy'] })
        await presentationStore.getState().present('pharmacy')
      }
    } finally {
      busy.current = false
    }
  }, [linkId])
  if (linkId) return { text: rel?.linkId === linkId ? rel.text : null, presentedAt: rel?.presentedAt ?? 0, error: rel ? null : relError, make }
  return { text: own?.purpose === 'pharmacy' ? own.text : null, presentedAt: own?.presentedAt ?? 0, error: own ? null : ownError, make }
}

/**
 * 医保码: a CW1 presentation of the 医保电子凭证 (pharmacy purpose) with a fresh device proof
 * every 30 s, shown offline from stored credentials. The counter scans it; the settlement then
 * arrives here (polled) and the page moves on to the confirmation.
 */
export default function MedpayCodePage() {
  const params = (typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params : undefined) ?? {}
  const linkId = typeof params.linkId === 'string' && params.linkId ? decodeURIComponent(params.linkId) : null
  const locked = useWallet((s) => s.locked)
  const holderName = useWallet((s) => s.holder?.displayName ?? '')
  const link = useMedpay((s) => (linkId ? s.familyLinks.find((l) => l.linkId === linkId) ?? null : null))
  const { text, presentedAt, error, make } = useCode(linkId)
  const [now, setNow] = useState(nowSec())
  // Settlements already waiting when the code went up are on the home page; a new one is this visit's.
  const [known] = useState(() => new Set(medpayStore.getState().pending().map((s) => s.setlId)))

  useEffect(() => {
    tryCall(Taro.setScreenBrightness, { value: 1 })
    tryCall(Taro.setKeepScreenOn, { keepScreenOn: true })
    tryCall(Taro.setVisualEffectOnCapture, { visualEffect: 'hidden' })
    const t = setInterval(() => setNow(nowSec()), 1000)
    return () => {
      clearInterval(t)
      tryCall(Taro.setKeepScreenOn, { keepScreenOn: false })
      tryCall(Taro.setVisualEffectOnCapture, { visualEffect: 'none' })
      presentationStore.getState().endPresentation()
      medpayStore.getState().endRelativeCode()
    }
  }, [])

  useEffect(() => {
    if (!locked) void make()
  }, [locked, make])

  const remaining = text ? Math.max(0, MEDPAY_CODE_REFRESH_SECONDS - (now - presentedAt)) : MEDPAY_CODE_REFRESH_SECONDS
  useEffect(() => {
    if (text && remaining <= 0) void make()
  }, [text, remaining, make])

  // The counter submits → a pending settlement for this phone to confirm appears → go confirm it.
  usePolling(() => {
    void medpayStore
      .getState()
      .refresh()
      .then(() => {
        const fresh = medpayStore.getState().pending().find((s) => !known.has(s.setlId))
        if (fresh) void Taro.redirectTo({ url: `/subpackages/medpay/pages/settlement/index?setlId=${encodeURIComponent(fresh.setlId)}` })
      })
  }, POLL_MS)

  if (locked) {
    return (
      <CarePage className='mp'>
        <UnlockPanel reason='出示医保码前请输入密码，防止他人拿您的手机刷医保' />
      </CarePage>
    )
  }

  const who = linkId ? (link ? `${RELATION_TEXT[link.relation]} ${link.relativeName}（由我的个人账户支付）` : '亲属') : `参保人：${holderName ? maskValue('name', holderName) : ''}`
  return (
    <CarePage className='mp'>
      <View className='mp-code'>
        <Text className='mp-code__title'>医保码</Text>
        <Text className='mp-code__who'>{who}</Text>
        {text ? (
          <View>
            <QrCanvas text={text} canvasId='medpay-qr' className='qr' />
          </View>
        ) : error ? (
          <ErrorBox code={error} hint='本机还没有可出示的医保码数据，请联网后点“重新获取”。' />
        ) : (
          <Text className='mp-code__hint'>正在生成医保码…</Text>
        )}
        {text ? <Text className='mp-code__countdown'>{remaining} 秒后自动刷新</Text> : null}
        <Text className='mp-code__hint'>请把医保码对准收银员的扫码枪。收银员提交后，本机会显示费用明细，请您确认支付。</Text>
        <Text className='mp-note'>截图无效：医保码 60 秒内有效，且只能使用一次。</Text>
        {!text && error ? (
          <Button className='mp-btn mp-btn--primary' onClick={() => void make()}>
            重新获取
          </Button>
        ) : null}
        <Button className='mp-btn' onClick={() => Taro.navigateBack()}>
          返回
        </Button>
      </View>
    </CarePage>
  )
}
