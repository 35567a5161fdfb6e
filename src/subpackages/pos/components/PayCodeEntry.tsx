import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { PayCodeEntryProps } from './payCodeEntry.types'

/** WeChat / Alipay: the platform's scanner. */
export default function PayCodeEntry({ onText, disabled }: PayCodeEntryProps) {
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ scanType: ['qrCode'] })
      if (r?.result) onText(r.result)
    } catch {
      // Cancelled: nothing to do.
    }
  }
  return (
    <View>
      <Button className={`pos-btn pos-btn--scan${disabled ? ' pos-btn--off' : ''}`} disabled={disabled} onClick={scan}>
        扫描患者医保码
      </Button>
      <Text className='pos-hint'>请患者打开证照夹“医保支付 → 出示医保码”。</Text>
    </View>
  )
}
