import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha256'
import { keyPairFromSecret, sm2KeyPairFromSecret, utf8Encode, type Curve, type EcPrivateJwk, type EcPublicJwk } from '../coreImports'

/** The simulator's fixed default seed: the app, `npm run mock` and the CLI tools all agree on keys. */
export const DEFAULT_SEED = 'certwallet-simulator-seed-v1'

export interface SeededKey {
  kid: string
  privateJwk: EcPrivateJwk & { kid: string }
  publicJwk: EcPublicJwk & { kid: string }
}

/**
 * A key derived from the seed and a label: HMAC-SHA256(seed, label) reduced mod n, on P-256
 * (ES256) or, for the root and 公安 issuers, SM2 (SM2SM3).
 */
export function deriveKey(seed: string, label: string, curve: Curve = 'P-256'): SeededKey {
  const secret = hmac(sha256, utf8Encode(seed), utf8Encode(label))
  const { privateJwk, publicJwk } = (curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(secret)
  return { kid: label, privateJwk: { ...privateJwk, kid: label }, publicJwk: { ...publicJwk, kid: label } }
}

/** Deterministic bytes for ids and serials (not for secrets). */
export function deriveBytes(seed: string, label: string): Uint8Array {
  return hmac(sha256, utf8Encode(seed), utf8Encode('bytes:' + label))
}
