import { jwkThumbprint } from '../services/crypto/thumbprint'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { WalletError, toWalletError, type ErrorCode } from '../services/errors'
import type { EcPublicJwk } from '../services/crypto/types'
import type { CertModule } from '../certs/types'
import type { CertificateSummaryDto, WalletApi } from '../services/wallet/apiPort'
import { loadWalletChecks } from './loadWalletChecks'
import type { CachedTrustList } from '../services/trust/types'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import type { FaceCheckApi } from '../services/auth/faceCheck.types'
import { keyPairFromSecret } from '../services/crypto'
import type { EcPrivateJwk } from '../services/crypto/types'
import { normalizeResidentId, residentIdProblem } from '../certs/residentId'
import { tryParseWallet, WALLET_DEFAULTS, type CardStatus, type PersistedWallet, type StoredCredential } from './schema'
import { openJsonWith, sealJsonTo } from '../services/lock/vault'
import type { BiometricAdapter } from '../services/auth/biometric.types'
import { displayField, maskValue } from '../certs/mask'
import { parseCertId } from '../certs/identifier'
import { dpopSigner, holderAuthOf, type HolderAuth } from '../services/api/holderAuth'
import type { HolderSession } from './schema'
import { createLockSlice, type LockSlice, type UnlockOutcome, type VaultContents } from './lockSlice'
import { persistedOptions, sealedText, unreadableKey } from './persisted'
import type { StoreEnv } from './storeDeps'

export type { UnlockOutcome } from './lockSlice'

/** Everything the wallet store needs from outside; the app passes platform defaults, tests fakes. */
export interface WalletDeps extends StoreEnv {
  api: WalletApi
  registry: { findByVct(vct: string): CertModule | null; find(kind: string): CertModule | null }
  /**
   * The platform's face check (src/services/auth/faceCheck.*.ts); default: the simulator's face
   * page through `api.simulator` when the API has one (its outcome is what `finishFaceCheck(passed)`
   * carries), else this platform's adapter.
   */
  faceCheck?: FaceCheckApi
  /** PBKDF2 cost of the PIN (tests lower it; the app uses the default). */
  pinIterations?: number
  /** Square-chain cost of the PIN (tests lower it; the app uses the default). */
  pinSquarings?: number
  /** Fingerprint / face (WeChat SOTER); absent or unsupported → PIN only. */
  biometric?: BiometricAdapter
  /** Total time limit of one claim (default {@link CLAIM_LIMIT_MS}). */
  claimLimitMs?: number
}

export interface ClaimProgress {
  total: number
  done: number
  current: string | null
  failures: { certId: string; title: string; code: ErrorCode }[]
  /**
   * Certificates that had not arrived when the claim stopped early (the time limit, or 取消): not
   * added, nothing of theirs stored; the holder can try them again later. Empty otherwise.
   */
  pending: { certId: string; title: string }[]
  /** Why the claim stopped before every answer arrived; null when it ran to the end. */
  stopped: 'timeout' | 'cancelled' | null
}

/** A claim stops waiting after this long in total (not per certificate); what arrived is kept. */
export const CLAIM_LIMIT_MS = 20_000
/** Certificates fetched at once during a claim. */
export const CLAIM_PARALLEL = 4

/** The certificates and their sync, plus the lock slice (./lockSlice.ts) in one persisted store. */
export interface WalletState extends PersistedWallet, LockSlice {
  /** Pending face session id during 领证. */
  faceSessionId: string | null
  available: CertificateSummaryDto[]
  busy: 'face' | 'list' | 'claim' | 'sync' | null
  claimProgress: ClaimProgress | null
  /** Last failure, as a code the UI turns into Chinese. */
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After), when it said. */
  errorRetryAfter: number | null
  /**
   * 忘记密码 in progress (memory only): `explain` (what will happen, before anything starts),
   * `face` (the face check of the person the wallet belongs to), `pin` (face passed: choose the
   * new PIN). The old PIN, vault and certificates stay as they are until `completePinReset`.
   */
  pinReset: 'explain' | 'face' | 'pin' | null
  /** Set once 忘记密码 ended with a new PIN (memory only): the home says so until dismissed. */
  pinResetDone: boolean
  /** Set when the stored blob was unreadable and we fell back to defaults. */
  storageProblem: string | null
  /** Trust list age (ms epoch of fetch) for the "as of" line. */
  trustFetchedAt: number | null
  offline: boolean
  /**
   * Opens a face session with the government API; with a platform face check (WeChat, Alipay)
   * runs it at once and finishes the session (the result is then that of finishFaceCheck).
   */
  beginFaceCheck(name: string, idNumber: string): Promise<boolean>
  /**
   * Runs the face check through the platform adapter and hands its ticket to the session.
   * `passed`: the outcome picked on the simulator's face page; platform UIs ignore it.
   */
  finishFaceCheck(passed?: boolean): Promise<boolean>
  loadAvailable(): Promise<void>
  /**
   * Fetches the certificates in parallel ({@link CLAIM_PARALLEL} at a time), verifies and stores
   * each as it arrives, and stops waiting at the total limit or at `cancelClaim`: what arrived is
   * kept, the rest is listed in `pending`.
   */
  claim(certIds: string[], purpose?: string): Promise<ClaimProgress>
  /** 取消: the running claim stops waiting now (what arrived stays; late answers are dropped). */
  cancelClaim(): void
  /**
   * Re-checks every card's status (status lists read afresh), replaces reissued cards (noting what
   * a 换证 changed, as 信息已更新), and refreshes `available`: certificates issued since the first
   * claim then show as 新证照可领取.
   */
  sync(): Promise<void>
  /** The holder has seen what a 换证 changed: the 信息已更新 note goes. */
  dismissUpdate(certId: string): void
  clearError(): void
  /** Opens the 忘记密码 explanation (no face check yet, nothing changes). */
  askPinReset(): void
  /**
   * 忘记密码: the face check of the wallet's holder, through the same platform face check as
   * sign-in, bound to a new device key kept in memory. The ID number's format is checked first.
   */
  beginPinReset(name: string, idNumber: string): Promise<boolean>
  /**
   * 忘记密码, after the face check passed: the new PIN (weak ones refused), a new vault and device
   * key, and the new sign-in. The certificates of the old vault are gone (they cannot be opened
   * without the old PIN) and are claimed again from the service; wrong-PIN counts start afresh.
   */
  completePinReset(pin: string, repeat: string): Promise<UnlockOutcome>
  /** Hides the 密码设置成功 note after 忘记密码. */
  dismissPinResetDone(): void
  /** Ends 忘记密码 without changing anything. */
  cancelPinReset(): void
  /** Leaves the face page (取消): the session is dropped; 忘记密码 goes back to its explanation. */
  cancelFaceCheck(): void
  signOut(): void
  /**
   * What a holder call carries: the DPoP-bound access token (refreshed first when it has less than
   * a minute left) and a proof signer over the device key. Only while unlocked: the private key is
   * in memory only then (ERR_HOLDER_LOCKED otherwise); ERR_UNAUTHORIZED when nobody is signed in
   * or the session can no longer be refreshed (revoked, reused, expired: sign in again).
   */
  holderAuth(): Promise<HolderAuth>

}

const statusFromCode = (code: ErrorCode): CardStatus | null =>
  code === 'ERR_CERT_EXPIRED' ? 'expired' : code === 'ERR_CERT_REVOKED' ? 'revoked' : code === 'ERR_CERT_SUSPENDED' ? 'suspended' : null

export type WalletStore = StoreApi<WalletState>

/** The wallet store: zustand + persist through Taro storage; network calls only inside actions. */
export function createWalletStore(deps: WalletDeps): WalletStore {
  const nowSec = () => Math.floor(deps.now() / 1000)
  const faceCheck = deps.faceCheck ?? (deps.api.simulator ? createSimulatedFaceCheck(deps.api.simulator) : platformFaceCheck)
  /** Who the pending face session is for (kept in memory only, never persisted). */
  let faceSubject: { name: string; idNumber: string } | null = null
  /** Stops the running claim (the 取消 button); null when none runs. */
  let cancelRunning: (() => void) | null = null
  /** 忘记密码: the new device key (memory only) and, once the face check passed, the new sign-in. */
  let reset: { key: EcPrivateJwk; session: HolderSession | null } | null = null
  /** One refresh at a time: a second one would present the spent refresh token (and end the session). */
  let refreshing: Promise<HolderSession> | null = null
  const sessionOf = (holderId: string, displayName: string, t: { holderToken: string; expiresIn: number; refreshToken: string; refreshExpiresIn: number }): HolderSession => ({
    holderId,
    displayName,
    token: t.holderToken,
    refreshToken: t.refreshToken,
    expiresAt: deps.now() + t.expiresIn * 1000,
    refreshExpiresAt: deps.now() + t.refreshExpiresIn * 1000
  })

  return createStore<WalletState>()(
    persist(
      (set, get) => {
        const fail = (e: unknown): false => {
          const err = toWalletError(e)
          set({ error: err.code, errorRetryAfter: err.retryAfterSeconds ?? null, busy: null, offline: err.code === 'ERR_NETWORK' || err.code === 'ERR_TIMEOUT' })
          return false
        }

        /** A wipe or sign-out also removes a copy of an unreadable blob (persisted.ts): nothing of the wallet stays behind. */
        const forgetKeptCopy = () => {
          try {
            deps.storage.removeItem(unreadableKey(deps.storageKey ?? 'certwallet.wallet'))
          } catch {}
        }
        const contents: VaultContents<WalletState> = {
          count: (st) => st.credentials.length,
          sealAll: (vaultPublicKey, random, st) => ({
            credentials: st.credentials.map((c) => ({ ...c, sealed: sealJsonTo(vaultPublicKey, secretOf(c), random) }))
          }),
          openAll: (vaultPrivateKey, st) => ({
            credentials: st.credentials.map((c) => {
              const secret = c.sealed ? openJsonWith<{ credential: string; claims: Record<string, unknown>; original?: string }>(vaultPrivateKey, sealedText(deps.storage, c.sealed)) : null
              return secret ? { ...c, credential: secret.credential, claims: secret.claims, ...(typeof secret.original === 'string' ? { original: secret.original } : {}) } : c
            })
          }),
          redactAll: (st) => ({ credentials: st.credentials.map((c) => redact(c, deps.registry)) }),
          wiped: () => (forgetKeptCopy(), { ...WALLET_DEFAULTS, available: [], faceSessionId: null, claimProgress: null, error: 'ERR_WIPED' })
        }
        const { slice: lockSlice, kernel } = createLockSlice<WalletState>(set, get, deps, contents)
        const { randomPool, requireLock, devicePublic } = kernel

        /** Seals a verified credential to the vault; in memory it stays full only while unlocked. */
        const store = async (c: Omit<StoredCredential, 'sealed'>): Promise<StoredCredential> => {
          const l = requireLock()
          const sealed = sealJsonTo(l.vaultPublicKey, secretOf(c), await randomPool(64))
          const full: StoredCredential = { ...c, sealed }
          return get().locked ? redact(full, deps.registry) : full
        }


        const trust = async (): Promise<CachedTrustList> => {
          const { refreshTrustList } = await loadWalletChecks()
          const r = await refreshTrustList(deps.api, { rootKeys: deps.rootKeys, backend: deps.backend, now: nowSec(), cached: get().trust.trustList })
          set((s) => ({ trust: { ...s.trust, trustList: { jws: r.cached.jws, fetchedAt: r.cached.fetchedAt } }, trustFetchedAt: r.cached.fetchedAt * 1000, offline: !r.fresh }))
          return r.cached
        }

        const statusLookup = async (t: CachedTrustList, online: boolean, preferFresh = false) =>
          (await loadWalletChecks()).createStatusLookup({
            preferFresh,
            api: online ? deps.api : undefined,
            trust: t,
            backend: deps.backend,
            now: nowSec(),
            stored: get().trust.statusLists,
            onFetched: (uri, entry) => set((s) => ({ trust: { ...s.trust, statusLists: { ...s.trust.statusLists, [uri]: entry } } }))
          })

        /**
         * The certificate's sealed OFD 原件, or undefined: a 原件 the service cannot give now never
         * costs the holder the credential (the 原件 page says so and verifies what it has).
         */
        const fetchOriginal = async (auth: HolderAuth, certId: string): Promise<string | undefined> => {
          if (!deps.api.getOriginal) return undefined
          try {
            const o = await deps.api.getOriginal(auth, certId)
            return o.certId === certId && typeof o.ofd === 'string' && o.ofd.length > 0 && o.ofd.length <= MAX_ORIGINAL_CHARS ? o.ofd : undefined
          } catch {
            return undefined
          }
        }

        /** Downloads one credential and verifies it fully before it may be stored. */
        const fetchVerified = async (auth: HolderAuth, summary: CertificateSummaryDto, t: CachedTrustList, purpose?: string): Promise<StoredCredential> => {
          const key = devicePublic()
          const { kty, crv, x, y } = key
          const issued = await deps.api.issueCredential(auth, summary.certId, { kty, crv, x, y }, summary.purposeRequired ? purpose : undefined)
          // The wallet checks its own credential as issued to it: no key binding exists yet, so it
          // opts out explicitly (a verifier never does; see verifySdJwt's keyBinding).
          const lookup = await statusLookup(t, true)
          const ctx = { registry: deps.registry, trust: t.list, backend: deps.backend, now: nowSec(), status: lookup, keyBinding: 'not-required' as const }
          let status: CardStatus = 'valid'
          let verified
          try {
            verified = await (await loadWalletChecks()).verifyCredential(issued.credential, ctx)
          } catch (e) {
            const code = toWalletError(e).code
            const st = statusFromCode(code)
            if (!st) throw e
            // Signed correctly but expired/revoked/suspended: kept, and shown with that status.
            verified = await (await loadWalletChecks()).verifyCredential(issued.credential, { ...ctx, status: undefined, acceptExpired: true }).catch(() => null)
            if (!verified) throw e
            status = st
          }
          if (verified.certId !== summary.certId) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id' })
          if (cnfMismatch(verified.payload.cnf?.jwk, key)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cnf' })
          const ref = verified.payload.status?.status_list
          const original = await fetchOriginal(auth, summary.certId)
          return store({
            ...(original ? { original } : {}),
            certId: summary.certId,
            kind: verified.kind,
            title: verified.module.label,
            issuerName: verified.issuer.name,
            credential: issued.credential,
            claims: verified.claims,
            issuedAt: issued.issuedAt,
            expiresAt: verified.expiresAt,
            status,
            checkedAt: statusTime(lookup, ref?.uri, deps.now()),
            statusRef: ref && typeof ref.uri === 'string' && typeof ref.idx === 'number' ? { uri: ref.uri, idx: ref.idx, issuer: verified.issuer.id } : null
          })
        }

        return {
          ...WALLET_DEFAULTS,
          faceSessionId: null,
          available: [],
          busy: null,
          claimProgress: null,
          error: null,
          errorRetryAfter: null,
          pinReset: null,
          pinResetDone: false,
          storageProblem: null,
          trustFetchedAt: null,
          offline: false,
          ...lockSlice,

          async beginFaceCheck(name, idNumber) {
            set({ busy: 'face', error: null })
            try {
              // A mistyped number is said to be one before any face check (not a failed face).
              const problem = residentIdProblem(idNumber)
              if (problem) throw new WalletError('ERR_ID_NUMBER_FORMAT', { detail: problem })
              faceSubject = { name: name.trim(), idNumber: normalizeResidentId(idNumber) }
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
              // The holder's tokens are bound to the device key: without one (no PIN yet) no face check.
              // 忘记密码 binds them to the new key (the old one is sealed under the forgotten PIN).
              const { kty, crv, x, y } = reset ? reset.key : devicePublic()
              // Sign-in proves possession of that key (a DPoP proof by it): held in memory only
              // while unlocked (忘记密码: the new key, in memory until the new PIN seals it).
              const signingKey = reset ? reset.key : get().deviceKey
              if (!signingKey || signingKey.x !== x || signingKey.y !== y) throw new WalletError('ERR_HOLDER_LOCKED', { detail: 'sign-in' })
              const sign = dpopSigner(signingKey, deps)
              const outcome = await faceCheck.checkFace({ sessionId, name: faceSubject?.name ?? '', idNumber: faceSubject?.idNumber ?? '', simulatedPassed: passed })
              if (!outcome.passed && outcome.reason !== 'failed') {
                // Closed or missing face UI: nothing to report on the session; the person may start again.
                set({ faceSessionId: null, busy: null, error: outcome.reason === 'unavailable' ? 'ERR_FACE_CHECK_FAILED' : null, ...(reset ? { pinReset: 'explain' as const } : {}) })
                return false
              }
              if (!outcome.passed) {
                // The platform said no: there is no ticket, so nothing goes to the service.
                faceSubject = null
                set({ faceSessionId: null, ...(reset ? { pinReset: 'explain' as const } : {}) })
                return fail(new WalletError('ERR_FACE_CHECK_FAILED', { detail: outcome.platformCode ?? 'failed' }))
              }
              // The platform's ticket, untouched: the service redeems it; the phone's word counts for nothing.
              // The tokens come back bound to the device key: every later call proves possession of it.
              const r = await deps.api.completeFaceSession(sessionId, outcome.proof, { kty, crv, x, y }, sign)
              faceSubject = null
              if (reset) {
                const owner = get().holder?.holderId
                if (owner && owner !== r.holderId) {
                  // Someone else's face: this wallet stays exactly as it was.
                  reset = null
                  set({ faceSessionId: null, pinReset: null })
                  return fail(new WalletError('ERR_PIN_RESET_OTHER_PERSON'))
                }
                reset = { ...reset, session: sessionOf(r.holderId, r.displayName, r) }
                set({ faceSessionId: null, busy: null, pinReset: 'pin' })
                return true
              }
              set({ holder: sessionOf(r.holderId, r.displayName, r), faceSessionId: null, busy: null })
              await get().loadAvailable()
              return true
            } catch (e) {
              set({ faceSessionId: null })
              if (reset) set({ pinReset: 'explain' })
              return fail(e)
            }
          },

          askPinReset() {
            if (!get().lock) return
            reset = null
            set({ pinReset: 'explain', faceSessionId: null, error: null })
          },

          async beginPinReset(name, idNumber) {
            if (!get().lock) return fail(new WalletError('ERR_PIN_NOT_SET'))
            const problem = residentIdProblem(idNumber)
            if (problem) return fail(new WalletError('ERR_ID_NUMBER_FORMAT', { detail: problem }))
            try {
              reset = { key: keyPairFromSecret(await deps.randomBytes(32)).privateJwk, session: null }
            } catch (e) {
              return fail(e)
            }
            set({ pinReset: 'face' })
            const started = await get().beginFaceCheck(name, idNumber)
            if (!started) {
              reset = null
              set({ pinReset: 'explain' })
            }
            return started
          },

          async completePinReset(pin, repeat) {
            const pending = reset
            if (!pending?.session || get().pinReset !== 'pin') return { ok: false, code: 'ERR_FACE_CHECK_FAILED', detail: 'no-reset' }
            const oldDevice = get().devicePublicKey
            const r = await kernel.replaceLock(pin, repeat, pending.key, {
              ...WALLET_DEFAULTS,
              trust: get().trust,
              autoLockSeconds: get().autoLockSeconds,
              holder: pending.session,
              available: [],
              claimProgress: null,
              error: null,
              pinReset: null,
              pinResetDone: true
            } as Partial<WalletState>)
            if (!r.ok) return r
            reset = null
            // The old device key is sealed under the forgotten PIN, so nothing here can use it again;
            // the service is told too, so a copy of the old storage cannot either (its tokens and
            // presentations die with the device). A key that never reached the service (404) or no
            // network leaves it to 我的设备, where the old key shows as another phone.
            if (oldDevice && oldDevice.x !== pending.key.x && deps.api.deactivateDevice) {
              try {
                await deps.api.deactivateDevice(await get().holderAuth(), jwkThumbprint(oldDevice))
              } catch {
                // Best effort, as above.
              }
            }
            await get().loadAvailable()
            return r
          },

          dismissPinResetDone() {
            set({ pinResetDone: false })
          },

          cancelFaceCheck() {
            faceSubject = null
            set((s) => ({ faceSessionId: null, busy: null, pinReset: s.pinReset ? 'explain' : null }))
            if (reset) reset = null
          },

          cancelPinReset() {
            reset = null
            faceSubject = null
            set({ pinReset: null, faceSessionId: null, busy: null })
          },

          async loadAvailable() {
            const holder = get().holder
            if (!holder) return
            set({ busy: 'list', error: null })
            try {
              const { items } = await deps.api.listCertificates(await get().holderAuth())
              set({ available: items, busy: null, offline: false })
            } catch (e) {
              fail(e)
            }
          },

          async claim(certIds, purpose) {
            const holder = get().holder
            const progress: ClaimProgress = { total: certIds.length, done: 0, current: null, failures: [], pending: [], stopped: null }
            const publish = () => set({ claimProgress: { ...progress, failures: [...progress.failures], pending: [...progress.pending] } })
            if (!holder) {
              fail(new WalletError('ERR_UNAUTHORIZED'))
              return progress
            }
            set({ busy: 'claim', error: null })
            publish()
            // One deadline for the whole claim, and the 取消 button: either ends the waiting at once.
            let wake: () => void = () => {}
            const stopped = new Promise<null>((resolve) => (wake = () => resolve(null)))
            const stop = (why: 'timeout' | 'cancelled') => {
              if (progress.stopped) return
              progress.stopped = why
              wake()
            }
            const timer = setTimeout(() => stop('timeout'), deps.claimLimitMs ?? CLAIM_LIMIT_MS)
            cancelRunning = () => stop('cancelled')
            const summaries = certIds.map((id) => get().available.find((a) => a.certId === id)).filter((a): a is CertificateSummaryDto => !!a)
            const settled = new Set<string>()
            try {
              let ready: [HolderAuth, CachedTrustList] | null
              try {
                ready = await Promise.race([Promise.all([get().holderAuth(), trust()]), stopped])
              } catch (e) {
                fail(e)
                return progress
              }
              if (ready) {
                const [auth, t] = ready
                const queue = [...summaries]
                const worker = async () => {
                  while (!progress.stopped && queue.length > 0) {
                    const summary = queue.shift()!
                    progress.current = summary.title
                    publish()
                    try {
                      const stored = await fetchVerified(auth, summary, t, purpose)
                      // An answer after the stop is dropped: the holder was told it did not arrive.
                      if (progress.stopped) return
                      // Each certificate on its own: a failure later never loses what was added before.
                      set((s) => ({ credentials: [...s.credentials.filter((c) => c.certId !== stored.certId), stored] }))
                    } catch (e) {
                      if (progress.stopped) return
                      progress.failures.push({ certId: summary.certId, title: summary.title, code: toWalletError(e).code })
                    }
                    settled.add(summary.certId)
                    progress.done++
                    publish()
                  }
                }
                await Promise.race([Promise.all(Array.from({ length: Math.min(CLAIM_PARALLEL, queue.length) }, worker)), stopped])
              }
            } finally {
              clearTimeout(timer)
              cancelRunning = null
            }
            progress.pending = progress.stopped ? summaries.filter((a) => !settled.has(a.certId)).map((a) => ({ certId: a.certId, title: a.title })) : []
            progress.current = null
            set({ busy: null, lastSyncAt: deps.now() })
            publish()
            return progress
          },

          cancelClaim() {
            cancelRunning?.()
          },

          async sync() {
            const holder = get().holder
            set({ busy: 'sync', error: null })
            try {
              const t = await trust()
              // A sync reads each status list afresh (a 暂扣 since the last sync must show); a stored
              // list answers only when the service cannot be reached.
              const lookup = await statusLookup(t, true, true)
              const before = get().credentials
              const next: StoredCredential[] = []
              // Holder calls need a DPoP proof by the device key, in memory only while unlocked: a
              // locked wallet refreshes what needs no holder (trust list, status lists) and leaves
              // the service's changes (reissues, revocations, new certificates) to the next unlocked sync.
              const auth = holder && !get().locked && get().deviceKey ? await get().holderAuth() : null
              const changes = auth ? (await deps.api.changesSince(auth, null)).items : []
              // The holder's list as the service has it now: the new versions of reissued cards, and
              // certificates issued since the first claim (offered as 新证照可领取).
              const listed = auth ? (await deps.api.listCertificates(auth)).items : null
              for (const c of before) {
                const change = changes.filter((x) => x.certId === c.certId).pop()
                if (change?.change === 'reissued' && change.newCertId && auth) {
                  const summary = listed?.find((i) => i.certId === change.newCertId)
                  if (summary) {
                    const fresh = await fetchVerified(auth, summary, t)
                    const fields = changedFields(deps.registry, c, fresh)
                    next.push({ ...fresh, replacedCertId: c.certId, ...(fields.length ? { updated: { at: deps.now(), fields } } : {}) })
                    continue
                  }
                }
                let status: CardStatus = 'valid'
                if (c.credential) {
                  try {
                    await (await loadWalletChecks()).verifyCredential(c.credential, { registry: deps.registry, trust: t.list, backend: deps.backend, now: nowSec(), status: lookup, keyBinding: 'not-required' })
                  } catch (e) {
                    const st = statusFromCode(toWalletError(e).code)
                    if (!st) throw e
                    status = st
                  }
                } else {
                  // Locked: the signature was checked when the card was stored; status and expiry
                  // need no secret (the status-list entry is kept in the clear).
                  const v = c.statusRef ? await lookup({ ...c.statusRef, issuer: c.statusRef.issuer ?? parseCertId(c.certId).issuerCode }) : 'valid'
                  if (v === 'invalid') status = 'revoked'
                  else if (v === 'suspended') status = 'suspended'
                  else if (c.expiresAt !== null && c.expiresAt < nowSec()) status = 'expired'
                }
                if (status === 'valid' && change?.change === 'revoked') status = 'revoked'
                // 截至: the time of the status data (the list's own time), not of this tap.
                next.push({ ...c, status, checkedAt: statusTime(lookup, c.statusRef?.uri, deps.now()) })
              }
              // All or nothing: the stored list changes only after every step above succeeded.
              set({ credentials: next, busy: null, lastSyncAt: deps.now(), offline: false, ...(listed ? { available: listed } : {}) })
            } catch (e) {
              fail(e)
            }
          },

          dismissUpdate(certId) {
            set((s) => ({ credentials: s.credentials.map((c) => (c.certId === certId && c.updated ? omitUpdated(c) : c)) }))
          },

          clearError() {
            set({ error: null, errorRetryAfter: null })
          },

          async holderAuth() {
            const s = get()
            if (!s.holder) throw new WalletError('ERR_UNAUTHORIZED', { detail: 'no-holder' })
            const key = s.deviceKey
            if (s.locked || !key) throw new WalletError('ERR_HOLDER_LOCKED')
            const sign = dpopSigner(key, deps)
            let h = s.holder
            if (!h.refreshToken || h.expiresAt === undefined) {
              // A bearer token from before DPoP: the service no longer takes it.
              set({ holder: null })
              throw new WalletError('ERR_UNAUTHORIZED', { detail: 'legacy-token' })
            }
            if (h.expiresAt - deps.now() < 60_000) {
              const spent = h
              refreshing ??= (async () => {
                try {
                  const t = await deps.api.refreshHolderToken(spent.refreshToken!, sign)
                  const next = sessionOf(spent.holderId, spent.displayName, t)
                  if (get().holder?.holderId === spent.holderId) set({ holder: next })
                  return next
                } catch (e) {
                  const code = toWalletError(e).code
                  // Refused for good (revoked by a lost-phone deactivation, reused, expired): sign in again.
                  if (code === 'ERR_UNAUTHORIZED' || code === 'ERR_TOKEN_REVOKED' || code === 'ERR_TOKEN_EXPIRED' || code === 'ERR_REFRESH_REUSED' || code === 'ERR_DPOP_KEY_MISMATCH') {
                    set({ holder: null })
                  }
                  throw e
                } finally {
                  refreshing = null
                }
              })()
              h = await refreshing
            }
            return holderAuthOf(h.token, sign)
          },

          signOut() {
            kernel.forget()
            forgetKeptCopy()
            set({ ...WALLET_DEFAULTS, deviceKey: null, locked: false, available: [], faceSessionId: null, claimProgress: null, error: null })
          }
        }
      },
      persistedOptions<WalletState, PersistedWallet>({
        name: deps.storageKey ?? 'certwallet.wallet',
        storage: deps.storage,
        version: 2,
        // On disk: no device private key, no credential, only masked claims (a v1 wallet without
        // a PIN keeps what it had until the PIN is set, so nothing is lost on upgrade).
        partialize: (s) => ({
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
        parse: tryParseWallet,
        // A blob that could not be read (kept aside by persistedOptions) is said on the page; a few
        // unreadable certificate entries dropped from a readable blob are not "restored to defaults".
        onProblem: (problem) => (problem === 'credential-entries' ? {} : { error: 'ERR_STORAGE_CORRUPT' }),
        loaded: (state) => ({
          deviceKey: state.lock ? null : state.legacyDeviceKey,
          locked: state.lock !== null,
          trustFetchedAt: state.trust.trustList ? state.trust.trustList.fetchedAt * 1000 : null
        })
      })
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
  const { original, ...rest } = c
  return { ...rest, credential: '', claims, ...(original !== undefined ? { original: '' } : {}) }
}

/** What rests sealed in the vault for one credential. */
function secretOf(c: Pick<StoredCredential, 'credential' | 'claims' | 'original'>): { credential: string; claims: Record<string, unknown>; original?: string } {
  return { credential: c.credential, claims: c.claims, ...(c.original ? { original: c.original } : {}) }
}

/** An OFD 原件 is a few KB; base64url of the package limit (src/services/ofd/package.ts MAX_OFD_BYTES). */
const MAX_ORIGINAL_CHARS = Math.ceil((1024 * 1024 * 4) / 3)
/**
 * 截至 of a card: the issue time of the status list that answered for it (ms), or now when it has
 * no status entry. The status data's own time, so a list read from storage shows its age.
 */
function statusTime(lookup: { lists: Map<string, { issuedAt: number }> }, uri: string | undefined, nowMs: number): number {
  const list = uri ? lookup.lists.get(uri) : undefined
  return list ? list.issuedAt * 1000 : nowMs
}

/** What a 换证 changed, field by field, as the card shows each value by default (sensitive ones masked). */
export function changedFields(
  registry: WalletDeps['registry'],
  before: Pick<StoredCredential, 'kind' | 'claims'>,
  after: Pick<StoredCredential, 'kind' | 'claims'>
): NonNullable<StoredCredential['updated']>['fields'] {
  const module = registry.find(after.kind)
  if (!module || before.kind !== after.kind) return []
  const out: NonNullable<StoredCredential['updated']>['fields'] = []
  for (const f of module.fields) {
    if (f.sensitivity === 'hidden') continue
    const a = before.claims[f.name]
    const b = after.claims[f.name]
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue
    out.push({
      name: f.name,
      label: f.label,
      before: a === undefined ? '' : displayField(module, f.name, a, { revealed: false }),
      after: b === undefined ? '' : displayField(module, f.name, b, { revealed: false })
    })
  }
  return out
}

function omitUpdated(c: StoredCredential): StoredCredential {
  const { updated: _seen, ...rest } = c
  return rest
}
