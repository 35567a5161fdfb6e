/** Platform biometric check (fingerprint / face) used to release the wallet's data key. */
export type BiometricMode = 'fingerPrint' | 'facial'

export interface BiometricAdapter {
  /** The mode this phone can use, or null when it has none (then the PIN is the only way). */
  supported(): Promise<BiometricMode | null>
  /** Asks the holder to authenticate; true only when the platform says it succeeded. */
  authenticate(challenge: string, prompt: string): Promise<boolean>
}
