import { describeChunkFailure, isChunkLoadFailure } from '../../../../src/services/platform/chunkFailure'
import { ErrorCodes } from '../../../../src/vocabulary/errors'

describe('a failed lazy load of the app’s own code', () => {
  test('is recognised from webpack’s and mini-css-extract’s errors', () => {
    const js = Object.assign(new Error('Loading chunk 338 failed.\n(error: http://127.0.0.1/js/338.9f5d55a0.js)'), { name: 'ChunkLoadError' })
    const css = Object.assign(new Error('Loading CSS chunk 62 failed.\n(/css/62.css)'), { code: 'CSS_CHUNK_LOAD_FAILED' })
    expect(isChunkLoadFailure(js)).toBe(true)
    expect(isChunkLoadFailure(css)).toBe(true)
    // The message alone (an error re-wrapped by the router keeps only the text).
    expect(isChunkLoadFailure({ message: 'Loading CSS chunk 7 failed.' })).toBe(true)
  })

  test('other errors are left to their own handlers', () => {
    expect(isChunkLoadFailure(new Error('boom'))).toBe(false)
    expect(isChunkLoadFailure(new TypeError('Failed to fetch'))).toBe(false)
    expect(isChunkLoadFailure('Loading chunk 1 failed')).toBe(false)
    expect(isChunkLoadFailure(null)).toBe(false)
    expect(isChunkLoadFailure(undefined)).toBe(false)
  })

  test('the holder is told what happened and what to do, in Chinese, with a known code', () => {
    const offline = describeChunkFailure(false)
    expect(offline.detail).toContain('没有网络')
    expect(offline.detail).toContain('连接网络后点“重新加载”')
    expect(offline.action).toBe('重新加载')
    const online = describeChunkFailure(true)
    expect(online.detail).not.toContain('没有网络')
    expect(online.detail).toContain('重新加载')
    // At a plain-http LAN address the browser keeps nothing (no service worker): it says so.
    const lan = describeChunkFailure(false, false)
    expect(lan.detail).toContain('没有网络')
    expect(lan.detail).toContain('局域网 http 地址')
    expect(lan.detail).toContain('https 地址或 localhost')
    expect(offline.detail).not.toContain('局域网')
    expect(describeChunkFailure(true, false).detail).toBe(online.detail)
    for (const d of [offline, online, lan]) {
      expect(ErrorCodes).toContain(d.code)
      expect(d.detail).toContain('证照都还在本机')
    }
  })
})
