import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { useWallet } from '../../../../store'
import { shareStore, useShare } from '../../store'
import { dateText } from '../../components/StatusBadge'
import CarePage from '../../../../components/CarePage'
import '../../share.css'
import { useHolderGate } from '../../components/HolderGate'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/**
 * 文件调用: the holder lets a named organisation fetch a copy of one certificate for one stated
 * purpose (用证事由, required). The service watermarks the copy with both and lets it expire
 * (at most 90 days); the call appears in the holder's 用证记录.
 */
export default function FileRetrievalPage() {
  const { params } = useRouter()
  const gate = useHolderGate({ title: '文件调用', reason: '授权文件调用前请输入密码，防止他人拿您的手机冒用证照', noHolder: '请先在证照夹首页完成实名认证并领取证照。' })
  const credentials = useWallet((s) => s.credentials)
  const file = useShare((s) => s.file)
  const busy = useShare((s) => s.busy)
  const error = useShare((s) => s.error)
  const usable = credentials.filter((c) => c.status === 'valid')
  const [certId, setCertId] = useState<string | null>(params.certId ? decodeURIComponent(params.certId) : usable[0]?.certId ?? null)
  const [purpose, setPurpose] = useState('')
  const [verifierName, setVerifierName] = useState('')
  const chosen = usable.find((c) => c.certId === certId) ?? null
  const ready = !!chosen && purpose.trim() !== '' && verifierName.trim() !== '' && !busy

  if (gate) return gate

  if (file) {
    return (
      <CarePage className='sh'>
        <Text className='sh-title'>已授权文件调用</Text>
        <View className='sh-panel'>
          <Text className='sh-panel__title'>证照复印件上的水印</Text>
          <Text className='file-watermark' id='file-watermark'>
            {file.watermark}
          </Text>
          <View className='sh-row'>
            <Text className='sh-row__key'>用证单位</Text>
            <Text className='sh-row__value'>{file.verifierName}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>用证事由</Text>
            <Text className='sh-row__value'>{file.purpose}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>有效期至</Text>
            <Text className='sh-row__value'>{dateText(file.expiresAt)}</Text>
          </View>
          <Text className='sh-small'>对方只能在有效期内、为上述事由使用这份带水印的复印件。本次调用已记入您的用证记录。</Text>
        </View>
        <Button className='sh-btn' onClick={() => shareStore.setState({ file: null })}>
          完成
        </Button>
      </CarePage>
    )
  }

  return (
    <CarePage className='sh'>
      <Text className='sh-title'>文件调用</Text>
      <Text className='sh-text'>授权一个单位调取您证照的复印件。复印件带有该单位名称和用途的水印，最长90天后失效。</Text>
      <ErrorAlert block='sh-alert' code={error} onClick={() => shareStore.getState().clearError()} />
      <View className='sh-panel'>
        <Text className='sh-label'>证照</Text>
        <View className='sh-choice'>
          {usable.map((c) => (
            <Button key={c.certId} className={`sh-choice__item${c.certId === certId ? ' sh-choice__item--on' : ''}`} onClick={() => setCertId(c.certId)}>
              {c.title}
            </Button>
          ))}
        </View>
        <Text className='sh-label'>用证单位（必填）</Text>
        <Input className='sh-input' value={verifierName} placeholder='例如：某某科技有限公司' onInput={(e) => setVerifierName(e.detail.value)} />
        <Text className='sh-label'>用证事由（必填）</Text>
        <Input className='sh-input' value={purpose} placeholder='例如：入职材料审核' onInput={(e) => setPurpose(e.detail.value)} />
        <Button
          className={`sh-btn sh-btn--primary${ready ? '' : ' sh-btn--off'}`}
          disabled={!ready}
          onClick={() => chosen && void shareStore.getState().retrieveFile({ certId: chosen.certId, purpose, verifierName })}
        >
          {busy === 'file' ? '正在授权…' : '授权调用'}
        </Button>
      </View>
    </CarePage>
  )
}
