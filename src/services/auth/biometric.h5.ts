import type { BiometricAdapter } from './biometric.types'

/**
 * H5: no biometric. WebAuthn could gate an unlock, but it cannot release a key on every browser
 * the H5 app targets (the PRF extension is not widespread), so the browser uses the PIN only.
 */
export const biometric: BiometricAdapter = {
  supported: async () => null,
  authenticate: async () => false
}
