import { WalletError, toWalletError, type ErrorCode } from '../services/errors'
import { keyPairFromSecret } from '../services/crypto'
import type { EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import { assertPinAcceptable, createPinRecord, DEFAULT_PIN_COST, unlockWithPin, upgradePinRecord, PIN_WARN_FROM, MAX_PIN_ATTEMPTS, type PinCost } from '../services/lock/pinLock'
import { openJsonWith, sealJsonTo, vaultKeysFromDek } from '../services/lock/vault'
import type { BiometricAdapter } from '../services/auth/biometric.types'
import { base64urlEncode } from '../services/encoding'
import type { PersistedWallet, StoredLock } from './schema'
import { sealedText, type BlobStorage } from './persisted'

/** The answer to a PIN or biometric attempt, for the lock screen. */
export interface UnlockOutcome {
  ok: boolean
  code?: ErrorCode
  /** Wrong PINs left before the wallet is wiped. */
  remaining?: number
  /** ms since epoch before which no PIN is checked. */
  retryAt?: number | null
  /** True when the next wrong PINs come close to the wipe (the UI warns). */
  warn?: boolean
  /** Machine-readable context for a refusal (e.g. `pin-first`). */
  detail?: string
  /**
   * After a successful PIN (unlock or authorize): a one-time approval for one action, such as a
   * payment. The store that performs the action redeems it with `consumeGrant`; it lives
   * {@link GRANT_SECONDS} seconds and only in memory.
   */
  grant?: string
}

/** How long a PIN approval may wait before the action it approves (a payment) is sent. */
export const GRANT_SECONDS = 120

/**
 * Fingerprint / face is a gate, not a key: after a PIN unlock the data key stays in memory behind
 * the gate for at most this long (and never across an app restart); then the PIN is asked again.
 * Nothing on disk opens the vault without the PIN (issue #11 item 4).
 */
export const BIOMETRIC_GATE_HOURS = 12

/**
 * The lock: PIN, vault, biometric gate, auto-lock and one-time approvals. It is a slice of the
 * wallet store (one persisted blob; STYLE.md §6), so `lock`, `devicePublicKey` and
 * `deviceKeySealed` stay where a v2 wallet keeps them on disk.
 */
export interface LockSlice {
  /** The device private key: only in memory, only while unlocked. */
  deviceKey: EcPrivateJwk | null
  /** True while a PIN exists and the wallet has not been unlocked (secrets are not in memory). */
  locked: boolean
  /** Last user activity (ms), for auto-lock. */
  lastActiveAt: number
  /** True while locked with the data key held behind the biometric gate (the 指纹/面容 button shows). */
  biometricArmed: boolean

  /** First run: sets the 6-digit PIN (creates the data key, vault and device key). */
  setupPin(pin: string, repeat: string): Promise<UnlockOutcome>
  /** Opens the vault with the PIN; wrong PINs count (delays, then a wipe at the tenth). */
  unlock(pin: string): Promise<UnlockOutcome>
  /**
   * Opens the vault with fingerprint / face, when turned on and the PIN was entered in this run of
   * the app within {@link BIOMETRIC_GATE_HOURS}: the platform check only releases a data key held
   * in memory. Otherwise `ERR_BIOMETRIC_UNAVAILABLE` (detail `pin-first`): the PIN opens it.
   */
  unlockWithBiometric(): Promise<UnlockOutcome>
  /** Re-confirms the holder for an action (payment): the PIN, counted like `unlock`; returns a grant. */
  authorize(pin: string): Promise<UnlockOutcome>
  /**
   * Redeems a grant from `unlock`/`authorize` once. False for an unknown, used or expired grant,
   * or while locked: the action must not run.
   */
  consumeGrant(grant: string | null | undefined): boolean
  /** Turns biometric unlock on (needs an unlocked wallet) or off. */
  setBiometric(on: boolean): Promise<UnlockOutcome>
  biometricEnabled(): boolean
  /** Drops every secret from memory. */
  lockNow(): void
  setAutoLock(seconds: number): void
  noteActivity(): void
  /** Locks when the holder has been inactive longer than the auto-lock time; true if it locked. */
  checkAutoLock(): boolean
  /** Seals a secret to this wallet's vault (works while locked): other stores keep secrets with it. */
  sealSecret(value: unknown): Promise<string>
  /** Opens a `sealSecret` box; null while locked or when it is not this wallet's. */
  openSecret<T>(sealed: string): T | null
}

/** What the lock needs from outside. */
export interface LockDeps {
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  /** PBKDF2 cost of the PIN (tests lower it; the app uses the default). */
  pinIterations?: number
  /** Square-chain cost of the PIN (record v2; tests lower it; the app uses the default). */
  pinSquarings?: number
  /** Fingerprint / face (WeChat SOTER); absent or unsupported → PIN only. */
  biometric?: BiometricAdapter
  /** Where the sealed boxes are read from (H5 keeps long ones beside the blob: persisted.ts `BlobStorage.resolve`). */
  storage?: Pick<BlobStorage, 'resolve' | 'ready'>
}

/**
 * What the rest of the wallet store does with the vault's secrets: the lock owns the keys, the
 * certificate slice owns what is sealed with them.
 */
export interface VaultContents<S> {
  /** At PIN setup: state that seals what was kept in the clear (a v1 wallet's credentials). */
  sealAll(vaultPublicKey: string, random: (n: number) => Uint8Array, state: S): Partial<S>
  /** At unlock: state with every sealed secret opened. */
  openAll(vaultPrivateKey: Uint8Array, state: S): Partial<S>
  /** At lock: state with every secret dropped from memory. */
  redactAll(state: S): Partial<S>
  /** State after the tenth wrong PIN (everything gone). */
  wiped(): Partial<S>
  /** How many sealed boxes `sealAll` will make (to draw enough random bytes at once). */
  count(state: S): number
}

type LockHost = PersistedWallet & LockSlice
type SetState<S> = (partial: Partial<S> | ((s: S) => Partial<S>)) => void

/** Lock internals the certificate slice uses (sealing needs no unlock). */
export interface LockKernel {
  /** A synchronous CSPRNG reader over bytes drawn ahead (sealing is synchronous). */
  randomPool(n: number): Promise<(k: number) => Uint8Array>
  requireLock(): StoredLock
  devicePublic(): EcPublicJwk
  /** Forgets the data key, as sign-out does. */
  forget(): void
  /**
   * 忘记密码, after the holder's face check passed: a new PIN over a new data key, vault and the
   * given device key (the one the new sign-in is bound to), with `extra` state set in the same
   * step. The old vault is replaced only here; what it sealed cannot be opened any more.
   */
  replaceLock(pin: string, repeat: string, deviceKey: EcPrivateJwk, extra: object): Promise<UnlockOutcome>
}

/**
 * Builds the lock slice over a store whose state includes {@link PersistedWallet}. Returns the
 * slice and the kernel the other slices share.
 */
export function createLockSlice<S extends LockHost>(
  set: SetState<S>,
  get: () => S,
  deps: LockDeps,
  contents: VaultContents<S>
): { slice: LockSlice; kernel: LockKernel } {
  // The one secret in memory while unlocked (besides what openAll puts in state): the data key.
  let dek: Uint8Array | null = null
  let vaultPrivate: Uint8Array | null = null
  /** One-time approvals: grant → expiry (ms). Memory only: a restart forgets them. */
  const grants = new Map<string, number>()
  /** The data key kept behind the biometric gate while locked, with when the PIN released it. */
  let gated: { dek: Uint8Array; pinAt: number } | null = null
  /** When the PIN last opened the vault in this run (ms), for the gate's age. */
  let pinAt = 0
  const pinCost: PinCost = { iterations: deps.pinIterations ?? DEFAULT_PIN_COST.iterations, squarings: deps.pinSquarings ?? DEFAULT_PIN_COST.squarings }

  const randomPool = async (n: number): Promise<(k: number) => Uint8Array> => {
    const pool = await deps.randomBytes(n)
    let off = 0
    return (k) => {
      if (off + k > pool.length) throw new WalletError('ERR_UNKNOWN', { detail: 'random-pool' })
      const out = pool.slice(off, off + k)
      off += k
      return out
    }
  }

  const requireLock = (): StoredLock => {
    const l = get().lock
    if (!l) throw new WalletError('ERR_PIN_NOT_SET')
    return l
  }

  const forget = () => {
    dek = null
    vaultPrivate = null
    gated = null
    grants.clear()
  }

  const newGrant = async (): Promise<string> => {
    const now = deps.now()
    for (const [g, exp] of grants) if (exp < now) grants.delete(g)
    const g = base64urlEncode(await deps.randomBytes(16))
    grants.set(g, now + GRANT_SECONDS * 1000)
    return g
  }

  /** Opens every secret with the data key (once the storage has its boxes read back); false when the vault is not this DEK's. */
  const openVault = async (key: Uint8Array): Promise<boolean> => {
    await deps.storage?.ready?.()
    const l = get().lock
    if (!l) return false
    const v = vaultKeysFromDek(key)
    if (v.publicKey !== l.vaultPublicKey) return false
    const sealedKey = get().deviceKeySealed
    const privateJwk = sealedKey ? openJsonWith<EcPrivateJwk>(v.privateKey, sealedKey) : null
    if (!privateJwk) return false
    dek = key
    vaultPrivate = v.privateKey
    set({ ...contents.openAll(v.privateKey, get()), locked: false, deviceKey: privateJwk, lastActiveAt: deps.now(), biometricArmed: false } as Partial<S>)
    return true
  }

  const wipe = () => {
    forget()
    set({ ...contents.wiped(), deviceKey: null, locked: false, biometricArmed: false } as Partial<S>)
  }

  const pinAttempt = async (pin: string): Promise<UnlockOutcome> => {
    const l = get().lock
    if (!l) return { ok: false, code: 'ERR_PIN_NOT_SET' }
    const r = unlockWithPin(l.pin, pin, deps.now())
    if (!r.ok) {
      if (!r.record) {
        wipe()
        return { ok: false, code: 'ERR_WIPED', remaining: 0 }
      }
      // The failure count is stored before the holder is told (a restart must not reset it).
      set({ lock: { ...l, pin: r.record } } as Partial<S>)
      return { ok: false, code: r.error.code, remaining: r.remaining, retryAt: r.record.lockedUntil, warn: r.record.failures >= PIN_WARN_FROM }
    }
    set({ lock: { ...l, pin: r.record } } as Partial<S>)
    if (!(await openVault(r.dek))) return { ok: false, code: 'ERR_STORAGE_CORRUPT' }
    pinAt = deps.now()
    // An older record (v1: PBKDF2 only, ~6 s without JIT) is re-wrapped once at the current cost.
    // Only after the vault opened: a record that opens nothing is never replaced.
    try {
      const upgraded = upgradePinRecord(r.record, pin, r.dek, await randomPool(16 + 24), pinCost)
      if (upgraded) set((s) => ({ lock: s.lock ? { ...s.lock, pin: upgraded } : s.lock }) as Partial<S>)
    } catch {
      // No CSPRNG now: keep the old record (it still opens); the next unlock tries again.
    }
    return { ok: true, remaining: MAX_PIN_ATTEMPTS, grant: await newGrant() }
  }

  const slice: LockSlice = {
    deviceKey: null,
    locked: false,
    lastActiveAt: deps.now(),
    biometricArmed: false,

    async setupPin(pin, repeat) {
      if (get().lock) return { ok: false, code: 'ERR_CONFLICT' }
      return installLock(
        pin,
        repeat,
        32 + 64 * contents.count(get()),
        // A v1 wallet keeps its device key (its credentials are bound to it); else a new one.
        (random) => get().legacyDeviceKey ?? keyPairFromSecret(random(32)).privateJwk,
        (vaultPublicKey, random) => contents.sealAll(vaultPublicKey, random, get())
      )
    },

    unlock(pin) {
      return pinAttempt(pin)
    },

    authorize(pin) {
      return pinAttempt(pin)
    },

    consumeGrant(grant) {
      if (!grant || get().locked || !dek) return false
      const exp = grants.get(grant)
      grants.delete(grant)
      return exp !== undefined && exp >= deps.now()
    },

    async unlockWithBiometric() {
      const l = get().lock
      if (!l) return { ok: false, code: 'ERR_PIN_NOT_SET' }
      if (!l.bio || !deps.biometric || !(await deps.biometric.supported())) return { ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' }
      if (gated && deps.now() - gated.pinAt > BIOMETRIC_GATE_HOURS * 3600_000) gated = null
      if (!gated) {
        set({ biometricArmed: false } as Partial<S>)
        return { ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE', detail: 'pin-first' }
      }
      const challenge = base64urlEncode(await deps.randomBytes(16))
      if (!(await deps.biometric.authenticate(challenge, '验证指纹或面容以打开证照夹'))) return { ok: false, code: 'ERR_BIOMETRIC_FAILED' }
      const { dek: key, pinAt: at } = gated
      gated = null
      if (!(await openVault(key))) return { ok: false, code: 'ERR_STORAGE_CORRUPT' }
      pinAt = at
      return { ok: true, grant: await newGrant() }
    },

    async setBiometric(on) {
      const l = get().lock
      if (!l) return { ok: false, code: 'ERR_PIN_NOT_SET' }
      if (!on) {
        gated = null
        set({ lock: { ...l, bio: null }, biometricArmed: false } as Partial<S>)
        return { ok: true }
      }
      if (!dek || get().locked) return { ok: false, code: 'ERR_LOCKED' }
      if (!deps.biometric || !(await deps.biometric.supported())) return { ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' }
      const challenge = base64urlEncode(await deps.randomBytes(16))
      if (!(await deps.biometric.authenticate(challenge, '验证指纹或面容以开启快捷解锁'))) return { ok: false, code: 'ERR_BIOMETRIC_FAILED' }
      // Only the choice is stored: no key (the gate releases the data key held in memory).
      set({ lock: { ...l, bio: { enabled: true } } } as Partial<S>)
      return { ok: true }
    },

    biometricEnabled() {
      return !!get().lock?.bio
    },

    lockNow() {
      const l = get().lock
      if (!l) return
      const keep = l.bio && dek && !get().locked ? { dek, pinAt } : gated
      forget()
      // Behind the biometric gate: the data key stays in memory only (gone on restart).
      gated = keep
      set({ ...contents.redactAll(get()), locked: true, deviceKey: null, biometricArmed: gated !== null } as Partial<S>)
    },

    setAutoLock(seconds) {
      set({ autoLockSeconds: seconds } as Partial<S>)
    },

    noteActivity() {
      set({ lastActiveAt: deps.now() } as Partial<S>)
    },

    async sealSecret(value) {
      return sealJsonTo(requireLock().vaultPublicKey, value, await randomPool(64))
    },

    openSecret<T>(sealed: string): T | null {
      return vaultPrivate && !get().locked ? openJsonWith<T>(vaultPrivate, sealedText(deps.storage, sealed)) : null
    },

    checkAutoLock() {
      const s = get()
      if (!s.lock || s.locked || s.autoLockSeconds <= 0) return false
      if (deps.now() - s.lastActiveAt < s.autoLockSeconds * 1000) return false
      get().lockNow()
      return true
    }
  }

  const devicePublic = (): EcPublicJwk => {
    const k = get().devicePublicKey
    if (!k) throw new WalletError('ERR_PIN_NOT_SET', { detail: 'device-key' })
    return k
  }

  /**
   * A new PIN over a new data key and vault, with the device key (picked with the pool's bytes) and
   * what `more` seals set in one state change. A weak or mismatched PIN, or no CSPRNG
   * (ERR_PLATFORM_UNSUPPORTED), changes nothing. `extraBytes`: what the callbacks draw beyond the
   * lock's own 32 + 16 + 24 + 64.
   */
  async function installLock(
    pin: string,
    repeat: string,
    extraBytes: number,
    deviceKeyOf: (random: (k: number) => Uint8Array) => EcPrivateJwk,
    more: (vaultPublicKey: ReturnType<typeof vaultKeysFromDek>['publicKey'], random: (k: number) => Uint8Array) => object
  ): Promise<UnlockOutcome> {
    try {
      assertPinAcceptable(pin)
    } catch (e) {
      return { ok: false, code: toWalletError(e).code }
    }
    if (pin !== repeat) return { ok: false, code: 'ERR_PIN_MISMATCH' }
    let random: (k: number) => Uint8Array
    try {
      random = await randomPool(32 + 16 + 24 + 64 + extraBytes)
    } catch (e) {
      // No key is made and nothing is stored.
      return { ok: false, code: toWalletError(e).code }
    }
    const newDek = random(32)
    const pinRecord = createPinRecord(pin, newDek, random, pinCost)
    const v = vaultKeysFromDek(newDek)
    const deviceKey = deviceKeyOf(random)
    const { kty, crv, x, y } = deviceKey
    const extra = more(v.publicKey, random)
    forget()
    dek = newDek
    vaultPrivate = v.privateKey
    pinAt = deps.now()
    set({
      ...extra,
      lock: { pin: pinRecord, vaultPublicKey: v.publicKey, bio: null },
      devicePublicKey: { kty, crv, x, y },
      deviceKeySealed: sealJsonTo(v.publicKey, deviceKey, random),
      legacyDeviceKey: null,
      deviceKey,
      locked: false,
      lastActiveAt: deps.now()
    } as Partial<S>)
    return { ok: true }
  }

  const replaceLock = (pin: string, repeat: string, deviceKey: EcPrivateJwk, extra: object): Promise<UnlockOutcome> =>
    installLock(pin, repeat, 0, () => deviceKey, () => ({ ...extra, biometricArmed: false }))

  return { slice, kernel: { randomPool, requireLock, devicePublic, forget, replaceLock } }
}
