import type { FaceCheckApi, FaceCheckOutcome } from './faceCheck.types'

interface WxFaceResult {
  errCode?: number
  errMsg?: string
  verifyResult?: string
}

// NOTE: wx.startFacialRecognitionVerify needs the 微信人脸核身 permission for the mini-program's
// category (政务); without it the call fails and we report `unavailable`. Parameters as in the
// WeChat / Taro documentation: name, idCardNumber, checkAliveType (2 = screen flash first). Its
// success carries `verifyResult`, a one-time ticket the government back end redeems with WeChat
// (see mock/simulator/facePlatform.ts); the phone's own success is not trusted.
declare const wx: {
  startFacialRecognitionVerify?(o: {
    name: string
    idCardNumber: string
    checkAliveType?: number
    success(r: WxFaceResult): void
    fail(r: WxFaceResult): void
  }): void
}

/** errMsg of a face UI the person closed themselves. */
const CANCELLED = /cancel/i

export const faceCheck: FaceCheckApi = {
  native: true,
  checkFace(req) {
    return new Promise<FaceCheckOutcome>((resolve) => {
      if (typeof wx === 'undefined' || typeof wx.startFacialRecognitionVerify !== 'function') {
        resolve({ passed: false, sessionId: req.sessionId, reason: 'unavailable' })
        return
      }
      wx.startFacialRecognitionVerify({
        name: req.name,
        idCardNumber: req.idNumber,
        checkAliveType: 2,
        // The ticket goes to the server untouched; a "success" without one proves nothing.
        success: (r) =>
          resolve(
            (r.errCode === undefined || r.errCode === 0) && typeof r.verifyResult === 'string' && r.verifyResult
              ? { passed: true, sessionId: req.sessionId, proof: { verifyResult: r.verifyResult } }
              : { passed: false, sessionId: req.sessionId, reason: 'failed', platformCode: r.errCode === undefined ? 'no-verifyResult' : String(r.errCode) }
          ),
        fail: (r) =>
          resolve({
            passed: false,
            sessionId: req.sessionId,
            reason: CANCELLED.test(r.errMsg ?? '') ? 'cancelled' : 'failed',
            platformCode: r.errCode === undefined ? undefined : String(r.errCode)
          })
      })
    })
  }
} satisfies FaceCheckApi
