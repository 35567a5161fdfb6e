import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import { verifyTrustList } from '../services/trust/verifyTrustList'
import type { WalletApi } from '../services/wallet/apiPort'
import {
  checkPurposeBatch,
  newSetKeys,
  parseVerifierChallenge,
  presentablePurposes,
  PRESENTABLE_PURPOSES,
  type StoredPurposeBatch
} from '../services/wallet/purposeCredentials'
import type { CertModule, PurposeId } from '../certs/types'
import type { WalletState } from './walletStore'
import { isObject } from '../services/encoding'
import { persistedOptions } from './persisted'
import type { StoreEnv } from './storeDeps'

export { presentablePurposes, PRESENTABLE_PURPOSES, usableSetCount, describeSet } from '../services/wallet/purposeCredentials'
export type { StoredPurposeBatch, SharedCertificate, SharedField } from '../services/wallet/purposeCredentials'

/** Sets fetched per purpose: 5 presentations' worth of distinct issuer signatures. */
export const DEFAULT_BATCH_SIZE = 5
/**
 * A stored batch younger than this is not fetched again by a background refresh (wallet sync,
 * unlock, the app shown again). Purpose credentials live 24 h (verifiers warn after that and refuse
 * after 72 h), so a wallet online twice a day never shows a stale one. Not shorter: every batch is
 * five more set keys the platform must list if this phone is reported lost (docs/presentation-format.md).
 */
export const BACKGROUND_REFRESH_AGE_MS = 12 * 3600 * 1000
/** A batch whose sets end (their `exp`) within this many seconds is fetched again by any refresh. */
const REFRESH_BEFORE_EXPIRY_SECONDS = 12 * 3600
/** The QR is redrawn with a fresh device proof this often (seconds). */
export const QR_REFRESH_SECONDS = 30

/** The wallet state this store reads: who the holder is, the device key, the cards. */
type WalletView = Pick<WalletState, 'holder' | 'deviceKey' | 'devicePublicKey' | 'credentials' | 'trust' | 'lastSyncAt' | 'offline' | 'locked' | 'sealSecret' | 'openSecret' | 'holderAuth'>

/**
 * Everything the presentation store needs from outside; the app passes platform defaults, tests
 * fakes. `randomBytes` (StoreEnv): each set's own key is made from it, on the phone.
 */
export interface PresentationDeps extends StoreEnv {
  api: Pick<WalletApi, 'issuePurposeCredentials'>
  /** The wallet store: read for holder, device key, cards and trust list; its syncs trigger a refresh. */
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  registry: { modules: readonly CertModule[] }
  batchSize?: number
  /** Refresh in the background after each successful wallet sync or claim (default true). */
  followWalletSync?: boolean
}

/** The QR on screen. */
export interface CurrentQr {
  purpose: PurposeId
  text: string
  /** Seconds since epoch: the proof's time. */
  presentedAt: number
  /** The verifier's nonce it is bound to, when one was scanned. */
  nonce: string | null
  setIndex: number
}

/** What survives a restart. The sets are bound to one holder and one device key. */
export interface PersistedPresentation {
  version: 1
  owner: { holderId: string; deviceKeyX: string } | null
  batches: Partial<Record<PurposeId, StoredPurposeBatch>>
}

export const PRESENTATION_DEFAULTS: PersistedPresentation = { version: 1, owner: null, batches: {} }

export interface RefreshResult {
  fetched: PurposeId[]
  failed: Partial<Record<PurposeId, ErrorCode>>
}

/**
 * The 亮证 state the main package holds: the stored sets and their background refresh (after a
 * claim or a sync, on unlock). Making a QR (`present`, the CW1 encoding) is added by
 * `presentationStore.ts`, which only subpackage code imports (the main package's size, issue #12).
 */
export interface PresentationCoreState extends PersistedPresentation {
  /** A fetch of purpose credentials is running. */
  fetching: boolean
  /** Per purpose, the code of the last failed fetch (cleared by a successful one). */
  fetchErrors: Partial<Record<PurposeId, ErrorCode>>
  /** True when the last fetch could not reach the service. */
  offline: boolean
  /** Last failure of `present`/`setChallenge`, as a code the UI turns into Chinese. */
  error: ErrorCode | null
  qr: CurrentQr | null
  /** The verifier's nonce for the next QRs (until the presentation ends). */
  challenge: string | null
  storageProblem: string | null

  /**
   * Fetches a batch for each purpose the holder can present (or the given ones) and stores it
   * after checking it. A failure keeps what was stored. `maxAgeMs`: skip batches younger than this.
   */
  refresh(opts?: { purposes?: PurposeId[]; maxAgeMs?: number }): Promise<RefreshResult>
  /** Binds the next QRs to a verifier's `CWN1:<nonce>`; false (and `error`) when it is not one. */
  setChallenge(text: string): boolean
  /** Ends the presentation: no QR, no challenge. */
  endPresentation(): void
  clearError(): void
  /** Drops every stored set (sign-out, holder or device key changed). */
  clear(): void
}

export type PresentationCoreStore = StoreApi<PresentationCoreState>

/**
 * The wallet's holder and device key, with stored sets dropped when they belong to someone else
 * (another holder, another device key); null (and the sets dropped) when there is no holder.
 */
export function presentationOwner(store: PresentationCoreStore, wallet: PresentationDeps['wallet']): { holderId: string; token: string; publicKey: EcPublicJwk } | null {
  const w = wallet.getState()
  const get = store.getState
  const set = store.setState
  if (!w.holder || !w.devicePublicKey) {
    if (get().owner) set({ ...PRESENTATION_DEFAULTS, qr: null })
    return null
  }
  const cur = get().owner
  if (!cur || cur.holderId !== w.holder.holderId || cur.deviceKeyX !== w.devicePublicKey.x) {
    set({ owner: { holderId: w.holder.holderId, deviceKeyX: w.devicePublicKey.x }, batches: {}, qr: null })
  }
  return { holderId: w.holder.holderId, token: w.holder.token, publicKey: w.devicePublicKey }
}

function isBatch(v: unknown, purpose: string): v is StoredPurposeBatch {
  return (
    isObject(v) &&
    v.purpose === purpose &&
    Array.isArray(v.kinds) &&
    Array.isArray(v.sets) &&
    v.sets.length > 0 &&
    v.sets.every((s) => isObject(s) && Array.isArray(s.credentials) && s.credentials.every((c) => typeof c === 'string') && typeof s.expiresAt === 'number') &&
    typeof v.expiresAt === 'number' &&
    typeof v.fetchedAt === 'number' &&
    typeof v.cursor === 'number'
  )
}

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults (or drops the one bad
 * batch) and is reported through `problem`, never thrown (STYLE.md §5).
 */
export function tryParsePresentation(value: unknown): { state: PersistedPresentation; problem: string | null } {
  if (value === undefined || value === null) return { state: PRESENTATION_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: PRESENTATION_DEFAULTS, problem: 'version' }
  const owner = value.owner
  if (owner !== null && !(isObject(owner) && typeof owner.holderId === 'string' && typeof owner.deviceKeyX === 'string')) {
    return { state: PRESENTATION_DEFAULTS, problem: 'owner' }
  }
  const batches: PersistedPresentation['batches'] = {}
  let problem: string | null = null
  for (const [purpose, b] of Object.entries(isObject(value.batches) ? value.batches : {})) {
    if ((PRESENTABLE_PURPOSES as readonly string[]).includes(purpose) && isBatch(b, purpose)) batches[purpose as PurposeId] = b
    else problem = 'batch-entries'
  }
  return { state: { version: 1, owner: (owner as PersistedPresentation['owner']) ?? null, batches }, problem }
}

/** The sets without their credentials and private keys (those exist only sealed, in `sealed`). */
function withoutSecrets(b: StoredPurposeBatch): StoredPurposeBatch {
  return b.sealed ? { ...b, sets: b.sets.map(({ key: _key, ...x }) => ({ ...x, credentials: [] })) } : b
}

/** What `sealed` holds per set: its credentials and (issue #16) its own private key; a bare list in batches from before. */
type SealedSet = { credentials: string[]; key?: EcPrivateJwk } | string[]

function mapBatches(
  batches: PersistedPresentation['batches'],
  f: (b: StoredPurposeBatch) => StoredPurposeBatch
): PersistedPresentation['batches'] {
  const out: PersistedPresentation['batches'] = {}
  for (const [k, b] of Object.entries(batches) as [PurposeId, StoredPurposeBatch][]) out[k] = f(b)
  return out
}

const publicJwk = ({ kty, crv, x, y }: EcPublicJwk): EcPublicJwk => ({ kty, crv, x, y })

/**
 * The 亮证 store's main-package part: purpose credentials fetched in batches while online and
 * persisted (a failed fetch never loses stored sets). QR presentations made from them offline
 * (`present`) are added by `withPresent` (presentationStore.ts). Network calls only inside actions.
 */
export function createPresentationCore(deps: PresentationDeps): PresentationCoreStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE
  let inFlight: Promise<RefreshResult> | null = null
  /**
   * Bumped by clear() (sign-out, another person): a refresh started before it is stale. It stops
   * before its next request and never writes what it fetched into the next session's store, and a
   * new session's refresh is never folded into it.
   */
  let generation = 0

  const store: PresentationCoreStore = createStore<PresentationCoreState>()(
    persist(
      (set, get) => {
        const owner = () => presentationOwner(store, deps.wallet)

        /** Drops batches of purposes the wallet can no longer present (a card revoked, expired). */
        const prune = (): PurposeId[] => {
          const can = presentablePurposes(deps.wallet.getState().credentials, deps.registry)
          const batches = get().batches
          const drop = (Object.keys(batches) as PurposeId[]).filter((p) => !can.includes(p))
          if (drop.length) {
            const next = { ...batches }
            for (const p of drop) delete next[p]
            set({ batches: next })
          }
          return can
        }

        const doRefresh = async (opts: { purposes?: PurposeId[]; maxAgeMs?: number }): Promise<RefreshResult> => {
          const result: RefreshResult = { fetched: [], failed: {} }
          const started = generation
          const stale = () => generation !== started
          const who = owner()
          if (!who) return result
          const can = prune()
          // Fetching needs a DPoP proof by the device key, in memory only while unlocked: a locked
          // wallet leaves it to the next unlocked refresh (亮证 asks for the PIN first anyway).
          if (deps.wallet.getState().locked) return result
          const wanted = (opts.purposes ?? can).filter((p) => can.includes(p))
          const due = wanted.filter((p) => {
            const b = get().batches[p]
            return !b || opts.maxAgeMs === undefined || deps.now() - b.fetchedAt >= opts.maxAgeMs || b.expiresAt - nowSec() < REFRESH_BEFORE_EXPIRY_SECONDS
          })
          if (!due.length) return result
          set({ fetching: true })
          try {
            const trustJws = deps.wallet.getState().trust.trustList?.jws
            if (!trustJws) throw new WalletError('ERR_TRUST_LIST_MISSING')
            const trust = await verifyTrustList(trustJws, deps.rootKeys, deps.backend, nowSec())
            for (const purpose of due) {
              if (stale()) break
              try {
                // A fresh key per set, made here (issue #16): two sets share no key. The call itself is
                // DPoP-signed by the device key, which is how the platform ties these keys to this phone.
                const setKeys = await newSetKeys(who.publicKey.crv, batchSize, deps.randomBytes)
                const batch = await deps.api.issuePurposeCredentials(await deps.wallet.getState().holderAuth(), purpose, publicJwk(who.publicKey), setKeys.map((k) => publicJwk(k)))
                const checked = await checkPurposeBatch(
                  batch,
                  { purpose, deviceKey: publicJwk(who.publicKey), setKeys: setKeys.map((k) => publicJwk(k)), registry: deps.registry, trust, backend: deps.backend, now: nowSec() },
                  deps.now()
                )
                const withKeys = { ...checked, sets: checked.sets.map((x, i) => ({ ...x, key: setKeys[i] })) }
                const sealed = await deps.wallet.getState().sealSecret(withKeys.sets.map((x): SealedSet => ({ credentials: x.credentials, key: x.key })))
                const kept: StoredPurposeBatch = deps.wallet.getState().locked ? withoutSecrets({ ...withKeys, sealed }) : { ...withKeys, sealed }
                if (stale()) break
                // One purpose at a time: a later failure never loses what was stored before.
                set((s) => {
                  const fetchErrors = { ...s.fetchErrors }
                  delete fetchErrors[purpose]
                  return { batches: { ...s.batches, [purpose]: kept }, fetchErrors, offline: false }
                })
                result.fetched.push(purpose)
              } catch (e) {
                if (stale()) break
                const code = toWalletError(e).code
                result.failed[purpose] = code
                set((s) => ({ fetchErrors: { ...s.fetchErrors, [purpose]: code }, offline: code === 'ERR_NETWORK' || code === 'ERR_TIMEOUT' || s.offline }))
                // No point asking for the rest while the service cannot be reached.
                if (code === 'ERR_NETWORK' || code === 'ERR_TIMEOUT' || code === 'ERR_SERVER' || code === 'ERR_RATE_LIMITED' || code === 'ERR_UNAUTHORIZED') {
                  for (const p of due) if (!(p in result.failed) && !result.fetched.includes(p)) result.failed[p] = code
                  set((s) => ({ fetchErrors: { ...s.fetchErrors, ...result.failed } }))
                  break
                }
              }
            }
          } catch (e) {
            const code = toWalletError(e).code
            for (const p of due) result.failed[p] = code
            if (!stale()) set((s) => ({ fetchErrors: { ...s.fetchErrors, ...result.failed } }))
          } finally {
            if (!stale()) set({ fetching: false })
          }
          return result
        }

        return {
          ...PRESENTATION_DEFAULTS,
          fetching: false,
          fetchErrors: {},
          offline: false,
          error: null,
          qr: null,
          challenge: null,
          storageProblem: null,

          refresh(opts = {}) {
            // One fetch at a time: the page and a wallet sync may both ask.
            if (!inFlight) {
              const mine: Promise<RefreshResult> = doRefresh(opts).finally(() => {
                if (inFlight === mine) inFlight = null
              })
              inFlight = mine
            }
            return inFlight
          },

          setChallenge(text) {
            try {
              set({ challenge: parseVerifierChallenge(text), error: null })
              return true
            } catch (e) {
              set({ error: toWalletError(e).code })
              return false
            }
          },

          endPresentation() {
            set({ qr: null, challenge: null, error: null })
          },

          clearError() {
            set({ error: null })
          },

          clear() {
            generation++
            inFlight = null
            set({ ...PRESENTATION_DEFAULTS, qr: null, challenge: null, fetchErrors: {}, error: null, fetching: false })
          }
        }
      },
      persistedOptions<PresentationCoreState, PersistedPresentation>({
        name: deps.storageKey ?? 'certwallet.presentation',
        storage: deps.storage,
        version: 1,
        // On disk the sets' credentials exist only sealed to the wallet's vault.
        partialize: (s) => ({ owner: s.owner, batches: mapBatches(s.batches, withoutSecrets) }),
        parse: tryParsePresentation,
        // Opened now if the wallet is already unlocked (else when it unlocks).
        loaded: (state) => ({ batches: openBatches(state.batches) })
      })
    )
  )

  /** Batches with their sets opened from `sealed` (unchanged where the wallet cannot open them). */
  function openBatches(batches: PersistedPresentation['batches']): PersistedPresentation['batches'] {
    return mapBatches(batches, (b) => {
      if (!b.sealed || b.sets.every((x) => x.credentials.length > 0)) return b
      const opened = deps.wallet.getState().openSecret<SealedSet[]>(b.sealed)
      if (!opened || opened.length !== b.sets.length) return b
      return {
        ...b,
        sets: b.sets.map((x, i) => {
          const o = opened[i]
          return Array.isArray(o) ? { ...x, credentials: o } : { ...x, credentials: o.credentials, ...(o.key ? { key: o.key } : {}) }
        })
      }
    })
  }

  // Secrets follow the wallet's lock: opened on unlock, dropped from memory on lock.
  deps.wallet.subscribe((w, prev) => {
    if (w.locked === prev.locked) return
    store.setState((s) => ({ batches: w.locked ? mapBatches(s.batches, withoutSecrets) : openBatches(s.batches), qr: w.locked ? null : s.qr }))
  })

  if (deps.followWalletSync !== false) {
    deps.wallet.subscribe((w, prev) => {
      if (!w.holder && prev.holder) {
        store.getState().clear()
        return
      }
      // After each successful sync or claim (the wallet moves lastSyncAt), and on unlock (the device
      // key is back in memory): top up in the background. Purpose credentials live 24 h.
      const synced = w.lastSyncAt !== prev.lastSyncAt
      const unlocked = prev.locked && !w.locked
      if (w.holder && (synced || unlocked) && !w.offline) {
        void store.getState().refresh({ maxAgeMs: BACKGROUND_REFRESH_AGE_MS })
      }
    })
  }
  return store
}
