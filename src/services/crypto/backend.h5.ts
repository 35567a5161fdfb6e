import type { CryptoBackend } from './types'
import { whenIdle } from '../platform/whenIdle'

// H5: jose and @noble/curves (~250 KB of source) are loaded on the first signature, hash or check,
// not with the first screen (issue #12 §3; docs/BENCHMARKS.md "H5 bundle and first screen"). Every
// backend method is async, so callers see no difference. The mini-programs import their backend
// statically (backend.weapp.ts / backend.alipay.ts: no dynamic import there).
let loading: Promise<CryptoBackend> | undefined
/** The real backend; starts loading it (once). Also called after the first screen to warm it up. */
export const loadPlatformBackend = (): Promise<CryptoBackend> =>
  (loading ??= import(/* webpackChunkName: "crypto-backend" */ './backendPick.h5').then(
    (m) => m.pickedBackend,
    (e: unknown) => {
      loading = undefined // a failed download (ChunkLoadError) is tried again by the next use
      throw e
    }
  ))

export const platformBackend: CryptoBackend = {
  name: typeof globalThis.crypto?.subtle?.digest === 'function' ? 'jose' : 'noble',
  sha256: async (data) => (await loadPlatformBackend()).sha256(data),
  verify: async (key, protectedB64, payloadB64, signature) => (await loadPlatformBackend()).verify(key, protectedB64, payloadB64, signature),
  signJws: async (key, header, payload) => (await loadPlatformBackend()).signJws(key, header, payload)
}

// Warm up after the first screen, so the first unlock or check does not wait for the download.
whenIdle(loadPlatformBackend)
