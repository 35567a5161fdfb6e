/**
 * A holder answering a 线上核验 request the way the wallet does (check against the registry, plan
 * the disclosure, the platform's pairwise subject, the response), over an API client.
 */
import type { ApiClient } from '../../src/services/api/client'
import type { HolderAuth } from '../../src/services/api/holderAuth'
import { base64urlDecode } from '../../src/services/encoding'
import { keyPairFromSecret } from '../../src/services/crypto'
import type { EcPrivateJwk, EcPublicJwk } from '../../src/services/crypto/types'
import { certRegistry, createOnlineResponse, disclosurePlan, joseBackend, joseJwe, PINNED_ROOT_KEYS, verifyAuthorizationRequest, verifyInstitutionRegistry, type JweBackend } from '../../src/verifier'

export interface OnlineHolder {
  auth: HolderAuth
  device: { publicJwk: EcPublicJwk; privateJwk: EcPrivateJwk }
}

export async function answerOnline(api: Pick<ApiClient, 'institutionRegistry' | 'issuePurposeCredentials' | 'issuePairwiseSubject'>, holder: OnlineHolder, text: string, nowSec: number, jwe: JweBackend = joseJwe) {
  const registry = await verifyInstitutionRegistry((await api.institutionRegistry()).registry, PINNED_ROOT_KEYS, joseBackend, nowSec)
  const view = await verifyAuthorizationRequest(text, { registry, backend: joseBackend, nowSec })
  // A purpose set bound to a key of its own (as the wallet's sets are): it signs the proof, and the
  // pairwise subject is bound to it.
  const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const batch = await api.issuePurposeCredentials(holder.auth, view.purpose as never, holder.device.publicJwk, [setKey.publicJwk])
  const plan = disclosurePlan(view, batch.kinds, certRegistry)
  const fields = plan.flatMap((p) => p.fields)
  const { subject } = await api.issuePairwiseSubject(holder.auth, { clientId: view.rp.id, deviceKey: setKey.publicJwk, purpose: view.purpose, fields })
  const { response } = await createOnlineResponse({ view, credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: setKey.privateJwk, pairwiseSubject: subject, now: nowSec, backend: joseBackend, jwe })
  return { view, plan, response }
}
