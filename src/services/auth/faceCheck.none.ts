import type { FaceCheckApi } from './faceCheck.types'

/**
 * No platform face API (H5 in a browser, Node): the check is `unavailable`. With the simulator the
 * stores use its face page instead (faceCheck.simulated.ts); a real H5 deployment would redirect to
 * the provincial platform's H5 face check and carry its ticket back the same way.
 */
export const noFaceCheck: FaceCheckApi = {
  native: false,
  async checkFace(req) {
    return { passed: false, sessionId: req.sessionId, reason: 'unavailable' }
  }
}
