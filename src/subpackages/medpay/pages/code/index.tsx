import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import '../../../../components/featureErrorText'
import CarePage from '../../../../components/CarePage'
import { Button, Text } from '@tarojs/components'
import { useStore } from 'zustand'
import { medpayStore, presentationStore, useMedpay, useWallet } from '../../../../store/featureStores'
import { MEDPAY_CODE_REFRESH_SECONDS } from '../../../../store/medpayStore'
import { maskValue } from '../../../../certs/mask'
import { QrScreen, useRotatingQr } from '../../../../components/QrScreen'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { goBack } from '../../../../components/goBack'
import { RELATION_TEXT } from '../../../../components/medpayText'
import { ErrorBox } from '../../components/ErrorBox'
import { usePolling } from '../../components/usePolling'
import '../medpay.css'

/** While the code is shown, the counter's settlement reaches this phone within this long. */
const POLL_MS = 2500

/** One code on screen: own (the 亮证 pharmacy credentials) or a linked relative's. */
function useCode(linkId: string | null): { text: string | null; presentedAt: number; error: string | null; make(): Promise<unknown> } {
  const own = useStore(presentationStore, (s) => s.qr)
  const ownError = useStore(presentationStore, (s) => s.error)
  const rel = useMedpay((s) => s.relativeCode)
  const relError = useMedpay((s) => s.error)
  const make = useCallback(async () => {
    if (linkId) return medpayStore.getState().presentRelative(linkId)
    const p = presentationStore.getState()
    if (!p.batches.pharmacy) await p.refresh({ purposes: ['pharmacy'] })
    return presentationStore.getState().present('pharmacy')
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
  // Settlements already waiting when the code went up are on the home page; a new one is this visit's.
  const [known] = useState(() => new Set(medpayStore.getState().pending().map((s) => s.setlId)))

  // The proof needs the device key: the first code once the wallet is unlocked.
  const { remaining, remake } = useRotatingQr({ make, presentedAt: text ? presentedAt : null, refreshSeconds: MEDPAY_CODE_REFRESH_SECONDS, enabled: !locked })

  useEffect(
    () => () => {
      presentationStore.getState().endPresentation()
      medpayStore.getState().endRelativeCode()
    },
    []
  )

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
        <UnlockPanel reason='出示医保码前请输入密码，防止他人拿您的手机刷医保' onCancel={goBack} />
      </CarePage>
    )
  }

  const who = linkId ? (link ? `${RELATION_TEXT[link.relation]} ${link.relativeName}（由我的个人账户支付）` : '亲属') : `参保人：${holderName ? maskValue('name', holderName) : ''}`
  return (
    <CarePage className='mp'>
      <QrScreen
        tone='medpay'
        title='医保码'
        who={who}
        text={text}
        canvasId='medpay-qr'
        remaining={remaining}
        validity='医保码 60 秒内有效，且只能使用一次'
        placeholder={error ? <ErrorBox code={error} hint='本机还没有可出示的医保码数据，请联网后点“重新获取”。' /> : <Text className='mp-code__hint'>正在生成医保码…</Text>}
      >
        <Text className='mp-code__hint'>请把医保码对准收银员的扫码枪。收银员提交后，本机会显示费用明细，请您确认支付。</Text>
        {!text && error ? (
          <Button className='mp-btn mp-btn--primary' onClick={() => void remake()}>
            重新获取
          </Button>
        ) : null}
        <Button className='mp-btn' onClick={() => Taro.navigateBack()}>
          返回
        </Button>
      </QrScreen>
    </CarePage>
  )
}
