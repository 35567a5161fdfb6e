import type { ApiClient } from '../../src/services/api/client'
import type { FaceProof, FaceSessionResult } from '../../src/services/api/types'
import { holderAuthOf, type HolderAuth } from '../../src/services/api/holderAuth'
import { signedInAuths, testDevice, type TestDevice } from './holderAuth'

/** The ticket fields of a simulated face check, as the client sends them. */
export function proofFrom(r: { verifyResult?: string; zimId?: string }): FaceProof {
  if (r.verifyResult) return { verifyResult: r.verifyResult }
  if (r.zimId) return { zimId: r.zimId }
  throw new Error('no face ticket')
}

/**
 * Signs in over HTTP as the app does with the simulator: a face session, the simulated platform's
 * ticket (`/__mock/face-checks`), the ticket redeemed by the API with the device key and a DPoP proof by it (default a
 * fresh one on the real clock: pass `testDevice({ now })` when the simulator runs on another).
 * `auth` is what holder calls take (DPoP-bound token + proofs by that key).
 */
export async function signInOverApi(
  api: Pick<ApiClient, 'startFaceSession' | 'completeFaceSession' | 'simulator'>,
  name: string,
  idNumber: string,
  device: TestDevice = testDevice()
): Promise<FaceSessionResult & { auth: HolderAuth; device: TestDevice }> {
  const s = await api.startFaceSession(name, idNumber)
  const ticket = await api.simulator.faceCheck({ sessionId: s.sessionId, name, idNumber, passed: true })
  const r = await api.completeFaceSession(s.sessionId, proofFrom(ticket), device.publicJwk, device.sign)
  const auth = holderAuthOf(r.holderToken, device.sign)
  signedInAuths.set(r.holderId, auth)
  return { ...r, auth, device }
}
