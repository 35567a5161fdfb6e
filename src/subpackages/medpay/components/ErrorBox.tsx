import { Text, View } from '@tarojs/components'
import { errorText } from '../../../components/errorText'

export function ErrorBox({ code, hint, onClose }: { code: string | null; hint?: string; onClose?: () => void }) {
  if (!code) return null
  return (
    <View className='mp-alert' onClick={onClose}>
      <Text className='mp-alert__text'>{errorText(code)}</Text>
      {hint ? <Text className='mp-alert__hint'>{hint}</Text> : null}
      <Text className='mp-alert__code'>错误代码 {code}</Text>
    </View>
  )
}
