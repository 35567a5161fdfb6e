import { Text } from '@tarojs/components'
import { keepsAppOffline } from '../services/platform/offlineOrigin'
import { a11y } from './a11y'

/**
 * Said where offline use matters (the wallet, the verifier): this page was opened at an address
 * where the browser cannot keep the app for use with no network (plain http from a LAN address:
 * no service worker). Everything online works; the person is told, in plain words, what does not
 * and how to get it. Nothing is drawn where the app is kept (https, localhost, the mini-programs).
 */
export function OfflineOriginNote({ what }: { what: string }) {
  if (keepsAppOffline()) return null
  return (
    <Text className='origin-note' {...a11y('note')}>
      {`本页是用局域网 http 地址打开的：有网络时都能用，但断网后${what}打不开。要离线使用，请用 https 地址打开，或在运行演示的电脑上用 localhost 打开。`}
    </Text>
  )
}
