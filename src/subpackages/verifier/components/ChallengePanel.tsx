import { Button, Text, View } from '@tarojs/components'
import type { VerifierChallenge } from '../store/verifierStore'
import { ChallengeQr } from './ChallengeQr'

/**
 * 出示核验码: a QR with a fresh random nonce. The holder's wallet scans it and puts the nonce into
 * its next QR, so a QR made before this moment (a screenshot, a recording) cannot pass.
 */
export default function ChallengePanel({ challenge, onIssue, onCancel }: { challenge: VerifierChallenge | null; onIssue(): void; onCancel(): void }) {
  if (!challenge) {
    return (
      <View className='vf-challenge'>
        <Button className='vf-btn vf-btn--secondary' onClick={onIssue}>
          出示核验码（防截图）
        </Button>
      </View>
    )
  }
  return (
    <View className='vf-panel vf-challenge vf-challenge--open'>
      <Text className='vf-panel__title'>请持证人扫描此核验码</Text>
      <Text className='vf-panel__text'>持证人在证照夹亮证页点“扫描核验方二维码”，然后出示新的二维码。下一次核验必须带有此码。</Text>
      <ChallengeQr text={challenge.text} canvasId='vf-challenge-canvas' />
      <Text className='vf-challenge__text'>{challenge.text}</Text>
      <Button className='vf-btn vf-btn--light' onClick={onCancel}>
        取消核验码
      </Button>
    </View>
  )
}
