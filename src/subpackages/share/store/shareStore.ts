import { createStore, type StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { DegreeShare, DegreeShareCheck, FileGrant, PaperCredential } from '../../../services/api/types'
import type { CryptoBackend, EcPublicJwk } from '../../../services/crypto/types'
import { verifyBearerCredential, type VerifiedBearer } from '../../../services/presentation/bearerCredential'
import { verifyTrustList } from '../../../services/trust/verifyTrustList'
import type { CertModule } from '../../../certs/types'
import { DEGREE_SHARE_MAX_DAYS, DEGREE_SHARE_MIN_DAYS } from '../../../vocabulary/bearerUses'
import { FILE_GRANT_DAYS } from '../../../vocabulary/fileGrants'
import { verifyInstitutionRegistry } from '../../../services/institution/registry'
import type { RegisteredInstitution } from '../../../services/institution/types'
import { grantNonce, signFileGrant } from '../../../services/fileGrant/grant'
import type { WalletState } from '../../../store/walletStore'

/** The API calls the share pages make (src/services/api is the only caller of Taro.request). */
export type ShareApi = Pick<
  ApiClient,
  | 'issuePaperCredential'
  | 'listPaperCredentials'
  | 'revokePaperCredential'
  | 'createDegreeShare'
  | 'listDegreeShares'
  | 'revokeDegreeShare'
  | 'checkDegreeShare'
  | 'createFileGrant'
  | 'institutionRegistry'
  | 'trustList'
> & { delegation: Pick<ApiClient['delegation'], 'paper'> }

export interface ShareDeps {
  api: ShareApi
  /**
   * Read for the holder's token (the public check needs none), the device key that signs a
   * 文件调用 grant (in memory only while unlocked) and the lock's one-time PIN approval.
   */
  wallet: Pick<StoreApi<Pick<WalletState, 'holder' | 'holderAuth' | 'deviceKey' | 'consumeGrant'>>, 'getState'>
  backend: CryptoBackend
  registry: { modules: readonly CertModule[] }
  rootKeys: readonly EcPublicJwk[]
  /** ms since epoch. */
  now: () => number
  /** CSPRNG (a grant's nonce). */
  randomBytes: (n: number) => Promise<Uint8Array>
}

/** A registered organisation the holder may grant a certificate to, and the purposes it may get it for. */
export interface GrantTarget {
  institution: RegisteredInstitution
  purposes: string[]
}

/**
 * The organisations of the verified registry that may receive `kind` (registered for a purpose
 * the kind has disclosure fields for), each with those purposes; registry order.
 */
export function grantTargets(registry: readonly RegisteredInstitution[], kind: string, modules: readonly CertModule[]): GrantTarget[] {
  const presets = modules.find((m) => m.kind === kind)?.presets ?? []
  return registry
    .map((institution) => ({ institution, purposes: institution.purposes.filter((p) => presets.some((x) => x.purpose === p)) }))
    .filter((t) => t.purposes.length > 0)
}

/** The fields of `kind` a grant for `purpose` releases (its preset), or []. */
export function grantFields(kind: string, purpose: string, modules: readonly CertModule[]): string[] {
  return [...(modules.find((m) => m.kind === kind)?.presets.find((p) => p.purpose === purpose)?.fields ?? [])]
}

/** What the public check page shows: the service's answer, and the signed degree verified here. */
export interface ShareCheckResult {
  answer: DegreeShareCheck
  /** Only while valid: the degree, its issuer signature checked against the national trust list. */
  verified: VerifiedBearer | null
}

export type ShareBusy = 'papers' | 'issue-paper' | 'relative-paper' | 'revoke-paper' | 'shares' | 'create-share' | 'revoke-share' | 'check' | 'registry' | 'grant' | null

export interface ShareState {
  papers: PaperCredential[]
  /** Papers printed for relatives (家人代办) in this visit: they are the relative's, listed on her phone. */
  relativePapers: (PaperCredential & { linkId: string; relativeName: string })[]
  shares: DegreeShare[]
  check: ShareCheckResult | null
  /** The institution registry, verified against the pinned national root (null until loaded). */
  institutions: RegisteredInstitution[] | null
  /** The last 文件调用 grant the holder made. */
  grant: FileGrant | null
  busy: ShareBusy
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After), said in the message. */
  errorRetryAfter: number | null

  loadPapers(): Promise<void>
  /** A new paper credential for `certId`; null (and `error`) on failure. */
  issuePaper(certId: string): Promise<PaperCredential | null>
  revokePaper(paperId: string): Promise<boolean>
  /** 家人代办: a paper credential of the relative's certificate of `kind`, inside the link's scope. */
  issueRelativePaper(linkId: string, relativeName: string, kind: string): Promise<PaperCredential | null>
  loadShares(): Promise<void>
  /** A verification code valid `validDays` (30–180) for the degree `certId`. */
  createShare(certId: string, validDays: number): Promise<DegreeShare | null>
  revokeShare(code: string): Promise<boolean>
  /** Anyone: looks a code up and verifies the signed degree it returns. */
  checkShare(code: string): Promise<ShareCheckResult | null>
  /** Fetches and verifies the root-signed registry of 用证单位 (who can be granted a copy). */
  loadInstitutions(): Promise<boolean>
  /**
   * 文件调用授权: signs a grant with the device key (holder, certificate, organisation, purpose,
   * period of `days` from now, nonce) and sends it with the holder's auth. `pinGrant` is the lock's
   * one-time approval from the PIN sheet: without a valid one nothing is signed or sent. The
   * organisation must be in the verified registry and registered for `purpose`.
   */
  createGrant(input: { certId: string; institutionId: string; purpose: string; days: number }, pinGrant: string | null | undefined): Promise<FileGrant | null>
  clearGrant(): void
  clearError(): void
  clearCheck(): void
}

export type ShareStore = StoreApi<ShareState>

/** Share codes are typed by people: case, spaces and dashes do not count. */
export function normalizeCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '')
}

/** ABCD EFGH JKLM NPQR: how a 16-character code is shown and printed. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}

const CODE_RE = /^[A-HJ-NP-Z2-9]{16}$/

/**
 * Paper credentials, degree shares, the public share check and 文件调用 grants. Nothing here is
 * persisted: the service holds the records, and the pages load them when opened.
 */
export function createShareStore(deps: ShareDeps): ShareStore {
  return createStore<ShareState>()((set, get) => {
    /** The holder's DPoP-bound session (the wallet must be unlocked: the proof needs the device key). */
    const auth = () => deps.wallet.getState().holderAuth()
    /** Runs `job` as `busy`; a failure sets `error` (a code) and returns null. */
    const run = async <T>(busy: ShareBusy, job: () => Promise<T>): Promise<T | null> => {
      set({ busy, error: null, errorRetryAfter: null })
      try {
        const out = await job()
        set({ busy: null })
        return out
      } catch (e) {
        const err = toWalletError(e)
        set({ busy: null, error: err.code, errorRetryAfter: err.retryAfterSeconds ?? null })
        return null
      }
    }
    const upsert = <T>(list: T[], item: T, same: (a: T) => boolean): T[] => (list.some(same) ? list.map((x) => (same(x) ? item : x)) : [item, ...list])

    return {
      papers: [],
      relativePapers: [],
      shares: [],
      check: null,
      institutions: null,
      grant: null,
      busy: null,
      error: null,
      errorRetryAfter: null,

      async loadPapers() {
        const r = await run('papers', async () => deps.api.listPaperCredentials(await auth()))
        if (r) set({ papers: r.items })
      },

      async issuePaper(certId) {
        const p = await run('issue-paper', async () => deps.api.issuePaperCredential(await auth(), certId))
        if (p) set((s) => ({ papers: upsert(s.papers, p, (x) => x.paperId === p.paperId) }))
        return p
      },

      async issueRelativePaper(linkId, relativeName, kind) {
        const p = await run('relative-paper', async () => deps.api.delegation.paper(await auth(), linkId, { kind }))
        if (p) set((s) => ({ relativePapers: [{ ...p, linkId, relativeName }, ...s.relativePapers.filter((x) => x.paperId !== p.paperId)] }))
        return p
      },

      async revokePaper(paperId) {
        const p = await run('revoke-paper', async () => deps.api.revokePaperCredential(await auth(), paperId))
        if (p) set((s) => ({ papers: upsert(s.papers, p, (x) => x.paperId === p.paperId) }))
        return p !== null
      },

      async loadShares() {
        const r = await run('shares', async () => deps.api.listDegreeShares(await auth()))
        if (r) set({ shares: r.items })
      },

      async createShare(certId, validDays) {
        const share = await run('create-share', async () => {
          if (!Number.isInteger(validDays) || validDays < DEGREE_SHARE_MIN_DAYS || validDays > DEGREE_SHARE_MAX_DAYS) {
            throw new WalletError('ERR_BAD_REQUEST', { detail: 'validDays' })
          }
          return deps.api.createDegreeShare(await auth(), certId, validDays)
        })
        if (share) set((s) => ({ shares: upsert(s.shares, share, (x) => x.code === share.code) }))
        return share
      },

      async revokeShare(code) {
        const share = await run('revoke-share', async () => deps.api.revokeDegreeShare(await auth(), code))
        if (share) set((s) => ({ shares: upsert(s.shares, share, (x) => x.code === share.code) }))
        return share !== null
      },

      async checkShare(text) {
        set({ check: null })
        const result = await run('check', async (): Promise<ShareCheckResult> => {
          const code = normalizeCode(text)
          // A mistyped code is said so at once, without asking the service.
          if (!CODE_RE.test(code)) throw new WalletError('ERR_BAD_REQUEST', { detail: 'code' })
          const answer = await deps.api.checkDegreeShare(code)
          if (answer.status !== 'valid' || !answer.credential) return { answer, verified: null }
          // The page shows what the issuer signed, not what the JSON says.
          const nowSec = Math.floor(deps.now() / 1000)
          const trust = await verifyTrustList((await deps.api.trustList()).trustList, deps.rootKeys, deps.backend, nowSec)
          const verified = await verifyBearerCredential(answer.credential, { trust, registry: deps.registry, backend: deps.backend, now: nowSec })
          if (verified.use !== 'degree-share' || verified.ref !== answer.code) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'share-ref' })
          return { answer, verified }
        })
        set({ check: result })
        return result
      },

      async loadInstitutions() {
        const list = await run('registry', async () => {
          const nowSec = Math.floor(deps.now() / 1000)
          // Names and 统一社会信用代码 come from what the national root signed, nothing self-declared.
          const reg = await verifyInstitutionRegistry((await deps.api.institutionRegistry()).registry, deps.rootKeys, deps.backend, nowSec)
          return reg.institutions
        })
        if (list) set({ institutions: list })
        return list !== null
      },

      async createGrant(input, pinGrant) {
        const grant = await run('grant', async () => {
          if (!(FILE_GRANT_DAYS as readonly number[]).includes(input.days)) throw new WalletError('ERR_GRANT_PERIOD', { detail: 'days' })
          const registry = get().institutions
          const org = registry?.find((i) => i.id === input.institutionId) ?? null
          if (!org) throw new WalletError('ERR_GRANT_ORG_UNKNOWN')
          if (!org.purposes.includes(input.purpose)) throw new WalletError('ERR_GRANT_PURPOSE')
          const w = deps.wallet.getState()
          // No grant without the holder's PIN: the lock, not the page, decides.
          if (!w.consumeGrant(pinGrant)) throw new WalletError('ERR_LOCKED', { detail: 'no-authorization' })
          const auth = await w.holderAuth()
          const holder = deps.wallet.getState().holder
          const key = deps.wallet.getState().deviceKey
          if (!holder || !key) throw new WalletError('ERR_HOLDER_LOCKED')
          const nowSec = Math.floor(deps.now() / 1000)
          const jws = await signFileGrant(
            { sub: holder.holderId, cid: input.certId, org: org.id, pur: input.purpose, iat: nowSec, nbf: nowSec, exp: nowSec + input.days * 86400, nonce: await grantNonce(deps.randomBytes) },
            key,
            deps.backend
          )
          return deps.api.createFileGrant(auth, jws)
        })
        if (grant) set({ grant })
        return grant
      },

      clearGrant() {
        set({ grant: null })
      },

      clearError() {
        set({ error: null, errorRetryAfter: null })
      },

      clearCheck() {
        set({ check: null })
      }
    }
  })
}

/** Whole days from now to `iso` (at least 0): "还剩 N 天". */
export function daysLeft(iso: string, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - nowMs) / 86400000))
}
