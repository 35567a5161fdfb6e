import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import type { StatusLookup } from '../sdjwt/verify'
import { statusForCredential, verifyStatusListJwt, type CachedStatusList } from '../status/verifyStatusList'
import type { CachedTrustList } from '../trust/types'
import { verifyTrustList } from '../trust/verifyTrustList'
import type { WalletApi } from './apiPort'

/** Stored form of the trust material: the signed originals and when we fetched them. */
export interface StoredTrustMaterial {
  trustList: { jws: string; fetchedAt: number } | null
  statusLists: Record<string, { jwt: string; fetchedAt: number }>
}

/** The status-list id is the last path segment of its URI; we fetch it from our own API base. */
export function statusListIdFromUri(uri: string): string {
  const id = uri.split('/').pop() ?? ''
  if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'uri' })
  return id
}

/**
 * Fetches and verifies the trust list; on any failure the cached one (if still valid) is kept.
 * The version never goes backwards: an older root-signed list (one that still lists a key since
 * withdrawn) is refused with ERR_TRUST_LIST_ROLLBACK, and the cached one stays.
 */
export async function refreshTrustList(
  api: Pick<WalletApi, 'trustList'>,
  opts: { rootKeys: readonly EcPublicJwk[]; backend: CryptoBackend; now: number; cached: StoredTrustMaterial['trustList'] }
): Promise<{ cached: CachedTrustList; fresh: boolean; error?: WalletError }> {
  try {
    const { trustList } = await api.trustList()
    const list = await verifyTrustList(trustList, opts.rootKeys, opts.backend, opts.now)
    const previous = opts.cached ? await verifyTrustList(opts.cached.jws, opts.rootKeys, opts.backend, opts.now).catch(() => null) : null
    if (previous && !(list.version >= previous.version)) throw new WalletError('ERR_TRUST_LIST_ROLLBACK', { detail: `${list.version}<${previous.version}` })
    return { cached: { list, jws: trustList, fetchedAt: opts.now }, fresh: true }
  } catch (e) {
    const error = e instanceof WalletError ? e : new WalletError('ERR_NETWORK', { cause: e })
    if (!opts.cached) throw error
    const list = await verifyTrustList(opts.cached.jws, opts.rootKeys, opts.backend, opts.now)
    return { cached: { list, jws: opts.cached.jws, fetchedAt: opts.cached.fetchedAt }, fresh: false, error }
  }
}

/**
 * A status lookup over verified, cached lists: a list is fetched when missing (and `api` is
 * given), and each answer is O(1) in the decoded bytes.
 */
export function createStatusLookup(opts: {
  api?: Pick<WalletApi, 'statusList'>
  trust: CachedTrustList
  backend: CryptoBackend
  now: number
  stored: StoredTrustMaterial['statusLists']
  /** Called with each list fetched, so the caller can persist it. */
  onFetched?: (uri: string, entry: { jwt: string; fetchedAt: number }) => void
  /**
   * Fetch each list once even when a stored one is still valid (a sync: a 暂扣 since the last one
   * must show); the stored list answers only when the fetch fails.
   */
  preferFresh?: boolean
}): StatusLookup & { lists: Map<string, CachedStatusList> } {
  const lists = new Map<string, CachedStatusList>()
  const fetchList = async (uri: string): Promise<CachedStatusList> => {
    const { statusList } = await opts.api!.statusList(statusListIdFromUri(uri))
    const v = await verifyStatusListJwt(statusList, { trust: opts.trust.list, backend: opts.backend, nowSeconds: opts.now, expectedUri: uri })
    lists.set(uri, v)
    opts.onFetched?.(uri, { jwt: statusList, fetchedAt: opts.now })
    return v
  }
  const load = async (uri: string): Promise<CachedStatusList> => {
    const have = lists.get(uri)
    if (have) return have
    let fetchError: unknown = null
    if (opts.preferFresh && opts.api) {
      try {
        return await fetchList(uri)
      } catch (e) {
        fetchError = e
      }
    }
    const stored = opts.stored[uri]
    if (stored) {
      try {
        const v = await verifyStatusListJwt(stored.jwt, { trust: opts.trust.list, backend: opts.backend, nowSeconds: opts.now, expectedUri: uri, fetchedAt: stored.fetchedAt })
        lists.set(uri, v)
        return v
      } catch {
        // expired or no longer trusted: fetch again below
      }
    }
    if (fetchError) throw fetchError
    if (!opts.api) throw new WalletError('ERR_STATUS_LIST_UNAVAILABLE')
    return fetchList(uri)
  }
  // A list answers only for its own issuer's credentials (ERR_STATUS_LIST_INVALID, detail `issuer`).
  const lookup = (async ({ uri, idx, issuer }) => statusForCredential(await load(uri), { idx, issuer })) as StatusLookup & { lists: Map<string, CachedStatusList> }
  lookup.lists = lists
  return lookup
}
