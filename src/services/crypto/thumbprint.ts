import { sha256 } from '@noble/hashes/sha256'
import { base64urlEncode, utf8Encode } from '../encoding'
import type { EcPublicJwk } from './types'

/**
 * Thumbprints already computed, by their RFC 7638 input. The device id is read in store selectors
 * (the wallet page's while it has no cards, i.e. all through sign-in and the claim), which run on
 * every store update: without this, a pure-JS SHA-256 each time (more on a phone without JIT). A few
 * keys at most are ever live (this phone's, a set key, a relative's), so the cache stays small.
 */
const computed = new Map<string, string>()
const MAX_CACHED = 16

/** RFC 7638 JWK thumbprint (SHA-256) of a P-256 key: the device's stable id. */
export function jwkThumbprint(jwk: Pick<EcPublicJwk, 'crv' | 'kty' | 'x' | 'y'>): string {
  const input = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`
  const known = computed.get(input)
  if (known !== undefined) return known
  const thumbprint = base64urlEncode(sha256(utf8Encode(input)))
  if (computed.size >= MAX_CACHED) computed.delete(computed.keys().next().value as string)
  computed.set(input, thumbprint)
  return thumbprint
}
