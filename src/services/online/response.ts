import { WalletError, isWalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'
import { isObject, utf8Decode, utf8Encode } from '../encoding'
import { createPresentation, presentationReplayId, verifyPresentation, PROOF_WINDOW_SECONDS, type PresentationContext, type VerifiedPresentation } from '../presentation'
import { PROOF_SKEW_SECONDS } from '../presentation/presentation'
import type { ClaimValue } from '../presentation'
import type { PurposeId } from '../../certs/types'
import type { JweBackend } from './jweCore'
import { verifyPairwiseSubject } from './pseudonym'
import type { ConsentView } from './types'

/**
 * The response: the same key-bound CW1 presentation as the QR (createPresentation — the one
 * function the online flow builds on, so a change of the presentation core flows under it), whose
 * signed nonce binds the audience and the request: `<client_id>.<nonce>`. With it travel the
 * platform's pairwise subject and the request's `state`, as JSON, encrypted to the RP's key and
 * posted `direct_post.jwt` style: `{ "response": "<JWE>" }` to the registered response_uri.
 */
export const bindingNonce = (clientId: string, nonce: string): string => `${clientId}.${nonce}`

export interface ResponsePayload {
  /** Keyed by the DCQL credential query id (the purpose). */
  vp_token: Record<string, [string]>
  pairwise_subject: string
  state: string
}

/** Wallet side: builds and encrypts the response for a consented request. */
export async function createOnlineResponse(input: {
  view: Pick<ConsentView, 'rp' | 'purpose' | 'nonce' | 'state' | 'encKey'>
  credentials: Uint8Array[]
  deviceKey: EcPrivateJwk
  pairwiseSubject: string
  now: number
  backend: CryptoBackend
  jwe: JweBackend
}): Promise<{ response: string; presentation: string }> {
  const presentation = await createPresentation({
    credentials: input.credentials,
    deviceKey: input.deviceKey,
    now: input.now,
    nonce: bindingNonce(input.view.rp.id, input.view.nonce),
    backend: input.backend
  })
  const payload: ResponsePayload = { vp_token: { [input.view.purpose]: [presentation] }, pairwise_subject: input.pairwiseSubject, state: input.view.state }
  return { response: await input.jwe.encrypt(input.view.encKey, utf8Encode(JSON.stringify(payload))), presentation }
}

/** Decrypts a response and reads its parts (ERR_RP_RESPONSE_INVALID for anything else). */
export async function openOnlineResponse(jwe: unknown, key: EcPrivateJwk, backend: JweBackend): Promise<{ state: string; purpose: string; presentation: string; pairwiseSubject: string }> {
  if (typeof jwe !== 'string') throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'type' })
  const plain = await backend.decrypt(key, jwe)
  let p: unknown
  try {
    p = JSON.parse(utf8Decode(plain))
  } catch {
    throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'json' })
  }
  if (!isObject(p) || typeof p.state !== 'string' || typeof p.pairwise_subject !== 'string' || !isObject(p.vp_token)) throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'shape' })
  const entries = Object.entries(p.vp_token)
  if (entries.length !== 1 || !Array.isArray(entries[0][1]) || entries[0][1].length !== 1 || typeof entries[0][1][0] !== 'string') throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'vp_token' })
  return { state: p.state, purpose: entries[0][0], presentation: entries[0][1][0] as string, pairwiseSubject: p.pairwise_subject }
}

/** What the RP remembers of a request it made (keyed by `state`). */
export interface OpenRequest {
  clientId: string
  purpose: PurposeId
  claims: string[]
  nonce: string
  state: string
  exp: number
  /** The signed request itself, kept to answer its request_uri. */
  jws?: string
}

export interface VerifiedOnlineResponse {
  state: string
  purpose: PurposeId
  /** The pairwise subject (网号-style): stable per person at this RP. */
  subject: string
  claims: Record<string, ClaimValue>
  certs: VerifiedPresentation['certs']
  presentedAt: number
  replayId: string
}

/**
 * RP side: the whole check of a response. Decrypt → shape → the open request by `state`
 * (ERR_NOT_FOUND when unknown or already answered) → the presentation with the verifier core,
 * nonce = `<client_id>.<request nonce>` (ERR_KB_NONCE_MISMATCH otherwise), purpose the requested
 * one → only requested claims → the pairwise subject bound to the presentation's key and this RP
 * → single use of the presentation (`spend`, which may be a shared store: ERR_REPLAYED).
 */
export async function verifyOnlineResponse(
  jwe: unknown,
  ctx: Omit<PresentationContext, 'nonce' | 'purposes' | 'replay'> & {
    decryptionKey: EcPrivateJwk
    jwe: JweBackend
    requestFor(state: string): Promise<OpenRequest | null>
    /** Marks a presentation used until `expiresAt`; false when it already was (another process too). */
    spend(replayId: string, expiresAt: number): Promise<boolean>
  }
): Promise<VerifiedOnlineResponse> {
  const opened = await openOnlineResponse(jwe, ctx.decryptionKey, ctx.jwe)
  const req = await ctx.requestFor(opened.state)
  if (!req || req.state !== opened.state) throw new WalletError('ERR_NOT_FOUND', { detail: 'state' })
  if (ctx.now > req.exp + PROOF_SKEW_SECONDS) throw new WalletError('ERR_RP_REQUEST_EXPIRED')
  if (opened.purpose !== req.purpose) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'vp_token' })
  const v = await verifyPresentation(opened.presentation, { ...ctx, nonce: bindingNonce(req.clientId, req.nonce), purposes: [req.purpose] })
  const claims: Record<string, ClaimValue> = {}
  for (const c of v.certs) {
    for (const [k, val] of Object.entries(c.claims)) {
      if (!req.claims.includes(k)) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: k })
      claims[k] = val
    }
  }
  let subject
  try {
    subject = await verifyPairwiseSubject(opened.pairwiseSubject, { trust: ctx.trust, clientId: req.clientId, deviceKey: v.deviceKey, nowSec: ctx.now, backend: ctx.backend })
  } catch (e) {
    throw isWalletError(e) ? e : new WalletError('ERR_PSEUDONYM_INVALID')
  }
  const replayId = await presentationReplayId(opened.presentation, ctx.backend)
  if (!(await ctx.spend(replayId, v.presentedAt + PROOF_WINDOW_SECONDS + PROOF_SKEW_SECONDS))) throw new WalletError('ERR_REPLAYED')
  return { state: req.state, purpose: req.purpose, subject: subject.sub, claims, certs: v.certs, presentedAt: v.presentedAt, replayId }
}
