import Taro from '@tarojs/taro'

/** The wallet home, where every way back ends. */
export const HOME_URL = '/pages/wallet/index'

/** Whether the page on top is the wallet home (no way back from there). */
export function onHomePage(): boolean {
  const pages = typeof Taro.getCurrentPages === 'function' ? Taro.getCurrentPages() : []
  const route = pages[pages.length - 1]?.route ?? ''
  return pages.length === 0 || route.replace(/^\//, '').startsWith('pages/wallet/index')
}

/** One step back; to the wallet home when this page was opened directly (a link, a reload). */
export function goBack(): void {
  const pages = typeof Taro.getCurrentPages === 'function' ? Taro.getCurrentPages() : []
  if (pages.length > 1) void Taro.navigateBack()
  else void Taro.reLaunch({ url: HOME_URL })
}
