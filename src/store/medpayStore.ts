import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist, type StateStorage } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { ApiClient } from '../services/api/client'
import type { MedpayAccount, MedpayFamilyLink, MedpayRelativeLink, MedpaySettlement } from '../services/api/types'
import { createPresentation } from '../services/presentation'
import { verifyTrustList } from '../services/trust/verifyTrustList'
import { base64urlEncode, isObject } from '../services/encoding'
import { checkPurposeBatch, newSetKeys, nextUsableSet, usableSetCount, type StoredPurposeBatch } from '../services/wallet/purposeCredentials'
import type { CertModule } from '../certs/types'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import type { WalletState } from './walletStore'
import { persistedOptions } from './persisted'

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
export interface MedpayDeps {
  api: { medpay: MedpayApi } & Partial<Pick<ApiClient, 'simulator'>>
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  backend: CryptoBackend
  registry: { modules: readonly CertModule[] }
  rootKeys: readonly EcPublicJwk[]
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: StateStorage
  storageKey?: string
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

export interface MedpayState extends PersistedMedpay {
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

  /** Balance, this year's totals, pending and past settlements, links. A failure keeps what is stored. */
  refresh(): Promise<boolean>
  /** Settlements waiting for this holder's confirmation. */
  pending(): MedpaySettlement[]
  /**
   * Confirms a pending settlement with the one-time `grant` the wallet's lock gave for the PIN
   * (or biometric) just entered: without a valid grant nothing is sent (`ERR_LOCKED`, detail
   * `no-authorization`). Retries reuse the same Idempotency-Key, also after a restart; null (and
   * `error`) on failure.
   */
  confirm(setlId: string, grant: string | null | undefined): Promise<MedpaySettlement | null>
  decline(setlId: string): Promise<MedpaySettlement | null>
  /**
   * 亲情账户: opens a consent face session for the relative (server-side, under this holder's token);
   * nothing of the relative's — no token — ever comes back to this phone.
   */
  beginFamilyLink(name: string, idNumber: string, relation: FamilyRelation): Promise<boolean>
  /**
   * Runs the relative's own face check (platform UI, or the simulated page's `passed`) and hands its
   * ticket to the service, which redeems it and creates the link from that consent.
   */
  finishFamilyLink(passed?: boolean): Promise<MedpayFamilyLink | null>
  cancelFamilyLink(): void
  /** Fetches (while online) and checks codes of a relative, bound to this phone's device key. */
  fetchFamilyCodes(linkId: string): Promise<boolean>
  /** A fresh code of the relative (offline, from fetched sets); null (and `error`) when none. */
  presentRelative(linkId: string): Promise<RelativeCode | null>
  endRelativeCode(): void
  /** The relative's side: who may act for me (links where I am the relative). */
  refreshRelativeLinks(): Promise<boolean>
  /** The relative ends a link: the payer's phone can no longer show my code or pay for me. */
  endRelativeLink(linkId: string): Promise<boolean>
  clearError(): void
  clear(): void
}

export type MedpayStore = StoreApi<MedpayState>

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

const publicJwk = ({ kty, crv, x, y }: EcPrivateJwk): EcPublicJwk => ({ kty, crv, x, y })

/** A relative's codes carry their data: on disk only sealed to the wallet's vault (as 亮证 sets are). */
function withoutSecrets(b: StoredPurposeBatch): StoredPurposeBatch {
  return b.sealed ? { ...b, sets: b.sets.map(({ key: _key, ...x }) => ({ ...x, credentials: [] })) } : b
}

/**
 * What `sealed` holds per set: its credentials and its own private key (layout 2, as the holder's
 * 亮证 sets since issue #16); a bare credential list in batches from before (bound to the device key).
 */
type SealedSet = { credentials: string[]; key?: EcPrivateJwk } | string[]
const NETWORK = new Set<ErrorCode>(['ERR_NETWORK', 'ERR_TIMEOUT'])

/** Newest first, one entry per setlId (a fresher copy replaces an older one). */
function mergeSettlements(known: MedpaySettlement[], fresh: MedpaySettlement[]): MedpaySettlement[] {
  const byId = new Map(known.map((s) => [s.setlId, s]))
  for (const s of fresh) byId.set(s.setlId, s)
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_KEPT_SETTLEMENTS)
}

/**
 * The patient's side of 医保支付: pending settlements to confirm, receipts, the personal-account
 * balance, 亲情账户 links and a relative's code. Network calls only inside actions; a failed call
 * never loses what is stored.
 */
export function createMedpayStore(deps: MedpayDeps): MedpayStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? (deps.api.simulator ? createSimulatedFaceCheck(deps.api.simulator) : platformFaceCheck)

  const store = createStore<MedpayState>()(
    persist(
      (set, get) => {
        const fail = (e: unknown): null => {
          const err = toWalletError(e)
          const code = err.code
          set({ error: code, errorRetryAfter: err.retryAfterSeconds ?? null, busy: null, offline: NETWORK.has(code) })
          return null
        }

        /** The wallet's holder; stored data of another holder is dropped first. */
        const who = () => {
          const w = deps.wallet.getState()
          if (!w.holder) throw new WalletError('ERR_UNAUTHORIZED')
          if (get().ownerHolderId !== w.holder.holderId) set({ ...MEDPAY_DEFAULTS, ownerHolderId: w.holder.holderId, relativeCode: null, relativeLinks: [] })
          return w.holder
        }

        const newKey = async () => 'mp-' + base64urlEncode(await deps.randomBytes(18))

        const keep = (s: MedpaySettlement) => set((st) => ({ settlements: mergeSettlements(st.settlements, [s]) }))

        return {
          ...MEDPAY_DEFAULTS,
          busy: null,
          error: null,
          errorRetryAfter: null,
          offline: false,
          storageProblem: null,
          familyFace: null,
          relativeCode: null,
          relativeLinks: [],

          async refresh() {
            try {
              who()
              set({ busy: get().busy ?? 'refresh' })
              const [account, list, links] = await Promise.all([
                deps.api.medpay.account(await deps.wallet.getState().holderAuth()),
                deps.api.medpay.listSettlements(await deps.wallet.getState().holderAuth()),
                deps.api.medpay.familyLinks(await deps.wallet.getState().holderAuth())
              ])
              // Codes of a relative whose link ended are of no use any more: dropped from this phone.
              const live = new Set(links.items.filter((l) => l.status === 'active').map((l) => l.linkId))
              set((s) => ({
                account,
                settlements: mergeSettlements(s.settlements, list.items),
                familyLinks: links.items,
                familyBatches: Object.fromEntries(Object.entries(s.familyBatches).filter(([id]) => live.has(id))),
                relativeCode: s.relativeCode && !live.has(s.relativeCode.linkId) ? null : s.relativeCode,
                refreshedAt: deps.now(),
                busy: s.busy === 'refresh' ? null : s.busy,
                offline: false,
                error: s.error && NETWORK.has(s.error) ? null : s.error
              }))
              return true
            } catch (e) {
              const err = toWalletError(e)
              const code = err.code
              // A background refresh that fails while a payment is being sent says nothing: the
              // payment's own answer decides what the patient sees (else "不确定是否已支付" while it still pays).
              set((s) => (s.busy === 'confirm' ? { offline: NETWORK.has(code) } : { error: code, errorRetryAfter: err.retryAfterSeconds ?? null, offline: NETWORK.has(code), busy: s.busy === 'refresh' ? null : s.busy }))
              return false
            }
          },

          pending() {
            // Mine to confirm: my own visits, and a relative's that my account pays.
            return get().settlements.filter((s) => s.status === 'pending' && (s.viewerRole === 'payer' || !s.familyPayerName))
          },

          async confirm(setlId, grant) {
            try {
              who()
              // No payment without the holder's PIN: the lock, not the page, decides.
              if (!deps.wallet.getState().consumeGrant(grant)) throw new WalletError('ERR_LOCKED', { detail: 'no-authorization' })
              const inFlight = get().confirming
              const key = inFlight?.setlId === setlId ? inFlight.key : await newKey()
              // Kept before sending: after a crash or a lost answer the retry uses the same key.
              set({ confirming: { setlId, key }, busy: 'confirm', error: null })
              const settled = await deps.api.medpay.confirm(await deps.wallet.getState().holderAuth(), setlId, key)
              keep(settled)
              set({ confirming: null, busy: null, offline: false })
              // The new balance; a failure here leaves the receipt in place.
              void get().refresh()
              return settled
            } catch (e) {
              return fail(e)
            }
          },

          async decline(setlId) {
            try {
              who()
              set({ busy: 'decline', error: null, errorRetryAfter: null })
              const declined = await deps.api.medpay.decline(await deps.wallet.getState().holderAuth(), setlId)
              keep(declined)
              set({ busy: null })
              return declined
            } catch (e) {
              return fail(e)
            }
          },

          async beginFamilyLink(name, idNumber, relation) {
            try {
              set({ busy: 'link', error: null, errorRetryAfter: null })
              who()
              const subject = { name: name.trim(), idNumber: idNumber.trim().toUpperCase() }
              // A consent session: passing it links the relative, it never signs them in here.
              const s = await deps.api.medpay.startFamilyConsent(await deps.wallet.getState().holderAuth(), subject)
              set({ familyFace: { sessionId: s.sessionId, relation, ...subject }, busy: null })
              // A platform face UI (WeChat, Alipay) runs now, for the relative; the simulated page waits for a tap.
              if (faceCheck.native) return (await get().finishFamilyLink()) !== null
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async finishFamilyLink(passed) {
            const face = get().familyFace
            try {
              who()
              if (!face) throw new WalletError('ERR_FACE_CHECK_FAILED', { detail: 'no-session' })
              set({ busy: 'link', error: null, errorRetryAfter: null })
              // The relative's own check; its ticket is their consent, redeemed by the service into the
              // link. No token of the relative's exists on this phone at any point.
              const outcome = await faceCheck.checkFace({ sessionId: face.sessionId, name: face.name, idNumber: face.idNumber, simulatedPassed: passed })
              if (!outcome.passed) {
                // Closed UI: nothing to report; a failed or missing face check: no ticket, no link.
                set({ familyFace: null, busy: null, error: outcome.reason === 'cancelled' ? null : 'ERR_FACE_CHECK_FAILED' })
                return null
              }
              const link = await deps.api.medpay.linkFamily(await deps.wallet.getState().holderAuth(), { faceSessionId: face.sessionId, relation: face.relation, proof: outcome.proof })
              set((s) => ({ familyLinks: [...s.familyLinks.filter((l) => l.linkId !== link.linkId), link], familyFace: null, busy: null }))
              void get().fetchFamilyCodes(link.linkId)
              return link
            } catch (e) {
              set({ familyFace: null })
              return fail(e)
            }
          },

          cancelFamilyLink() {
            set({ familyFace: null, busy: null })
          },

          async fetchFamilyCodes(linkId) {
            try {
              who()
              const key = deps.wallet.getState().deviceKey
              const trustJws = deps.wallet.getState().trust.trustList?.jws
              if (!key) throw new WalletError('ERR_UNAUTHORIZED', { detail: 'device-key' })
              if (!trustJws) throw new WalletError('ERR_TRUST_LIST_MISSING')
              const trust = await verifyTrustList(trustJws, deps.rootKeys, deps.backend, nowSec())
              // A fresh key per set, made here, as for the holder's own 亮证 sets: two of a relative's
              // codes share no key with each other or with the payer's phone. The call is DPoP-signed
              // by the device key, which is how the platform records these keys as this phone's.
              const setKeys = await newSetKeys(key.crv, FAMILY_BATCH_SIZE, deps.randomBytes)
              const setPublic = setKeys.map(publicJwk)
              const batch = await deps.api.medpay.familyCredentials(await deps.wallet.getState().holderAuth(), linkId, { deviceKey: publicJwk(key), setKeys: setPublic })
              const checked = await checkPurposeBatch(batch, { purpose: 'pharmacy', deviceKey: publicJwk(key), setKeys: setPublic, registry: deps.registry, trust, backend: deps.backend, now: nowSec() }, deps.now())
              const withKeys = { ...checked, sets: checked.sets.map((x, i) => ({ ...x, key: setKeys[i] })) }
              const sealed = await deps.wallet.getState().sealSecret(withKeys.sets.map((x): SealedSet => ({ credentials: x.credentials, key: x.key })))
              set((s) => ({ familyBatches: { ...s.familyBatches, [linkId]: { ...withKeys, sealed } }, offline: false }))
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async presentRelative(linkId) {
            try {
              who()
              const key = deps.wallet.getState().deviceKey
              if (!key) throw new WalletError('ERR_UNAUTHORIZED', { detail: 'device-key' })
              const batch = get().familyBatches[linkId]
              if (!batch || usableSetCount(batch, nowSec()) === 0) {
                if (!(await get().fetchFamilyCodes(linkId))) return null
              }
              let b = get().familyBatches[linkId]
              if (b.sealed && b.sets.some((x) => x.credentials.length === 0)) {
                // Stored sealed (after a restart): opened with the unlocked wallet's vault.
                const opened = deps.wallet.getState().openSecret<SealedSet[]>(b.sealed)
                if (!opened || opened.length !== b.sets.length) throw new WalletError('ERR_LOCKED')
                b = {
                  ...b,
                  sets: b.sets.map((x, i) => {
                    const o = opened[i]
                    return Array.isArray(o) ? { ...x, credentials: o } : { ...x, credentials: o.credentials, ...(o.key ? { key: o.key } : {}) }
                  })
                }
              }
              const next = nextUsableSet(b, nowSec())
              if (!next) throw new WalletError('ERR_CERT_EXPIRED')
              const now = nowSec()
              // Signed by the set's own key (layout 2); a batch from before set keys: the device key.
              const text = await createPresentation({ credentials: next.credentials, deviceKey: next.key ?? key, now, backend: deps.backend })
              const code: RelativeCode = { linkId, text, presentedAt: now }
              set((s) => ({ relativeCode: code, error: null, familyBatches: { ...s.familyBatches, [linkId]: { ...b, cursor: (next.index + 1) % b.sets.length } } }))
              return code
            } catch (e) {
              set({ relativeCode: null })
              return fail(e)
            }
          },

          endRelativeCode() {
            set({ relativeCode: null })
          },

          async refreshRelativeLinks() {
            try {
              who()
              const { items } = await deps.api.medpay.relativeLinks(await deps.wallet.getState().holderAuth())
              set({ relativeLinks: items, offline: false })
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async endRelativeLink(linkId) {
            try {
              who()
              set({ busy: 'link', error: null, errorRetryAfter: null })
              const ended = await deps.api.medpay.endRelativeLink(await deps.wallet.getState().holderAuth(), linkId)
              set((s) => ({ relativeLinks: s.relativeLinks.map((l) => (l.linkId === ended.linkId ? ended : l)), busy: null }))
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          clearError() {
            set({ error: null, errorRetryAfter: null })
          },

          clear() {
            set({ ...MEDPAY_DEFAULTS, familyFace: null, relativeCode: null, relativeLinks: [], error: null, errorRetryAfter: null, busy: null })
          }
        }
      },
      persistedOptions<MedpayState, PersistedMedpay>({
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
