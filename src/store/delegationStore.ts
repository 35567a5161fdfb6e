import type { StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError } from '../services/errors'
import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { DelegationLink } from '../services/api/types'
import { createPresentation } from '../services/presentation/presentation'
import { verifyTrustList } from '../services/trust/verifyTrustList'
import { checkPurposeBatch, newSetKeys, nextUsableSet, usableSetCount } from '../services/wallet/purposeCredentials'
import type { PurposeId } from '../certs/types'
import { isPurposeId } from '../vocabulary/purposes'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import {
  createDelegationCore,
  delegationOwner,
  dropLink,
  DELEGATION_BATCH_SIZE,
  type DelegatedQr,
  type DelegationCoreState,
  type DelegationCoreStore,
  type DelegationDeps,
  type DelegationRelation
} from './delegationCore'

export * from './delegationCore'

/**
 * 家人代办's actions (add a relative with their own face check, end a link, fetch the relative's
 * credentials, 代为出示), apart from the store's main-package part (delegationCore.ts): only
 * subpackage code imports this file (src/store/featureStores.ts; test/architecture checks), so the
 * WeChat main package does not carry them (issue #12).
 */
export interface DelegationActions {
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
}

export type DelegationState = DelegationCoreState & DelegationActions
export type DelegationStore = StoreApi<DelegationState>

const publicJwk = ({ kty, crv, x, y }: EcPublicJwk): EcPublicJwk => ({ kty, crv, x, y })

/** Adds the actions to the store (the same store: its state, subscribers and persistence stay). */
export function withDelegationActions(core: DelegationCoreStore, deps: DelegationDeps): DelegationStore {
  const store = core as DelegationStore
  if ('present' in store.getState()) return store
  const get = store.getState
  const set = store.setState
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? (deps.api.simulator ? createSimulatedFaceCheck(deps.api.simulator) : platformFaceCheck)
  const fail = (e: unknown): null => {
    set({ error: toWalletError(e).code, busy: null })
    return null
  }
  const who = () => delegationOwner(store, deps.wallet)
  const keepLink = (link: DelegationLink) => set((s) => ({ links: [link, ...s.links.filter((l) => l.linkId !== link.linkId)] }))

  const actions: DelegationActions = {
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
        dropLink(store, linkId)
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
          dropLink(store, linkId)
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
    }
  }
  set(actions)
  return store
}

/** The whole 家人代办 store (tests, and `featureStores.ts` over the app's one core store). */
export function createDelegationStore(deps: DelegationDeps): DelegationStore {
  return withDelegationActions(createDelegationCore(deps), deps)
}
