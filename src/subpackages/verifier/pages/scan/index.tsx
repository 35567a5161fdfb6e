import { View, Text } from '@tarojs/components'

// Placeholder for the verifier's scan page (subpackage `subpackages/verifier`); a later issue fills it in.
export default function ScanPage() {
  return (
    <View className='scan'>
      <Text>扫码核验</Text>
    </View>
  )
}
