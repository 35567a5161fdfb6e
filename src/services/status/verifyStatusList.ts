import { WalletError } from '../errors'
import type { CryptoBackend } from '../crypto/types'
import { assertEs256Header, isObject, parseCompactJws, verifyJwsSignature } from '../jws'
import { assertKeyUsable, findIssuerKey } from '../trust/verifyTrustList'
import type { TrustList } from '../trust/types'
import { decodeStatusList, type DecodedStatusList, type StatusListClaim } from './statusList'

export const STATUS_LIST_TYP = 'statuslist+jwt'
/**
 * Longest life of a status list (exp − iat). A list must expire: an old copy that never went
 * stale could be replayed to hide a revocation (issue #11 item 9).
 */
export const STATUS_LIST_MAX_SECONDS = 7 * 86400

export interface StatusListPayload {
  sub: string
  iat: number
  exp?: number
  ttl?: number
  status_list: StatusListClaim
}

/** A verified, decoded status list and the time we fetched it. */
export interface CachedStatusList {
  uri: string
  list: DecodedStatusList
  issuedAt: number
  expiresAt?: number
  fetchedAt: number
  jwt: string
}

/**
 * Verifies a Token Status List JWT: signed by a key in the trust list, `sub` equal to the URI the
 * credential points at, with an expiry no further than {@link STATUS_LIST_MAX_SECONDS}, not expired. Failures are ERR_STATUS_LIST_INVALID (shape, `sub`, expiry)
 * or the signature/key codes.
 */
export async function verifyStatusListJwt(
  jwt: string,
  opts: { trust: TrustList; backend: CryptoBackend; nowSeconds: number; expectedUri?: string; fetchedAt?: number }
): Promise<CachedStatusList> {
  const parsed = parseCompactJws<StatusListPayload>(jwt, 4 * 1024 * 1024)
  assertEs256Header(parsed.header)
  if (parsed.header.typ !== STATUS_LIST_TYP) throw new WalletError('ERR_TYP_INVALID', { detail: 'status-list' })
  const found = findIssuerKey(opts.trust, parsed.header.kid)
  if (!found) throw new WalletError('ERR_KID_UNKNOWN', { detail: 'status-list' })
  await verifyJwsSignature(parsed, found.key.jwk, opts.backend)
  const p = parsed.payload
  if (!isObject(p) || typeof p.sub !== 'string' || typeof p.iat !== 'number' || !isObject(p.status_list)) {
    throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'shape' })
  }
  assertKeyUsable(found.key, p.iat)
  if (opts.expectedUri !== undefined && p.sub !== opts.expectedUri) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'sub' })
  if (typeof p.exp !== 'number' || !Number.isFinite(p.exp)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'exp' })
  if (p.exp - p.iat > STATUS_LIST_MAX_SECONDS) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'lifetime' })
  if (opts.nowSeconds > p.exp) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'expired' })
  return {
    uri: p.sub,
    list: decodeStatusList(p.status_list),
    issuedAt: p.iat,
    expiresAt: p.exp,
    fetchedAt: opts.fetchedAt ?? opts.nowSeconds,
    jwt
  }
}
