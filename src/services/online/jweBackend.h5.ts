import { randomBytes } from '../platform/random.h5'
import type { JweBackend } from './jweCore'

// H5: the pure-JS JWE of the mini-programs (./jwe.ts: noble P-256 ECDH and AES-256-GCM), loaded only
// when the holder answers an online request (its own chunk, about 8 KB). One path for every page:
// a phone that opens `npm start` at http://<LAN address> is not a secure context and has no
// `crypto.subtle`, so WebCrypto's JWE (./jwe.webcrypto.ts, kept for relying parties' pages in
// src/verifier) would fail there; `crypto.getRandomValues` exists in either context. Same format,
// same vectors (test/unit/services/online/online-flow.test.ts reads it with jose and WebCrypto).
export function lazyJwe(load: () => Promise<JweBackend>): JweBackend {
  let loaded: Promise<JweBackend> | null = null
  const backend = () => (loaded ??= load())
  return {
    name: 'noble',
    encrypt: async (recipient, plaintext) => (await backend()).encrypt(recipient, plaintext),
    decrypt: async (key, jwe) => (await backend()).decrypt(key, jwe)
  }
}

export const platformJwe: JweBackend = lazyJwe(() => import('./jwe').then((m) => m.nobleJwe(randomBytes)))
