import Taro from '@tarojs/taro'
import { Button, Text } from '@tarojs/components'
import { useMedpay, useWallet } from '../../store'

/** 医保码 · 医保支付 on the wallet home, for holders with a valid 医保电子凭证 (pages in a subpackage). */
export function MedpayEntry() {
  const insured = useWallet((s) => !!s.holder && s.credentials.some((c) => c.kind === 'medical-insurance' && c.status === 'valid'))
  const waiting = useMedpay((s) => s.settlements.filter((x) => x.status === 'pending' && (x.viewerRole === 'payer' || !x.familyPayerName)).length)
  if (!insured) return null
  return (
    <Button className='btn btn--medpay' onClick={() => Taro.navigateTo({ url: '/subpackages/medpay/pages/index/index' })}>
      医保码 · 医保支付
      {waiting > 0 ? <Text className='btn__badge'>（{waiting} 笔待确认）</Text> : null}
    </Button>
  )
}
