import type { randomBytes as Api } from './random'

// NOTE: Alipay exposes a CSPRNG as my.getRandomValues (async, like WeChat's); without it we
// refuse to make keys rather than fall back to a non-cryptographic generator.
declare const my: { getRandomValues?(o: { length: number; success(r: { randomValues: ArrayBuffer }): void; fail(e: unknown): void }): void }

export const randomBytes: typeof Api = (length) =>
  new Promise((resolve, reject) => {
    if (typeof my.getRandomValues !== 'function') {
      reject(new Error('no CSPRNG on this Alipay base library'))
      return
    }
    my.getRandomValues({ length, success: (r) => resolve(new Uint8Array(r.randomValues)), fail: reject })
  })
