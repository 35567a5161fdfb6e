/**
 * 实名认证 (real-name face check) before 领证, one adapter per platform beside this type:
 * `faceCheck.weapp.ts` (wx.startFacialRecognitionVerify), `faceCheck.alipay.ts` (my.ap.faceVerify)
 * and `faceCheck.h5.ts` / `faceCheck.ts` (the simulator's face page inside the app, where the
 * tester picks the outcome). The wallet store opens a face session with the government API first
 * and reports the adapter's outcome back on that session.
 */
export interface FaceCheckRequest {
  /** The government API's face session this check belongs to. */
  sessionId: string
  name: string
  idNumber: string
  /**
   * In-app simulated check only (H5, tests): the outcome picked on the simulator's face page.
   * Platform adapters ignore it: their own face UI decides.
   */
  simulatedPassed?: boolean
}

export type FaceCheckOutcome =
  | {
      passed: true
      sessionId: string
      /** The platform's proof of the check (WeChat verifyResult, Alipay zimId), for the server to confirm. */
      platformProof?: string
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
   * after opening the session. False for the in-app simulated page (H5), whose buttons decide.
   */
  readonly native: boolean
  checkFace(req: FaceCheckRequest): Promise<FaceCheckOutcome>
}
