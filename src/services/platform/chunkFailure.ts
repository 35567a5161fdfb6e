import type { ErrorCode } from '../../vocabulary/errors'

/**
 * A lazy load of the app's own code that failed: webpack's `ChunkLoadError` ("Loading chunk 12
 * failed") or mini-css-extract's CSS_CHUNK_LOAD_FAILED ("Loading CSS chunk 12 failed").
 */
export function isChunkLoadFailure(reason: unknown): boolean {
  if (!reason || typeof reason !== 'object') return false
  const e = reason as { name?: unknown; code?: unknown; message?: unknown }
  if (e.name === 'ChunkLoadError' || e.code === 'CSS_CHUNK_LOAD_FAILED') return true
  return typeof e.message === 'string' && /Loading (CSS )?chunk \S+ failed/.test(e.message)
}

/**
 * What the holder is told when a page's code could not be loaded. `keptOffline`: whether this
 * address can keep the app on the device at all (offlineOrigin.h5.ts: not at a plain-http LAN
 * address), so an offline failure there says why and what to open instead.
 */
export function describeChunkFailure(online: boolean, keptOffline = true): { title: string; detail: string; action: string; code: ErrorCode } {
  return {
    title: '页面没有打开',
    detail: online
      ? '这个页面的程序没能下载完整。请点“重新加载”再试一次；已领取的证照都还在本机。'
      : keptOffline
        ? '现在没有网络，这个页面的程序还没有保存到本机。请连接网络后点“重新加载”；已领取的证照都还在本机。'
        : '现在没有网络。本页是用局域网 http 地址打开的，浏览器不能把程序保存到本机，断网时打不开。请连接网络后点“重新加载”；要离线使用，请用 https 地址或 localhost 打开。已领取的证照都还在本机。',
    action: '重新加载',
    code: 'ERR_NETWORK'
  }
}
