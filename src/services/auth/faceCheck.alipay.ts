import type { FaceCheckApi, FaceCheckOutcome } from './faceCheck.types'

interface ApFaceResult {
  zimId?: string
  error?: number | string
  errorMessage?: string
}

// NOTE: Alipay's face verification is my.ap.faceVerify({ bizId, bizType: '2' }) (2 = 人脸认证);
// it answers with a zimId, handed untouched to the government API, which redeems it with Alipay
// server-side (mock/simulator/facePlatform.ts; the newer 实人认证 flow's certifyId travels the same
// way, in the `zimId` field). The name and ID
// number travel on the server side (the government face session), not through this call.
declare const my: {
  ap?: {
    faceVerify?(o: { bizId: string; bizType: string; success(r: ApFaceResult): void; fail(r: ApFaceResult): void }): void
  }
}

/** Alipay's "user cancelled" answers. */
const CANCELLED = /cancel|取消/i

export const faceCheck: FaceCheckApi = {
  native: true,
  checkFace(req) {
    return new Promise<FaceCheckOutcome>((resolve) => {
      const faceVerify = typeof my === 'undefined' ? undefined : my.ap?.faceVerify
      if (typeof faceVerify !== 'function') {
        resolve({ passed: false, sessionId: req.sessionId, reason: 'unavailable' })
        return
      }
      faceVerify.call(my.ap, {
        bizId: req.sessionId,
        bizType: '2',
        success: (r) =>
          resolve(
            typeof r.zimId === 'string' && r.zimId
              ? { passed: true, sessionId: req.sessionId, proof: { zimId: r.zimId } }
              : { passed: false, sessionId: req.sessionId, reason: 'failed', platformCode: r.error === undefined ? undefined : String(r.error) }
          ),
        fail: (r) =>
          resolve({
            passed: false,
            sessionId: req.sessionId,
            reason: CANCELLED.test(r.errorMessage ?? '') || r.error === 6001 || r.error === '6001' ? 'cancelled' : 'failed',
            platformCode: r.error === undefined ? undefined : String(r.error)
          })
      })
    })
  }
} satisfies FaceCheckApi
