import { WalletError } from '../errors'
import { base64urlEncode, utf8Encode } from '../encoding'
import { jwkThumbprint } from '../crypto/thumbprint'
import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'
import { signWithKeyInHeader, verifyWithKeyInHeader } from './keyInHeader'

/**
 * DPoP (RFC 9449) proofs of possession of the device key, for the holder's API calls.
 *
 * A proof is a compact JWS: header `{ typ: 'dpop+jwt', alg: 'ES256' | 'SM2SM3' (the device key's suite), jwk: <device public key> }`,
 * payload `{ htm, htu, iat, jti, ath? }`. Deviation from RFC 9449 (documented in openapi.yaml):
 * `htu` is the request path from `/api/v1` on, without origin and query, so a proof does not
 * depend on which origin or proxy prefix the app reaches the API through.
 */
export const DPOP_TYP = 'dpop+jwt'
/** A proof's `iat` may be this far from the server's clock, either way. */
export const DPOP_MAX_SKEW_SEC = 60
/** Largest proof we parse (a real one is ~500 characters). */
export const DPOP_MAX_LENGTH = 2048

export interface DpopRequest {
  /** HTTP method, upper case. */
  htm: string
  /** Path from `/api/v1` on, no query. */
  htu: string
}

/** base64url(SHA-256(token)): the proof's `ath`, tying it to one access token. */
export async function accessTokenHash(token: string, backend: CryptoBackend): Promise<string> {
  return base64urlEncode(await backend.sha256(utf8Encode(token)))
}

/** Signs one proof with the device key (low-S on both backends). `jti` comes from a CSPRNG. */
export async function createDpopProof(
  key: EcPrivateJwk,
  req: DpopRequest & { token?: string },
  deps: { backend: CryptoBackend; nowSec: number; randomBytes: (n: number) => Promise<Uint8Array> }
): Promise<string> {
  const payload: Record<string, unknown> = {
    htm: req.htm,
    htu: req.htu,
    iat: Math.floor(deps.nowSec),
    jti: base64urlEncode(await deps.randomBytes(16))
  }
  if (req.token !== undefined) payload.ath = await accessTokenHash(req.token, deps.backend)
  return signWithKeyInHeader(key, DPOP_TYP, payload, deps.backend)
}

export interface CheckedDpopProof {
  /** RFC 7638 thumbprint of the key that signed it. */
  jkt: string
  jti: string
  iat: number
}

/**
 * Checks a proof's shape and signature by the key in its own header, and that it was made for this
 * request (`htm`, `htu`, and `ath` when a token is given), within ±60 s of `nowSec`. The caller then
 * holds `jkt` to the token's binding and keeps `jti` single use. Codes: ERR_DPOP_REQUIRED (none),
 * ERR_DPOP_INVALID (shape, header, signature), ERR_DPOP_WRONG_REQUEST (htm, htu, ath),
 * ERR_DPOP_STALE (iat).
 */
export async function checkDpopProof(
  proof: string | null | undefined,
  req: DpopRequest & { token?: string },
  deps: { backend: CryptoBackend; nowSec: number }
): Promise<CheckedDpopProof> {
  if (!proof) throw new WalletError('ERR_DPOP_REQUIRED')
  const invalid = (detail: string) => new WalletError('ERR_DPOP_INVALID', { detail })
  const { payload, key } = await verifyWithKeyInHeader(proof, { typ: DPOP_TYP, maxLength: DPOP_MAX_LENGTH, backend: deps.backend, invalid })
  const { htm, htu, iat, jti, ath } = payload as Record<string, unknown>
  if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64) throw invalid('jti')
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid('iat')
  if (htm !== req.htm || htu !== req.htu) throw new WalletError('ERR_DPOP_WRONG_REQUEST', { detail: 'htm-htu' })
  if (req.token !== undefined ? ath !== (await accessTokenHash(req.token, deps.backend)) : ath !== undefined) {
    throw new WalletError('ERR_DPOP_WRONG_REQUEST', { detail: 'ath' })
  }
  if (Math.abs(deps.nowSec - iat) > DPOP_MAX_SKEW_SEC) throw new WalletError('ERR_DPOP_STALE')
  return { jkt: jwkThumbprint(key), jti, iat }
}
