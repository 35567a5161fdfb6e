import type { ApiClient } from '../../src/services/api/client'
import type { FaceProof, FaceSessionResult } from '../../src/services/api/types'

/** The ticket fields of a simulated face check, as the client sends them. */
export function proofFrom(r: { verifyResult?: string; zimId?: string }): FaceProof {
  if (r.verifyResult) return { verifyResult: r.verifyResult }
  if (r.zimId) return { zimId: r.zimId }
  throw new Error('no face ticket')
}

/**
 * Signs in over HTTP as the app does with the simulator: a face session, the simulated platform's
 * ticket (`/__mock/face-checks`), the ticket redeemed by the API.
 */
export async function signInOverApi(api: Pick<ApiClient, 'startFaceSession' | 'completeFaceSession' | 'simulator'>, name: string, idNumber: string): Promise<FaceSessionResult> {
  const s = await api.startFaceSession(name, idNumber)
  const ticket = await api.simulator.faceCheck({ sessionId: s.sessionId, name, idNumber, passed: true })
  return api.completeFaceSession(s.sessionId, proofFrom(ticket))
}
