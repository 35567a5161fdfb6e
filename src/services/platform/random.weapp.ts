import type { randomBytes as Api } from './random'
import { WalletError } from '../errors'

// NOTE: WeChat has no crypto.getRandomValues; wx.getRandomValues (base library 2.15.0+) is async.
// Below 2.15.0 (or when it fails) we refuse to make keys: ERR_PLATFORM_UNSUPPORTED ("当前微信版本过低，
// 请升级后使用"), never a non-cryptographic generator. project.config.json pins libVersion 2.15.0.
declare const wx: { getRandomValues?(o: { length: number; success(r: { randomValues: ArrayBuffer }): void; fail(e: unknown): void }): void }

export const randomBytes: typeof Api = (length) =>
  new Promise((resolve, reject) => {
    if (typeof wx === 'undefined' || typeof wx.getRandomValues !== 'function') {
      reject(new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'no wx.getRandomValues' }))
      return
    }
    wx.getRandomValues({
      length,
      success: (r) => {
        const bytes = new Uint8Array(r.randomValues)
        if (bytes.length === length) resolve(bytes)
        else reject(new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'wx.getRandomValues: short answer' }))
      },
      fail: (e) => reject(new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'wx.getRandomValues failed', cause: e }))
    })
  })
