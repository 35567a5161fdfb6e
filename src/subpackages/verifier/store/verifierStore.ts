import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { ErrorCodes, toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import { enrolDevice, parseEnrolment, signerFor } from '../../../services/institution/enrolment'
import { findInstitution, verifyInstitutionRegistry } from '../../../services/institution/registry'
import type { InstitutionEnrolment, InstitutionKeyVault } from '../../../services/institution/types'
import { verifyPresentation, type StatusAnswer } from '../../../services/presentation/presentation'
import { statusForCredential, type CachedStatusList } from '../../../services/status/verifyStatusList'
import { verifyTrustList } from '../../../services/trust/verifyTrustList'
import type { TrustList } from '../../../services/trust/types'
import type { CertModule, PurposeId } from '../../../certs/types'
import { purposeLabels } from '../../../vocabulary/purposeText'
import { makeChallenge } from '../model/challenge'
import { PersistedReplayCache } from '../model/persistedReplay'
import { buildOriginalView, buildResultView, peekPurpose, type ResultView } from '../model/resultView'
import { verifyAnnotatedCopy, verifyOriginal } from '../../../services/ofd/verifyOriginal'
import { statusListIdFromUri } from '../../../services/wallet/trustMaterial'
import { isBearerText, verifyBearerCredential } from '../../../services/presentation/bearerCredential'
import { buildBearerView, isShareCode, peekBearerUse, resolveShareCode } from '../model/bearerView'
import { roleAcceptsBearer } from '../../../certs/bearerFields'
import type { BearerUse } from '../../../vocabulary/bearerUses'
import { findRole, VERIFIER_ROLES, type VerifierRoleId } from '../../../vocabulary/roles'
import {
  downloadMaterial,
  EMPTY_MATERIAL,
  fetchStatusList,
  isStatusListId,
  MATERIAL_STALE_MS,
  openStoredDeviceRevocations,
  openStoredStatusList,
  type MaterialApi,
  type VerifierMaterial
} from '../model/verifierMaterial'
import { base64urlDecode, isObject } from '../../../services/encoding'
import { persistedOptions } from '../../../store/persisted'
import type { StoreEnv } from '../../../store/storeDeps'
import { verifyFileCopy, type FileCopyPayload } from '../../../services/fileGrant/copy'
import type { FileRetrieval } from '../../../services/api/types'

export type { VerifierRoleId } from '../../../vocabulary/roles'
export type { VerifierMaterial } from '../model/verifierMaterial'
export type { ResultView, ResultCert, ResultField } from '../model/resultView'

/** Entries kept in the verifier log (the page shows them all). */
export const LOG_LIMIT = 20

/**
 * One line of the verifier log: outcome, time, purpose, code — and nothing about the person (no
 * name, no number, no issuer serial). No role needs the app itself to keep personal data: the
 * police record goes into 警务通, the hotel's registration into its PMS, the employer's into HR.
 */
export interface VerifierLogEntry {
  /** ms since epoch. */
  at: number
  role: VerifierRoleId
  ok: boolean
  /** The verified purpose; null when verification failed before it was established. */
  purpose: PurposeId | null
  code: ErrorCode | 'OK'
}

/** Why a green answer deserves a second look at the material. */
export type MaterialWarning = 'status-stale' | 'revocations-unavailable'

export type VerifierResult =
  | { ok: true; at: number; view: ResultView; warnings: MaterialWarning[]; nonceChecked: boolean }
  | {
      ok: false
      at: number
      code: ErrorCode
      /** For a wrong-role QR: the purpose it claims (read without verifying), to explain the red screen. */
      presentedPurpose: PurposeId | null
      /** ERR_CERT_SUSPENDED: the kinds of the suspended credential, for their own words (驾驶证暂扣中). */
      suspendedKinds?: string[]
      /** A bearer credential (paper, degree share): its use, and which status entry says revoked. */
      bearer?: { use: BearerUse | null; revoked: 'bearer' | 'cert' | null }
    }

/** What survives a restart. The result on screen (with personal data) never does. */
export interface PersistedVerifier {
  version: 1
  role: VerifierRoleId | null
  /**
   * This device's enrolment as a 用证单位 (its key pair included; plain storage, see the README
   * 机构密钥). Null: an unregistered checker (未登记核验方) — offline checks only, no 上报.
   */
  enrolment: InstitutionEnrolment | null
  /** The root-signed institution registry as last downloaded (its JWS; verified before use). */
  institutionRegistry: { jws: string; fetchedAt: number } | null
  material: VerifierMaterial
  /** Accepted proofs (device signature → seconds until refused), so a screenshot fails after a restart too. */
  replay: Record<string, number>
  log: VerifierLogEntry[]
}

export const VERIFIER_DEFAULTS: PersistedVerifier = { version: 1, role: null, enrolment: null, institutionRegistry: null, material: EMPTY_MATERIAL, replay: {}, log: [] }

/**
 * Everything the verifier store needs from outside; the app passes platform defaults, tests fakes.
 * `randomBytes` (StoreEnv) makes the challenge nonces.
 */
export interface VerifierDeps extends StoreEnv {
  /** For 更新核验数据 (normal timeouts and retries). */
  api: MaterialApi
  /**
   * For a status list fetched during a verification (unknown list, or ours is over 24 h old): one
   * short attempt, so a phone without signal answers quickly. Defaults to `api`.
   */
  quickApi?: Pick<MaterialApi, 'statusList'>
  registry: { modules: readonly CertModule[] }
  /** Status lists fetched on every update besides the ones learned from presentations (default: the trust list's). */
  knownStatusListIds?: readonly string[]
  /**
   * Online extras: 上报 (online 核验 of the result on screen, recorded in the holder's 用证记录) and a typed
   * 学历验证码 resolved to its signed degree. Absent = neither.
   */
  reportApi?: Pick<ApiClient, 'verify' | 'checkDegreeShare'>
  /** The holder wallet's vault: the institution key is sealed to it when the phone has one (README, 机构密钥). */
  vault?: InstitutionKeyVault
  /** Enrolment with an activation code, and the institution registry. Absent = neither. */
  institutionApi?: Pick<ApiClient, 'enrolInstitution' | 'institutionRegistry'>
  /** 文件调用 under a holder's grant (an enrolled institution only), and the trust list its copy is checked against. Absent = none. */
  fileApi?: Pick<ApiClient, 'retrieveFile' | 'trustList'>
}

/** 文件调用 as the organisation: the copy fetched under a grant and verified here, or why not. */
export type FileFetchState =
  | { status: 'fetching' }
  | { status: 'done'; retrieval: FileRetrieval; copy: FileCopyPayload; ofd: { sealName: string; annotation: string; bytes: Uint8Array } | null }
  | { status: 'failed'; code: ErrorCode }

/** 上报 of the result on screen: the service's own answer, or why it could not be sent. */
export type ReportState = { status: 'sending' } | { status: 'done'; ok: boolean; code: ErrorCode | 'OK' } | { status: 'failed'; code: ErrorCode }

export interface VerifierChallenge {
  nonce: string
  /** `CWN1:<nonce>`: what the QR encodes. */
  text: string
  issuedAt: number
}

export interface VerifierState extends PersistedVerifier {
  busy: 'material' | 'verify' | null
  /** Code of the last failed 更新核验数据 (cleared by a successful one). */
  materialError: ErrorCode | null
  /** Per status-list id (and `device-revocations`), what failed in the last update. */
  materialFailures: Record<string, ErrorCode>
  /** Last known reachability of the service: null = not tried yet. */
  online: boolean | null
  /** The answer on screen; memory only. */
  result: VerifierResult | null
  /** The nonce shown by 出示核验码; the next verification requires it. */
  challenge: VerifierChallenge | null
  storageProblem: string | null

  /**
   * Choose (and remember) who is checking. Clears any result and challenge on screen. Once
   * enrolled, the role is the registered one and cannot be changed here.
   */
  setRole(role: VerifierRoleId): void
  /** Enrols this device with its institution's activation code (once); the role becomes the registered one. */
  enrol(activationCode: string): Promise<boolean>
  enrolError: ErrorCode | null
  /** 更新核验数据: trust list, status lists, device revocations. False (and `materialError`) on failure; what was stored stays. */
  refreshMaterial(): Promise<boolean>
  /** Verifies a scanned or pasted CW1 text offline (cached material), logs the outcome, and shows it. */
  verify(text: string): Promise<VerifierResult>
  /**
   * Verifies an uploaded 电子证照原件 (a sealed OFD) offline against the same material: the seal,
   * every file's SM3 digest, the signer listed for the issuer and kind, the 证照标识, the status.
   */
  verifyOriginalFile(bytes: Uint8Array): Promise<VerifierResult>
  dismissResult(): void
  /** 上报 of the result on screen, when online: the service re-checks it and records it for the holder. */
  report: ReportState | null
  reportResult(purpose: string): Promise<boolean>
  /** 出示核验码: a fresh CSPRNG nonce for the next verification. */
  issueChallenge(): Promise<VerifierChallenge | null>
  cancelChallenge(): void
  /** The last 文件调用 of this (enrolled) device; memory only. */
  file: FileFetchState | null
  /**
   * 文件调用: fetches the 加注件 the holder granted this institution under `grantId` (signed with the
   * enrolled key) and verifies it against the root-signed trust list (platform key, watermark,
   * expiry) before it is shown. ERR_NOT_ENROLLED for an unregistered device.
   */
  fetchFile(grantId: string): Promise<boolean>
  clearFile(): void
  /** The platform's network state (Taro.getNetworkType / onNetworkStatusChange). */
  setOnline(online: boolean): void
  clearLog(): void
}

export type VerifierStore = StoreApi<VerifierState>

const isStr = (v: unknown): v is string => typeof v === 'string'
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const ROLE_IDS = VERIFIER_ROLES.map((r) => r.id) as string[]
const PURPOSE_IDS = Object.keys(purposeLabels)
const CODES = new Set<string>([...ErrorCodes, 'OK'])
const NETWORK_CODES = new Set<ErrorCode>(['ERR_NETWORK', 'ERR_TIMEOUT'])

function parseMaterial(v: unknown): { material: VerifierMaterial; problem: string | null } {
  if (!isObject(v)) return { material: EMPTY_MATERIAL, problem: v === undefined ? null : 'material' }
  let problem: string | null = null
  const t = v.trustList
  const trustList = isObject(t) && isStr(t.jws) && isNum(t.fetchedAt) && isNum(t.expiresAt) ? { jws: t.jws, fetchedAt: t.fetchedAt, expiresAt: t.expiresAt } : null
  if (t !== null && !trustList) problem = 'trust-list'
  const statusLists: VerifierMaterial['statusLists'] = {}
  for (const [id, s] of Object.entries(isObject(v.statusLists) ? v.statusLists : {})) {
    if (isStatusListId(id) && isObject(s) && isStr(s.jwt) && isNum(s.fetchedAt)) statusLists[id] = { jwt: s.jwt, fetchedAt: s.fetchedAt }
    else problem = 'status-lists'
  }
  const d = v.deviceRevocations
  const deviceRevocations = isObject(d) && isStr(d.jws) && isNum(d.fetchedAt) ? { jws: d.jws, fetchedAt: d.fetchedAt } : null
  const pendingListIds = Array.isArray(v.pendingListIds) ? v.pendingListIds.filter((x): x is string => isStr(x) && isStatusListId(x)) : []
  return { material: { trustList, statusLists, deviceRevocations, pendingListIds }, problem }
}

/** A log entry rebuilt field by field: whatever else an old or tampered blob holds is dropped. */
function parseLogEntry(v: unknown): VerifierLogEntry | null {
  if (!isObject(v) || !isNum(v.at) || !isStr(v.role) || !ROLE_IDS.includes(v.role) || typeof v.ok !== 'boolean' || !isStr(v.code) || !CODES.has(v.code)) return null
  const purpose = isStr(v.purpose) && PURPOSE_IDS.includes(v.purpose) ? (v.purpose as PurposeId) : null
  return { at: v.at, role: v.role as VerifierRoleId, ok: v.ok, purpose, code: v.code as VerifierLogEntry['code'] }
}

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults (or drops the bad part)
 * and is reported through `problem`, never thrown (STYLE.md §5).
 */
export function tryParseVerifier(value: unknown): { state: PersistedVerifier; problem: string | null } {
  if (value === undefined || value === null) return { state: VERIFIER_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: VERIFIER_DEFAULTS, problem: 'version' }
  const role = isStr(value.role) && ROLE_IDS.includes(value.role) ? (value.role as VerifierRoleId) : null
  const enrolment = parseEnrolment(value.enrolment)
  const r = value.institutionRegistry
  const institutionRegistry = isObject(r) && isStr(r.jws) && isNum(r.fetchedAt) ? { jws: r.jws, fetchedAt: r.fetchedAt } : null
  let problem: string | null = value.role !== null && role === null ? 'role' : null
  const m = parseMaterial(value.material)
  problem = problem ?? m.problem
  const replay: Record<string, number> = {}
  for (const [k, until] of Object.entries(isObject(value.replay) ? value.replay : {})) if (isNum(until)) replay[k] = until
  const rawLog = Array.isArray(value.log) ? value.log : []
  const log = rawLog.map(parseLogEntry).filter((e): e is VerifierLogEntry => e !== null).slice(0, LOG_LIMIT)
  if (log.length !== Math.min(rawLog.length, LOG_LIMIT)) problem = problem ?? 'log-entries'
  if (value.enrolment !== undefined && value.enrolment !== null && !enrolment) problem = problem ?? 'enrolment'
  return { state: { version: 1, role, enrolment, institutionRegistry, material: m.material, replay, log }, problem }
}

/**
 * The verifier store: role, offline material (downloaded and verified while online, stored with
 * its fetch time), offline verification of CW1 presentations with a replay cache that survives
 * restarts, the verifier challenge, and a log without personal data. Network calls only inside
 * actions.
 */
export function createVerifierStore(deps: VerifierDeps): VerifierStore {
  const quickApi = deps.quickApi ?? deps.api
  // Verified material, kept in memory by the signed text so a scan does not re-verify it.
  let trustMemo: { jws: string; list: TrustList } | null = null
  const statusMemo = new Map<string, { jwt: string; list: CachedStatusList }>()
  let revocationsMemo: { jws: string; keys: Set<string> | null } | null = null
  // The text behind the result on screen, for 上报 only. Memory only: it holds personal data.
  let shownText: string | null = null

  return createStore<VerifierState>()(
    persist(
      (set, get) => {
        const openTrust = async (jws: string, nowSec: number): Promise<TrustList> => {
          if (trustMemo?.jws === jws) {
            if (nowSec > trustMemo.list.exp) throw new WalletError('ERR_TRUST_LIST_EXPIRED')
            return trustMemo.list
          }
          const list = await verifyTrustList(jws, deps.rootKeys, deps.backend, nowSec)
          trustMemo = { jws, list }
          return list
        }

        const openRevocations = async (): Promise<Set<string> | null> => {
          const entry = get().material.deviceRevocations
          if (!entry) return null
          if (revocationsMemo?.jws !== entry.jws) revocationsMemo = { jws: entry.jws, keys: await openStoredDeviceRevocations(entry, deps) }
          return revocationsMemo.keys
        }

        const rememberPending = (listId: string) =>
          set((s) =>
            s.material.pendingListIds.includes(listId) || s.material.statusLists[listId]
              ? s
              : { material: { ...s.material, pendingListIds: [...s.material.pendingListIds, listId].slice(-50) } }
          )

        /**
         * Status from the stored lists. A list we do not have, or one older than 24 h, is fetched
         * once (short timeout) and kept; offline, an old list answers with a warning.
         */
        const statusLookup = (trust: TrustList, atMs: number, warnings: Set<MaterialWarning>) => async ({ listId, idx, issuer }: { listId: string; idx: number; issuer: string }): Promise<StatusAnswer> => {
          if (!isStatusListId(listId)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'list-id' })
          const stored = get().material.statusLists[listId]
          let list: CachedStatusList | null = null
          let fetchedAt = stored?.fetchedAt ?? 0
          if (stored) {
            const memo = statusMemo.get(listId)
            list = memo?.jwt === stored.jwt ? memo.list : await openStoredStatusList(stored, listId, trust, deps.backend)
            if (list) statusMemo.set(listId, { jwt: stored.jwt, list })
          }
          if (!list || atMs - fetchedAt > MATERIAL_STALE_MS) {
            try {
              const fresh = await fetchStatusList(quickApi, listId, trust, deps.backend, atMs)
              list = fresh.list
              fetchedAt = fresh.fetchedAt
              statusMemo.set(listId, { jwt: fresh.jwt, list })
              set((s) => ({
                online: true,
                material: {
                  ...s.material,
                  statusLists: { ...s.material.statusLists, [listId]: { jwt: fresh.jwt, fetchedAt: fresh.fetchedAt } },
                  pendingListIds: s.material.pendingListIds.filter((x) => x !== listId)
                }
              }))
            } catch (e) {
              const code = toWalletError(e).code
              if (NETWORK_CODES.has(code)) set({ online: false })
              if (!list) {
                rememberPending(listId)
                throw new WalletError('ERR_STATUS_LIST_UNAVAILABLE', { detail: listId, cause: e })
              }
            }
          }
          if (atMs - fetchedAt > MATERIAL_STALE_MS) warnings.add('status-stale')
          return statusForCredential(list, { idx, issuer })
        }

        const record = (result: VerifierResult, role: VerifierRoleId | null) => {
          const entry: VerifierLogEntry | null = role
            ? { at: result.at, role, ok: result.ok, purpose: result.ok ? result.view.purpose : null, code: result.ok ? 'OK' : result.code }
            : null
          set((s) => ({ result, busy: null, log: entry ? [entry, ...s.log].slice(0, LOG_LIMIT) : s.log }))
        }

        return {
          ...VERIFIER_DEFAULTS,
          busy: null,
          materialError: null,
          materialFailures: {},
          online: null,
          result: null,
          challenge: null,
          storageProblem: null,
          file: null,

          async fetchFile(grantId) {
            const enrolment = get().enrolment
            const id = grantId.trim()
            const fail = (code: ErrorCode) => {
              set({ file: { status: 'failed', code } })
              return false
            }
            if (!deps.fileApi) return fail('ERR_NOT_ENROLLED')
            if (!enrolment) return fail('ERR_NOT_ENROLLED')
            if (!id) return fail('ERR_BAD_REQUEST')
            set({ file: { status: 'fetching' } })
            try {
              const retrieval = await deps.fileApi.retrieveFile(id, signerFor(enrolment, { backend: deps.backend, randomBytes: deps.randomBytes, now: deps.now, vault: deps.vault }))
              const nowSec = Math.floor(deps.now() / 1000)
              const trust = await verifyTrustList((await deps.fileApi.trustList()).trustList, deps.rootKeys, deps.backend, nowSec)
              // What is shown is what the platform signed, not what the JSON around it says.
              const copy = await verifyFileCopy(retrieval.copy, { trust, backend: deps.backend, now: nowSec })
              if (copy.gid !== id || copy.org.id !== enrolment.institutionId) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'file-copy-binding' })
              // The OFD 加注件 (#14 §3), when the platform sends one: its seal, digests and 加注, bound to this grant.
              let ofd: { sealName: string; annotation: string; bytes: Uint8Array } | null = null
              if (retrieval.ofd) {
                const bytes = base64urlDecode(retrieval.ofd)
                const v = await verifyAnnotatedCopy(bytes, { trust, rootKeys: deps.rootKeys, registry: deps.registry, now: nowSec })
                if (v.copy.grantId !== id || v.copy.orgId !== enrolment.institutionId || v.metadata.certId !== copy.cid) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'file-copy-binding' })
                ofd = { sealName: v.seal.name, annotation: v.copy.text, bytes }
              }
              set({ file: { status: 'done', retrieval, copy, ofd }, online: true })
              return true
            } catch (e) {
              const code = toWalletError(e).code
              if (NETWORK_CODES.has(code)) set({ online: false })
              return fail(code)
            }
          },

          clearFile() {
            set({ file: null })
          },

          setRole(role) {
            if (!findRole(role)) return
            const enrolled = get().enrolment
            if (enrolled && enrolled.role !== role) return
            set({ role, result: null, challenge: null })
          },

          enrolError: null,

          async enrol(code) {
            if (!deps.institutionApi) return false
            set({ enrolError: null })
            try {
              const enrolment = await enrolDevice(deps.institutionApi, code, deps.randomBytes, deps.vault)
              set({ enrolment, role: enrolment.role, result: null, challenge: null, report: null, online: true })
              return true
            } catch (e) {
              const code = toWalletError(e).code
              set({ enrolError: code, online: NETWORK_CODES.has(code) ? false : get().online })
              return false
            }
          },

          async refreshMaterial() {
            if (get().busy === 'material') return false
            set({ busy: 'material', materialError: null })
            try {
              const r = await downloadMaterial(deps.api, {
                rootKeys: deps.rootKeys,
                backend: deps.backend,
                nowMs: deps.now(),
                previous: get().material,
                knownListIds: deps.knownStatusListIds
              })
              trustMemo = { jws: r.material.trustList!.jws, list: r.trust }
              // The institution registry rides along (best effort): verified with the root before it is kept.
              if (deps.institutionApi) {
                try {
                  const { registry } = await deps.institutionApi.institutionRegistry()
                  const reg = await verifyInstitutionRegistry(registry, deps.rootKeys, deps.backend, Math.floor(deps.now() / 1000))
                  set({ institutionRegistry: { jws: registry, fetchedAt: deps.now() } })
                  // The root-signed registry no longer lists this phone's key (the institution re-enrolled
                  // another device, or was removed): its enrolment is over; it checks as 未登记核验方 again.
                  const mine = get().enrolment
                  if (mine && findInstitution(reg, mine.institutionId)?.key?.jwk.x !== mine.publicJwk.x) {
                    set({ enrolment: null, enrolError: 'ERR_INSTITUTION_UNKNOWN', report: null })
                  }
                } catch {
                  // Kept as it was: the registry only names who checks, it decides no verification.
                }
              }
              set((s) => ({
                // A list learned by a verification meanwhile is kept.
                material: { ...r.material, statusLists: { ...s.material.statusLists, ...r.material.statusLists } },
                materialFailures: r.failures,
                busy: null,
                online: true
              }))
              return true
            } catch (e) {
              const code = toWalletError(e).code
              set({ busy: null, materialError: code, online: NETWORK_CODES.has(code) ? false : get().online })
              return false
            }
          },

          async verify(text) {
            shownText = text.trim()
            set({ report: null })
            const at = deps.now()
            const nowSec = Math.floor(at / 1000)
            const role = findRole(get().role)
            set({ busy: 'verify' })
            const warnings = new Set<MaterialWarning>()
            let result: VerifierResult
            try {
              if (!role) throw new WalletError('ERR_BAD_REQUEST', { detail: 'role' })
              const stored = get().material.trustList
              if (!stored) throw new WalletError('ERR_TRUST_LIST_MISSING')
              const trust = await openTrust(stored.jws, nowSec)
              const revoked = await openRevocations()
              if (!revoked) warnings.add('revocations-unavailable')
              // A 学历验证码 typed in (online): the service hands out its signed degree, checked below like a scanned one.
              if (isShareCode(text)) text = shownText = await resolveShareCode(text, deps.reportApi)
              if (isBearerText(text)) {
                // Paper or degree share: issuer signature and status only; shown many times by design.
                const b = await verifyBearerCredential(text.trim(), {
                  trust,
                  registry: deps.registry,
                  backend: deps.backend,
                  now: nowSec,
                  status: statusLookup(trust, at, warnings),
                  accepts: (use, kind) => roleAcceptsBearer(role, use, kind, deps.registry.modules)
                })
                result = { ok: true, at, view: buildBearerView(b, role, deps.registry), warnings: [...warnings], nonceChecked: false }
                record(result, role.id)
                return result
              }
              const replay = new PersistedReplayCache(get().replay, nowSec)
              const challenge = get().challenge
              const v = await verifyPresentation(text.trim(), {
                trust,
                registry: deps.registry,
                backend: deps.backend,
                now: nowSec,
                status: statusLookup(trust, at, warnings),
                replay,
                nonce: challenge?.nonce,
                purposes: role.purposes,
                isDeviceDeactivated: revoked ? (x) => revoked.has(x) : undefined
              })
              // Short-lived credentials (issue #16) carry no status entries: what stands for revocation
              // here is the lost-phone list, so its age is what the 注销信息 warning speaks of.
              const revocationsAt = get().material.deviceRevocations?.fetchedAt
              if (v.checks.status === 'short-lived' && revocationsAt !== undefined && at - revocationsAt > MATERIAL_STALE_MS) warnings.add('status-stale')
              // The challenge is spent; the proof is remembered until it could no longer pass anyway.
              set({ replay: replay.snapshot(nowSec), challenge: null })
              result = { ok: true, at, view: buildResultView(v, role, deps.registry), warnings: [...warnings], nonceChecked: v.checks.nonce }
            } catch (e) {
              const err = toWalletError(e)
              const wrongRole = err.code === 'ERR_PURPOSE_MISMATCH' && err.detail === 'verifier-role'
              result = { ok: false, at, code: err.code, presentedPurpose: wrongRole ? peekPurpose(text) : null }
              if (err.code === 'ERR_CERT_SUSPENDED' && err.detail) result.suspendedKinds = err.detail.split(',').filter((k) => deps.registry.modules.some((m) => m.kind === k))
              if (isBearerText(text) || isShareCode(text)) {
                const revoked = err.detail === 'bearer-revoked' ? 'bearer' : err.detail === 'cert-revoked' ? 'cert' : null
                result.bearer = { use: isShareCode(text) ? 'degree-share' : peekBearerUse(text, deps.registry), revoked }
              }
            }
            record(result, role?.id ?? null)
            return result
          },

          async verifyOriginalFile(bytes) {
            shownText = null
            set({ report: null, busy: 'verify' })
            const at = deps.now()
            const nowSec = Math.floor(at / 1000)
            const role = findRole(get().role)
            const warnings = new Set<MaterialWarning>()
            let result: VerifierResult
            try {
              if (!role) throw new WalletError('ERR_BAD_REQUEST', { detail: 'role' })
              const stored = get().material.trustList
              if (!stored) throw new WalletError('ERR_TRUST_LIST_MISSING')
              const trust = await openTrust(stored.jws, nowSec)
              const lookup = statusLookup(trust, at, warnings)
              const o = await verifyOriginal(bytes, {
                trust,
                rootKeys: deps.rootKeys,
                registry: deps.registry,
                now: nowSec,
                status: async ({ uri, idx, issuer }) => lookup({ listId: statusListIdFromUri(uri), idx, issuer })
              })
              result = { ok: true, at, view: buildOriginalView(o, role), warnings: [...warnings], nonceChecked: false }
            } catch (e) {
              result = { ok: false, at, code: toWalletError(e).code, presentedPurpose: null }
            }
            record(result, role?.id ?? null)
            return result
          },

          dismissResult() {
            shownText = null
            set({ result: null, report: null })
          },

          report: null,

          async reportResult(purpose) {
            const role = findRole(get().role)
            if (!deps.reportApi || !shownText || !get().result || !role) return false
            const enrolment = get().enrolment
            // 未登记核验方: checks offline, but writes no record in anyone's 用证记录.
            if (!enrolment) {
              set({ report: { status: 'failed', code: 'ERR_NOT_ENROLLED' } })
              return false
            }
            if (!purpose.trim()) {
              set({ report: { status: 'failed', code: 'ERR_PURPOSE_REQUIRED' } })
              return false
            }
            set({ report: { status: 'sending' } })
            try {
              const r = await deps.reportApi.verify(shownText, purpose.trim(), signerFor(enrolment, { backend: deps.backend, randomBytes: deps.randomBytes, now: deps.now, vault: deps.vault }))
              set({ report: { status: 'done', ok: r.ok, code: r.code }, online: true })
              return true
            } catch (e) {
              const code = toWalletError(e).code
              set({ report: { status: 'failed', code }, online: NETWORK_CODES.has(code) ? false : get().online })
              return false
            }
          },

          async issueChallenge() {
            try {
              const c = await makeChallenge(deps.randomBytes)
              const challenge = { ...c, issuedAt: deps.now() }
              set({ challenge, result: null })
              return challenge
            } catch {
              set({ challenge: null })
              return null
            }
          },

          cancelChallenge() {
            set({ challenge: null })
          },

          setOnline(online) {
            set({ online })
          },

          clearLog() {
            set({ log: [] })
          }
        }
      },
      persistedOptions<VerifierState, PersistedVerifier>({
        name: deps.storageKey ?? 'certwallet.verifier',
        storage: deps.storage,
        version: 1,
        partialize: (s) => ({ role: s.role, enrolment: s.enrolment, institutionRegistry: s.institutionRegistry, material: s.material, replay: s.replay, log: s.log }),
        parse: tryParseVerifier
      })
    )
  )
}
