import type { BiometricAdapter, BiometricMode } from './biometric.types'

declare const wx: {
  checkIsSupportSoterAuthentication(o: { success(r: { supportMode: string[] }): void; fail(e: unknown): void }): void
  checkIsSoterEnrolledInDevice(o: { checkAuthMode: string; success(r: { isEnrolled: boolean }): void; fail(e: unknown): void }): void
  startSoterAuthentication(o: {
    requestAuthModes: string[]
    challenge: string
    authContent: string
    success(r: { errCode: number; resultJSON: string; resultJSONSignature: string }): void
    fail(e: unknown): void
  }): void
}

const call = <T>(fn: (done: (v: T) => void, fail: () => void) => void, fallback: T): Promise<T> =>
  new Promise((resolve) => {
    try {
      fn(resolve, () => resolve(fallback))
    } catch {
      resolve(fallback)
    }
  })

/**
 * WeChat SOTER (wx.startSoterAuthentication). The TEE signs `resultJSON` (with our challenge in
 * `raw`); a server that wants proof checks it through WeChat's soter/verify_signature. Here the
 * success releases the locally wrapped data key, so biometric unlock is a convenience on top of
 * the PIN, as strong as the phone's own lock screen.
 */
export const biometric: BiometricAdapter = {
  async supported() {
    const modes = await call<string[]>((ok, fail) => wx.checkIsSupportSoterAuthentication({ success: (r) => ok(r.supportMode ?? []), fail }), [])
    for (const mode of ['facial', 'fingerPrint'] as BiometricMode[]) {
      if (!modes.includes(mode)) continue
      const enrolled = await call<boolean>((ok, fail) => wx.checkIsSoterEnrolledInDevice({ checkAuthMode: mode, success: (r) => ok(r.isEnrolled), fail }), false)
      if (enrolled) return mode
    }
    return null
  },
  async authenticate(challenge, prompt) {
    const mode = await biometric.supported()
    if (!mode) return false
    return call<boolean>(
      (ok, fail) =>
        wx.startSoterAuthentication({
          requestAuthModes: [mode],
          challenge,
          authContent: prompt,
          success: (r) => ok(r.errCode === 0 && typeof r.resultJSON === 'string' && r.resultJSON.includes(challenge)),
          fail
        }),
      false
    )
  }
}
