import type { FaceProof } from '../api/types'

/**
 * 实名认证 (real-name face check) before 领证, one adapter per platform beside this type:
 * `faceCheck.weapp.ts` (wx.startFacialRecognitionVerify), `faceCheck.alipay.ts` (my.ap.faceVerify);
 * `faceCheck.h5.ts` / `faceCheck.ts` have no platform face API. While the simulator answers, every
 * platform uses the simulator's face page instead (`createSimulatedFaceCheck`), which asks the
 * simulator for the ticket the platform would give.
 *
 * A pass carries the platform's ticket untouched (WeChat `verifyResult`, Alipay `zimId`); the
 * phone never decides that a check passed: the government API redeems the ticket with the
 * platform server-side (mock/simulator/facePlatform.ts says how, and simulates it).
 */
export interface FaceCheckRequest {
  /** The government API's face session this check belongs to (Alipay's bizId). */
  sessionId: string
  name: string
  idNumber: string
  /**
   * The simulator's face page only: the outcome picked there (模拟核验通过 / 失败).
   * Platform adapters ignore it: their own face UI decides.
   */
  simulatedPassed?: boolean
}

export type FaceCheckOutcome =
  | {
      passed: true
      sessionId: string
      /** The platform's ticket, for the server to redeem. */
      proof: FaceProof
    }
  | {
      passed: false
      sessionId: string
      /** `cancelled`: the person closed the face UI; `failed`: the face did not match; `unavailable`: no face API here. */
      reason: 'cancelled' | 'failed' | 'unavailable'
      platformCode?: string
    }

export interface FaceCheckApi {
  /**
   * True when the platform shows its own face UI (WeChat, Alipay): the wallet runs the check right
   * after opening the session. False for the simulator's face page, whose buttons decide.
   */
  readonly native: boolean
  checkFace(req: FaceCheckRequest): Promise<FaceCheckOutcome>
}
