import { createStore, type StoreApi } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { WalletError, toWalletError, type ErrorCode } from '../services/errors'
import { keyPairFromSecret } from '../services/crypto'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../services/crypto/types'
import { verifyCredential } from '../services/credential/verifyCredential'
import type { CertModule } from '../certs/types'
import type { CertificateSummaryDto, WalletApi } from '../services/wallet/apiPort'
import { createStatusLookup, refreshTrustList } from '../services/wallet/trustMaterial'
import type { CachedTrustList } from '../services/trust/types'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import { tryParseWallet, WALLET_DEFAULTS, type CardStatus, type PersistedWallet, type StoredCredential, type StoredLock } from './schema'
import { assertPinAcceptable, createPinRecord, open, PBKDF2_ITERATIONS, seal, unlockWithPin, PIN_WARN_FROM, MAX_PIN_ATTEMPTS } from '../services/lock/pinLock'
import { openJsonWith, sealJsonTo, vaultKeysFromDek } from '../services/lock/vault'
import type { BiometricAdapter } from '../services/auth/biometric.types'
import { base64urlDecode, base64urlEncode } from '../services/encoding'
import { maskValue } from '../certs/mask'

/** Everything the wallet store needs from outside; the app passes platform defaults, tests fakes. */
export interface WalletDeps {
  api: WalletApi
  backend: CryptoBackend
  registry: { findByVct(vct: string): CertModule | null; find(kind: string): CertModule | null }
  rootKeys: readonly EcPublicJwk[]
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: StateStorage
  storageKey?: string
  /**
   * The platform's face check (src/services/auth/faceCheck.*.ts); default: the in-app simulated
   * face page, whose outcome `finishFaceCheck(passed)` carries.
   */
  faceCheck?: FaceCheckApi
  /** PBKDF2 cost of the PIN (tests lower it; the app uses the default). */
  pinIterations?: number
  /** Fingerprint / face (WeChat SOTER); absent or unsupported → PIN only. */
  biometric?: BiometricAdapter
}

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
}

export interface ClaimProgress {
  total: number
  done: number
  current: string | null
  failures: { certId: string; title: string; code: ErrorCode }[]
}

export interface WalletState extends PersistedWallet {
  /** Pending face session id during 领证. */
  faceSessionId: string | null
  available: CertificateSummaryDto[]
  busy: 'face' | 'list' | 'claim' | 'sync' | null
  claimProgress: ClaimProgress | null
  /** Last failure, as a code the UI turns into Chinese. */
  error: ErrorCode | null
  /** Set when the stored blob was unreadable and we fell back to defaults. */
  storageProblem: string | null
  /** Trust list age (ms epoch of fetch) for the "as of" line. */
  trustFetchedAt: number | null
  offline: boolean
  /** The device private key: only in memory, only while unlocked. */
  deviceKey: EcPrivateJwk | null
  /** True while a PIN exists and the wallet has not been unlocked (secrets are not in memory). */
  locked: boolean
  /** Last user activity (ms), for auto-lock. */
  lastActiveAt: number

  /**
   * Opens a face session with the government API; with a platform face check (WeChat, Alipay)
   * runs it at once and finishes the session (the result is then that of finishFaceCheck).
   */
  beginFaceCheck(name: string, idNumber: string): Promise<boolean>
  /**
   * Runs the face check through the platform adapter and reports its outcome on the session.
   * `passed`: the outcome picked on the in-app simulated face page (H5); platform UIs ignore it.
   */
  finishFaceCheck(passed?: boolean): Promise<boolean>
  loadAvailable(): Promise<void>
  claim(certIds: string[], purpose?: string): Promise<ClaimProgress>
  sync(): Promise<void>
  clearError(): void
  signOut(): void

  /** First run: sets the 6-digit PIN (creates the data key, vault and device key). */
  setupPin(pin: string, repeat: string): Promise<UnlockOutcome>
  /** Opens the vault with the PIN; wrong PINs count (delays, then a wipe at the tenth). */
  unlock(pin: string): Promise<UnlockOutcome>
  /** Opens the vault with fingerprint / face, when turned on. */
  unlockWithBiometric(): Promise<UnlockOutcome>
  /** Re-confirms the holder for an action (payment): the PIN, counted like `unlock`. */
  authorize(pin: string): Promise<UnlockOutcome>
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

const statusFromCode = (code: ErrorCode): CardStatus | null =>
  code === 'ERR_CERT_EXPIRED' ? 'expired' : code === 'ERR_CERT_REVOKED' ? 'revoked' : code === 'ERR_CERT_SUSPENDED' ? 'suspended' : null

export type WalletStore = StoreApi<WalletState>

/** The wallet store: zustand + persist through Taro storage; network calls only inside actions. */
export function createWalletStore(deps: WalletDeps): WalletStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? platformFaceCheck
  /** Who the pending face session is for (kept in memory only, never persisted). */
  let faceSubject: { name: string; idNumber: string } | null = null

  return createStore<WalletState>()(
    persist(
      (set, get) => {
        const fail = (e: unknown): false => {
          const err = toWalletError(e)
          set({ error: err.code, busy: null, offline: err.code === 'ERR_NETWORK' || err.code === 'ERR_TIMEOUT' })
          return false
        }

        // The one secret in memory while unlocked (besides the device key and credentials): the data key.
        let dek: Uint8Array | null = null
        let vaultPrivate: Uint8Array | null = null

        /** A synchronous CSPRNG reader over bytes drawn ahead (sealing is synchronous). */
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

        const devicePublic = (): EcPublicJwk => {
          const k = get().devicePublicKey
          if (!k) throw new WalletError('ERR_PIN_NOT_SET', { detail: 'device-key' })
          return k
        }

        /** Seals a verified credential to the vault; in memory it stays full only while unlocked. */
        const store = async (c: Omit<StoredCredential, 'sealed'>): Promise<StoredCredential> => {
          const l = requireLock()
          const sealed = sealJsonTo(l.vaultPublicKey, { credential: c.credential, claims: c.claims }, await randomPool(64))
          const full: StoredCredential = { ...c, sealed }
          return get().locked ? redact(full, deps.registry) : full
        }


        const trust = async (): Promise<CachedTrustList> => {
          const r = await refreshTrustList(deps.api, { rootKeys: deps.rootKeys, backend: deps.backend, now: nowSec(), cached: get().trust.trustList })
          set((s) => ({ trust: { ...s.trust, trustList: { jws: r.cached.jws, fetchedAt: r.cached.fetchedAt } }, trustFetchedAt: r.cached.fetchedAt * 1000, offline: !r.fresh }))
          return r.cached
        }

        const statusLookup = (t: CachedTrustList, online: boolean) =>
          createStatusLookup({
            api: online ? deps.api : undefined,
            trust: t,
            backend: deps.backend,
            now: nowSec(),
            stored: get().trust.statusLists,
            onFetched: (uri, entry) => set((s) => ({ trust: { ...s.trust, statusLists: { ...s.trust.statusLists, [uri]: entry } } }))
          })

        /** Downloads one credential and verifies it fully before it may be stored. */
        const fetchVerified = async (token: string, summary: CertificateSummaryDto, t: CachedTrustList, purpose?: string): Promise<StoredCredential> => {
          const key = devicePublic()
          const { kty, crv, x, y } = key
          const issued = await deps.api.issueCredential(token, summary.certId, { kty, crv, x, y }, summary.purposeRequired ? purpose : undefined)
          const ctx = { registry: deps.registry, trust: t.list, backend: deps.backend, now: nowSec(), status: statusLookup(t, true) }
          let status: CardStatus = 'valid'
          let verified
          try {
            verified = await verifyCredential(issued.credential, ctx)
          } catch (e) {
            const code = toWalletError(e).code
            const st = statusFromCode(code)
            if (!st) throw e
            // Signed correctly but expired/revoked/suspended: kept, and shown with that status.
            verified = await verifyCredential(issued.credential, { ...ctx, status: undefined, acceptExpired: true }).catch(() => null)
            if (!verified) throw e
            status = st
          }
          if (verified.certId !== summary.certId) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id' })
          if (cnfMismatch(verified.payload.cnf?.jwk, key)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cnf' })
          const ref = verified.payload.status?.status_list
          return store({
            certId: summary.certId,
            kind: verified.kind,
            title: verified.module.label,
            issuerName: verified.issuer.name,
            credential: issued.credential,
            claims: verified.claims,
            issuedAt: issued.issuedAt,
            expiresAt: verified.expiresAt,
            status,
            checkedAt: deps.now(),
            statusRef: ref && typeof ref.uri === 'string' && typeof ref.idx === 'number' ? { uri: ref.uri, idx: ref.idx } : null
          })
        }

        /** Opens every secret with the data key; false when the vault is not this DEK's. */
        const openVault = (key: Uint8Array): boolean => {
          const l = get().lock
          if (!l) return false
          const v = vaultKeysFromDek(key)
          if (v.publicKey !== l.vaultPublicKey) return false
          const sealedKey = get().deviceKeySealed
          const privateJwk = sealedKey ? openJsonWith<EcPrivateJwk>(v.privateKey, sealedKey) : null
          if (!privateJwk) return false
          dek = key
          vaultPrivate = v.privateKey
          const credentials = get().credentials.map((c) => {
            const secret = c.sealed ? openJsonWith<{ credential: string; claims: Record<string, unknown> }>(v.privateKey, c.sealed) : null
            return secret ? { ...c, credential: secret.credential, claims: secret.claims } : c
          })
          set({ locked: false, deviceKey: privateJwk, credentials, lastActiveAt: deps.now() })
          return true
        }

        const wipe = () => {
          dek = null
          vaultPrivate = null
          set({ ...WALLET_DEFAULTS, deviceKey: null, locked: false, available: [], faceSessionId: null, claimProgress: null, error: 'ERR_WIPED' })
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
            set({ lock: { ...l, pin: r.record } })
            return { ok: false, code: r.error.code, remaining: r.remaining, retryAt: r.record.lockedUntil, warn: r.record.failures >= PIN_WARN_FROM }
          }
          set({ lock: { ...l, pin: r.record } })
          if (!openVault(r.dek)) return { ok: false, code: 'ERR_STORAGE_CORRUPT' }
          return { ok: true, remaining: MAX_PIN_ATTEMPTS }
        }

        return {
          ...WALLET_DEFAULTS,
          faceSessionId: null,
          available: [],
          busy: null,
          claimProgress: null,
          error: null,
          storageProblem: null,
          trustFetchedAt: null,
          offline: false,
          deviceKey: null,
          locked: false,
          lastActiveAt: deps.now(),

          async beginFaceCheck(name, idNumber) {
            set({ busy: 'face', error: null })
            try {
              faceSubject = { name: name.trim(), idNumber: idNumber.trim().toUpperCase() }
              const s = await deps.api.startFaceSession(faceSubject.name, faceSubject.idNumber)
              set({ faceSessionId: s.sessionId, busy: null })
              // A platform face UI (WeChat, Alipay) runs now; the in-app simulated page waits for a tap.
              return faceCheck.native ? get().finishFaceCheck() : true
            } catch (e) {
              return fail(e)
            }
          },

          async finishFaceCheck(passed) {
            const sessionId = get().faceSessionId
            if (!sessionId) return fail(new WalletError('ERR_FACE_CHECK_FAILED', { detail: 'no-session' }))
            set({ busy: 'face', error: null })
            try {
              const outcome = await faceCheck.checkFace({ sessionId, name: faceSubject?.name ?? '', idNumber: faceSubject?.idNumber ?? '', simulatedPassed: passed })
              if (!outcome.passed && outcome.reason !== 'failed') {
                // Closed or missing face UI: nothing to report on the session; the person may start again.
                set({ faceSessionId: null, busy: null, error: outcome.reason === 'unavailable' ? 'ERR_FACE_CHECK_FAILED' : null })
                return false
              }
              const r = await deps.api.completeFaceSession(sessionId, outcome.passed)
              faceSubject = null
              set({ holder: { holderId: r.holderId, token: r.holderToken, displayName: r.displayName }, faceSessionId: null, busy: null })
              await get().loadAvailable()
              return true
            } catch (e) {
              set({ faceSessionId: null })
              return fail(e)
            }
          },

          async loadAvailable() {
            const holder = get().holder
            if (!holder) return
            set({ busy: 'list', error: null })
            try {
              const { items } = await deps.api.listCertificates(holder.token)
              set({ available: items, busy: null, offline: false })
            } catch (e) {
              fail(e)
            }
          },

          async claim(certIds, purpose) {
            const holder = get().holder
            const progress: ClaimProgress = { total: certIds.length, done: 0, current: null, failures: [] }
            if (!holder) {
              fail(new WalletError('ERR_UNAUTHORIZED'))
              return progress
            }
            set({ busy: 'claim', error: null, claimProgress: { ...progress } })
            let t: CachedTrustList
            try {
              t = await trust()
            } catch (e) {
              fail(e)
              return progress
            }
            for (const certId of certIds) {
              const summary = get().available.find((a) => a.certId === certId)
              if (!summary) continue
              progress.current = summary.title
              set({ claimProgress: { ...progress, failures: [...progress.failures] } })
              try {
                const stored = await fetchVerified(holder.token, summary, t, purpose)
                // One certificate at a time: a failure later never loses what was added before.
                set((s) => ({ credentials: [...s.credentials.filter((c) => c.certId !== stored.certId), stored] }))
              } catch (e) {
                progress.failures.push({ certId, title: summary.title, code: toWalletError(e).code })
              }
              progress.done++
              set({ claimProgress: { ...progress, failures: [...progress.failures] } })
            }
            progress.current = null
            set({ busy: null, claimProgress: { ...progress, failures: [...progress.failures] }, lastSyncAt: deps.now() })
            return progress
          },

          async sync() {
            const holder = get().holder
            set({ busy: 'sync', error: null })
            try {
              const t = await trust()
              const lookup = statusLookup(t, true)
              const before = get().credentials
              const next: StoredCredential[] = []
              const changes = holder ? (await deps.api.changesSince(holder.token, null)).items : []
              for (const c of before) {
                const change = changes.filter((x) => x.certId === c.certId).pop()
                if (change?.change === 'reissued' && change.newCertId && holder) {
                  const { items } = await deps.api.listCertificates(holder.token)
                  const summary = items.find((i) => i.certId === change.newCertId)
                  if (summary) {
                    const fresh = await fetchVerified(holder.token, summary, t)
                    next.push({ ...fresh, replacedCertId: c.certId })
                    continue
                  }
                }
                let status: CardStatus = 'valid'
                if (c.credential) {
                  try {
                    await verifyCredential(c.credential, { registry: deps.registry, trust: t.list, backend: deps.backend, now: nowSec(), status: lookup })
                  } catch (e) {
                    const st = statusFromCode(toWalletError(e).code)
                    if (!st) throw e
                    status = st
                  }
                } else {
                  // Locked: the signature was checked when the card was stored; status and expiry
                  // need no secret (the status-list entry is kept in the clear).
                  const v = c.statusRef ? await lookup(c.statusRef) : 'valid'
                  if (v === 'invalid') status = 'revoked'
                  else if (v === 'suspended') status = 'suspended'
                  else if (c.expiresAt !== null && c.expiresAt < nowSec()) status = 'expired'
                }
                if (status === 'valid' && change?.change === 'revoked') status = 'revoked'
                next.push({ ...c, status, checkedAt: deps.now() })
              }
              // All or nothing: the stored list changes only after every step above succeeded.
              set({ credentials: next, busy: null, lastSyncAt: deps.now(), offline: false })
            } catch (e) {
              fail(e)
            }
          },

          clearError() {
            set({ error: null })
          },

          signOut() {
            dek = null
            vaultPrivate = null
            set({ ...WALLET_DEFAULTS, deviceKey: null, locked: false, available: [], faceSessionId: null, claimProgress: null, error: null })
          },

          async setupPin(pin, repeat) {
            if (get().lock) return { ok: false, code: 'ERR_CONFLICT' }
            try {
              assertPinAcceptable(pin)
            } catch (e) {
              return { ok: false, code: toWalletError(e).code }
            }
            if (pin !== repeat) return { ok: false, code: 'ERR_PIN_MISMATCH' }
            let random: (k: number) => Uint8Array
            try {
              random = await randomPool(32 + 16 + 24 + 32 + 64 * (get().credentials.length + 1))
            } catch (e) {
              // No CSPRNG here (e.g. ERR_PLATFORM_UNSUPPORTED): no key is made and nothing is stored.
              return { ok: false, code: toWalletError(e).code }
            }
            const newDek = random(32)
            const pinRecord = createPinRecord(pin, newDek, random, deps.pinIterations ?? PBKDF2_ITERATIONS)
            const v = vaultKeysFromDek(newDek)
            // A v1 wallet keeps its device key (its credentials are bound to it); else a new one.
            const privateJwk = get().legacyDeviceKey ?? keyPairFromSecret(random(32)).privateJwk
            const { kty, crv, x, y } = privateJwk
            const credentials = get().credentials.map((c) => ({ ...c, sealed: sealJsonTo(v.publicKey, { credential: c.credential, claims: c.claims }, random) }))
            dek = newDek
            vaultPrivate = v.privateKey
            set({
              lock: { pin: pinRecord, vaultPublicKey: v.publicKey, bio: null },
              devicePublicKey: { kty, crv, x, y },
              deviceKeySealed: sealJsonTo(v.publicKey, privateJwk, random),
              legacyDeviceKey: null,
              deviceKey: privateJwk,
              credentials,
              locked: false,
              lastActiveAt: deps.now()
            })
            return { ok: true }
          },

          unlock(pin) {
            return pinAttempt(pin)
          },

          authorize(pin) {
            return pinAttempt(pin)
          },

          async unlockWithBiometric() {
            const l = get().lock
            if (!l) return { ok: false, code: 'ERR_PIN_NOT_SET' }
            if (!l.bio || !deps.biometric || !(await deps.biometric.supported())) return { ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' }
            const challenge = base64urlEncode(await deps.randomBytes(16))
            if (!(await deps.biometric.authenticate(challenge, '验证指纹或面容以打开证照夹'))) return { ok: false, code: 'ERR_BIOMETRIC_FAILED' }
            const key = open(base64urlDecode(l.bio.key), l.bio.wrapped)
            if (!key || !openVault(key)) return { ok: false, code: 'ERR_STORAGE_CORRUPT' }
            return { ok: true }
          },

          async setBiometric(on) {
            const l = get().lock
            if (!l) return { ok: false, code: 'ERR_PIN_NOT_SET' }
            if (!on) {
              set({ lock: { ...l, bio: null } })
              return { ok: true }
            }
            if (!dek || get().locked) return { ok: false, code: 'ERR_LOCKED' }
            if (!deps.biometric || !(await deps.biometric.supported())) return { ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' }
            const challenge = base64urlEncode(await deps.randomBytes(16))
            if (!(await deps.biometric.authenticate(challenge, '验证指纹或面容以开启快捷解锁'))) return { ok: false, code: 'ERR_BIOMETRIC_FAILED' }
            const random = await randomPool(64)
            const bioKey = random(32)
            set({ lock: { ...l, bio: { key: base64urlEncode(bioKey), wrapped: seal(bioKey, dek, random) } } })
            return { ok: true }
          },

          biometricEnabled() {
            return !!get().lock?.bio
          },

          lockNow() {
            if (!get().lock) return
            dek = null
            vaultPrivate = null
            set((s) => ({ locked: true, deviceKey: null, credentials: s.credentials.map((c) => redact(c, deps.registry)) }))
          },

          setAutoLock(seconds) {
            set({ autoLockSeconds: seconds })
          },

          noteActivity() {
            set({ lastActiveAt: deps.now() })
          },

          async sealSecret(value) {
            return sealJsonTo(requireLock().vaultPublicKey, value, await randomPool(64))
          },

          openSecret<T>(sealed: string): T | null {
            return vaultPrivate && !get().locked ? openJsonWith<T>(vaultPrivate, sealed) : null
          },

          checkAutoLock() {
            const s = get()
            if (!s.lock || s.locked || s.autoLockSeconds <= 0) return false
            if (deps.now() - s.lastActiveAt < s.autoLockSeconds * 1000) return false
            get().lockNow()
            return true
          }
        }
      },
      {
        name: deps.storageKey ?? 'certwallet.wallet',
        storage: createJSONStorage(() => deps.storage),
        // On disk: no device private key, no credential, only masked claims (a v1 wallet without
        // a PIN keeps what it had until the PIN is set, so nothing is lost on upgrade).
        partialize: (s): PersistedWallet => ({
          version: 2,
          holder: s.holder,
          devicePublicKey: s.devicePublicKey,
          deviceKeySealed: s.deviceKeySealed,
          credentials: s.lock ? s.credentials.map((c) => redact(c, deps.registry)) : s.credentials,
          trust: s.trust,
          lastSyncAt: s.lastSyncAt,
          lock: s.lock,
          autoLockSeconds: s.autoLockSeconds,
          legacyDeviceKey: s.lock ? null : s.legacyDeviceKey
        }),
        merge: (persisted, current) => {
          const { state, problem } = tryParseWallet(persisted)
          return {
            ...current,
            ...state,
            deviceKey: state.lock ? null : state.legacyDeviceKey,
            locked: state.lock !== null,
            storageProblem: problem,
            trustFetchedAt: state.trust.trustList ? state.trust.trustList.fetchedAt * 1000 : null
          }
        }
      }
    )
  )
}

function cnfMismatch(cnf: EcPublicJwk | undefined, key: EcPublicJwk): boolean {
  return !cnf || cnf.x !== key.x || cnf.y !== key.y
}

/**
 * A credential as it may rest on disk or sit in a locked wallet's memory: no credential text;
 * shown fields as they are, masked fields already masked, hidden fields and unknown claims gone.
 */
export function redact(c: StoredCredential, registry: WalletDeps['registry']): StoredCredential {
  const module = registry.find(c.kind)
  const claims: Record<string, unknown> = {}
  for (const f of module?.fields ?? []) {
    const v = c.claims[f.name]
    if (v === undefined || v === null || f.sensitivity === 'hidden') continue
    if (f.sensitivity === 'masked') claims[f.name] = f.mask && (typeof v === 'string' || typeof v === 'number') ? maskValue(f.mask, String(v)) : '****'
    else claims[f.name] = v
  }
  return { ...c, credential: '', claims }
}
