import type { EcPublicJwk, SignatureAlg } from './types'

/** The JWS `alg` of a key's suite: ES256 for P-256, SM2SM3 for SM2; null for anything else. */
export function jwsAlgOf(key: Pick<EcPublicJwk, 'kty' | 'crv'>): SignatureAlg | null {
  if (key.kty !== 'EC') return null
  if (key.crv === 'P-256') return 'ES256'
  if (key.crv === 'SM2') return 'SM2SM3'
  return null
}

/** Every `alg` a signed header of ours may carry. */
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['ES256', 'SM2SM3']

export function isSignatureAlg(alg: unknown): alg is SignatureAlg {
  return alg === 'ES256' || alg === 'SM2SM3'
}
