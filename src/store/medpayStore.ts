import type { StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError } from '../services/errors'
import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { MedpayFamilyLink, MedpaySettlement } from '../services/api/types'
import { createPresentation } from '../services/presentation/presentation'
import { verifyTrustList } from '../services/trust/verifyTrustList'
import { base64urlEncode } from '../services/encoding'
import { checkPurposeBatch, newSetKeys, nextUsableSet, usableSetCount } from '../services/wallet/purposeCredentials'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import {
  createMedpayCore,
  mergeSettlements,
  FAMILY_BATCH_SIZE,
  MEDPAY_DEFAULTS,
  NETWORK,
  type FamilyRelation,
  type MedpayCoreState,
  type MedpayCoreStore,
  type MedpayDeps,
  type RelativeCode,
  type SealedSet
} from './medpayCore'

export * from './medpayCore'

/**
 * The 医保支付 store's actions (the patient's side: refresh, confirm and decline a settlement,
 * 亲情账户 links and a relative's code), apart from its main-package part (medpayCore.ts): only
 * subpackage code imports this file (src/store/featureStores.ts; test/architecture checks), so
 * the WeChat main package does not carry them (issue #12).
 */
export interface MedpayActions {
  /** Balance, this year's totals, pending and past settlements, links. A failure keeps what is stored. */
  refresh(): Promise<boolean>
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
}

export type MedpayState = MedpayCoreState & MedpayActions
export type MedpayStore = StoreApi<MedpayState>

const publicJwk = ({ kty, crv, x, y }: EcPrivateJwk): EcPublicJwk => ({ kty, crv, x, y })

/** Adds the actions to the store (the same store: its state, subscribers and persistence stay). */
export function withMedpayActions(core: MedpayCoreStore, deps: MedpayDeps): MedpayStore {
  const store = core as MedpayStore
  if ('refresh' in store.getState()) return store
  const get = store.getState
  const set = store.setState
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? (deps.api.simulator ? createSimulatedFaceCheck(deps.api.simulator) : platformFaceCheck)

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

  const actions: MedpayActions = {
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
    }
  }
  set(actions)
  return store
}

/** The whole 医保支付 store (tests, and `featureStores.ts` over the app's one core store). */
export function createMedpayStore(deps: MedpayDeps): MedpayStore {
  return withMedpayActions(createMedpayCore(deps), deps)
}
