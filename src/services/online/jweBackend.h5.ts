import { randomBytes } from '../platform/random.h5'
import { webCryptoJwe } from './jwe.webcrypto'
import type { JweBackend } from './jweCore'

// H5: WebCrypto's ECDH and AES-GCM (./jwe.webcrypto.ts) where the page has them. `crypto.subtle`
// exists only in secure contexts (https, localhost): a phone that opens `npm start` at
// http://<LAN address> has none. There the pure-JS backend of the mini-programs (./jwe.ts, noble)
// answers instead, loaded only then (its own chunk, about 8 KB: AES-GCM is not otherwise in the H5
// build). `crypto.getRandomValues` exists in either context. Same format, same vectors
// (test/unit/online/jwe.test.ts runs both).
export function chooseH5Jwe(subtle: unknown, loadPureJs: () => Promise<JweBackend>): JweBackend {
  if (typeof (subtle as { deriveBits?: unknown } | undefined)?.deriveBits === 'function') return webCryptoJwe
  let loaded: Promise<JweBackend> | null = null
  const pureJs = () => (loaded ??= loadPureJs())
  return {
    name: 'noble',
    encrypt: async (recipient, plaintext) => (await pureJs()).encrypt(recipient, plaintext),
    decrypt: async (key, jwe) => (await pureJs()).decrypt(key, jwe)
  }
}

export const platformJwe: JweBackend = chooseH5Jwe(globalThis.crypto?.subtle, () => import('./jwe').then((m) => m.nobleJwe(randomBytes)))
