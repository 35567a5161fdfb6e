import { sha256 } from '@noble/hashes/sha256'
import { base64urlEncode, utf8Encode } from '../encoding'
import type { EcPublicJwk } from './types'

/** RFC 7638 JWK thumbprint (SHA-256) of a P-256 key: the device's stable id. */
export function jwkThumbprint(jwk: Pick<EcPublicJwk, 'crv' | 'kty' | 'x' | 'y'>): string {
  return base64urlEncode(sha256(utf8Encode(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`)))
}
