import type { StoreApi } from 'zustand/vanilla'
import { toWalletError } from '../services/errors'
import type { CryptoBackend } from '../services/crypto/types'
import { createPresentation } from '../services/presentation/presentation'
import { nextUsableSet } from '../services/wallet/purposeCredentials'
import type { PurposeId } from '../certs/types'
import {
  createPresentationCore,
  presentationOwner,
  type CurrentQr,
  type PresentationCoreState,
  type PresentationCoreStore,
  type PresentationDeps
} from './presentationCore'

export * from './presentationCore'

/**
 * 亮证's QR making, apart from the store's main-package part (presentationCore.ts): only subpackage
 * code imports this file (src/store/featureStores.ts, test/architecture checks), so the CW1 encoder
 * stays out of the WeChat main package (issue #12).
 */
export interface PresentationActions {
  /** Makes a fresh QR (offline: a stored set + a new device proof) for `purpose`; null on failure. */
  present(purpose: PurposeId): Promise<CurrentQr | null>
}

export type PresentationState = PresentationCoreState & PresentationActions
export type PresentationStore = StoreApi<PresentationState>

/** Adds `present` to the store (the same store: its state, subscribers and persistence stay). */
export function withPresent(store: PresentationCoreStore, deps: Pick<PresentationDeps, 'wallet' | 'now'> & { backend: CryptoBackend }): PresentationStore {
  const full = store as PresentationStore
  if ('present' in full.getState()) return full
  const get = full.getState
  const set = full.setState
  const nowSec = () => Math.floor(deps.now() / 1000)
  const actions: PresentationActions = {
    async present(purpose) {
      const who = presentationOwner(store, deps.wallet)
      if (!who) {
        set({ error: 'ERR_UNAUTHORIZED', qr: null })
        return null
      }
      // Signing the device proof needs the private key, which only an unlocked wallet holds.
      const deviceKey = deps.wallet.getState().deviceKey
      if (!deviceKey) {
        set({ error: 'ERR_LOCKED', qr: null })
        return null
      }
      const batch = get().batches[purpose]
      if (!batch) {
        // Nothing stored: say why the fetch failed (offline, server down), else that none is stored yet.
        set({ error: get().fetchErrors[purpose] ?? 'ERR_NETWORK', qr: null })
        return null
      }
      const now = nowSec()
      const next = nextUsableSet(batch, now)
      if (!next) {
        set({ error: 'ERR_CERT_EXPIRED', qr: null })
        return null
      }
      if (next.credentials.length === 0) {
        // Sealed and not opened: the wallet's vault did not open them (locked or replaced).
        set({ error: 'ERR_LOCKED', qr: null })
        return null
      }
      try {
        const nonce = get().challenge
        // The set's own key signs the proof (a set from before set keys: the device key).
        const text = await createPresentation({ credentials: next.credentials, deviceKey: next.key ?? deviceKey, now, nonce: nonce ?? undefined, backend: deps.backend })
        const qr: CurrentQr = { purpose, text, presentedAt: now, nonce, setIndex: next.index }
        set((s) => {
          const b = s.batches[purpose]
          return { qr, error: null, batches: b ? { ...s.batches, [purpose]: { ...b, cursor: (next.index + 1) % b.sets.length } } : s.batches }
        })
        return qr
      } catch (e) {
        set({ error: toWalletError(e).code, qr: null })
        return null
      }
    }
  }
  set(actions)
  return full
}

/** The whole 亮证 store (tests, and `featureStores.ts` over the app's one core store). */
export function createPresentationStore(deps: PresentationDeps): PresentationStore {
  return withPresent(createPresentationCore(deps), deps)
}
