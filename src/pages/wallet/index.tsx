import { View, Text } from '@tarojs/components'

export default function WalletPage() {
  return (
    <View className='wallet'>
      <Text>我的证照</Text>
    </View>
  )
}
