import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useStore } from 'zustand'
import '../../../../components/featureErrorText'
import { presentationStore, useDelegation, useWallet } from '../../../../store/featureStores'
import { agentLinks } from '../../../../store/delegationStore'
import {
  describeSet,
  presentablePurposes,
  QR_REFRESH_SECONDS,
  usableSetCount,
  type PresentationState,
  type SharedCertificate
} from '../../../../store/presentationStore'
import { PURPOSE_TEXT, purposeLabels } from '../../../../vocabulary/purposeText'
import { certRegistry } from '../../../../certs/registry'
import { displayField, maskValue } from '../../../../certs/mask'
import type { PurposeId } from '../../../../certs/types'
import { QrScreen, useRotatingQr } from '../../../../components/QrScreen'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { goBack } from '../../../../components/goBack'
import ChallengeEntry from './ChallengeEntry'
import CarePage from '../../../../components/CarePage'
import './index.css'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/**
 * A page-open refresh skips batches fetched in the last hour: sets live 24 h, and every batch is five
 * more set keys the platform lists if the phone is reported lost (docs/presentation-format.md).
 */
const PAGE_REFRESH_AGE_MS = 60 * 60 * 1000

function usePresentation<T>(selector: (s: PresentationState) => T): T {
  return useStore(presentationStore, selector)
}

const nowSec = () => Math.floor(Date.now() / 1000)

/** Which certificates a purpose draws on, in words: 电子驾驶证 + 电子行驶证. */
function kindsText(purpose: PurposeId, have: Set<string>): string {
  return certRegistry
    .slots(purpose)
    .map((slot) => slot.kinds.find((k) => have.has(k)))
    .filter((k): k is string => !!k)
    .map((k) => certRegistry.find(k)?.label ?? k)
    .join(' + ')
}

/** Codes that mean "the service could not be reached": the fix is to get online and try again. */
const NETWORK_CODES = new Set(['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_SERVER', 'ERR_RATE_LIMITED'])

function ErrorBox({ code, hint }: { code: string | null; hint?: string }) {
  return <ErrorAlert block='present-alert' code={code} hint={hint} />
}

function PurposePicker({ purposes, onPick }: { purposes: PurposeId[]; onPick: (p: PurposeId) => void }) {
  const batches = usePresentation((s) => s.batches)
  const fetching = usePresentation((s) => s.fetching)
  const fetchErrors = usePresentation((s) => s.fetchErrors)
  const credentials = useWallet((s) => s.credentials)
  const have = new Set(credentials.filter((c) => c.status === 'valid').map((c) => c.kind))
  const now = nowSec()
  const missing = purposes.filter((p) => usableSetCount(batches[p], now) === 0)
  const failed = missing.map((p) => fetchErrors[p]).find((c) => !!c) ?? null

  if (purposes.length === 0) {
    return (
      <View className='present-panel'>
        <Text className='present-title'>暂无可出示的证照</Text>
        <Text className='present-text'>亮证需要“有效”状态的证照。请先在“我的证照”领取证照，或联网同步证照状态。</Text>
        <Button className='present-btn present-btn--primary' onClick={() => Taro.navigateBack()}>
          返回我的证照
        </Button>
      </View>
    )
  }
  return (
    <View>
      <Text className='present-title'>请选择出示用途</Text>
      <Text className='present-text'>只出示这项用途需要的信息。</Text>
      {!fetching && failed ? (
        <ErrorBox
          code={failed}
          hint={NETWORK_CODES.has(failed) ? (missing.length < purposes.length ? '标有“离线可用”的用途现在就能出示；其他用途请联网后再试。' : '请联网后再试。') : undefined}
        />
      ) : null}
      {purposes.map((p) => {
        const ready = usableSetCount(batches[p], now) > 0
        return (
          <Button key={p} className='purpose' onClick={() => onPick(p)}>
            <View className='purpose__row'>
              <Text className='purpose__label'>{purposeLabels[p]}</Text>
              <Text className={`tag ${ready ? 'tag--ready' : 'tag--wait'}`}>{ready ? '离线可用' : fetching ? '正在准备…' : '需联网'}</Text>
            </View>
            <Text className='purpose__kinds'>{p === 'age-over-18' ? '只出示“是否已满18周岁”' : kindsText(p, have)}</Text>
          </Button>
        )
      })}
    </View>
  )
}

function FieldRows({ cert }: { cert: SharedCertificate }) {
  return (
    <View className='shared'>
      <Text className='shared__title'>{cert.label}</Text>
      {cert.shared.map((f) => {
        const spec = cert.module.fields.find((x) => x.name === f.name)
        const value = spec?.format === 'image-hash' ? '照片校验码（不含照片）' : displayField(cert.module, f.name, f.value, { revealed: false })
        return (
          <View className='shared__row' key={f.name}>
            <Text className='shared__key'>{f.label}</Text>
            <Text className='shared__value'>{value}</Text>
          </View>
        )
      })}
    </View>
  )
}

function Consent({ purpose, onAgree, onCancel }: { purpose: PurposeId; onAgree: () => void; onCancel: () => void }) {
  const batch = usePresentation((s) => s.batches[purpose])
  const fetching = usePresentation((s) => s.fetching)
  const fetchError = usePresentation((s) => s.fetchErrors[purpose] ?? null)
  const challenge = usePresentation((s) => s.challenge)
  const usable = usableSetCount(batch, nowSec()) > 0

  if (!batch || !usable) {
    return (
      <View className='present-panel'>
        <Text className='present-title'>{purposeLabels[purpose]}</Text>
        {fetching ? (
          <Text className='present-text'>正在联网准备出示数据，请稍候…</Text>
        ) : (
          <View>
            <ErrorBox code={fetchError ?? (batch ? 'ERR_CERT_EXPIRED' : 'ERR_NETWORK')} hint={`本机还没有可离线出示的“${purposeLabels[purpose]}”数据，请联网后再试。`} />
            <Button className='present-btn present-btn--primary' onClick={() => void presentationStore.getState().refresh({ purposes: [purpose] })}>
              重新获取
            </Button>
          </View>
        )}
        <Button className='present-btn' onClick={onCancel}>
          返回
        </Button>
      </View>
    )
  }

  let certs: SharedCertificate[] = []
  try {
    certs = describeSet(batch.sets[batch.cursor % batch.sets.length], certRegistry)
  } catch {
    certs = []
  }
  const withheld = certs.flatMap((c) => c.withheld).filter((l, i, all) => all.indexOf(l) === i)
  const someMasked = certs.some((c) => c.shared.some((f) => c.module.fields.find((x) => x.name === f.name)?.sensitivity === 'masked'))
  return (
    <View className='consent'>
      <Text className='present-title'>{purposeLabels[purpose]}</Text>
      <View className='present-panel'>
        <Text className='present-text present-text--strong'>出示对象：{PURPOSE_TEXT[purpose].checkedBy}</Text>
        <Text className='present-text'>将出示：{certs.map((c) => `${c.label} ${c.shared.length} 项`).join('、')}。请核对后点“同意出示”。</Text>
        {challenge ? <Text className='present-text'>已扫描核验方二维码，本次出示只对该核验方有效。</Text> : null}
        <Text className='section-title'>将出示以下信息</Text>
        {certs.map((c) => (
          <FieldRows key={c.kind} cert={c} />
        ))}
        {someMasked ? <Text className='present-note'>带 * 号的内容在屏幕上部分隐藏；核验方扫码后看到的是完整内容。</Text> : null}
        {withheld.length ? (
          <View>
            <Text className='section-title'>不会出示</Text>
            <Text className='present-text'>{withheld.join('、')}</Text>
          </View>
        ) : null}
      </View>
      {/* Fixed at the bottom: the one decision stays in reach however long the list is. */}
      <View className='consent-actions'>
        <Button className='present-btn consent-actions__cancel' onClick={onCancel}>
          取消
        </Button>
        <Button className='present-btn present-btn--primary consent-actions__agree' onClick={onAgree}>
          同意出示
        </Button>
      </View>
    </View>
  )
}

/** The QR step: a code that renews itself every 30 s, with the verifier's nonce when one is scanned. */
function PresentQr({ purpose, onEnd }: { purpose: PurposeId; onEnd: () => void }) {
  const qr = usePresentation((s) => s.qr)
  const error = usePresentation((s) => s.error)
  const offline = usePresentation((s) => s.offline)
  const holderName = useWallet((s) => s.holder?.displayName ?? '')
  const make = useCallback(() => presentationStore.getState().present(purpose), [purpose])
  const { remaining, remake } = useRotatingQr({ make, presentedAt: qr ? qr.presentedAt : null, refreshSeconds: QR_REFRESH_SECONDS })

  const onChallenge = (text: string) => {
    if (presentationStore.getState().setChallenge(text)) void remake()
  }

  return (
    <QrScreen
      title={purposeLabels[purpose]}
      who={`持证人：${holderName ? maskValue('name', holderName) : ''}`}
      text={qr?.text ?? null}
      canvasId='present-qr'
      remaining={remaining}
      validity='二维码 60 秒内有效，且只能使用一次'
      placeholder={
        error ? (
          <ErrorBox code={error} hint={NETWORK_CODES.has(error) || error === 'ERR_CERT_EXPIRED' ? '本机没有可用的出示数据，请联网后再试。' : undefined} />
        ) : (
          <Text className='present-text'>正在生成二维码…</Text>
        )
      }
    >
      {qr ? (
        <>
          {qr.nonce ? <Text className='qr-screen__info'>已绑定核验方核验码</Text> : null}
          {offline ? <Text className='qr-screen__info'>当前无网络，离线出示</Text> : null}
          <ErrorBox code={error} />
          <ChallengeEntry onChallenge={onChallenge} />
          <Button className='present-btn' onClick={onEnd}>
            结束出示
          </Button>
        </>
      ) : (
        <Button className='present-btn' onClick={onEnd}>
          返回
        </Button>
      )}
    </QrScreen>
  )
}

type Step = { name: 'pick' } | { name: 'consent'; purpose: PurposeId } | { name: 'qr'; purpose: PurposeId }

function initialStep(purposes: PurposeId[]): Step {
  const wanted = typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params?.purpose : undefined
  const p = purposes.find((x) => x === wanted)
  return p ? { name: 'consent', purpose: p } : { name: 'pick' }
}

/** The 家人代办 page (holder subpackage), where a relative's QR is shown (代为出示). */
const FAMILY_PAGE = '/subpackages/holder/pages/family/index'

/** 亮证 picks whose card: relatives this holder may present for (家人代办), by purpose. */
function ForFamily() {
  const links = useDelegation((s) => s.links)
  const mine = agentLinks({ links })
  if (mine.length === 0) return null
  return (
    <View className='present-family'>
      <Text className='present-title'>为家人出示</Text>
      {mine.flatMap((l) =>
        l.purposes.map((p) => (
          <Button key={`${l.linkId}-${p}`} className='purpose' onClick={() => Taro.navigateTo({ url: `${FAMILY_PAGE}?linkId=${encodeURIComponent(l.linkId)}&purpose=${p}` })}>
            <View className='purpose__row'>
              <Text className='purpose__label'>{l.relativeName}</Text>
              <Text className='tag tag--ready'>代为出示</Text>
            </View>
            <Text className='purpose__kinds'>{purposeLabels[p as PurposeId] ?? p}</Text>
          </Button>
        ))
      )}
    </View>
  )
}

/** 亮证: choose a purpose → see exactly what is shared and agree → a QR that refreshes every 30 s. */
export default function PresentPage() {
  const credentials = useWallet((s) => s.credentials)
  const purposes = presentablePurposes(credentials, certRegistry)
  const [step, setStep] = useState<Step>(() => initialStep(purposes))

  useEffect(() => {
    void presentationStore.getState().refresh({ maxAgeMs: PAGE_REFRESH_AGE_MS })
    return () => presentationStore.getState().endPresentation()
  }, [])

  const back = () => {
    presentationStore.getState().endPresentation()
    setStep({ name: 'pick' })
  }

  const locked = useWallet((s) => s.locked)
  if (locked) {
    // The QR's device proof needs the private key, which only the holder's unlock releases.
    return (
      <CarePage className='present'>
        <UnlockPanel reason='亮证前请输入密码，防止他人拿您的手机冒用证照' onCancel={goBack} />
      </CarePage>
    )
  }

  return (
    <CarePage className='present'>
      {step.name === 'pick' ? <PurposePicker purposes={purposes} onPick={(p) => setStep({ name: 'consent', purpose: p })} /> : null}
      {step.name === 'pick' ? <ForFamily /> : null}
      {step.name === 'consent' ? <Consent purpose={step.purpose} onAgree={() => setStep({ name: 'qr', purpose: step.purpose })} onCancel={back} /> : null}
      {step.name === 'qr' ? <PresentQr purpose={step.purpose} onEnd={back} /> : null}
    </CarePage>
  )
}
