import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import type { ChallengeEntryProps } from './challengeEntry.types'

/** WeChat / Alipay: scan the verifier's challenge QR (CWN1:<nonce>) with the camera. */
export default function ChallengeEntry({ onChallenge }: ChallengeEntryProps) {
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if (r?.result) onChallenge(r.result)
    } catch {
      // Cancelled by the holder: nothing to do.
    }
  }
  return (
    <Button className='present-btn' onClick={scan}>
      扫描核验方二维码
    </Button>
  )
}
