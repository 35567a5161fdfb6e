import { createStore, type StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { DegreeShare, DegreeShareCheck, FileRetrieval, PaperCredential } from '../../../services/api/types'
import type { CryptoBackend, EcPublicJwk } from '../../../services/crypto/types'
import { verifyBearerCredential, type VerifiedBearer } from '../../../services/presentation/bearerCredential'
import { verifyTrustList } from '../../../services/trust/verifyTrustList'
import type { CertModule } from '../../../certs/types'
import { DEGREE_SHARE_MAX_DAYS, DEGREE_SHARE_MIN_DAYS } from '../../../vocabulary/bearerUses'
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
  | 'retrieveFile'
  | 'trustList'
>

export interface ShareDeps {
  api: ShareApi
  /** Read for the holder's token (the public check needs none). */
  wallet: Pick<StoreApi<Pick<WalletState, 'holder' | 'holderAuth'>>, 'getState'>
  backend: CryptoBackend
  registry: { modules: readonly CertModule[] }
  rootKeys: readonly EcPublicJwk[]
  /** ms since epoch. */
  now: () => number
}

/** What the public check page shows: the service's answer, and the signed degree verified here. */
export interface ShareCheckResult {
  answer: DegreeShareCheck
  /** Only while valid: the degree, its issuer signature checked against the national trust list. */
  verified: VerifiedBearer | null
}

export type ShareBusy = 'papers' | 'issue-paper' | 'revoke-paper' | 'shares' | 'create-share' | 'revoke-share' | 'check' | 'file' | null

export interface ShareState {
  papers: PaperCredential[]
  shares: DegreeShare[]
  check: ShareCheckResult | null
  /** The last 文件调用 the holder authorised. */
  file: FileRetrieval | null
  busy: ShareBusy
  error: ErrorCode | null

  loadPapers(): Promise<void>
  /** A new paper credential for `certId`; null (and `error`) on failure. */
  issuePaper(certId: string): Promise<PaperCredential | null>
  revokePaper(paperId: string): Promise<boolean>
  loadShares(): Promise<void>
  /** A verification code valid `validDays` (30–180) for the degree `certId`. */
  createShare(certId: string, validDays: number): Promise<DegreeShare | null>
  revokeShare(code: string): Promise<boolean>
  /** Anyone: looks a code up and verifies the signed degree it returns. */
  checkShare(code: string): Promise<ShareCheckResult | null>
  /** 文件调用: a watermarked, purpose-bound copy for `verifierName` (用证事由 required). */
  retrieveFile(input: { certId: string; purpose: string; verifierName: string }): Promise<FileRetrieval | null>
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
 * Paper credentials, degree shares, the public share check and 文件调用. Nothing here is
 * persisted: the service holds the records, and the pages load them when opened.
 */
export function createShareStore(deps: ShareDeps): ShareStore {
  return createStore<ShareState>()((set) => {
    /** The holder's DPoP-bound session (the wallet must be unlocked: the proof needs the device key). */
    const auth = () => deps.wallet.getState().holderAuth()
    /** Runs `job` as `busy`; a failure sets `error` (a code) and returns null. */
    const run = async <T>(busy: ShareBusy, job: () => Promise<T>): Promise<T | null> => {
      set({ busy, error: null })
      try {
        const out = await job()
        set({ busy: null })
        return out
      } catch (e) {
        set({ busy: null, error: toWalletError(e).code })
        return null
      }
    }
    const upsert = <T>(list: T[], item: T, same: (a: T) => boolean): T[] => (list.some(same) ? list.map((x) => (same(x) ? item : x)) : [item, ...list])

    return {
      papers: [],
      shares: [],
      check: null,
      file: null,
      busy: null,
      error: null,

      async loadPapers() {
        const r = await run('papers', async () => deps.api.listPaperCredentials(await auth()))
        if (r) set({ papers: r.items })
      },

      async issuePaper(certId) {
        const p = await run('issue-paper', async () => deps.api.issuePaperCredential(await auth(), certId))
        if (p) set((s) => ({ papers: upsert(s.papers, p, (x) => x.paperId === p.paperId) }))
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

      async retrieveFile(input) {
        const file = await run('file', async () => {
          if (!input.purpose.trim()) throw new WalletError('ERR_PURPOSE_REQUIRED')
          if (!input.verifierName.trim()) throw new WalletError('ERR_BAD_REQUEST', { detail: 'verifierName' })
          // 文件调用 is an institution call now (signed by a registered 用证单位; its name comes from the
          // registry, never from a typed name), so a holder cannot start one from here. The holder's
          // grant to a registered organisation is issue #11 item 8.
          throw new WalletError('ERR_INSTITUTION_SIGNATURE_MISSING', { detail: 'holder-file-retrieval' })
        })
        if (file) set({ file })
        return file
      },

      clearError() {
        set({ error: null })
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
