import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useWallet } from '../../store'
import { certRegistry } from '../../certs/registry'
import { degreeShareUrl, fileRetrievalUrl, paperUrl, shareCheckUrl } from '../../components/routes'
import './ShareEntry.css'

const go = (url: string) => void Taro.navigateTo({ url })

/**
 * The wallet home's way into the share subpackage: 纸质凭证, 学历验证码, 文件调用 for the holder,
 * and the public check of a verification code.
 */
export default function ShareEntry() {
  const signedIn = useWallet((s) => s.holder !== null)
  const canPrint = useWallet((s) => s.credentials.some((c) => c.status === 'valid' && certRegistry.bearerKinds('paper').includes(c.kind)))
  const hasDegree = useWallet((s) => s.credentials.some((c) => c.status === 'valid' && c.kind === 'degree'))
  const canGrant = useWallet((s) => s.credentials.some((c) => c.status === 'valid' && (certRegistry.find(c.kind)?.presets.length ?? 0) > 0))
  // First run keeps one obvious step (set a PIN, claim); a checker without a wallet opens the link
  // they were sent, or types the code in verifier mode.
  if (!signedIn) return null
  return (
    <View className='panel share-entry'>
      <Text className='panel__title'>更多用证方式</Text>
      {canPrint ? (
        <Button className='share-entry__btn' onClick={() => go(paperUrl())}>
          打印纸质凭证（给没有手机的家人）
        </Button>
      ) : null}
      {hasDegree ? (
        <Button className='share-entry__btn' onClick={() => go(degreeShareUrl())}>
          学历验证码（发给用人单位）
        </Button>
      ) : null}
      {canGrant ? (
        <Button className='share-entry__btn care-hide' onClick={() => go(fileRetrievalUrl())}>
          文件调用授权（让登记单位调取加注件）
        </Button>
      ) : null}
      <Button className='share-entry__btn care-hide' onClick={() => go(shareCheckUrl())}>
        查验学历验证码
      </Button>
    </View>
  )
}
