import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { ScanEntryProps } from './scanEntry.types'

/** WeChat / Alipay: the platform's scanner (camera, or a screenshot from the album). */
export default function ScanEntry({ onText, disabled }: ScanEntryProps) {
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ scanType: ['qrCode'] })
      if (r?.result) onText(r.result)
    } catch {
      // Cancelled by the verifier: nothing to do.
    }
  }
  return (
    <View className='vf-scan'>
      <Button className={`vf-btn vf-btn--scan${disabled ? ' vf-btn--off' : ''}`} disabled={disabled} onClick={scan}>
        扫描持证人二维码
      </Button>
      <Text className='vf-hint'>请持证人打开证照夹“亮证”，对准屏幕上的二维码。</Text>
    </View>
  )
}
