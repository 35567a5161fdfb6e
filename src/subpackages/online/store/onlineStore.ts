import { createStore, type StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { CryptoBackend, EcPublicJwk } from '../../../services/crypto/types'
import { verifyInstitutionRegistry } from '../../../services/institution/registry'
import { assertCallerRegistered, assertRequestSource, callerResult, createOnlineResponse, disclosurePlan, requestText, requestUriOf, verifyAuthorizationRequest, type CallerRequest, type CallerStatus, type ConsentView, type JweBackend } from '../../../services/online'
import { nextUsableSet } from '../../../services/wallet/purposeCredentials'
import type { CertModule, PurposeId } from '../../../certs/types'
import type { WalletState } from '../../../store/walletStore'
import type { PresentationCoreState as PresentationState } from '../../../store/presentationCore'

export interface OnlineDeps {
  api: Pick<ApiClient, 'institutionRegistry' | 'issuePairwiseSubject'>
  /** POSTs JSON to the RP's registered response_uri (src/services/api/directPost). */
  post(url: string, body: Record<string, unknown>): Promise<void>
  /** GETs a signed request by reference (a QR's `request_uri`). */
  fetchRequest(url: string): Promise<string>
  wallet: Pick<StoreApi<Pick<WalletState, 'holder' | 'holderAuth' | 'deviceKey' | 'devicePublicKey' | 'consumeGrant'>>, 'getState'>
  presentation: Pick<StoreApi<Pick<PresentationState, 'batches' | 'refresh'>>, 'getState'>
  backend: CryptoBackend
  jwe: JweBackend
  registry: { modules: readonly CertModule[] }
  rootKeys: readonly EcPublicJwk[]
  now: () => number
  /**
   * Same-device from another mini-program: back to the caller with the outcome
   * (`navigateBackMiniProgram({ extraData })`). Absent on H5.
   */
  returnToCaller?(extraData: Record<string, string>): Promise<void>
}

export type OnlinePhase = 'idle' | 'checking' | 'consent' | 'sending' | 'done' | 'declined' | 'refused'

export interface OnlineState {
  phase: OnlinePhase
  /** The verified request, named by the registry (set from `consent` on). */
  view: ConsentView | null
  /** Exactly what leaves: per certificate kind, its label and the field names. */
  plan: { kind: string; label: string; fields: string[] }[]
  /** Why the request was refused or the answer failed (a code; the page words it). */
  error: ErrorCode | null
  /** The mini-program that opened the wallet with this request (same-device), answered when done. */
  caller: CallerRequest | null
  /**
   * Checks a scanned, pasted or linked request: the root-signed registry first, then the request's
   * signature by the registered key, over-asking, the holder's purpose set. Nothing about the RP is
   * shown before this passes (`refused` with a code otherwise).
   */
  open(text: string, caller?: CallerRequest | null): Promise<boolean>
  /** After the PIN sheet: redeems its one-time grant, then the pairwise subject, the response, the post. */
  approve(pinGrant: string | null | undefined): Promise<boolean>
  /** The holder says no: the RP is told (`access_denied`), nothing else leaves. */
  decline(): Promise<void>
  /**
   * Back to the calling mini-program with the outcome so far (`sent`, `declined`, or `refused`
   * with the code). Done and declined go back by themselves; a refusal waits for the holder to
   * read it. Resolves false when there is no caller or the platform would not go back.
   */
  returnToCaller(): Promise<boolean>
  reset(): void
}

export type OnlineStore = StoreApi<OnlineState>

/**
 * 线上核验 on the holder's side (issue #16): request → consent → response. The answer is the same
 * key-bound presentation as the 亮证 QR, made from the stored purpose set (createOnlineResponse),
 * with the platform's pairwise subject instead of any identifier, encrypted to the RP's registered key.
 */
export function createOnlineStore(deps: OnlineDeps): OnlineStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  return createStore<OnlineState>()((set, get) => ({
    phase: 'idle',
    view: null,
    plan: [],
    error: null,
    caller: null,

    async open(text, caller = null) {
      set({ phase: 'checking', view: null, plan: [], error: null, caller })
      try {
        const registry = await verifyInstitutionRegistry((await deps.api.institutionRegistry()).registry, deps.rootKeys, deps.backend, nowSec())
        // By reference (the QR): fetched from the RP, then held to the same checks plus its source.
        const ref = requestUriOf(text)
        const view = await verifyAuthorizationRequest(ref ? requestText(await deps.fetchRequest(ref.requestUri)) : text, { registry, backend: deps.backend, nowSec: nowSec() })
        if (ref) assertRequestSource(view, ref)
        // Opened by another mini-program: only one the platform registered for this RP.
        if (caller) {
          if (!ref || ref.requestUri !== caller.requestUri) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'caller-request' })
          assertCallerRegistered(view, caller)
        }
        const purpose = view.purpose as PurposeId
        if (!deps.presentation.getState().batches[purpose]) await deps.presentation.getState().refresh({ purposes: [purpose] })
        const batch = deps.presentation.getState().batches[purpose]
        if (!batch) throw new WalletError('ERR_NOT_FOUND', { detail: 'purpose-set' })
        const plan = disclosurePlan(view, batch.kinds, deps.registry)
        set({ phase: 'consent', view, plan })
        return true
      } catch (e) {
        set({ phase: 'refused', error: toWalletError(e).code })
        return false
      }
    },

    async approve(pinGrant) {
      const { view, plan } = get()
      if (get().phase !== 'consent' || !view) return false
      set({ phase: 'sending', error: null })
      try {
        const w = deps.wallet.getState()
        // No answer without the holder's PIN: the lock, not the page, decides.
        if (!w.consumeGrant(pinGrant)) throw new WalletError('ERR_LOCKED', { detail: 'no-authorization' })
        const deviceKey = w.deviceKey
        const devicePublicKey = w.devicePublicKey
        if (!deviceKey || !devicePublicKey) throw new WalletError('ERR_HOLDER_LOCKED')
        if (nowSec() > view.exp) throw new WalletError('ERR_RP_REQUEST_EXPIRED')
        const batch = deps.presentation.getState().batches[view.purpose as PurposeId]
        const next = batch ? nextUsableSet(batch, nowSec()) : null
        if (!next || next.credentials.length === 0) throw new WalletError(next ? 'ERR_LOCKED' : 'ERR_CERT_EXPIRED')
        const auth = await w.holderAuth()
        // The set's own key (issue #16: one per set, the same mechanism as the QR) signs the
        // presentation, and the pseudonym is bound to it; a set from before set keys: the device key.
        const signer = next.key ?? deviceKey
        const { kty, crv, x, y } = next.key ?? devicePublicKey
        const { subject } = await deps.api.issuePairwiseSubject(auth, { clientId: view.rp.id, deviceKey: { kty, crv, x, y }, purpose: view.purpose, fields: plan.flatMap((p) => p.fields) })
        const { response } = await createOnlineResponse({ view, credentials: next.credentials, deviceKey: signer, pairwiseSubject: subject, now: nowSec(), backend: deps.backend, jwe: deps.jwe })
        await deps.post(view.responseUri, { response })
        set({ phase: 'done' })
        await get().returnToCaller()
        return true
      } catch (e) {
        set({ phase: 'consent', error: toWalletError(e).code })
        return false
      }
    },

    async decline() {
      const view = get().view
      set({ phase: 'declined', error: null })
      if (view) await deps.post(view.responseUri, { error: 'access_denied', state: view.state }).catch(() => undefined)
      await get().returnToCaller()
    },

    async returnToCaller() {
      const { caller, phase, view, error } = get()
      if (!caller || !deps.returnToCaller) return false
      const status: CallerStatus | null = phase === 'done' ? 'sent' : phase === 'declined' ? 'declined' : phase === 'refused' ? 'refused' : null
      if (!status) return false
      try {
        // The request's state only once it verified (a refused request's claims were never trusted).
        await deps.returnToCaller(callerResult(caller, { status, state: status === 'refused' ? undefined : view?.state, error: status === 'refused' ? error : null }))
        return true
      } catch {
        // The platform would not go back (the caller is gone): the page stays, with its outcome.
        return false
      }
    },

    reset() {
      set({ phase: 'idle', view: null, plan: [], error: null, caller: null })
    }
  }))
}
