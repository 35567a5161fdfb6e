import { Text, View } from '@tarojs/components'
import { a11y } from './a11y'
import { goBack, onHomePage } from './goBack'

/**
 * H5 has no platform navigation bar: every page but the wallet home gets a visible 返回 at its
 * top (CarePage draws it), so no page is a dead end.
 */
export default function BackBar() {
  if (onHomePage()) return null
  return (
    <View className='backbar'>
      <Text className='backbar__btn' {...a11y('button', '返回上一页')} onClick={goBack}>
        ‹ 返回
      </Text>
    </View>
  )
}
