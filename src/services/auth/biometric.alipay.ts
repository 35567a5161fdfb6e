import type { BiometricAdapter } from './biometric.types'

/**
 * Alipay: mini-programs get no general fingerprint/face unlock API comparable to WeChat SOTER
 * (IFAA is reserved to Alipay's own payment flows), so Alipay uses the PIN only. Revisit when an
 * API is confirmed; the store and UI already handle a supported adapter.
 */
export const biometric: BiometricAdapter = {
  supported: async () => null,
  authenticate: async () => false
}
