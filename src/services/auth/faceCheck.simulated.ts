import type { FaceCheckApi } from './faceCheck.types'

/**
 * The simulator's face page inside the app (H5, Node / jest). The outcome is the one picked on
 * that page (模拟核验通过 / 模拟核验失败); the government API's face session then records it,
 * exactly as it would record a platform check.
 */
export const simulatedFaceCheck: FaceCheckApi = {
  native: false,
  async checkFace(req) {
    return req.simulatedPassed === true
      ? { passed: true, sessionId: req.sessionId }
      : { passed: false, sessionId: req.sessionId, reason: 'failed' }
  }
}
