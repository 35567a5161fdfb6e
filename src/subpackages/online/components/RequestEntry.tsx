import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import type { RequestEntryProps } from './requestEntry.types'

/** WeChat / Alipay: scan the website's QR with the camera. */
export default function RequestEntry({ onText, disabled }: RequestEntryProps) {
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if (r?.result) onText(r.result)
    } catch {
      // Cancelled by the holder: nothing to do.
    }
  }
  return (
    <Button className='ol-btn ol-btn--primary' disabled={disabled} onClick={scan}>
      扫描网站上的二维码
    </Button>
  )
}
