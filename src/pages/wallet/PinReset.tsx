import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { useWallet, walletStore } from '../../store'
import { PinSetup } from '../../components/PinSetup'
import { ErrorAlert } from '../../components/ErrorAlert'
import '../../components/lock.css'

/**
 * 忘记密码: what will happen is said before anything starts; then the holder's own face check
 * (the page the wallet shows for sign-in), then a new PIN. Until the new PIN is set, the old PIN,
 * vault and certificates stay as they are; after it, the certificates are claimed again.
 */
export function PinReset() {
  const stage = useWallet((s) => s.pinReset)
  const error = useWallet((s) => s.error)
  const retryAfter = useWallet((s) => s.errorRetryAfter)
  const busy = useWallet((s) => s.busy)
  const holderName = useWallet((s) => s.holder?.displayName ?? '')
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const cancel = () => walletStore.getState().cancelPinReset()

  if (stage === 'pin') {
    return (
      <View>
        <Text className='lockmsg lockmsg--ok'>刷脸通过。请设置新密码。</Text>
        <PinSetup title='设置新的 6 位数字密码' submit={(pin, repeat) => walletStore.getState().completePinReset(pin, repeat)} onCancel={cancel} />
      </View>
    )
  }
  if (stage !== 'explain') return null
  return (
    <View className='panel reset'>
      <Text className='panel__title'>忘记密码</Text>
      <Text className='reset-steps'>不用再猜密码，也不会因为输错而清空证照。接下来：</Text>
      <Text className='reset-step'>1. 刷脸，确认是{holderName ? ` ${holderName} ` : '您'}本人；</Text>
      <Text className='reset-step'>2. 设置新密码；</Text>
      <Text className='reset-step'>3. 重新领取您的证照（从政务服务平台重新下载，约需 1 分钟）。</Text>
      <Text className='reset-steps'>刷脸通过、新密码设好之前，原来的密码和证照都不会改变。</Text>
      <Input className='input' placeholder='姓名' aria-label='姓名' value={name} onInput={(e) => setName(e.detail.value)} />
      <Input className='input' placeholder='身份证号码' aria-label='身份证号码' maxlength={18} value={idNumber} onInput={(e) => setIdNumber(e.detail.value)} />
      <ErrorAlert block='alert' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} />
      <Button
        className={'btn btn--primary' + (busy === 'face' || !name || !idNumber ? ' btn--off' : '')}
        disabled={busy === 'face' || !name || !idNumber}
        onClick={() => void walletStore.getState().beginPinReset(name, idNumber)}
      >
        开始刷脸
      </Button>
      <Button className='btn' onClick={cancel}>
        取消
      </Button>
    </View>
  )
}
