import { Text, View } from '@tarojs/components'
import type { ResultView, VerifierResult } from '../store/verifierStore'

const dateText = (sec: number) => {
  const d = new Date(sec * 1000)
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}

/** The green screen's line under 核验通过 for a bearer credential. */
export function bearerTitle(view: ResultView): string | null {
  if (!view.bearer) return null
  return view.bearer.use === 'paper' ? '纸质凭证' : '学历验证码'
}

/**
 * A bearer credential proves what the issuer vouches for, not who holds it: paper cannot sign, so
 * a photocopy looks the same. The desk must compare an ID document.
 */
export function BearerNote({ view }: { view: ResultView }) {
  if (!view.bearer) return null
  const paper = view.bearer.use === 'paper'
  return (
    <View className='vf-note vf-note--warn'>
      <Text className='vf-note__title'>{paper ? '纸质凭证：请核对本人证件' : '学历验证码：请核对本人证件'}</Text>
      <Text className='vf-note__text'>
        {paper
          ? '纸质凭证没有手机签名，复印件也能通过。请查看持证人的身份证件，确认是本人。'
          : '验证码任何人都可查询，只证明学历真实。请查看应聘者的身份证件，确认是本人。'}
      </Text>
      <Text className='vf-note__text'>
        {paper ? '凭证编号' : '验证码'} {paper ? view.bearer.ref : view.bearer.ref.replace(/(.{4})(?=.)/g, '$1 ')} · 有效期至 {dateText(view.bearer.expiresAt)}
      </Text>
    </View>
  )
}

/** The red screen's main line when a bearer credential was revoked; null otherwise. */
export function bearerFailureReason(result: Extract<VerifierResult, { ok: false }>): string | null {
  const b = result.bearer
  if (!b || result.code !== 'ERR_CERT_REVOKED') return null
  if (b.revoked === 'bearer') return b.use === 'degree-share' ? '该学历验证码已被持证人撤销' : '该纸质凭证已被持证人作废'
  if (b.revoked === 'cert') return b.use === 'degree-share' ? '该学历证书已注销' : '该纸质凭证对应的证照已注销或已换领'
  return null
}

/** What the desk can do instead, when a bearer credential was revoked. */
export function bearerFailureHint(result: Extract<VerifierResult, { ok: false }>): string | null {
  if (!bearerFailureReason(result)) return null
  return result.bearer?.use === 'degree-share'
    ? '请应聘者重新生成学历验证码，或在证照夹中出示学历二维码。'
    : '请持证人出示本人身份证件，或用手机上的证照夹亮证。'
}
