import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import type { ApiClient } from '../services/api/client'
import type { DelegationLink } from '../services/api/types'
import { isObject } from '../services/encoding'
import type { StoredPurposeBatch } from '../services/wallet/purposeCredentials'
import type { CertModule, PurposeId } from '../certs/types'
import { isPurposeId } from '../vocabulary/purposes'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import type { WalletState } from './walletStore'
import { persistedOptions } from './persisted'
import type { StoreEnv } from './storeDeps'

/**
 * 家人代办 (issue #13), the agent's and the relative's side. The agent adds a relative with the
 * relative's own face check on this phone (a consent session: no token of the relative's ever
 * comes here), scoped to purposes; the platform makes the link. Then this phone fetches the
 * relative's purpose credentials for those purposes (layout 3: they name the agent and the link),
 * bound to set keys made here and sealed in the vault, and shows them as 代为出示 QRs. The
 * relative, on their own phone, lists the same links (谁可以为我代办) and ends them. The scope is the
 * platform's to enforce; this store only asks within it.
 */

/** Sets fetched per purpose for a relative. */
export const DELEGATION_BATCH_SIZE = 3

export type DelegationRelation = DelegationLink['relation']

type DelegationApi = Pick<ApiClient['delegation'], 'startConsent' | 'create' | 'list' | 'end' | 'credentials'>
type WalletView = Pick<WalletState, 'holder' | 'deviceKey' | 'devicePublicKey' | 'trust' | 'locked' | 'sealSecret' | 'openSecret' | 'holderAuth'>

export interface DelegationDeps extends StoreEnv {
  api: { delegation: DelegationApi } & Partial<Pick<ApiClient, 'simulator'>>
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  registry: { modules: readonly CertModule[] }
  /** The relative's own face check; default: the simulator's face page when the API has one, else the platform's. */
  faceCheck?: FaceCheckApi
}

export interface PersistedDelegation {
  version: 1
  ownerHolderId: string | null
  /** Both sides: links where this holder is the agent, and where they are the relative. */
  links: DelegationLink[]
  /** The relative's purpose credentials per link and purpose (sealed on disk). */
  batches: Record<string, Partial<Record<PurposeId, StoredPurposeBatch>>>
}

export const DELEGATION_DEFAULTS: PersistedDelegation = { version: 1, ownerHolderId: null, links: [], batches: {} }

/** A 代为出示 QR on screen. */
export interface DelegatedQr {
  linkId: string
  purpose: PurposeId
  text: string
  presentedAt: number
}

/**
 * The 家人代办 state the main package holds (the wallet home lists the relatives' cards): the links,
 * their refresh, and what is persisted. Adding, ending and presenting for a relative are added by
 * `withDelegationActions` (delegationStore.ts), which only subpackage code imports (issue #12).
 */
export interface DelegationCoreState extends PersistedDelegation {
  busy: 'consent' | 'link' | 'end' | 'fetch' | null
  error: ErrorCode | null
  /** The relative's face check is due (name and number kept only in memory). */
  consent: { sessionId: string; name: string; idNumber: string; purposes: PurposeId[]; relation: DelegationRelation } | null
  qr: DelegatedQr | null
  storageProblem: string | null
  /** Lists the links (both sides). */
  refresh(): Promise<boolean>
  clearError(): void
  clear(): void
}

export type DelegationCoreStore = StoreApi<DelegationCoreState>

/** Active links where this holder presents for a relative. */
export function agentLinks(s: Pick<DelegationCoreState, 'links'>): DelegationLink[] {
  return s.links.filter((l) => l.role === 'agent' && l.status === 'active')
}

function withoutSecrets(b: StoredPurposeBatch): StoredPurposeBatch {
  return b.sealed ? { ...b, sets: b.sets.map(({ key: _key, ...x }) => ({ ...x, credentials: [] })) } : b
}

export function stripAll(batches: PersistedDelegation['batches']): PersistedDelegation['batches'] {
  return Object.fromEntries(Object.entries(batches).map(([id, per]) => [id, Object.fromEntries(Object.entries(per).map(([p, b]) => [p, withoutSecrets(b as StoredPurposeBatch)]))]))
}

const isLink = (v: unknown): v is DelegationLink =>
  isObject(v) && typeof v.linkId === 'string' && (v.role === 'agent' || v.role === 'relative') && Array.isArray(v.purposes) && (v.status === 'active' || v.status === 'ended') && typeof v.agentName === 'string' && typeof v.relativeName === 'string'

/** A persisted blob, checked; anything unreadable falls back to defaults with the problem named. */
export function tryParseDelegation(value: unknown): { state: PersistedDelegation; problem: string | null } {
  if (value === undefined || value === null) return { state: DELEGATION_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: DELEGATION_DEFAULTS, problem: 'version' }
  if (value.ownerHolderId !== null && typeof value.ownerHolderId !== 'string') return { state: DELEGATION_DEFAULTS, problem: 'owner' }
  if (!Array.isArray(value.links) || !value.links.every(isLink)) return { state: DELEGATION_DEFAULTS, problem: 'links' }
  const batches: PersistedDelegation['batches'] = {}
  let problem: string | null = null
  for (const [linkId, per] of Object.entries(isObject(value.batches) ? value.batches : {})) {
    const kept: Partial<Record<PurposeId, StoredPurposeBatch>> = {}
    for (const [p, b] of Object.entries(isObject(per) ? per : {})) {
      if (isPurposeId(p) && isObject(b) && b.purpose === p && Array.isArray(b.sets) && typeof b.sealed === 'string') kept[p] = b as unknown as StoredPurposeBatch
      else problem = 'batches'
    }
    batches[linkId] = kept
  }
  return { state: { version: 1, ownerHolderId: value.ownerHolderId as string | null, links: value.links as DelegationLink[], batches }, problem }
}

/** The wallet's holder; stored links and sets of another holder are dropped first. */
export function delegationOwner(store: DelegationCoreStore, wallet: DelegationDeps['wallet']) {
  const w = wallet.getState()
  if (!w.holder) throw new WalletError('ERR_UNAUTHORIZED')
  if (store.getState().ownerHolderId !== w.holder.holderId) store.setState({ ...DELEGATION_DEFAULTS, ownerHolderId: w.holder.holderId, qr: null, consent: null })
  return w.holder
}

/** Forgets a link's credentials (ended, on either side) and its QR. */
export function dropLink(store: DelegationCoreStore, linkId: string): void {
  store.setState((s) => {
    const batches = { ...s.batches }
    delete batches[linkId]
    return { batches, qr: s.qr?.linkId === linkId ? null : s.qr }
  })
}

export function createDelegationCore(deps: Pick<DelegationDeps, 'wallet' | 'storage' | 'storageKey'> & { api: { delegation: Pick<DelegationApi, 'list'> } }): DelegationCoreStore {
  const store: DelegationCoreStore = createStore<DelegationCoreState>()(
    persist(
      (set, get) => ({
        ...DELEGATION_DEFAULTS,
        busy: null,
        error: null,
        consent: null,
        qr: null,
        storageProblem: null,

        async refresh() {
          try {
            delegationOwner(store, deps.wallet)
            const { items } = await deps.api.delegation.list(await deps.wallet.getState().holderAuth())
            set({ links: items })
            // A link ended by the other side takes its credentials off this phone.
            for (const l of items) if (l.status !== 'active' && get().batches[l.linkId]) dropLink(store, l.linkId)
            return true
          } catch (e) {
            set({ error: toWalletError(e).code, busy: null })
            return false
          }
        },

        clearError() {
          set({ error: null })
        },

        clear() {
          set({ ...DELEGATION_DEFAULTS, busy: null, error: null, consent: null, qr: null })
        }
      }),
      persistedOptions<DelegationCoreState, PersistedDelegation>({
        name: deps.storageKey ?? 'certwallet.delegation',
        storage: deps.storage,
        version: 1,
        // On disk the relative's credentials and set keys exist only sealed to the wallet's vault.
        partialize: (s) => ({ ownerHolderId: s.ownerHolderId, links: s.links, batches: stripAll(s.batches) }),
        parse: tryParseDelegation
      })
    )
  )

  deps.wallet.subscribe((w, prev) => {
    if (!w.holder && prev.holder) store.getState().clear()
    // The relative's credentials leave memory with the lock (opened again from `sealed`).
    else if (w.locked && !prev.locked) store.setState((s) => ({ qr: null, batches: stripAll(s.batches) }))
  })
  return store
}
