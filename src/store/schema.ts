import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import type { StoredTrustMaterial } from '../services/wallet/trustMaterial'
import { MAX_PIN_ATTEMPTS, type PinRecord } from '../services/lock/pinLock'

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

export interface HolderSession {
  holderId: string
  token: string
  displayName: string
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

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string'

function isCredential(v: unknown): v is StoredCredential {
  return isObj(v) && isStr(v.certId) && isStr(v.kind) && isStr(v.credential) && isObj(v.claims) && isStr(v.status) && typeof v.checkedAt === 'number'
}

function isLock(v: unknown): v is StoredLock {
  if (!isObj(v) || !isStr(v.vaultPublicKey) || !isObj(v.pin)) return false
  const p = v.pin
  // An older blob kept a key beside the wrapped data key (issue #11 item 4): keep the choice, drop the key.
  if (isObj(v.bio)) v.bio = { enabled: true }
  const bioOk = v.bio === null || (isObj(v.bio) && v.bio.enabled === true)
  const shaped = bioOk && p.v === 1 && isStr(p.salt) && isStr(p.wrapped) && typeof p.iterations === 'number' && typeof p.failures === 'number' && (p.lockedUntil === null || typeof p.lockedUntil === 'number')
  if (!shaped) return false
  // Bounded counters (issue #11 item 9): a count edited to -100 or 1e9 must not buy extra tries.
  // Out of range is read as one try left before the wipe: fail closed, and nothing stored is lost.
  if (!Number.isInteger(p.failures) || (p.failures as number) < 0 || (p.failures as number) >= MAX_PIN_ATTEMPTS) p.failures = MAX_PIN_ATTEMPTS - 1
  if (p.lockedUntil !== null && !Number.isFinite(p.lockedUntil)) p.lockedUntil = null
  return true
}

const withV2Fields = (c: StoredCredential): StoredCredential => ({ ...c, sealed: isStr(c.sealed) ? c.sealed : '', statusRef: isObj(c.statusRef) ? c.statusRef : null })

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults and is reported through
 * `problem`, never thrown: a corrupt or old blob must not crash the app (STYLE.md §5).
 */
export function tryParseWallet(value: unknown): { state: PersistedWallet; problem: string | null } {
  if (value === undefined || value === null) return { state: WALLET_DEFAULTS, problem: null }
  if (!isObj(value) || (value.version !== 1 && value.version !== 2)) return { state: WALLET_DEFAULTS, problem: 'version' }
  const holder = value.holder
  if (holder !== null && holder !== undefined && !(isObj(holder) && isStr(holder.holderId) && isStr(holder.token))) return { state: WALLET_DEFAULTS, problem: 'holder' }
  if (!Array.isArray(value.credentials)) return { state: WALLET_DEFAULTS, problem: 'credentials' }
  const credentials = value.credentials.filter(isCredential).map(withV2Fields)
  const trust = isObj(value.trust) ? value.trust : {}
  const trustPart: StoredTrustMaterial = {
    trustList: isObj(trust.trustList) && isStr(trust.trustList.jws) ? (trust.trustList as StoredTrustMaterial['trustList']) : null,
    statusLists: isObj(trust.statusLists) ? (trust.statusLists as StoredTrustMaterial['statusLists']) : {}
  }
  const lastSyncAt = typeof value.lastSyncAt === 'number' ? value.lastSyncAt : null
  const dropped = credentials.length !== value.credentials.length ? 'credential-entries' : null
  if (value.version === 1) {
    // v1: device key and credentials in the clear. Kept (never lost) until a PIN seals them.
    const deviceKey = isObj(value.deviceKey) && isStr(value.deviceKey.d) ? (value.deviceKey as unknown as EcPrivateJwk) : null
    const pub = deviceKey ? { kty: deviceKey.kty, crv: deviceKey.crv, x: deviceKey.x, y: deviceKey.y } : null
    return {
      state: { ...WALLET_DEFAULTS, holder: (holder as HolderSession | null) ?? null, devicePublicKey: pub, legacyDeviceKey: deviceKey, credentials, trust: trustPart, lastSyncAt },
      problem: dropped
    }
  }
  const lock = isLock(value.lock) ? value.lock : null
  if (value.lock !== null && value.lock !== undefined && !lock) return { state: WALLET_DEFAULTS, problem: 'lock' }
  const pub = isObj(value.devicePublicKey) && isStr(value.devicePublicKey.x) && isStr(value.devicePublicKey.y) ? (value.devicePublicKey as unknown as EcPublicJwk) : null
  const legacy = isObj(value.legacyDeviceKey) && isStr(value.legacyDeviceKey.d) ? (value.legacyDeviceKey as unknown as EcPrivateJwk) : null
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
