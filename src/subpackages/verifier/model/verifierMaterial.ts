import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { CryptoBackend, EcPublicJwk } from '../../../services/crypto/types'
import type { ApiClient } from '../../../services/api/client'
import { statusListIdOf, statusListUri } from '../../../services/status/statusUri'
import { verifyStatusListJwt, type CachedStatusList } from '../../../services/status/verifyStatusList'
import { verifyDeviceRevocations } from '../../../services/trust/deviceRevocations'
import { verifyTrustList } from '../../../services/trust/verifyTrustList'
import type { TrustList } from '../../../services/trust/types'

/**
 * A verifier's offline material: the signed originals exactly as downloaded, each with the time we
 * fetched it (ms since epoch). Verified again when read back, never trusted because it is stored.
 */
export interface VerifierMaterial {
  /** `expiresAt` (ms) is the list's own `exp`: the hard limit for offline verification. */
  trustList: { jws: string; fetchedAt: number; expiresAt: number } | null
  /** By status-list id (the last segment of its URI, e.g. `gd-gat`). */
  statusLists: Record<string, { jwt: string; fetchedAt: number }>
  /** Deactivated (lost) phones, signed by the national root. */
  deviceRevocations: { jws: string; fetchedAt: number } | null
  /** Status-list ids seen in presentations while offline: fetched at the next update. */
  pendingListIds: string[]
}

export const EMPTY_MATERIAL: VerifierMaterial = { trustList: null, statusLists: {}, deviceRevocations: null, pendingListIds: [] }

/** Older than this, the page warns and a verification tries to fetch a fresher status list. */
export const MATERIAL_STALE_MS = 24 * 3600 * 1000

const LIST_ID_RE = /^[a-z0-9-]{1,64}$/

/** A status-list id from a presentation, before it may name a request or a storage key. */
export function isStatusListId(id: string): boolean {
  return LIST_ID_RE.test(id)
}

/**
 * The status lists every update fetches: the one each issuer on the trust list names. Lists
 * learned from presentations (stored lists and `pendingListIds`) come on top.
 */
export function trustedStatusListIds(trust: TrustList): string[] {
  const ids = trust.issuers.map((i) => (typeof i.statusList === 'string' ? statusListIdOf(i.statusList) : null))
  return ids.filter((id): id is string => id !== null && isStatusListId(id))
}

export type MaterialApi = Pick<ApiClient, 'trustList' | 'statusList' | 'deviceRevocations'>

interface VerifyOpts {
  rootKeys: readonly EcPublicJwk[]
  backend: CryptoBackend
}

/** Fetches one status list and verifies it against `trust` (signature, `sub`, expiry). */
export async function fetchStatusList(api: Pick<MaterialApi, 'statusList'>, listId: string, trust: TrustList, backend: CryptoBackend, nowMs: number): Promise<{ jwt: string; fetchedAt: number; list: CachedStatusList }> {
  if (!isStatusListId(listId)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'list-id' })
  const { statusList } = await api.statusList(listId)
  const list = await verifyStatusListJwt(statusList, { trust, backend, nowSeconds: Math.floor(nowMs / 1000), expectedUri: statusListUri(listId) })
  return { jwt: statusList, fetchedAt: nowMs, list }
}

/**
 * 更新核验数据: downloads and verifies the trust list, every status list we know of and the
 * device revocations. The trust list must succeed (else this throws and nothing changes); a status
 * list that fails keeps its previous copy and is reported in `failures` by id.
 */
export async function downloadMaterial(
  api: MaterialApi,
  opts: VerifyOpts & { nowMs: number; previous: VerifierMaterial; knownListIds?: readonly string[] }
): Promise<{ material: VerifierMaterial; trust: TrustList; failures: Record<string, ErrorCode> }> {
  const nowSec = Math.floor(opts.nowMs / 1000)
  const { trustList: jws } = await api.trustList()
  const trust = await verifyTrustList(jws, opts.rootKeys, opts.backend, nowSec)
  const ids = [...new Set([...(opts.knownListIds ?? trustedStatusListIds(trust)), ...Object.keys(opts.previous.statusLists), ...opts.previous.pendingListIds])].filter(isStatusListId)
  const statusLists = { ...opts.previous.statusLists }
  const failures: Record<string, ErrorCode> = {}
  const pending: string[] = []
  for (const id of ids) {
    try {
      const { jwt, fetchedAt } = await fetchStatusList(api, id, trust, opts.backend, opts.nowMs)
      statusLists[id] = { jwt, fetchedAt }
    } catch (e) {
      failures[id] = toWalletError(e).code
      if (!statusLists[id]) pending.push(id)
    }
  }
  let deviceRevocations = opts.previous.deviceRevocations
  try {
    const { deviceRevocations: revJws } = await api.deviceRevocations()
    await verifyDeviceRevocations(revJws, opts.rootKeys, opts.backend, nowSec)
    deviceRevocations = { jws: revJws, fetchedAt: opts.nowMs }
  } catch (e) {
    failures['device-revocations'] = toWalletError(e).code
  }
  return {
    material: {
      trustList: { jws, fetchedAt: opts.nowMs, expiresAt: trust.exp * 1000 },
      statusLists,
      deviceRevocations,
      // Unknown ids the service answered 404 for are not asked again.
      pendingListIds: pending.filter((id) => failures[id] !== 'ERR_NOT_FOUND')
    },
    trust,
    failures
  }
}

export interface MaterialAge {
  /** The oldest fetch time among the trust list and the status lists (ms), null before any. */
  updatedAt: number | null
  /** Older than 24 hours: verification still works, with a warning. */
  stale: boolean
  /** Past the trust list's `exp`: verification refuses (ERR_TRUST_LIST_EXPIRED). */
  expired: boolean
  trustExpiresAt: number | null
  statusListCount: number
}

/** How old the material is, for the page's "核验数据更新于 …" line and its warnings. */
export function materialAge(m: VerifierMaterial, nowMs: number): MaterialAge {
  const times = [m.trustList?.fetchedAt, ...Object.values(m.statusLists).map((s) => s.fetchedAt)].filter((t): t is number => typeof t === 'number')
  const updatedAt = m.trustList && times.length ? Math.min(...times) : null
  return {
    updatedAt,
    stale: updatedAt !== null && nowMs - updatedAt > MATERIAL_STALE_MS,
    expired: m.trustList !== null && nowMs > m.trustList.expiresAt,
    trustExpiresAt: m.trustList?.expiresAt ?? null,
    statusListCount: Object.keys(m.statusLists).length
  }
}

/**
 * A stored status list, verified as of its fetch time: its signature, issuer key and `sub` are
 * checked against the current trust list (a key listed as compromised since refuses it), but its
 * own short `exp` (a day) is not — offline, an older list with a warning beats no answer at all.
 * The trust list's `exp` stays the hard limit. Null when it no longer verifies.
 */
export async function openStoredStatusList(entry: { jwt: string; fetchedAt: number }, listId: string, trust: TrustList, backend: CryptoBackend): Promise<CachedStatusList | null> {
  try {
    return await verifyStatusListJwt(entry.jwt, { trust, backend, nowSeconds: Math.floor(entry.fetchedAt / 1000), expectedUri: statusListUri(listId), fetchedAt: Math.floor(entry.fetchedAt / 1000) })
  } catch {
    return null
  }
}

/** The stored device revocations as a set of key x-coordinates, checked like a stored status list. */
export async function openStoredDeviceRevocations(entry: { jws: string; fetchedAt: number } | null, opts: VerifyOpts): Promise<Set<string> | null> {
  if (!entry) return null
  try {
    return (await verifyDeviceRevocations(entry.jws, opts.rootKeys, opts.backend, Math.floor(entry.fetchedAt / 1000))).keys
  } catch {
    return null
  }
}
