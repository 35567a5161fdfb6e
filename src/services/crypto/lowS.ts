/**
 * ECDSA malleability: (r, s) and (r, n − s) both verify. Every signature we make is normalised
 * to low-S (s ≤ n/2); verifiers still accept high-S from others (WebCrypto emits it half the time),
 * so replay protection never keys on a signature (it keys on a hash of the signed bytes).
 * Pure bigint arithmetic: no WebCrypto, usable on every platform.
 */

import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/abstract/utils'

/** Order of the P-256 group. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const HALF_N = P256_N >> 1n

const toBig = bytesToNumberBE
const toBytes32 = (v: bigint): Uint8Array => numberToBytesBE(v, 32)

/** True when the raw 64-byte r‖s signature has s ≤ n/2. */
export function isLowS(signature: Uint8Array): boolean {
  return signature.length === 64 && toBig(signature.subarray(32, 64)) <= HALF_N
}

/** The same signature with s replaced by n − s: its malleable twin (valid whenever the original is). */
export function twinSignature(signature: Uint8Array): Uint8Array {
  if (signature.length !== 64) throw new Error('not a raw ES256 signature')
  const s = toBig(signature.subarray(32, 64))
  const out = signature.slice()
  out.set(toBytes32((P256_N - (s % P256_N)) % P256_N), 32)
  return out
}

/** The low-S form of a raw 64-byte r‖s signature (unchanged when already low-S). */
export function normalizeLowS(signature: Uint8Array): Uint8Array {
  return isLowS(signature) ? signature : twinSignature(signature)
}
