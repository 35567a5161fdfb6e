import { Button, Text, View } from '@tarojs/components'
import { purposeLabels } from '../../../vocabulary/purposeText'
import { certRegistry } from '../../../certs/registry'
import { errorText } from '../../../components/errorText'
import { asOfText } from '../../../components/timeText'
import type { MaterialWarning, VerifierResult } from '../store/verifierStore'
import { clockText } from '../model/clockText'
import { agentLine } from '../model/resultView'
import { IdText } from '../../../components/IdText'
import ReportBackPanel from './ReportBack'
import { ReadAloud } from '../../../components/ReadAloud'
import { BearerNote, bearerFailureHint, bearerFailureReason, bearerTitle } from './BearerNote'
import type { VerifierRole } from '../../../vocabulary/roles'

interface Props {
  result: VerifierResult
  role: VerifierRole | null
  /** The enrolled institution's registered name; null: 未登记核验方 (offline only, no 上报). */
  verifierName?: string | null
  online: boolean | null
  materialUpdatedAt: number | null
  refreshing: boolean
  onDone(): void
  onRefresh(): void
}

const WARNING_TEXT: Record<MaterialWarning, string> = {
  'status-stale': '注销信息超过24小时未更新，证照近期若被注销可能查不出。请尽快联网更新核验数据。',
  'revocations-unavailable': '未能读取挂失设备名单，无法排除手机已挂失。请联网更新核验数据。'
}

/** Width in half-width cells (a Chinese character is two): a long value (an address) gets its own line. */
function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1
  return w
}

/** Codes whose fix is fresh material: the red screen offers the update right there. */
const MATERIAL_CODES = new Set(['ERR_TRUST_LIST_EXPIRED', 'ERR_TRUST_LIST_MISSING', 'ERR_STATUS_LIST_UNAVAILABLE', 'ERR_STATUS_LIST_INVALID'])

/** The red screen's main line: the error's Chinese text, or for a wrong-role QR what it is instead. */
function failureReason(result: Extract<VerifierResult, { ok: false }>): string {
  const bearer = bearerFailureReason(result)
  if (bearer) return bearer
  if (result.code === 'ERR_PURPOSE_MISMATCH' && result.presentedPurpose) return `这是“${purposeLabels[result.presentedPurpose]}”用途的二维码`
  // A kind's own words for the suspension (交警 暂扣: 驾驶证暂扣中), when the credential names one.
  const words = (result.suspendedKinds ?? []).map((k) => certRegistry.find(k)?.statusWords?.suspended).filter((w): w is string => !!w)
  if (result.code === 'ERR_CERT_SUSPENDED' && words.length) return words.join('，')
  return errorText(result.code)
}

function failureHint(result: Extract<VerifierResult, { ok: false }>, role: VerifierRole | null): string | null {
  const bearer = bearerFailureHint(result)
  if (bearer) return bearer
  switch (result.code) {
    case 'ERR_PURPOSE_MISMATCH':
      if (result.presentedPurpose && role) {
        const accepted = role.purposes.map((p) => `“${purposeLabels[p]}”`).join('或')
        return `本机（${role.label}）只核验${accepted}。请持证人在亮证页选择${accepted}后重新出示。`
      }
      return null
    case 'ERR_KB_NONCE_MISMATCH':
      return '本机已出示核验码：请持证人先用证照夹扫描本机核验码，再出示二维码。'
    case 'ERR_MALFORMED':
    case 'ERR_BASE64':
    case 'ERR_TOO_LARGE':
      return '请确认扫描的是证照夹“亮证”页面上的二维码。'
    case 'ERR_TRUST_LIST_EXPIRED':
    case 'ERR_TRUST_LIST_MISSING':
      return '请联网后点击下方“更新核验数据”，再重新核验。'
    case 'ERR_STATUS_LIST_UNAVAILABLE':
      return '本机没有这张证照的注销信息，离线时无法判断是否已注销。请联网后重新核验。'
    default:
      return null
  }
}

/**
 * The QR carries only a digest of the registered photo; this version does not fetch the photo to
 * compare (the pretend "人像比对" line is gone, issue #13): the officer checks the person in front
 * of them against a photo ID, as the note says.
 */
function InPersonNote() {
  return (
    <View className='vf-note vf-note--info'>
      <Text className='vf-note__title'>核对本人</Text>
      <Text className='vf-note__text'>本次核验不含照片。请当面核对是持证人本人：查看实体证件或其他带照片的证件。</Text>
    </View>
  )
}

/** Full-screen answer: green with what was disclosed, or red with the reason in plain Chinese. */
export default function ResultScreen({ result, role, verifierName = null, online, materialUpdatedAt, refreshing, onDone, onRefresh }: Props) {
  const material = <Text className='vf-result__material'>核验数据更新于 {asOfText(materialUpdatedAt)}</Text>
  const who = <Text className='vf-result__verifier'>{verifierName ? `核验方：${verifierName}` : '未登记核验方（本机未登记，结果不上报）'}</Text>

  if (!result.ok) {
    const hint = failureHint(result, role)
    return (
      <View className='vf-result vf-result--fail' aria-live='assertive'>
        <View className='vf-result__banner'>
          <View className='vf-result__headline'>
            <Text className='vf-result__icon'>✕</Text>
            <Text className='vf-result__title'>核验未通过</Text>
          </View>
          <Text className='vf-result__reason'>{failureReason(result)}</Text>
          {hint ? <Text className='vf-result__hint'>{hint}</Text> : null}
          <Text className='vf-result__code'>错误代码 {result.code} · {clockText(result.at)}</Text>
          {who}
        </View>
        <ReadAloud className='vf-btn vf-btn--light' label='朗读结果' text={`核验未通过。${failureReason(result)}${hint ? `。${hint}` : ''}`} />
        {MATERIAL_CODES.has(result.code) ? (
          <Button className={`vf-btn vf-btn--light${refreshing ? ' vf-btn--off' : ''}`} disabled={refreshing} onClick={onRefresh}>
            {refreshing ? '正在更新核验数据…' : '更新核验数据'}
          </Button>
        ) : null}
        <Button className='vf-btn vf-btn--done' onClick={onDone}>
          返回，重新核验
        </Button>
        {material}
      </View>
    )
  }

  const { view } = result
  const tone = view.under18 ? 'warn' : 'pass'
  return (
    <View className={`vf-result vf-result--${tone}`} aria-live='assertive'>
      <View className='vf-result__banner'>
        <View className='vf-result__headline'>
          <Text className='vf-result__icon'>{view.under18 ? '!' : '✓'}</Text>
          <Text className='vf-result__title'>{view.under18 ? '未满18周岁' : '核验通过'}</Text>
        </View>
        <Text className='vf-result__purpose'>{view.under18 ? '证照真实有效，但持证人未满18周岁' : bearerTitle(view) ?? (view.original ? '电子证照原件（OFD 签章已验证）' : view.purpose ? purposeLabels[view.purpose] : '')}</Text>
        {view.original ? <Text className='vf-result__code'>{`${view.original.sealName} · 证照标识 ${view.original.certId}`}</Text> : null}
        <Text className='vf-result__code'>
          {clockText(result.at)} 核验 · {result.warnings.includes('status-stale') ? '签名已验证，注销信息较旧' : '签名和状态已验证'}
          {result.nonceChecked ? ' · 核验码一致' : ''}
        </Text>
        {who}
      </View>
      {view.agent ? (
        <View className='vf-note vf-note--warn vf-note--agent'>
          <Text className='vf-note__title'>{agentLine(view.agent)}</Text>
          <Text className='vf-note__text'>
            代办人 {view.agent.name}（身份证 <IdText value={view.agent.idMasked} mask='id-number' />）经{view.agent.forName ?? '家人'}本人刷脸同意代为出示。请核对代办人本人证件。
          </Text>
        </View>
      ) : null}
      <ReadAloud
        className='vf-btn vf-btn--light'
        label='朗读结果'
        text={[view.under18 ? '未满18周岁。证照真实有效，但持证人未满18周岁' : '核验通过', ...(view.agent ? [agentLine(view.agent)] : []), ...(view.staleHours !== undefined ? [`凭证 ${view.staleHours} 小时未更新`] : []), ...view.certs.flatMap((c) => [c.label, ...c.fields.map((f) => `${f.label}：${f.value}`)])].join('。')}
      />
      <BearerNote view={view} />
      {view.staleHours !== undefined ? (
        <View className='vf-note vf-note--warn vf-note--stale'>
          <Text className='vf-note__text'>凭证 {view.staleHours} 小时未更新：持证人手机超过24小时未联网，此后的注销或暂停可能尚未反映，请核对本人证件</Text>
        </View>
      ) : null}
      {result.warnings.map((w) => (
        <View key={w} className='vf-note vf-note--warn'>
          <Text className='vf-note__text'>{WARNING_TEXT[w]}</Text>
        </View>
      ))}
      {view.certs.map((c) => (
        <View key={c.kind} className='vf-cert'>
          <Text className='vf-cert__label'>{c.label}</Text>
          <Text className='vf-cert__issuer'>
            签发机关：{c.issuerName}
            {c.issuerRegion && c.issuerRegion !== c.issuerName ? `（${c.issuerRegion}）` : ''}
          </Text>
          {c.fields.map((f) => (
            <View key={f.name} className={`vf-field${displayWidth(f.value) > 24 ? ' vf-field--long' : ''}`}>
              <Text className='vf-field__label'>{f.label}</Text>
              <Text className='vf-field__value'>{f.value}</Text>
            </View>
          ))}
        </View>
      ))}
      {view.portrait && !view.agent ? <InPersonNote /> : null}
      {role?.id === 'hotel' ? (
        <View className='vf-note vf-note--info'>
          <Text className='vf-note__text'>本机不保存住客信息：请在酒店系统中完成入住登记。</Text>
        </View>
      ) : null}
      <ReportBackPanel online={online} />
      <Button className='vf-btn vf-btn--done' onClick={onDone}>
        完成，核验下一位
      </Button>
      {material}
    </View>
  )
}
