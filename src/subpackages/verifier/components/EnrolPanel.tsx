import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { errorText } from '../../../components/errorText'
import { useVerifier, verifierStore } from '../store'

/**
 * 未登记核验方 → 用证单位: a self-chosen role checks offline and nothing more. Enrolled with the
 * activation code the platform issued to a registered institution, the phone makes its own key
 * pair (only the public half leaves it) and can 上报 under the institution's registered name.
 */
export default function EnrolPanel() {
  const enrolment = useVerifier((s) => s.enrolment)
  const enrolError = useVerifier((s) => s.enrolError)
  const [open, setOpen] = useState(false)
  const [code, setCode] = useState('')
  const [sending, setSending] = useState(false)
  if (enrolment) return null
  return (
    <View className='vf-note vf-note--info vf-enrol'>
      <Text className='vf-note__title'>未登记核验方</Text>
      <Text className='vf-note__text'>本机未登记为用证单位：可离线核验，但不能上报结果（不记入持证人的用证记录）。</Text>
      {open ? (
        <View>
          <Input className='vf-report__input' value={code} placeholder='激活码，如 ABCD-EFGH-JKLM' onInput={(e) => setCode(e.detail.value)} />
          <Button
            className={`vf-btn vf-btn--light${sending || !code.trim() ? ' vf-btn--off' : ''}`}
            disabled={sending || !code.trim()}
            onClick={() => {
              setSending(true)
              void verifierStore
                .getState()
                .enrol(code)
                .finally(() => setSending(false))
            }}
          >
            {sending ? '正在登记…' : '登记本机'}
          </Button>
          {enrolError ? <Text className='vf-note__text'>登记失败：{errorText(enrolError)}</Text> : null}
        </View>
      ) : (
        <Button className='vf-btn vf-btn--light' onClick={() => setOpen(true)}>
          用激活码登记本机
        </Button>
      )}
    </View>
  )
}
