import { xchacha20poly1305 } from '@noble/ciphers/chacha'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha256'
import { pbkdf2Sha256 } from './pbkdf2Sha256'
import { squareChain } from './squareChain'
import { WalletError } from '../errors'
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../encoding'

/**
 * PIN lock: the PIN unwraps the wallet's data key (DEK), which encrypts the device key and the
 * stored credentials at rest (XChaCha20-Poly1305, pure JS: it runs in WeChat and Alipay).
 *
 * Wrong PINs: the first four cost nothing, then growing delays, a warning when three tries are
 * left, and the tenth wrong PIN wipes the wallet (the holder re-claims after a face check).
 *
 * Offline bound: a 6-digit PIN has 10^6 values; someone who copies the storage blob off the phone
 * can try them all offline, and the KDF's cost per guess is all that stands in the way. The attempt
 * limit protects against a person holding the phone. docs/security.md ("The PIN's offline bound")
 * gives the bound before and after record v2, in guesses and attacker cost.
 *
 * KDF, record v2 (every new PIN, and every v1 record at its next successful unlock):
 *   k   = PBKDF2-HMAC-SHA256(PIN, salt, iterations)            ./pbkdf2Sha256.ts
 *   y   = squareChain(k, squarings)   (x^(2^T) mod RSA-2048)    ./squareChain.ts
 *   KEK = HKDF-SHA256(ikm = y, salt = k, info = "certwallet pin v2")
 * Record v1 (before): KEK = PBKDF2-HMAC-SHA256(PIN, salt, 50,000). Same bytes from ./pbkdf2Sha256.ts
 * as from noble's pbkdf2, so every stored v1 record still opens.
 */
export const PIN_LENGTH = 6
export const MAX_PIN_ATTEMPTS = 10
/** Seconds to wait after the n-th consecutive wrong PIN. */
export const PIN_DELAYS: Record<number, number> = { 5: 30, 6: 60, 7: 5 * 60, 8: 15 * 60, 9: 60 * 60 }
/** From this many wrong PINs on, the UI warns that the wallet will be wiped. */
export const PIN_WARN_FROM = MAX_PIN_ATTEMPTS - 3
/**
 * Record v1's PBKDF2 cost (kept to open v1 records). 50,000 iterations: ~0.1 s with JIT but ~6 s
 * under `node --jitless` (iOS runs mini-programs without JIT; docs/BENCHMARKS.md).
 */
export const PBKDF2_ITERATIONS_V1 = 50_000
/** Record v2: PBKDF2 iterations before the square chain (the floor if the chain ever had a shortcut). */
export const PBKDF2_ITERATIONS = 1_000
/**
 * Record v2: 2048-bit modular squarings. Chosen so that iterations + 2 × squarings ≥ 50,000, v1's
 * cost in PBKDF2 iterations, with 2 as a floor for what one squaring costs an attacker in
 * PBKDF2-SHA256 iterations (measured 4–11× on a CPU with OpenSSL by `npm run bench -- lock`; ~5× by
 * instruction count on a GPU): docs/security.md.
 */
export const PIN_SQUARINGS = 25_000

/** What a PIN guess costs, as stored in the record. */
export interface PinCost {
  iterations: number
  /** Record v2 only. */
  squarings: number
}

export const DEFAULT_PIN_COST: PinCost = { iterations: PBKDF2_ITERATIONS, squarings: PIN_SQUARINGS }

export interface PinRecord {
  /** 1: PBKDF2 only (before); 2: PBKDF2 + square chain. */
  v: 1 | 2
  salt: string
  iterations: number
  /** v2: modular squarings after PBKDF2. */
  squarings?: number
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
function kekV1(pin: string, salt: Uint8Array, iterations: number): Uint8Array {
  return pbkdf2Sha256(utf8Encode(pin), salt, iterations, 32)
}

const V2_INFO = /*#__PURE__*/ utf8Encode('certwallet pin v2')

function kekV2(pin: string, salt: Uint8Array, cost: PinCost): Uint8Array {
  const k = pbkdf2Sha256(utf8Encode(pin), salt, cost.iterations, 32)
  return hkdf(sha256, squareChain(k, cost.squarings), k, V2_INFO, 32)
}

/** The record's KEK for `pin` (null when the record's cost fields are unreadable). */
function kekOf(record: PinRecord, pin: string): Uint8Array | null {
  const salt = base64urlDecode(record.salt)
  if (record.v === 1) return kekV1(pin, salt, record.iterations)
  if (record.v === 2 && typeof record.squarings === 'number') return kekV2(pin, salt, { iterations: record.iterations, squarings: record.squarings })
  return null
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

/** A new (v2) record protecting `dek` with `pin` (checked for weakness first). */
export function createPinRecord(pin: string, dek: Uint8Array, random: (n: number) => Uint8Array, cost: PinCost = DEFAULT_PIN_COST): PinRecord {
  assertPinAcceptable(pin)
  return wrapDek(pin, dek, random, cost)
}

/** `dek` wrapped under `pin` in a v2 record, without the weakness check (re-wrapping a PIN in use). */
function wrapDek(pin: string, dek: Uint8Array, random: (n: number) => Uint8Array, cost: PinCost): PinRecord {
  const salt = random(16)
  return {
    v: 2,
    salt: base64urlEncode(salt),
    iterations: cost.iterations,
    squarings: cost.squarings,
    wrapped: seal(kekV2(pin, salt, cost), dek, random),
    failures: 0,
    lockedUntil: null
  }
}

/**
 * After a successful unlock of an older record (v1, or a v2 of another cost): the same DEK under
 * the same PIN in a record of the current cost; null when `record` is already that. The caller
 * stores it in place of the old one (no PIN check needed: the PIN just opened the record).
 */
export function upgradePinRecord(record: PinRecord, pin: string, dek: Uint8Array, random: (n: number) => Uint8Array, cost: PinCost = DEFAULT_PIN_COST): PinRecord | null {
  if (record.v === 2 && record.iterations === cost.iterations && record.squarings === cost.squarings) return null
  return wrapDek(pin, dek, random, cost)
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
  const key = /^\d+$/.test(pin) ? kekOf(record, pin) : null
  const dek = key ? open(key, record.wrapped) : null
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
export function changePin(dek: Uint8Array, newPin: string, random: (n: number) => Uint8Array, cost: PinCost = DEFAULT_PIN_COST): PinRecord {
  return createPinRecord(newPin, dek, random, cost)
}
