import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { certRegistry } from '../../../../certs/registry'
import { displayField } from '../../../../certs/mask'
import { groupCode, type ShareCheckResult } from '../../store/shareStore'
import { errorText } from '../../../../components/errorText'
import type { ErrorCode } from '../../../../services/errors'
import QrCanvas from '../../../../components/QrCanvas'
import { shareStore, useShare } from '../../store'
import { dateText } from '../../components/StatusBadge'
import CarePage from '../../../../components/CarePage'
import '../../share.css'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/** Problems a person typing a code can fix, in their words. */
function checkErrorText(code: ErrorCode): string {
  if (code === 'ERR_BAD_REQUEST') return '验证码应为16位字母和数字，请核对后重新输入'
  if (code === 'ERR_NOT_FOUND') return '没有找到这个验证码，请核对后重新输入'
  return errorText(code)
}

const VERDICT = {
  valid: { title: '学历信息真实有效', text: '以下信息来自教育部学历证书电子注册备案中心签发的电子证书，签名已验证。' },
  revoked: { title: '验证码已撤销', text: '持证人已撤销此验证码，无法查看学历信息。如需核验，请向本人重新索取验证码。' },
  expired: { title: '验证码已过期', text: '此验证码已超过有效期，无法查看学历信息。如需核验，请向本人重新索取验证码。' }
} as const

function Result({ r }: { r: ShareCheckResult }) {
  const v = VERDICT[r.answer.status]
  const module = r.verified ? certRegistry.find(r.verified.kind) : null
  return (
    <View>
      <View className={`sh-verdict sh-verdict--${r.answer.status}`} id='share-verdict'>
        <Text className='sh-verdict__title'>{v.title}</Text>
        <Text className='sh-verdict__text'>{v.text}</Text>
        <Text className='sh-verdict__text'>
          验证码 {groupCode(r.answer.code)} · 有效期至 {dateText(r.answer.expiresAt)}
        </Text>
      </View>
      {r.verified && module ? (
        <View className='sh-panel'>
          <Text className='sh-panel__title'>{module.label}</Text>
          {(module.bearer?.['degree-share']?.fields ?? []).map((name) => {
            const value = r.verified!.claims[name]
            const spec = module.fields.find((f) => f.name === name)
            if (value === undefined || !spec || spec.sensitivity === 'hidden') return null
            const text = displayField(module, name, value, { revealed: false })
            return (
              <View key={name} className={`sh-row${text.length > 12 ? ' sh-row--long' : ''}`}>
                <Text className='sh-row__key'>{spec.label}</Text>
                <Text className='sh-row__value'>{text}</Text>
              </View>
            )
          })}
          <Text className='sh-small'>签发机构：{r.verified.issuer.name}</Text>
          <Text className='sh-panel__title' style={{ marginTop: '24px' }}>
            离线核验码
          </Text>
          <Text className='sh-small'>用人单位可用证照夹“我是核验方”（用人单位）扫描此码离线核验，可看到完整证书编号。</Text>
          <QrCanvas text={r.answer.credential!} canvasId='share-check-qr' className='sh-qr' canvasClassName='sh-qr__canvas' label='学历离线核验码' />
        </View>
      ) : null}
    </View>
  )
}

/** Anyone (no login): enter a verification code → the degree's shown fields and valid / expired / revoked. */
export default function ShareCheckPage() {
  const { params } = useRouter()
  const [code, setCode] = useState(params.code ? decodeURIComponent(params.code) : '')
  const check = useShare((s) => s.check)
  const busy = useShare((s) => s.busy)
  const error = useShare((s) => s.error)

  useEffect(() => {
    shareStore.getState().clearCheck()
    shareStore.getState().clearError()
    if (params.code) void shareStore.getState().checkShare(decodeURIComponent(params.code))
  }, [params.code])

  const submit = () => {
    if (code.trim()) void shareStore.getState().checkShare(code)
  }

  return (
    <CarePage className='sh'>
      <Text className='sh-title'>查验学历验证码</Text>
      <Text className='sh-text'>输入持证人提供的16位验证码，查看其学历信息是否真实有效。无需登录。</Text>
      <View className='sh-panel'>
        <Text className='sh-label'>验证码</Text>
        <Input className='sh-input' value={code} maxlength={24} placeholder='例如 ABCD EFGH JKLM NPQR' onInput={(e) => setCode(e.detail.value)} onConfirm={submit} />
        <Button className={`sh-btn sh-btn--primary${busy === 'check' || !code.trim() ? ' sh-btn--off' : ''}`} disabled={busy === 'check' || !code.trim()} onClick={submit}>
          {busy === 'check' ? '正在查验…' : '查验'}
        </Button>
      </View>
      <ErrorAlert block='sh-alert' audience='staff' code={error} text={error ? checkErrorText(error) : undefined} />
      {check ? <Result r={check} /> : null}
    </CarePage>
  )
}
