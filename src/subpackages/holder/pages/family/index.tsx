import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import CarePage, { useCareMode } from '../../../../components/CarePage'
import { ErrorAlert } from '../../../../components/ErrorAlert'
import { IdText } from '../../../../components/IdText'
import { QrScreen, useRotatingQr } from '../../../../components/QrScreen'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { goBack } from '../../../../components/goBack'
import { delegationStore, useDelegation, useWallet } from '../../../../store/featureStores'
import type { DelegationLink } from '../../../../services/api/types'
import type { DelegationRelation } from '../../../../store/delegationStore'
import { PRESENTABLE_PURPOSES, type PurposeId } from '../../../../vocabulary/purposes'
import { purposeLabels } from '../../../../vocabulary/purposeText'
import './index.css'

/** The relative's relation to the holder, as the holder says it. */
const RELATION_WORDS: Record<DelegationRelation, string> = { parent: '父亲或母亲', child: '子女', spouse: '配偶' }
const RELATIONS: DelegationRelation[] = ['parent', 'child', 'spouse']
const QR_REFRESH_SECONDS = 30

const scopeText = (l: DelegationLink) => l.purposes.map((p) => purposeLabels[p as PurposeId] ?? p).join('、')

function readParams(): { linkId: string | null; purpose: PurposeId | null } {
  const params = (typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params : undefined) ?? {}
  const linkId = typeof params.linkId === 'string' && params.linkId ? decodeURIComponent(params.linkId) : null
  const purpose = typeof params.purpose === 'string' && (PRESENTABLE_PURPOSES as readonly string[]).includes(params.purpose) ? (params.purpose as PurposeId) : null
  return { linkId, purpose }
}

/** 代为出示: the relative's QR, naming both people, redrawn every 30 s from stored sets (offline). */
function DelegatedQrView({ link, purpose }: { link: DelegationLink; purpose: PurposeId }) {
  const qr = useDelegation((s) => s.qr)
  const error = useDelegation((s) => s.error)
  const make = useCallback(() => delegationStore.getState().present(link.linkId, purpose), [link.linkId, purpose])
  const text = qr?.linkId === link.linkId && qr.purpose === purpose ? qr.text : null
  const { remaining, remake } = useRotatingQr({ make, presentedAt: text ? qr!.presentedAt : null, refreshSeconds: QR_REFRESH_SECONDS })
  useEffect(() => () => delegationStore.getState().endPresentation(), [])
  return (
    <QrScreen
      title={`代为出示 · ${purposeLabels[purpose]}`}
      who={`代为出示：${link.agentName} 代 ${link.relativeName}`}
      text={text}
      canvasId='delegated-qr'
      remaining={remaining}
      validity='二维码 60 秒内有效，且只能使用一次'
      placeholder={error ? <ErrorAlert block='fam-alert' code={error} /> : <Text className='fam-note'>正在生成二维码…</Text>}
    >
      <Text className='fam-agent'>
        您在为 {link.relativeName} 出示证件。对方会看到您的姓名，请同时出示您本人的身份证件。
      </Text>
      {!text && error ? (
        <Button className='fam-btn fam-btn--primary' onClick={() => void remake()}>
          重新获取
        </Button>
      ) : null}
      <Button className='fam-btn' onClick={goBack}>
        返回
      </Button>
    </QrScreen>
  )
}

/** One link, from the holder's side (我为家人代办) or the relative's (谁可以为我代办). */
function LinkCard({ l }: { l: DelegationLink }) {
  const busy = useDelegation((s) => s.busy)
  const active = l.status === 'active'
  const asAgent = l.role === 'agent'
  const ask = async () => {
    const other = asAgent ? l.relativeName : l.agentName
    const r = await Taro.showModal({ title: '解除家人代办', content: asAgent ? `解除后，您不能再为 ${other} 出示证件。` : `解除后，${other} 不能再为您出示证件。`, confirmText: '解除', cancelText: '取消' })
    if (r.confirm) await delegationStore.getState().end(l.linkId)
  }
  return (
    <View className={`fam-card${active ? '' : ' fam-card--off'}`}>
      <View className='fam-card__head'>
        <Text className='fam-card__name'>{asAgent ? l.relativeName : l.agentName}</Text>
        <Text className={`fam-card__status${active ? '' : ' fam-card__status--ended'}`}>{active ? '代办中' : '已解除'}</Text>
      </View>
      <Text className='fam-card__line'>
        身份证：
        <IdText value={asAgent ? l.relativeIdMasked : l.agentIdMasked} mask='id-number' />
      </Text>
      {asAgent ? <Text className='fam-card__line'>关系：{RELATION_WORDS[l.relation]}</Text> : <Text className='fam-card__line'>TA 可以为您出示证件</Text>}
      <Text className='fam-card__line'>可代办：{scopeText(l)}</Text>
      {!active && l.endedAt ? <Text className='fam-card__line'>{l.endedBy === 'relative' ? (asAgent ? '家人本人已解除' : '您已解除') : asAgent ? '您已解除' : '代办人已解除'}</Text> : null}
      {active && asAgent
        ? l.purposes.map((p) => (
            <Button key={p} className='fam-btn fam-btn--primary' onClick={() => Taro.navigateTo({ url: familyUrl(l.linkId, p as PurposeId) })}>
              为 {l.relativeName} 出示（{purposeLabels[p as PurposeId] ?? p}）
            </Button>
          ))
        : null}
      {active ? (
        <Button className={`fam-btn fam-btn--end${busy ? ' fam-btn--off' : ''}`} disabled={!!busy} onClick={() => void ask()}>
          解除代办
        </Button>
      ) : null}
    </View>
  )
}

function familyUrl(linkId?: string, purpose?: PurposeId): string {
  return '/subpackages/holder/pages/family/index' + (linkId && purpose ? `?linkId=${encodeURIComponent(linkId)}&purpose=${purpose}` : '')
}

/** 添加家人: relation, name, ID number, what they allow; then their own face check on this phone. */
function AddRelative() {
  const consent = useDelegation((s) => s.consent)
  const busy = useDelegation((s) => s.busy)
  const error = useDelegation((s) => s.error)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [relation, setRelation] = useState<DelegationRelation>('parent')
  const [purposes, setPurposes] = useState<PurposeId[]>(['hotel', 'pharmacy'])
  const links = useDelegation((s) => s.links)
  const linking = useRef(false)
  // Linked: the form starts empty for the next relative as soon as the link shows (her number is not
  // left on screen while her credentials are fetched).
  useEffect(() => {
    if (linking.current && !consent && links.some((l) => l.role === 'agent' && l.status === 'active' && l.relativeName === name.trim())) {
      linking.current = false
      setName('')
      setIdNumber('')
    }
  }, [consent, links, name])
  const toggle = (p: PurposeId) => setPurposes((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]))

  if (consent) {
    return (
      <View>
        <Text className='fam-section'>请家人本人刷脸</Text>
        <Text className='fam-text'>
          请把手机交给 {consent.name} 本人，正对屏幕完成人脸核验。这表示 TA 本人同意由您代为出示：{consent.purposes.map((p) => purposeLabels[p]).join('、')}。
        </Text>
        <Text className='fam-note'>（模拟微信/支付宝刷脸：选择核验结果。家人刷脸只用于同意代办，不会在您的手机上登录 TA 的证照夹）</Text>
        <ErrorAlert block='fam-alert' code={error} />
        <Button className={`fam-btn fam-btn--primary${busy ? ' fam-btn--off' : ''}`} disabled={!!busy} id='family-consent-pass'
          onClick={async () => {
            linking.current = true
            if (!(await delegationStore.getState().finishConsent(true))) linking.current = false
          }}
        >
          {busy ? '正在添加…' : '模拟家人本人核验通过'}
        </Button>
        <Button className='fam-btn' disabled={!!busy} onClick={() => void delegationStore.getState().finishConsent(false)}>
          模拟核验失败
        </Button>
        <Button className='fam-btn' disabled={!!busy} onClick={() => delegationStore.getState().cancelConsent()}>
          取消
        </Button>
      </View>
    )
  }
  const ready = name.trim() && idNumber.trim().length === 18 && purposes.length > 0
  return (
    <View>
      <Text className='fam-section'>添加家人</Text>
      <Text className='fam-note'>需要家人本人在这部手机上刷脸同意。TA 可以在自己的证照夹里看到并随时解除。</Text>
      <Text className='fam-card__line'>TA 是您的</Text>
      <View className='fam-choice'>
        {RELATIONS.map((r) => (
          <Text key={r} className={`fam-choice__item${relation === r ? ' fam-choice__item--on' : ''}`} onClick={() => setRelation(r)}>
            {RELATION_WORDS[r]}
          </Text>
        ))}
      </View>
      <Input className='fam-input' placeholder='家人姓名' aria-label='家人姓名' value={name} onInput={(e) => setName(e.detail.value)} />
      <Input className='fam-input' placeholder='家人身份证号码' aria-label='家人身份证号码' maxlength={18} value={idNumber} onInput={(e) => setIdNumber(e.detail.value)} />
      <Text className='fam-card__line'>TA 同意您代为办理：</Text>
      <View className='fam-choice'>
        {PRESENTABLE_PURPOSES.map((p) => (
          <Text key={p} className={`fam-choice__item${purposes.includes(p) ? ' fam-choice__item--on' : ''}`} onClick={() => toggle(p)} aria-pressed={purposes.includes(p)}>
            {purposeLabels[p]}
          </Text>
        ))}
      </View>
      <ErrorAlert block='fam-alert' code={error} onClick={() => delegationStore.getState().clearError()} />
      <Button
        className={`fam-btn fam-btn--primary${!ready || busy ? ' fam-btn--off' : ''}`}
        disabled={!ready || !!busy}
        id='family-add'
        onClick={() => void delegationStore.getState().beginConsent(name, idNumber, purposes, relation)}
      >
        下一步：家人本人刷脸
      </Button>
    </View>
  )
}

/**
 * 家人代办 (issue #13): relatives this holder presents for (with their own face consent, for the
 * purposes they allowed), who may present for this holder, adding a relative, and the 代为出示 QR
 * (`?linkId=&purpose=`).
 */
export default function FamilyPage() {
  const [{ linkId, purpose }] = useState(readParams)
  const holder = useWallet((s) => s.holder)
  const locked = useWallet((s) => s.locked)
  const links = useDelegation((s) => s.links)
  const care = useCareMode()

  useEffect(() => {
    if (holder && !locked) void delegationStore.getState().refresh()
  }, [holder, locked])

  if (locked) {
    return (
      <CarePage className='fam'>
        <UnlockPanel reason='为家人出示证件前请输入密码' onCancel={goBack} />
      </CarePage>
    )
  }
  const shown = linkId ? links.find((l) => l.linkId === linkId && l.role === 'agent' && l.status === 'active') : undefined
  if (linkId && purpose && shown) {
    return (
      <CarePage className='fam'>
        <DelegatedQrView link={shown} purpose={purpose} />
      </CarePage>
    )
  }
  const mine = links.filter((l) => l.role === 'agent')
  const theirs = links.filter((l) => l.role === 'relative')
  const forMe = (
    <View>
      <Text className='fam-section'>谁可以为我代办</Text>
      {theirs.length ? theirs.map((l) => <LinkCard key={l.linkId} l={l} />) : <Text className='fam-note'>没有人可以为您代办。</Text>}
    </View>
  )
  return (
    <CarePage className='fam'>
      <Text className='fam-title'>家人代办</Text>
      <Text className='fam-text'>{care ? '帮不方便用手机的家人出示证件。' : '为不方便使用智能手机的家人出示证件（需家人本人刷脸同意）。'}</Text>
      {/* Someone others present for (an elderly parent) sees who may act for them first. */}
      {theirs.length && !mine.length ? forMe : null}
      <Text className='fam-section'>我为家人代办</Text>
      {mine.length ? mine.map((l) => <LinkCard key={l.linkId} l={l} />) : <Text className='fam-note'>还没有添加家人。</Text>}
      <AddRelative />
      {theirs.length && !mine.length ? null : forMe}
    </CarePage>
  )
}
