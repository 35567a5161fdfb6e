import * as v from 'valibot'
import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { StoredTrustMaterial } from '../services/wallet/trustMaterial'
import { MAX_PIN_ATTEMPTS, type PinRecord } from '../services/lock/pinLock'
import { isObject } from '../services/encoding'

/** Display status of a stored certificate. */
export type CardStatus = 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'

export interface StoredCredential {
  certId: string
  kind: string
  title: string
  issuerName: string
  /** The SD-JWT VC exactly as issued (with every disclosure). */
  credential: string
  /** Verified claims (issuer-signed + disclosed), for display; masked by the UI. */
  claims: Record<string, unknown>
  issuedAt: string
  expiresAt: number | null
  status: CardStatus
  /** When signature and status were last checked (ms since epoch): the card's "as of" time. */
  checkedAt: number
  /** Set when a reissue replaced an older version of this card. */
  replacedCertId?: string
  /**
   * A 换证 that changed what the card says (信息已更新), until the holder has seen it: each changed
   * field's label with its old and new value as displayed by default (sensitive ones masked, so
   * this may rest in the clear). `at`: ms since epoch, when the wallet noticed.
   */
  updated?: { at: number; fields: { name: string; label: string; before: string; after: string }[] }
  /**
   * `{ credential, claims }` sealed to the vault (src/services/lock/vault.ts). While the wallet
   * is locked (and always on disk) `credential` is '' and `claims` holds masked values only.
   */
  sealed: string
  /**
   * The credential's status-list entry: a locked wallet's sync checks status without the
   * credential. `issuer` (the issuer's id) is the only signer whose list may answer for it;
   * entries stored before it was kept fall back to the 证照标识's issuer code.
   */
  statusRef: { uri: string; idx: number; issuer?: string } | null
  /**
   * The 电子证照原件 (a sealed OFD, base64url) fetched at claim. Like `credential` it rests only
   * inside `sealed`: '' while locked and on disk; absent when the service gave none. The wallet
   * verifies it where it is shown (src/subpackages/original), not here: the OFD code stays out
   * of the main package.
   */
  original?: string
}

/** The PIN lock as stored: the PIN-wrapped DEK, the vault's public key, the biometric wrap. */
export interface StoredLock {
  pin: PinRecord
  /** Compressed P-256 public key (base64url) that secrets are sealed to. */
  vaultPublicKey: string
  /**
   * Biometric unlock turned on: a gate in front of the data key held in memory after a PIN unlock.
   * No key is stored (an older `{ wrapped, key }` is read as `{ enabled: true }` and its key dropped).
   */
  bio: { enabled: true } | null
}

/** Auto-lock choices (seconds of inactivity); 0 = only when the app is closed. */
export const AUTO_LOCK_CHOICES = [60, 180, 300, 900, 0] as const
export const DEFAULT_AUTO_LOCK_SECONDS = 180

/**
 * The holder's session: a DPoP-bound access token (15 min) and refresh token (30 days), both bound
 * to the device key (RFC 9449). Kept in the clear: without the device private key, which is sealed
 * under the PIN, neither can make the proof every call needs. A wipe removes them.
 */
export interface HolderSession {
  holderId: string
  token: string
  displayName: string
  /** Absent in a session from before DPoP (a bearer token the service no longer takes). */
  refreshToken?: string
  /** ms epoch. */
  expiresAt?: number
  refreshExpiresAt?: number
}

/**
 * What survives a restart. Bump `version` on any incompatible change (v1 kept the device key and
 * credentials in the clear; it is read and sealed once a PIN is set).
 */
export interface PersistedWallet {
  version: 2
  holder: HolderSession | null
  /** The device key's public half (the private half only in `deviceKeySealed`). */
  devicePublicKey: EcPublicJwk | null
  deviceKeySealed: string | null
  credentials: StoredCredential[]
  trust: StoredTrustMaterial
  lastSyncAt: number | null
  lock: StoredLock | null
  autoLockSeconds: number
  /** Only for a v1 wallet not yet protected by a PIN: its device key as it was stored. */
  legacyDeviceKey: EcPrivateJwk | null
}

export const WALLET_DEFAULTS: PersistedWallet = {
  version: 2,
  holder: null,
  devicePublicKey: null,
  deviceKeySealed: null,
  credentials: [],
  trust: { trustList: null, statusLists: {} },
  lastSyncAt: null,
  lock: null,
  autoLockSeconds: DEFAULT_AUTO_LOCK_SECONDS,
  legacyDeviceKey: null
}

// ─── Schemas (valibot) of what is stored, for this file's parser and for persisted-store helpers ───
// Only the fields a reader relies on are checked; other fields pass as stored (callers keep the
// value as it came, so a newer blob's extra fields are not stripped).

/** A non-null, non-array object (valibot's `object` alone also accepts arrays). */
export const PlainObjectSchema = /*#__PURE__*/ v.pipe(/*#__PURE__*/ v.object({}), /*#__PURE__*/ v.check((o) => !Array.isArray(o))) as unknown as v.GenericSchema<Record<string, unknown>>
const str = /*#__PURE__*/ v.string()
const num = /*#__PURE__*/ v.number()
const numOrNull = /*#__PURE__*/ v.nullable(num)

export const HolderSessionSchema = /*#__PURE__*/ v.object({
  holderId: str,
  token: str,
  refreshToken: v.optional(str),
  expiresAt: v.optional(v.number()),
  refreshExpiresAt: v.optional(v.number())
})

export const StoredCredentialSchema = /*#__PURE__*/ v.object({
  certId: str,
  kind: str,
  credential: str,
  claims: PlainObjectSchema,
  status: str,
  checkedAt: num
})

export const PinRecordSchema = /*#__PURE__*/ v.object({
  v: /*#__PURE__*/ v.picklist([1, 2]),
  salt: str,
  wrapped: str,
  iterations: num,
  /** v2 only (PBKDF2 + square chain, src/services/lock/pinLock.ts). */
  squarings: /*#__PURE__*/ v.optional(num),
  failures: num,
  lockedUntil: numOrNull
})

export const StoredLockSchema = /*#__PURE__*/ v.object({
  pin: PinRecordSchema,
  vaultPublicKey: str,
  /** `{ enabled: true }`; an older blob's object (with a stored key) reads as the same choice. */
  bio: /*#__PURE__*/ v.nullable(PlainObjectSchema)
})

export const DevicePublicKeySchema = /*#__PURE__*/ v.object({ x: str, y: str })
export const DevicePrivateKeySchema = /*#__PURE__*/ v.object({ d: str })

/** `value` as stored when it fits `schema`, else `fallback`. */
export function storedOr<T, F>(schema: v.GenericSchema, value: unknown, fallback: F): T | F {
  return v.is(schema, value) ? (value as T) : fallback
}

/**
 * The safe parse for a persisted store: nothing stored (undefined / null) → `defaults`, no
 * problem; a blob that fits `schema` → its parsed value (fields the schema does not name are
 * dropped); anything else → `defaults`, and as `problem` the top-level field of the first mismatch
 * (`careMode`), or `version` when the blob is not an object at all. Never throws: a corrupt or old
 * blob must not crash the app (STYLE.md §5). Put `version` first in the schema so that an old
 * blob is reported as such.
 */
export function parsePersisted<T>(schema: v.GenericSchema<unknown, T>, value: unknown, defaults: T): { state: T; problem: string | null } {
  if (value === undefined || value === null) return { state: defaults, problem: null }
  const result = v.safeParse(schema, value, { abortEarly: true })
  if (result.success) return { state: result.output, problem: null }
  const top = result.issues[0].path?.[0] as { key?: unknown } | undefined
  return { state: defaults, problem: top && !Array.isArray(value) ? String(top.key) : 'version' }
}

const isStr = (x: unknown): x is string => typeof x === 'string'
const isCredential = (x: unknown): x is StoredCredential => v.is(StoredCredentialSchema, x)

/** The stored lock when it has the lock's shape, normalised in place; else null. */
function readLock(x: unknown): StoredLock | null {
  if (!v.is(StoredLockSchema, x)) return null
  const lock = x as { bio: unknown; pin: PinRecord }
  // An older blob kept a key beside the wrapped data key (issue #11 item 4): keep the choice, drop the key.
  if (lock.bio !== null) lock.bio = { enabled: true }
  // Bounded counters (issue #11 item 9): a count edited to -100 or 1e9 must not buy extra tries.
  // Out of range is read as one try left before the wipe: fail closed, and nothing stored is lost.
  const p = lock.pin
  if (!Number.isInteger(p.failures) || p.failures < 0 || p.failures >= MAX_PIN_ATTEMPTS) p.failures = MAX_PIN_ATTEMPTS - 1
  if (p.lockedUntil !== null && !Number.isFinite(p.lockedUntil)) p.lockedUntil = null
  return x as StoredLock
}

const withV2Fields = (c: StoredCredential): StoredCredential => ({ ...c, sealed: isStr(c.sealed) ? c.sealed : '', statusRef: isObject(c.statusRef) ? c.statusRef : null })

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults and is reported through
 * `problem`, never thrown: a corrupt or old blob must not crash the app (STYLE.md §5).
 */
export function tryParseWallet(value: unknown): { state: PersistedWallet; problem: string | null } {
  if (value === undefined || value === null) return { state: WALLET_DEFAULTS, problem: null }
  if (!isObject(value) || (value.version !== 1 && value.version !== 2)) return { state: WALLET_DEFAULTS, problem: 'version' }
  const holder = value.holder
  if (holder !== null && holder !== undefined && !v.is(HolderSessionSchema, holder)) return { state: WALLET_DEFAULTS, problem: 'holder' }
  if (!Array.isArray(value.credentials)) return { state: WALLET_DEFAULTS, problem: 'credentials' }
  const credentials = value.credentials.filter(isCredential).map(withV2Fields)
  const trust = isObject(value.trust) ? value.trust : {}
  const trustPart: StoredTrustMaterial = {
    trustList: isObject(trust.trustList) && isStr(trust.trustList.jws) ? (trust.trustList as StoredTrustMaterial['trustList']) : null,
    statusLists: isObject(trust.statusLists) ? (trust.statusLists as StoredTrustMaterial['statusLists']) : {}
  }
  const lastSyncAt = typeof value.lastSyncAt === 'number' ? value.lastSyncAt : null
  const dropped = credentials.length !== value.credentials.length ? 'credential-entries' : null
  if (value.version === 1) {
    // v1: device key and credentials in the clear. Kept (never lost) until a PIN seals them.
    const deviceKey = storedOr<EcPrivateJwk, null>(DevicePrivateKeySchema, value.deviceKey, null)
    const pub = deviceKey ? { kty: deviceKey.kty, crv: deviceKey.crv, x: deviceKey.x, y: deviceKey.y } : null
    return {
      state: { ...WALLET_DEFAULTS, holder: (holder as HolderSession | null) ?? null, devicePublicKey: pub, legacyDeviceKey: deviceKey, credentials, trust: trustPart, lastSyncAt },
      problem: dropped
    }
  }
  const lock = readLock(value.lock)
  if (value.lock !== null && value.lock !== undefined && !lock) return { state: WALLET_DEFAULTS, problem: 'lock' }
  const pub = storedOr<EcPublicJwk, null>(DevicePublicKeySchema, value.devicePublicKey, null)
  const legacy = storedOr<EcPrivateJwk, null>(DevicePrivateKeySchema, value.legacyDeviceKey, null)
  const autoLock = typeof value.autoLockSeconds === 'number' && (AUTO_LOCK_CHOICES as readonly number[]).includes(value.autoLockSeconds) ? value.autoLockSeconds : DEFAULT_AUTO_LOCK_SECONDS
  return {
    state: {
      version: 2,
      holder: (holder as HolderSession | null) ?? null,
      devicePublicKey: pub,
      deviceKeySealed: isStr(value.deviceKeySealed) ? value.deviceKeySealed : null,
      credentials,
      trust: trustPart,
      lastSyncAt,
      lock,
      autoLockSeconds: autoLock,
      legacyDeviceKey: lock ? null : legacy
    },
    problem: dropped
  }
}
