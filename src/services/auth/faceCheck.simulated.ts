import { isWalletError } from '../errors'
import type { SimulatedFaceCheckRequest, SimulatedFaceCheckResult } from '../api/types'
import type { FaceCheckApi } from './faceCheck.types'

/** The simulator's face page as the API client reaches it (`api.simulator`). */
export interface SimulatedFacePage {
  faceCheck(input: SimulatedFaceCheckRequest): Promise<SimulatedFaceCheckResult>
}

/**
 * The simulator's face page inside the app (H5, and every platform while the simulator answers).
 * The tester picks the outcome (模拟核验通过 / 模拟核验失败); on a pass the simulator, playing the
 * WeChat/Alipay face back end, issues the ticket the platform would (`platform` picks whose field:
 * WeChat verifyResult or Alipay zimId), and the wallet hands it to the government API exactly as it
 * would a real one. A fail asks nothing: there is no ticket to get.
 */
export function createSimulatedFaceCheck(page: SimulatedFacePage, platform: 'wechat' | 'alipay' = 'wechat'): FaceCheckApi {
  return {
    native: false,
    async checkFace(req) {
      if (req.simulatedPassed !== true) return { passed: false, sessionId: req.sessionId, reason: 'failed' }
      let r: SimulatedFaceCheckResult
      try {
        r = await page.faceCheck({ platform, sessionId: req.sessionId, name: req.name, idNumber: req.idNumber, passed: true })
      } catch (e) {
        // The simulated platform's own "face does not match" (e.g. a name nobody holds).
        if (isWalletError(e) && e.code === 'ERR_FACE_CHECK_FAILED') return { passed: false, sessionId: req.sessionId, reason: 'failed' }
        throw e
      }
      if (r.verifyResult) return { passed: true, sessionId: req.sessionId, proof: { verifyResult: r.verifyResult } }
      if (r.zimId) return { passed: true, sessionId: req.sessionId, proof: { zimId: r.zimId } }
      return { passed: false, sessionId: req.sessionId, reason: 'failed' }
    }
  } satisfies FaceCheckApi
}
