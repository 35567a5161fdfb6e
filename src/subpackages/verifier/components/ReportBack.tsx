import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { errorText } from '../../../components/errorText'
import { useVerifier, verifierStore } from '../store'
import type { ReportState } from '../store/verifierStore'

interface Props {
  report: ReportState | null
  onReport(purpose: string): void
}

/**
 * 上报 (online only): the result on screen goes to the government service with a 用证事由; the
 * service checks it again and records the 核验 in the holder's 用证记录, so the holder sees who
 * checked what. Optional: the offline answer above stands either way.
 */
export function ReportBack({ report, onReport }: Props) {
  const [purpose, setPurpose] = useState('')
  if (report?.status === 'done') {
    return (
      <View className='vf-note vf-note--info'>
        <Text className='vf-note__title'>已上报</Text>
        <Text className='vf-note__text'>
          {report.ok ? '政务平台复核通过，已记入持证人的用证记录。' : `政务平台复核未通过：${errorText(report.code as never)}（${report.code}）`}
        </Text>
      </View>
    )
  }
  const sending = report?.status === 'sending'
  return (
    <View className='vf-note vf-note--info vf-report'>
      <Text className='vf-note__title'>上报核验结果（需联网，可选）</Text>
      <Text className='vf-note__text'>填写用证事由后上报，持证人可在“用证记录”中看到本次核验。</Text>
      <Input className='vf-report__input' value={purpose} placeholder='用证事由，如：入住登记' onInput={(e) => setPurpose(e.detail.value)} />
      <Button className={`vf-btn vf-btn--light${sending || !purpose.trim() ? ' vf-btn--off' : ''}`} disabled={sending || !purpose.trim()} onClick={() => onReport(purpose)}>
        {sending ? '正在上报…' : '上报'}
      </Button>
      {report?.status === 'failed' ? <Text className='vf-note__text'>上报失败：{errorText(report.code)}</Text> : null}
    </View>
  )
}

/** Connected to the verifier store; shown only while the phone is (or may be) online. */
export default function ReportBackPanel({ online }: { online: boolean | null }) {
  const report = useVerifier((s) => s.report)
  const enrolled = useVerifier((s) => s.enrolment !== null)
  if (online === false && report?.status !== 'done') return null
  if (!enrolled) {
    return (
      <View className='vf-note vf-note--info'>
        <Text className='vf-note__text'>未登记核验方不能上报：用激活码登记本机后，核验结果才能记入持证人的用证记录。</Text>
      </View>
    )
  }
  return <ReportBack report={report} onReport={(p) => void verifierStore.getState().reportResult(p)} />
}
