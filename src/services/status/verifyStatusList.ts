import { WalletError } from '../errors'
import type { CryptoBackend } from '../crypto/types'
import { assertSignedHeader, parseCompactJws, verifyJwsSignature } from '../jws'
import { isObject } from '../encoding'
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
  /** Id (统一社会信用代码) of the trusted issuer whose key signed the list. */
  issuer: string
  list: DecodedStatusList
  issuedAt: number
  expiresAt?: number
  fetchedAt: number
  jwt: string
}

/**
 * Verifies a Token Status List JWT: signed by a key in the trust list, `sub` equal to the URI the
 * credential points at, with an expiry no further than {@link STATUS_LIST_MAX_SECONDS}, not expired,
 * and — when `expectedIssuer` is given — signed by that issuer. Failures are
 * ERR_STATUS_LIST_INVALID (shape, `sub`, expiry, `issuer`) or the signature/key codes.
 *
 * A list only speaks for its own issuer's credentials: the signer is kept in `issuer`, and every
 * status answer goes through `statusForCredential`, which refuses a list signed by anyone else.
 */
export async function verifyStatusListJwt(
  jwt: string,
  opts: { trust: TrustList; backend: CryptoBackend; nowSeconds: number; expectedUri?: string; expectedIssuer?: string; fetchedAt?: number }
): Promise<CachedStatusList> {
  const parsed = parseCompactJws<StatusListPayload>(jwt, 4 * 1024 * 1024)
  assertSignedHeader(parsed.header)
  if (parsed.header.typ !== STATUS_LIST_TYP) throw new WalletError('ERR_TYP_INVALID', { detail: 'status-list' })
  const found = findIssuerKey(opts.trust, parsed.header.kid)
  if (!found) throw new WalletError('ERR_KID_UNKNOWN', { detail: 'status-list' })
  await verifyJwsSignature(parsed, found.key.jwk, opts.backend)
  const p = parsed.payload
  if (!isObject(p) || typeof p.sub !== 'string' || typeof p.iat !== 'number' || !isObject(p.status_list)) {
    throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'shape' })
  }
  assertKeyUsable(found.key, p.iat)
  if (opts.expectedIssuer !== undefined && found.issuer.id !== opts.expectedIssuer) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'issuer' })
  if (opts.expectedUri !== undefined && p.sub !== opts.expectedUri) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'sub' })
  if (typeof p.exp !== 'number' || !Number.isFinite(p.exp)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'exp' })
  if (p.exp - p.iat > STATUS_LIST_MAX_SECONDS) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'lifetime' })
  if (opts.nowSeconds > p.exp) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'expired' })
  return {
    uri: p.sub,
    issuer: found.issuer.id,
    list: decodeStatusList(p.status_list),
    issuedAt: p.iat,
    expiresAt: p.exp,
    fetchedAt: opts.fetchedAt ?? opts.nowSeconds,
    jwt
  }
}

/**
 * The status of entry `idx` for a credential issued by `issuer`: ERR_STATUS_LIST_INVALID (detail
 * `issuer`) when the list was signed by another issuer — one leaked provincial key must not
 * un-revoke another province's licences, however the list was found.
 */
export function statusForCredential(list: CachedStatusList, ref: { idx: number; issuer: string }): ReturnType<CachedStatusList['list']['statusAt']> {
  if (list.issuer !== ref.issuer) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'issuer' })
  return list.list.statusAt(ref.idx)
}
