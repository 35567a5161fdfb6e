import { createElement, forwardRef, type ReactNode } from 'react'
import { View as TaroView } from '@tarojs/components-react'

type ViewProps = {
  className?: string
  hoverClass?: string
  onLongPress?: () => void
  children?: ReactNode
  [prop: string]: unknown
}

/**
 * H5's View (config/index.ts aliases `@tarojs/components` to ./taroComponents on H5 only): a plain
 * <div>. Taro's own View keeps three state hooks, an effect and three touch handlers on every
 * instance for `hoverClass` and `onLongPress`, which nothing in the app uses; on the wallet's first
 * screen (about 150 Views) that was a measurable part of the first render (docs/BENCHMARKS.md,
 * session 9). A View given either prop is Taro's own, so behaviour never changes.
 */
export const View = forwardRef<HTMLDivElement, ViewProps>(function View(props, ref) {
  if (props.hoverClass !== undefined || props.onLongPress !== undefined) return createElement(TaroView as never, { ...props, ref })
  return createElement('div', { ...props, ref })
})
