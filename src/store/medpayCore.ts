import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import type { ErrorCode } from '../services/errors'
import type { EcPrivateJwk } from '../services/crypto/types'
import type { ApiClient } from '../services/api/client'
import type { MedpayAccount, MedpayFamilyLink, MedpayRelativeLink, MedpaySettlement } from '../services/api/types'
import { isObject } from '../services/encoding'
import type { StoredPurposeBatch } from '../services/wallet/purposeCredentials'
import type { CertModule } from '../certs/types'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import type { WalletState } from './walletStore'
import { persistedOptions } from './persisted'
import type { StoreEnv } from './storeDeps'

/** The 医保码 (and a relative's) is redrawn with a fresh device proof this often (seconds). */
export const MEDPAY_CODE_REFRESH_SECONDS = 30
/** Receipts kept on the phone (newest first). */
export const MAX_KEPT_SETTLEMENTS = 100
/** Copies of a relative's code fetched at a time. */
export const FAMILY_BATCH_SIZE = 5

type MedpayApi = Pick<
  ApiClient['medpay'],
  'account' | 'listSettlements' | 'confirm' | 'decline' | 'startFamilyConsent' | 'linkFamily' | 'familyLinks' | 'familyCredentials' | 'relativeLinks' | 'endRelativeLink'
>

/** The wallet state this store reads: who the holder is, the device key, the trust list. */
type WalletView = Pick<WalletState, 'holder' | 'deviceKey' | 'trust' | 'locked' | 'sealSecret' | 'openSecret' | 'consumeGrant' | 'holderAuth'>

/** Everything the 医保支付 store needs from outside; the app passes platform defaults, tests fakes. */
export interface MedpayDeps extends StoreEnv {
  api: { medpay: MedpayApi } & Partial<Pick<ApiClient, 'simulator'>>
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  registry: { modules: readonly CertModule[] }
  /**
   * The relative's own face check (platform adapter); default: the simulator's face page through
   * `api.simulator` when the API has one, else this platform's adapter.
   */
  faceCheck?: FaceCheckApi
}

/** A confirmation sent but not answered: retried with the same key, so it is never charged twice. */
export interface ConfirmInFlight {
  setlId: string
  key: string
}

/** What survives a restart: receipts, the last known balance, links and a relative's codes. */
export interface PersistedMedpay {
  version: 1
  ownerHolderId: string | null
  account: MedpayAccount | null
  /** ms epoch of the last successful refresh: the "as of" of the balance and the list. */
  refreshedAt: number | null
  settlements: MedpaySettlement[]
  confirming: ConfirmInFlight | null
  familyLinks: MedpayFamilyLink[]
  familyBatches: Record<string, StoredPurposeBatch>
}

export const MEDPAY_DEFAULTS: PersistedMedpay = {
  version: 1,
  ownerHolderId: null,
  account: null,
  refreshedAt: null,
  settlements: [],
  confirming: null,
  familyLinks: [],
  familyBatches: {}
}

export type FamilyRelation = MedpayFamilyLink['relation']

export interface RelativeCode {
  linkId: string
  text: string
  presentedAt: number
}

/**
 * The 医保 state the main package holds (the wallet home shows how many payments wait): what is
 * persisted, and its reset on sign-out and lock. Every action that calls the service or makes a code
 * is added by `withMedpayActions` (medpayStore.ts), which only subpackage code imports (issue #12).
 */
export interface MedpayCoreState extends PersistedMedpay {
  busy: 'refresh' | 'confirm' | 'decline' | 'link' | null
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After), said in the message. */
  errorRetryAfter: number | null
  offline: boolean
  storageProblem: string | null
  /** Linking a relative: their face session, waiting for their own face check. */
  familyFace: { sessionId: string; relation: FamilyRelation; name: string; idNumber: string } | null
  relativeCode: RelativeCode | null
  /** The other side: links where this holder is the relative (who may show my code and pay for me). */
  relativeLinks: MedpayRelativeLink[]

  /** Settlements waiting for this holder's confirmation. */
  pending(): MedpaySettlement[]
  clearError(): void
  clear(): void
}

export type MedpayCoreStore = StoreApi<MedpayCoreState>

const isSettlement = (v: unknown): v is MedpaySettlement =>
  isObject(v) && typeof v.setlId === 'string' && typeof v.status === 'string' && Array.isArray(v.lines) && isObject(v.split) && typeof v.split.psnCashPay === 'number'
const isLink = (v: unknown): v is MedpayFamilyLink => isObject(v) && typeof v.linkId === 'string' && typeof v.relativeName === 'string'
const isBatch = (v: unknown): v is StoredPurposeBatch =>
  isObject(v) && v.purpose === 'pharmacy' && Array.isArray(v.sets) && v.sets.every((s) => isObject(s) && Array.isArray(s.credentials) && typeof s.expiresAt === 'number') && typeof v.cursor === 'number'

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults (or drops the bad
 * entries) and is reported through `problem`, never thrown (STYLE.md §5).
 */
export function tryParseMedpay(value: unknown): { state: PersistedMedpay; problem: string | null } {
  if (value === undefined || value === null) return { state: MEDPAY_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: MEDPAY_DEFAULTS, problem: 'version' }
  let problem: string | null = null
  const list = <T>(v: unknown, ok: (x: unknown) => x is T): T[] => {
    if (!Array.isArray(v)) {
      problem = 'entries'
      return []
    }
    const good = v.filter(ok)
    if (good.length !== v.length) problem = 'entries'
    return good
  }
  const batches: Record<string, StoredPurposeBatch> = {}
  for (const [id, b] of Object.entries(isObject(value.familyBatches) ? value.familyBatches : {})) {
    if (isBatch(b)) batches[id] = b
    else problem = 'entries'
  }
  const confirming = isObject(value.confirming) && typeof value.confirming.setlId === 'string' && typeof value.confirming.key === 'string' ? (value.confirming as unknown as ConfirmInFlight) : null
  return {
    state: {
      version: 1,
      ownerHolderId: typeof value.ownerHolderId === 'string' ? value.ownerHolderId : null,
      account: isObject(value.account) && typeof value.account.balc === 'number' ? (value.account as unknown as MedpayAccount) : null,
      refreshedAt: typeof value.refreshedAt === 'number' ? value.refreshedAt : null,
      settlements: list(value.settlements, isSettlement),
      confirming,
      familyLinks: list(value.familyLinks, isLink),
      familyBatches: batches
    },
    problem
  }
}

/** A relative's codes carry their data: on disk only sealed to the wallet's vault (as 亮证 sets are). */
export function withoutSecrets(b: StoredPurposeBatch): StoredPurposeBatch {
  return b.sealed ? { ...b, sets: b.sets.map(({ key: _key, ...x }) => ({ ...x, credentials: [] })) } : b
}

/**
 * What `sealed` holds per set: its credentials and its own private key (layout 2, as the holder's
 * 亮证 sets since issue #16); a bare credential list in batches from before (bound to the device key).
 */
export type SealedSet = { credentials: string[]; key?: EcPrivateJwk } | string[]
export const NETWORK = new Set<ErrorCode>(['ERR_NETWORK', 'ERR_TIMEOUT'])

/** Newest first, one entry per setlId (a fresher copy replaces an older one). */
export function mergeSettlements(known: MedpaySettlement[], fresh: MedpaySettlement[]): MedpaySettlement[] {
  const byId = new Map(known.map((s) => [s.setlId, s]))
  for (const s of fresh) byId.set(s.setlId, s)
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_KEPT_SETTLEMENTS)
}

/**
 * The patient's side of 医保支付: pending settlements to confirm, receipts, the personal-account
 * balance, 亲情账户 links and a relative's code. Network calls only inside actions; a failed call
 * never loses what is stored.
 */
export function createMedpayCore(deps: Pick<MedpayDeps, 'wallet' | 'storage' | 'storageKey'>): MedpayCoreStore {
  const store = createStore<MedpayCoreState>()(
    persist(
      (set, get) => ({
        ...MEDPAY_DEFAULTS,
        busy: null,
        error: null,
        errorRetryAfter: null,
        offline: false,
        storageProblem: null,
        familyFace: null,
        relativeCode: null,
        relativeLinks: [],

        pending() {
          // Mine to confirm: my own visits, and a relative's that my account pays.
          return get().settlements.filter((s) => s.status === 'pending' && (s.viewerRole === 'payer' || !s.familyPayerName))
        },

        clearError() {
          set({ error: null, errorRetryAfter: null })
        },

        clear() {
          set({ ...MEDPAY_DEFAULTS, familyFace: null, relativeCode: null, relativeLinks: [], error: null, errorRetryAfter: null, busy: null })
        }
      }),
      persistedOptions<MedpayCoreState, PersistedMedpay>({
        name: deps.storageKey ?? 'certwallet.medpay',
        storage: deps.storage,
        version: 1,
        partialize: (s) => ({
          ownerHolderId: s.ownerHolderId,
          account: s.account,
          refreshedAt: s.refreshedAt,
          settlements: s.settlements,
          confirming: s.confirming,
          familyLinks: s.familyLinks,
          familyBatches: Object.fromEntries(Object.entries(s.familyBatches).map(([k, b]) => [k, withoutSecrets(b)]))
        }),
        parse: tryParseMedpay
      })
    )
  )

  deps.wallet.subscribe((w, prev) => {
    if (!w.holder && prev.holder) store.getState().clear()
    // A relative's codes leave memory with the lock (they are opened again from `sealed`).
    else if (w.locked && !prev.locked) {
      store.setState((s) => ({ relativeCode: null, familyBatches: Object.fromEntries(Object.entries(s.familyBatches).map(([k, b]) => [k, withoutSecrets(b)])) }))
    }
  })
  return store
}
