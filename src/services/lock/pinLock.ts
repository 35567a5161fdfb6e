import { xchacha20poly1305 } from '@noble/ciphers/chacha'
import { pbkdf2Sha256 } from './pbkdf2Sha256'
import { WalletError } from '../errors'
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../encoding'

/**
 * PIN lock: the PIN unwraps the wallet's data key (DEK), which encrypts the device key and the
 * stored credentials at rest (XChaCha20-Poly1305, pure JS: it runs in WeChat and Alipay).
 *
 * Wrong PINs: the first four cost nothing, then growing delays, a warning when three tries are
 * left, and the tenth wrong PIN wipes the wallet (the holder re-claims after a face check).
 *
 * NOTE: a 6-digit PIN has 10^6 values; someone who copies the storage blob off the phone can try
 * them all offline whatever the PBKDF2 cost. The attempt limit protects against a person holding
 * the phone; a platform keystore or a server-held key share would be needed against forensics.
 */

export const PIN_LENGTH = 6
export const MAX_PIN_ATTEMPTS = 10
/** Seconds to wait after the n-th consecutive wrong PIN. */
export const PIN_DELAYS: Record<number, number> = { 5: 30, 6: 60, 7: 5 * 60, 8: 15 * 60, 9: 60 * 60 }
/** From this many wrong PINs on, the UI warns that the wallet will be wiped. */
export const PIN_WARN_FROM = MAX_PIN_ATTEMPTS - 3
/**
 * 50,000: one unlock costs ~0.2 s of pure JS on the 2-core dev machine (several times that on a
 * phone, and the holder pays it at every unlock and payment). Doubling it only doubles an
 * offline attacker's 10^6-PIN search (see the NOTE above); the attempt limit is the protection.
 * Measured in docs/BENCHMARKS.md (Lock).
 */
export const PBKDF2_ITERATIONS = 50_000

export interface PinRecord {
  v: 1
  salt: string
  iterations: number
  /** The DEK, encrypted under the PIN-derived key. */
  wrapped: string
  failures: number
  /** ms since epoch; no attempt is checked before it. */
  lockedUntil: number | null
}

export type UnlockResult =
  | { ok: true; dek: Uint8Array; record: PinRecord }
  | { ok: false; record: PinRecord | null; error: WalletError; remaining: number }

const SEQUENCES = '0123456789012345678909876543210'

/** Refuses PINs a stranger would try first: one digit repeated, runs, pairs repeated. */
export function assertPinAcceptable(pin: string): void {
  if (!new RegExp(`^\\d{${PIN_LENGTH}}$`).test(pin)) throw new WalletError('ERR_PIN_WEAK', { detail: 'format' })
  if (/^(\d)\1+$/.test(pin)) throw new WalletError('ERR_PIN_WEAK', { detail: 'repeated' })
  if (SEQUENCES.includes(pin)) throw new WalletError('ERR_PIN_WEAK', { detail: 'sequence' })
  if (/^(\d\d)\1\1$/.test(pin) || /^(\d{3})\1$/.test(pin)) throw new WalletError('ERR_PIN_WEAK', { detail: 'pattern' })
}

/**
 * PBKDF2-HMAC-SHA256 of the PIN. `pbkdf2Sha256` gives the same bytes as noble's pbkdf2 (records
 * made before it open unchanged) at about 2× its speed without JIT (./pbkdf2Sha256.ts).
 */
function kek(pin: string, salt: Uint8Array, iterations: number): Uint8Array {
  return pbkdf2Sha256(utf8Encode(pin), salt, iterations, 32)
}

/** XChaCha20-Poly1305: nonce(24) ‖ ciphertext+tag. */
export function seal(key: Uint8Array, plaintext: Uint8Array, random: (n: number) => Uint8Array): string {
  const nonce = random(24)
  const ct = xchacha20poly1305(key, nonce).encrypt(plaintext)
  const out = new Uint8Array(24 + ct.length)
  out.set(nonce)
  out.set(ct, 24)
  return base64urlEncode(out)
}

/** Opens `seal` output; a wrong key or any change → null. */
export function open(key: Uint8Array, sealed: string): Uint8Array | null {
  try {
    const bytes = base64urlDecode(sealed)
    if (bytes.length < 24 + 16) return null
    return xchacha20poly1305(key, bytes.subarray(0, 24)).decrypt(bytes.subarray(24))
  } catch {
    return null
  }
}

export function sealJson(key: Uint8Array, value: unknown, random: (n: number) => Uint8Array): string {
  return seal(key, utf8Encode(JSON.stringify(value)), random)
}

export function openJson<T>(key: Uint8Array, sealed: string): T | null {
  const bytes = open(key, sealed)
  return bytes ? (JSON.parse(utf8Decode(bytes)) as T) : null
}

/** A new record protecting `dek` with `pin` (checked for weakness first). */
export function createPinRecord(pin: string, dek: Uint8Array, random: (n: number) => Uint8Array, iterations = PBKDF2_ITERATIONS): PinRecord {
  assertPinAcceptable(pin)
  const salt = random(16)
  return { v: 1, salt: base64urlEncode(salt), iterations, wrapped: seal(kek(pin, salt, iterations), dek, random), failures: 0, lockedUntil: null }
}

/**
 * One PIN attempt at time `now` (ms). A wrong PIN updates the record (persist it before telling
 * the user); the tenth returns `record: null` with ERR_WIPED: the caller erases the wallet.
 */
export function unlockWithPin(record: PinRecord, pin: string, now: number): UnlockResult {
  const remaining = MAX_PIN_ATTEMPTS - record.failures
  if (record.lockedUntil !== null && now < record.lockedUntil) {
    return { ok: false, record, remaining, error: new WalletError('ERR_PIN_LOCKED', { retryAfterSeconds: Math.ceil((record.lockedUntil - now) / 1000) }) }
  }
  const dek = /^\d+$/.test(pin) ? open(kek(pin, base64urlDecode(record.salt), record.iterations), record.wrapped) : null
  if (dek) return { ok: true, dek, record: { ...record, failures: 0, lockedUntil: null } }
  const failures = record.failures + 1
  if (failures >= MAX_PIN_ATTEMPTS) return { ok: false, record: null, remaining: 0, error: new WalletError('ERR_WIPED') }
  const delay = PIN_DELAYS[failures] ?? 0
  const next: PinRecord = { ...record, failures, lockedUntil: delay ? now + delay * 1000 : null }
  return {
    ok: false,
    record: next,
    remaining: MAX_PIN_ATTEMPTS - failures,
    error: new WalletError(delay ? 'ERR_PIN_LOCKED' : 'ERR_PIN_WRONG', { detail: `remaining:${MAX_PIN_ATTEMPTS - failures}`, retryAfterSeconds: delay || undefined })
  }
}

/** Re-wraps the same DEK under a new PIN (after the old one unlocked it). */
export function changePin(dek: Uint8Array, newPin: string, random: (n: number) => Uint8Array, iterations = PBKDF2_ITERATIONS): PinRecord {
  return createPinRecord(newPin, dek, random, iterations)
}
