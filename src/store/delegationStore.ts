import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist, type StateStorage } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { ApiClient } from '../services/api/client'
import type { DelegationLink } from '../services/api/types'
import { createPresentation } from '../services/presentation'
import { verifyTrustList } from '../services/trust/verifyTrustList'
import { isObject } from '../services/encoding'
import { checkPurposeBatch, newSetKeys, nextUsableSet, usableSetCount, type StoredPurposeBatch } from '../services/wallet/purposeCredentials'
import type { CertModule, PurposeId } from '../certs/types'
import { isPurposeId } from '../vocabulary/purposes'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import type { WalletState } from './walletStore'
import { persistedOptions } from './persisted'

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

export interface DelegationDeps {
  api: { delegation: DelegationApi } & Partial<Pick<ApiClient, 'simulator'>>
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  backend: CryptoBackend
  registry: { modules: readonly CertModule[] }
  rootKeys: readonly EcPublicJwk[]
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: StateStorage
  storageKey?: string
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

export interface DelegationState extends PersistedDelegation {
  busy: 'consent' | 'link' | 'end' | 'fetch' | null
  error: ErrorCode | null
  /** The relative's face check is due (name and number kept only in memory). */
  consent: { sessionId: string; name: string; idNumber: string; purposes: PurposeId[]; relation: DelegationRelation } | null
  qr: DelegatedQr | null
  storageProblem: string | null
  /** Lists the links (both sides). */
  refresh(): Promise<boolean>
  /** Opens the relative's consent face session for `purposes`. */
  beginConsent(name: string, idNumber: string, purposes: PurposeId[], relation: DelegationRelation): Promise<boolean>
  /** The relative's own face check; its ticket is redeemed by the platform into the link. */
  finishConsent(simulatedPassed?: boolean): Promise<DelegationLink | null>
  cancelConsent(): void
  /** Either side ends a link; the relative's credentials leave this phone. */
  end(linkId: string): Promise<boolean>
  /** Fetches the relative's credentials for the link's purposes (or `purposes`). */
  fetchCredentials(linkId: string, purposes?: PurposeId[]): Promise<boolean>
  /** A 代为出示 QR for the relative, from a stored set (offline); null and `error` on failure. */
  present(linkId: string, purpose: PurposeId): Promise<DelegatedQr | null>
  endPresentation(): void
  clearError(): void
  clear(): void
}

export type DelegationStore = StoreApi<DelegationState>

/** Active links where this holder presents for a relative. */
export function agentLinks(s: Pick<DelegationState, 'links'>): DelegationLink[] {
  return s.links.filter((l) => l.role === 'agent' && l.status === 'active')
}

const publicJwk = ({ kty, crv, x, y }: EcPublicJwk): EcPublicJwk => ({ kty, crv, x, y })

function withoutSecrets(b: StoredPurposeBatch): StoredPurposeBatch {
  return b.sealed ? { ...b, sets: b.sets.map(({ key: _key, ...x }) => ({ ...x, credentials: [] })) } : b
}

function stripAll(batches: PersistedDelegation['batches']): PersistedDelegation['batches'] {
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

export function createDelegationStore(deps: DelegationDeps): DelegationStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? (deps.api.simulator ? createSimulatedFaceCheck(deps.api.simulator) : platformFaceCheck)

  const store = createStore<DelegationState>()(
    persist(
      (set, get) => {
        const fail = (e: unknown): null => {
          set({ error: toWalletError(e).code, busy: null })
          return null
        }
        /** The wallet's holder; stored links and sets of another holder are dropped first. */
        const who = () => {
          const w = deps.wallet.getState()
          if (!w.holder) throw new WalletError('ERR_UNAUTHORIZED')
          if (get().ownerHolderId !== w.holder.holderId) set({ ...DELEGATION_DEFAULTS, ownerHolderId: w.holder.holderId, qr: null, consent: null })
          return w.holder
        }
        const dropLink = (linkId: string) =>
          set((s) => {
            const batches = { ...s.batches }
            delete batches[linkId]
            return { batches, qr: s.qr?.linkId === linkId ? null : s.qr }
          })
        const keepLink = (link: DelegationLink) => set((s) => ({ links: [link, ...s.links.filter((l) => l.linkId !== link.linkId)] }))

        return {
          ...DELEGATION_DEFAULTS,
          busy: null,
          error: null,
          consent: null,
          qr: null,
          storageProblem: null,

          async refresh() {
            try {
              who()
              const { items } = await deps.api.delegation.list(await deps.wallet.getState().holderAuth())
              set({ links: items })
              // A link ended by the other side takes its credentials off this phone.
              for (const l of items) if (l.status !== 'active' && get().batches[l.linkId]) dropLink(l.linkId)
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async beginConsent(name, idNumber, purposes, relation) {
            try {
              set({ busy: 'consent', error: null })
              who()
              if (!purposes.length) throw new WalletError('ERR_BAD_REQUEST', { detail: 'purposes' })
              const subject = { name: name.trim(), idNumber: idNumber.trim().toUpperCase() }
              const s = await deps.api.delegation.startConsent(await deps.wallet.getState().holderAuth(), { ...subject, purposes })
              set({ consent: { sessionId: s.sessionId, ...subject, purposes: [...purposes], relation }, busy: null })
              if (faceCheck.native) return (await get().finishConsent()) !== null
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async finishConsent(simulatedPassed) {
            const c = get().consent
            try {
              who()
              if (!c) throw new WalletError('ERR_FACE_CHECK_FAILED', { detail: 'no-session' })
              set({ busy: 'link', error: null })
              const outcome = await faceCheck.checkFace({ sessionId: c.sessionId, name: c.name, idNumber: c.idNumber, simulatedPassed })
              if (!outcome.passed) {
                set({ consent: null, busy: null, error: outcome.reason === 'cancelled' ? null : 'ERR_FACE_CHECK_FAILED' })
                return null
              }
              const link = await deps.api.delegation.create(await deps.wallet.getState().holderAuth(), { faceSessionId: c.sessionId, relation: c.relation, proof: outcome.proof })
              keepLink(link)
              set({ consent: null, busy: null })
              await get().fetchCredentials(link.linkId)
              return link
            } catch (e) {
              set({ consent: null })
              return fail(e)
            }
          },

          cancelConsent() {
            set({ consent: null, busy: null })
          },

          async end(linkId) {
            try {
              who()
              set({ busy: 'end', error: null })
              const ended = await deps.api.delegation.end(await deps.wallet.getState().holderAuth(), linkId)
              keepLink(ended)
              dropLink(linkId)
              set({ busy: null })
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async fetchCredentials(linkId, purposes) {
            try {
              who()
              const link = get().links.find((l) => l.linkId === linkId && l.role === 'agent')
              if (!link) throw new WalletError('ERR_NOT_FOUND', { detail: 'delegation' })
              if (link.status !== 'active') throw new WalletError('ERR_DELEGATION_ENDED')
              const w = deps.wallet.getState()
              if (w.locked || !w.devicePublicKey) throw new WalletError('ERR_LOCKED')
              const trustJws = w.trust.trustList?.jws
              if (!trustJws) throw new WalletError('ERR_TRUST_LIST_MISSING')
              set({ busy: 'fetch', error: null })
              const trust = await verifyTrustList(trustJws, deps.rootKeys, deps.backend, nowSec())
              const device = publicJwk(w.devicePublicKey)
              for (const purpose of (purposes ?? link.purposes).filter((p): p is PurposeId => isPurposeId(p))) {
                const keys = await newSetKeys(device.crv, DELEGATION_BATCH_SIZE, deps.randomBytes)
                const setKeys = keys.map(publicJwk)
                const batch = await deps.api.delegation.credentials(await deps.wallet.getState().holderAuth(), linkId, { purpose, deviceKey: device, setKeys })
                // Checked as a verifier would, and every credential must name this link (layout 3).
                const checked = await checkPurposeBatch(batch, { purpose, deviceKey: device, setKeys, registry: deps.registry, trust, backend: deps.backend, now: nowSec(), agentLinkId: linkId }, deps.now())
                const withKeys = { ...checked, sets: checked.sets.map((x, i) => ({ ...x, key: keys[i] })) }
                const sealed = await deps.wallet.getState().sealSecret(withKeys.sets.map((x) => ({ credentials: x.credentials, key: x.key })))
                set((s) => ({ batches: { ...s.batches, [linkId]: { ...s.batches[linkId], [purpose]: { ...withKeys, sealed } } } }))
              }
              set({ busy: null })
              return true
            } catch (e) {
              const code = toWalletError(e).code
              // The link was ended on the other side: say so and forget its credentials.
              if (code === 'ERR_DELEGATION_ENDED') {
                dropLink(linkId)
                void get().refresh()
              }
              fail(e)
              return false
            }
          },

          async present(linkId, purpose) {
            try {
              who()
              const link = get().links.find((l) => l.linkId === linkId && l.role === 'agent')
              if (!link || link.status !== 'active') throw new WalletError('ERR_DELEGATION_ENDED')
              if (!(link.purposes as string[]).includes(purpose)) throw new WalletError('ERR_DELEGATION_SCOPE')
              if (deps.wallet.getState().locked) throw new WalletError('ERR_LOCKED')
              const stored = get().batches[linkId]?.[purpose]
              if (!stored || usableSetCount(stored, nowSec()) === 0) {
                if (!(await get().fetchCredentials(linkId, [purpose]))) return null
              }
              let b = get().batches[linkId]![purpose]!
              if (b.sealed && b.sets.some((x) => x.credentials.length === 0)) {
                const opened = deps.wallet.getState().openSecret<{ credentials: string[]; key?: EcPrivateJwk }[]>(b.sealed)
                if (!opened || opened.length !== b.sets.length) throw new WalletError('ERR_LOCKED')
                b = { ...b, sets: b.sets.map((x, i) => ({ ...x, credentials: opened[i].credentials, ...(opened[i].key ? { key: opened[i].key } : {}) })) }
              }
              const now = nowSec()
              const next = nextUsableSet(b, now)
              if (!next || !next.key) throw new WalletError('ERR_CERT_EXPIRED')
              const text = await createPresentation({ credentials: next.credentials, deviceKey: next.key, now, backend: deps.backend })
              const qr: DelegatedQr = { linkId, purpose, text, presentedAt: now }
              set((s) => ({ qr, error: null, batches: { ...s.batches, [linkId]: { ...s.batches[linkId], [purpose]: { ...b, cursor: (next.index + 1) % b.sets.length } } } }))
              return qr
            } catch (e) {
              set({ qr: null })
              return fail(e)
            }
          },

          endPresentation() {
            set({ qr: null })
          },

          clearError() {
            set({ error: null })
          },

          clear() {
            set({ ...DELEGATION_DEFAULTS, busy: null, error: null, consent: null, qr: null })
          }
        }
      },
      persistedOptions<DelegationState, PersistedDelegation>({
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
