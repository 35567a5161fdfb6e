import type { PropsWithChildren } from 'react'
import { View, type ViewProps } from '@tarojs/components'
import { useSettings } from '../store'
import BackBar from './BackBar'

/**
 * A page's root view that follows 关怀模式: it adds the `care` class when care mode is on, and
 * `.care …` rules (the shared ones in src/app.css, page-specific ones in the page's css) make type
 * at least 1.3× larger, raise contrast, make buttons at least 96rpx high and hide `.care-hide`
 * elements (secondary controls). On H5 it draws a 返回 at the top of every page but the wallet
 * home (the mini-programs have the platform's back arrow).
 *
 * @example
 * // in a page: replace the root <View className='my-page'> with
 * return <CarePage className='my-page'>…</CarePage>
 */
export default function CarePage({ className, children, ...rest }: PropsWithChildren<ViewProps>) {
  const care = useSettings((s) => s.careMode)
  return (
    <View {...rest} className={[className, care ? 'care' : ''].filter(Boolean).join(' ')}>
      <BackBar />
      {children}
    </View>
  )
}

/** Whether care mode is on, for a page that words things more plainly in care mode. */
export function useCareMode(): boolean {
  return useSettings((s) => s.careMode)
}
