/**
 * `@tarojs/components` on H5 (config/index.ts sets the alias for the H5 build only): Taro's React
 * HTML components, as Taro's own alias gives them, with the lighter View of ./View and Button of ./Button.
 */
export * from '@tarojs/components-react'
export { View } from './View'
export { Button } from './Button'
