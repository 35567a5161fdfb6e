import { useEffect, useRef, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useWallet } from '../../../../store'
import CarePage from '../../../../components/CarePage'
import { AuthorizeSheet } from '../../../../components/AuthorizeSheet'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { ErrorAlert } from '../../../../components/ErrorAlert'
import { goBack } from '../../../../components/goBack'
import { certRegistry } from '../../../../certs/registry'
import { purposeLabels } from '../../../../vocabulary/purposeText'
import { onlineStore, takeCallerRequest, useOnline } from '../../store'
import RequestEntry from '../../components/RequestEntry'
import '../../online.css'

const labelOf = (purpose: string) => (purposeLabels as Record<string, string>)[purpose] ?? purpose

function fieldLabel(kind: string, name: string): string {
  const spec = certRegistry.find(kind)?.fields.find((f) => f.name === name)
  if (!spec) return '其他信息'
  return spec.format === 'image-hash' ? `${spec.label}校验码（不含照片）` : spec.label
}

/**
 * 线上身份核验 (issue #16): a website or app asks (QR, pasted text, or a same-device link with
 * `?request=`); the wallet checks the request against the national registry before it shows
 * anything, then says who asks (the registered name), why, and exactly which fields leave; the
 * PIN approves; the answer goes to the website encrypted, with a pseudonym of that website only.
 */
export default function OnlineRequestPage() {
  const { params } = useRouter()
  const holder = useWallet((s) => s.holder)
  const locked = useWallet((s) => s.locked)
  const phase = useOnline((s) => s.phase)
  const view = useOnline((s) => s.view)
  const plan = useOnline((s) => s.plan)
  const error = useOnline((s) => s.error)
  const caller = useOnline((s) => s.caller)
  const [asking, setAsking] = useState(false)
  const linked = useRef(false)

  useEffect(() => {
    if (linked.current || !holder || locked) return
    // Another mini-program opened the wallet with a request (navigateToMiniProgram extraData):
    // checked like a scanned QR, plus the caller's registration; the outcome goes back to it.
    const fromCaller = takeCallerRequest()
    if (fromCaller.caller || fromCaller.error) {
      linked.current = true
      onlineStore.getState().reset()
      if (fromCaller.error) onlineStore.setState({ phase: 'refused', error: fromCaller.error })
      else void onlineStore.getState().open(fromCaller.caller!.text, fromCaller.caller)
      return
    }
    // A same-device link carries the request: opened once the wallet is unlocked.
    if (params.request) {
      linked.current = true
      onlineStore.getState().reset()
      void onlineStore.getState().open(decodeURIComponent(params.request))
    }
  }, [params.request, holder, locked])

  if (holder && locked) {
    return (
      <CarePage className='ol'>
        <Text className='ol-title'>线上身份核验</Text>
        <UnlockPanel reason='向网站证明身份前请输入密码' onCancel={goBack} />
      </CarePage>
    )
  }
  if (!holder) {
    return (
      <CarePage className='ol'>
        <Text className='ol-title'>线上身份核验</Text>
        <Text className='ol-text'>请先在证照夹首页完成实名认证并领取证照。</Text>
      </CarePage>
    )
  }

  const fields = plan.flatMap((p) => p.fields)
  const sendsIdNumber = fields.includes('id_number')

  return (
    <CarePage className='ol'>
      <Text className='ol-title'>线上身份核验</Text>
      {phase === 'idle' || phase === 'checking' ? (
        <>
          <Text className='ol-text'>网站或其他应用需要核验您的身份时，会显示一个二维码。证照夹先向国家登记名录核对对方，再请您确认要发送的内容。</Text>
          <RequestEntry disabled={phase === 'checking'} onText={(t) => void onlineStore.getState().open(t)} />
          {phase === 'checking' ? <Text className='ol-small'>正在核对请求…</Text> : null}
        </>
      ) : null}

      {phase === 'refused' ? (
        <View id='online-refused'>
          <ErrorAlert block='ol-alert' code={error} />
          {caller ? (
            <Button id='online-return' className='ol-btn' onClick={() => void onlineStore.getState().returnToCaller()}>
              返回来源小程序
            </Button>
          ) : (
            <Button className='ol-btn' onClick={() => onlineStore.getState().reset()}>
              重新扫码
            </Button>
          )}
        </View>
      ) : null}

      {(phase === 'consent' || phase === 'sending') && view ? (
        <View id='online-consent'>
          <View className='ol-panel'>
            <View className='ol-row'>
              <Text className='ol-row__key'>请求方</Text>
              <Text className='ol-row__value' id='online-rp-name'>{view.rp.name}</Text>
            </View>
            <View className='ol-row'>
              <Text className='ol-row__key'>统一社会信用代码</Text>
              <Text className='ol-row__value'>{view.rp.id}</Text>
            </View>
            <View className='ol-row'>
              <Text className='ol-row__key'>用途</Text>
              <Text className='ol-row__value'>{labelOf(view.purpose)}</Text>
            </View>
            <Text className='ol-small'>对方将收到：</Text>
            <View className='ol-fields' id='online-fields'>
              {plan.flatMap((p) => p.fields.map((f) => (
                <Text className='ol-field' key={`${p.kind}.${f}`}>
                  {`· ${fieldLabel(p.kind, f)}（${p.label}）`}
                </Text>
              )))}
              <Text className='ol-field'>· 您在该网站的专属网号（每个网站各不相同）</Text>
            </View>
            <Text className='ol-small'>{sendsIdNumber ? '对方依法登记可以接收身份证号。' : '对方不会收到您的身份证号、姓名或其他信息。'}信息加密后只发给对方登记的地址。</Text>
          </View>
          <ErrorAlert block='ol-alert' code={error} onClick={() => onlineStore.setState({ error: null })} />
          <Button id='online-approve' className={`ol-btn ol-btn--primary${phase === 'sending' ? ' ol-btn--off' : ''}`} disabled={phase === 'sending'} onClick={() => setAsking(true)}>
            {phase === 'sending' ? '正在发送…' : '同意并发送'}
          </Button>
          <Button id='online-decline' className='ol-btn' disabled={phase === 'sending'} onClick={() => void onlineStore.getState().decline()}>
            拒绝
          </Button>
        </View>
      ) : null}

      {phase === 'done' && view ? (
        <View id='online-done'>
          <Text className='ol-ok'>已发送</Text>
          <Text className='ol-text'>{`已把核验结果加密发送给${view.rp.name}，请回到网站查看。这次使用已记入您的用证记录。`}</Text>
          <Button className='ol-btn' onClick={() => onlineStore.getState().reset()}>
            完成
          </Button>
        </View>
      ) : null}

      {phase === 'declined' ? (
        <View id='online-declined'>
          <Text className='ol-text'>已拒绝，对方没有收到您的任何信息。</Text>
          <Button className='ol-btn' onClick={() => onlineStore.getState().reset()}>
            完成
          </Button>
        </View>
      ) : null}

      <AuthorizeSheet
        visible={asking}
        title={view ? `向${view.rp.name}发送核验结果` : '线上身份核验'}
        onDone={(ok, pinGrant) => {
          setAsking(false)
          if (ok) void onlineStore.getState().approve(pinGrant)
        }}
      />
    </CarePage>
  )
}
