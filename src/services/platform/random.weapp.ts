import type { randomBytes as Api } from './random'

// NOTE: WeChat has no crypto.getRandomValues; wx.getRandomValues (base library 2.15.0+) is async.
declare const wx: { getRandomValues(o: { length: number; success(r: { randomValues: ArrayBuffer }): void; fail(e: unknown): void }): void }

export const randomBytes: typeof Api = (length) =>
  new Promise((resolve, reject) => {
    wx.getRandomValues({ length, success: (r) => resolve(new Uint8Array(r.randomValues)), fail: reject })
  })
