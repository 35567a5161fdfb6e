import type { BiometricAdapter } from './biometric.types'

/** Node / jest default: no biometric hardware (tests inject a fake adapter). */
export const biometric: BiometricAdapter = {
  supported: async () => null,
  authenticate: async () => false
}
