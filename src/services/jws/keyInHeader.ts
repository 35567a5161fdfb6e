import type { WalletError } from '../errors'
import { isObject, utf8Encode } from '../encoding'
import { isSignatureAlg, jwsAlgOf } from '../crypto/suite'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { parseCompactJws } from './index'

/**
 * A compact JWS signed by the public key carried in its own header (`jwk`): DPoP proofs and
 * 文件调用 grants, both made with the device key. The key's curve pins the suite (an SM2 key's
 * JWS says SM2SM3, a P-256 key's ES256).
 */

/** Signs `payload` with the device key, its public half in the header (low-S on both backends). */
export function signWithKeyInHeader(key: EcPrivateJwk, typ: string, payload: unknown, backend: CryptoBackend): Promise<string> {
  const jwk: EcPublicJwk = { kty: 'EC', crv: key.crv, x: key.x, y: key.y }
  return backend.signJws(key, { alg: jwsAlgOf(key) ?? 'ES256', typ, jwk }, utf8Encode(JSON.stringify(payload)))
}

const isB64u43 = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v)

/**
 * Parses `text` and checks its signature by the key in its header. Every failure is `invalid(detail)`
 * with detail shape / header / jwk / signature. `noKid`: a `kid` in the header is refused too.
 * Returns the payload (not yet checked) and the signing key.
 */
export async function verifyWithKeyInHeader(
  text: string,
  opts: { typ: string; maxLength: number; backend: CryptoBackend; invalid: (detail: string) => WalletError; noKid?: boolean }
): Promise<{ payload: unknown; key: EcPublicJwk }> {
  const { invalid } = opts
  let jws
  try {
    jws = parseCompactJws(text, opts.maxLength)
  } catch {
    throw invalid('shape')
  }
  const { header } = jws
  if (header.typ !== opts.typ || !isSignatureAlg(header.alg) || header.crit !== undefined || (opts.noKid && header.kid !== undefined)) throw invalid('header')
  const jwk = header.jwk
  if (!isObject(jwk) || jwk.kty !== 'EC' || (jwk.crv !== 'P-256' && jwk.crv !== 'SM2') || !isB64u43(jwk.x) || !isB64u43(jwk.y) || 'd' in jwk) throw invalid('jwk')
  const key: EcPublicJwk = { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y }
  if (header.alg !== jwsAlgOf(key)) throw invalid('header')
  let ok = false
  try {
    ok = jws.signature.length === 64 && (await opts.backend.verify(key, jws.protectedB64, jws.payloadB64, jws.signature))
  } catch {
    ok = false
  }
  if (!ok) throw invalid('signature')
  return { payload: jws.payload, key }
}
