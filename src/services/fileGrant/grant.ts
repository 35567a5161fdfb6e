import { WalletError } from '../errors'
import { base64urlEncode } from '../encoding'
import { jwkThumbprint } from '../crypto/thumbprint'
import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'
import { signWithKeyInHeader, verifyWithKeyInHeader } from '../jws/keyInHeader'
import { FILE_GRANT_MAX_DAYS } from '../../vocabulary/fileGrants'

/**
 * 文件调用授权: the holder's grant, signed with the device key, that lets one registered
 * organisation fetch a copy of one certificate for one purpose in one period.
 *
 * A compact JWS: header `{ alg: ES256 | SM2SM3 (the device key's suite), typ: FILE_GRANT_TYP, jwk: <device public key> }`, payload
 * `{ sub, cid, org, pur, iat, nbf, exp, nonce }` — the holder id, the 证照标识, the organisation's
 * 统一社会信用代码, the purpose id, the times (seconds) and a single-use random nonce. The server
 * believes nothing in it before the signature checks out, and then only if the key's thumbprint
 * is an active device registered to the calling holder (mock/simulator/fileGrants.ts).
 */
export const FILE_GRANT_TYP = 'file-grant+jwt'
/** Largest grant parsed (a real one is ~600 characters). */
export const FILE_GRANT_MAX_LENGTH = 2048
/** How far the grant's `iat` may be from the server's clock (it is signed just before it is sent). */
export const FILE_GRANT_MAX_SKEW_SEC = 300

export interface FileGrantClaims {
  /** The holder id the grant is made by. */
  sub: string
  /** 证照标识 of the certificate. */
  cid: string
  /** 统一社会信用代码 of the organisation. */
  org: string
  /** Purpose id (src/vocabulary/purposes.ts) the organisation is registered for. */
  pur: string
  iat: number
  nbf: number
  exp: number
  /** base64url of 16 random bytes; single use per holder. */
  nonce: string
}

/** Signs a grant with the device private key (low-S on both backends). */
export async function signFileGrant(claims: FileGrantClaims, deviceKey: EcPrivateJwk, backend: CryptoBackend): Promise<string> {
  const payload: FileGrantClaims = { sub: claims.sub, cid: claims.cid, org: claims.org, pur: claims.pur, iat: claims.iat, nbf: claims.nbf, exp: claims.exp, nonce: claims.nonce }
  return signWithKeyInHeader(deviceKey, FILE_GRANT_TYP, payload, backend)
}

/** A fresh nonce for a grant. */
export async function grantNonce(randomBytes: (n: number) => Promise<Uint8Array>): Promise<string> {
  return base64urlEncode(await randomBytes(16))
}

const isStr = (v: unknown, max = 64): v is string => typeof v === 'string' && v.length > 0 && v.length <= max
const isSec = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

export interface CheckedFileGrant {
  claims: FileGrantClaims
  /** RFC 7638 thumbprint of the device key that signed it (the device id). */
  jkt: string
}

/**
 * Checks a grant's shape and its signature by the key in its own header, then its claims' shape,
 * its freshness (`iat` within FILE_GRANT_MAX_SKEW_SEC) and its period (`nbf` not before `iat`
 * minus the skew and at most FILE_GRANT_MAX_DAYS after it, `exp` after `nbf` and after now, at most
 * FILE_GRANT_MAX_DAYS long). The caller
 * then holds `jkt` to the holder's registered devices and keeps `nonce` single use.
 * Codes: ERR_GRANT_INVALID (shape, header, signature, claims, stale iat), ERR_GRANT_PERIOD.
 */
export async function checkFileGrant(jws: unknown, deps: { backend: CryptoBackend; nowSec: number }): Promise<CheckedFileGrant> {
  const invalid = (detail: string) => new WalletError('ERR_GRANT_INVALID', { detail })
  if (typeof jws !== 'string') throw invalid('type')
  // The device key pins the suite (as in DPoP): an SM2 key's grant says SM2SM3, a P-256 key's ES256.
  const { payload, key } = await verifyWithKeyInHeader(jws, { typ: FILE_GRANT_TYP, maxLength: FILE_GRANT_MAX_LENGTH, backend: deps.backend, invalid, noKid: true })
  const c = payload as Record<string, unknown>
  if (!isStr(c.sub, 128) || !isStr(c.cid, 128) || !isStr(c.org, 18) || !isStr(c.pur, 32) || !isB64u22(c.nonce)) throw invalid('claims')
  if (!isSec(c.iat) || !isSec(c.nbf) || !isSec(c.exp)) throw invalid('times')
  if (Math.abs(deps.nowSec - c.iat) > FILE_GRANT_MAX_SKEW_SEC) throw invalid('stale')
  const maxSpan = FILE_GRANT_MAX_DAYS * 86400
  if (c.nbf < c.iat - FILE_GRANT_MAX_SKEW_SEC || c.nbf > c.iat + maxSpan || c.exp <= c.nbf || c.exp <= deps.nowSec || c.exp - c.nbf > maxSpan) {
    throw new WalletError('ERR_GRANT_PERIOD')
  }
  const claims: FileGrantClaims = { sub: c.sub, cid: c.cid, org: c.org, pur: c.pur, iat: c.iat, nbf: c.nbf, exp: c.exp, nonce: c.nonce }
  return { claims, jkt: jwkThumbprint(key) }
}

const isB64u22 = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{22}$/.test(v)
