import { WalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { isObject } from '../encoding'
import { signWithKeyInHeader, verifyWithKeyInHeader } from '../jws/keyInHeader'
import { isResponseUri } from './registry'

/**
 * How a relying party proves itself when it registers (POST /relying-parties/register): the
 * platform approved it beforehand (name, 统一社会信用代码, purposes and claims, the ID-number
 * flag) and handed it a one-time registration code out of band; the RP then sends a JWS signed by
 * the signing key it registers (its public half in the header: proof of possession), carrying the
 * code, its client_id, its response endpoint and its encryption key. The simulator checks the
 * signature before it reads anything, then the code (single use), the client_id it was issued
 * for and the time.
 */
export const RP_REGISTRATION_TYP = 'rp-registration+jwt'
/** How far `iat` may be from the platform's clock (seconds). */
export const RP_REGISTRATION_MAX_AGE_SEC = 120
const MAX_REGISTRATION_LENGTH = 4096

export interface RpRegistrationClaims {
  client_id: string
  registration_code: string
  response_uri: string
  enc_jwk: EcPublicJwk
  iat: number
}

export function signRpRegistration(key: EcPrivateJwk, claims: RpRegistrationClaims, backend: CryptoBackend): Promise<string> {
  const { kty, crv, x, y } = claims.enc_jwk
  return signWithKeyInHeader(key, RP_REGISTRATION_TYP, { ...claims, enc_jwk: { kty, crv, x, y } }, backend)
}

const B64U_32 = /^[A-Za-z0-9_-]{43}$/

/**
 * Checks a registration's signature (by the key in its header) and shape: ERR_RP_REGISTRATION_INVALID
 * with detail shape / header / jwk / signature / claims / enc-key / response-uri / stale. The code and
 * the client_id are the platform's to check against its records.
 */
export async function verifyRpRegistration(text: unknown, opts: { nowSec: number; backend: CryptoBackend }): Promise<{ claims: RpRegistrationClaims; key: EcPublicJwk }> {
  const invalid = (detail: string) => new WalletError('ERR_RP_REGISTRATION_INVALID', { detail })
  if (typeof text !== 'string') throw invalid('shape')
  const { payload, key } = await verifyWithKeyInHeader(text, { typ: RP_REGISTRATION_TYP, maxLength: MAX_REGISTRATION_LENGTH, backend: opts.backend, invalid, noKid: true })
  const c = payload as Record<string, unknown>
  if (!isObject(c) || typeof c.client_id !== 'string' || typeof c.registration_code !== 'string' || typeof c.iat !== 'number' || !Number.isFinite(c.iat)) throw invalid('claims')
  const e = c.enc_jwk
  if (!isObject(e) || e.kty !== 'EC' || e.crv !== 'P-256' || typeof e.x !== 'string' || !B64U_32.test(e.x) || typeof e.y !== 'string' || !B64U_32.test(e.y) || 'd' in e) throw invalid('enc-key')
  if (!isResponseUri(c.response_uri)) throw invalid('response-uri')
  if (Math.abs(opts.nowSec - c.iat) > RP_REGISTRATION_MAX_AGE_SEC) throw invalid('stale')
  return {
    claims: { client_id: c.client_id, registration_code: c.registration_code, response_uri: c.response_uri, enc_jwk: { kty: 'EC', crv: 'P-256', x: e.x, y: e.y }, iat: c.iat },
    key
  }
}
