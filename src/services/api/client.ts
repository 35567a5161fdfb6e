import type { EcPublicJwk } from '../crypto/types'
import { ErrorCodes, WalletError, isWalletError, type ErrorCode } from '../errors'
import { INSTITUTION_SIGNATURE_HEADER, type InstitutionSigner } from '../institution/requestSignature'
import { API_PREFIX, operations, type OperationId } from './operations'
import type { InferOutput } from 'valibot'
import type { responseSchemas } from './generated/schemas'
import { responseMismatch } from './validate'
import type { HttpCall, HttpRequest, HttpResponse, HttpTransport } from './transport'
import type * as T from './types'
import type { DpopSigner, HolderAuth } from './holderAuth'

export type { DpopSigner, HolderAuth } from './holderAuth'

/** Claims an admin call sets: the kind's own field names with plain values (the simulator checks them). */
export type AdminClaims = Record<string, string | number | boolean>
/** The yaml's free-form `claims` object is generated as an empty record; the body is sent as given. */
type AdminBody<B> = B & { claims: unknown }

export interface ApiClientOptions {
  /**
   * Origin (and any prefix) that `/api/v1/...` is appended to; '' = same origin (H5).
   * See `apiBase` for the configured default.
   */
  baseUrl: string
  /**
   * How requests leave: `taroTransport` in the app (see createDefaultApiClient), `createFetchTransport()`
   * in Node tools and tests. Required here so that Node code never loads @tarojs/taro.
   */
  request: HttpTransport
  /** Waits between attempts; tests pass a fake that records the delays. */
  sleep?: (ms: number) => Promise<void>
  /** Clock for HTTP-date Retry-After values. */
  now?: () => Date
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number
  /** First backoff delay; doubles each retry (500, 1000, 2000 …), capped at 8 s. Default 500 ms. */
  baseDelayMs?: number
  /**
   * The longest Retry-After the client waits out. A longer one ends the call at once with
   * ERR_RATE_LIMITED / ERR_SERVER and `retryAfterSeconds`, so the UI can say when to try again
   * instead of hanging. Default 10 s.
   */
  maxRetryAfterSeconds?: number
}

export interface ApiClient {
  /** 刷脸: opens a face-check session for a real-name holder. */
  startFaceSession(name: string, idNumber: string): Promise<T.FaceSession>
  /**
   * Hands the platform's face ticket (WeChat verifyResult / Alipay zimId, untouched) to the
   * service, which redeems it with the platform; a pass returns the holder token, bound to
   * `deviceKey`. `sign` makes the call's DPoP proof with that same key (its private half): the
   * service registers only a key the caller proves it holds.
   */
  completeFaceSession(sessionId: string, proof: T.FaceProof, deviceKey: EcPublicJwk, sign: DpopSigner): Promise<T.FaceSessionResult>
  /**
   * Trades the DPoP-bound refresh token for a new pair (rotation); `sign` makes the proof with the
   * device key the tokens are bound to.
   */
  refreshHolderToken(refreshToken: string, sign: DpopSigner): Promise<T.HolderTokens>
  /**
   * The simulator only (`/__mock/face-checks`, outside the government API): its stand-in for the
   * WeChat/Alipay face UI and back end, which answers with a ticket as the platform would.
   */
  simulator: {
    faceCheck(input: T.SimulatedFaceCheckRequest): Promise<T.SimulatedFaceCheckResult>
  }
  listCertificates(holder: HolderAuth): Promise<T.CertificateList>
  /** 领证: an SD-JWT VC bound to `deviceKey`. */
  issueCredential(holder: HolderAuth, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<T.IssuedCredential>
  /** 电子证照原件: the certificate's sealed OFD, base64url (verify it with `verifyOriginal`, src/services/ofd). */
  getOriginal(holder: HolderAuth, certId: string): Promise<T.CertificateOriginal>
  /** A one-time, 10-minute download link for the 原件, to open on a computer (Alipay: no file hand-over). */
  createOriginalLink(holder: HolderAuth, certId: string): Promise<T.OriginalLink>
  /** Reissues, revocations … since `since` (null = all). */
  changesSince(holder: HolderAuth, since: Date | string | null): Promise<T.ChangeList>
  trustList(): Promise<T.TrustListResponse>
  statusList(listId: string): Promise<T.StatusListResponse>
  /**
   * 证照目录 (public), signed by the national root: every certificate type with its 证照类型代码,
   * 颁发机构, 持证主体类别, whether a 原件 exists and the 用证事由 it serves. Verify it with
   * `verifyCertificateCatalogue` (src/services/trust); credentials are still checked against the trust list.
   */
  certificateCatalogue(): Promise<T.CertificateCatalogueResponse>
  /**
   * 核验 online. With `signer` (an enrolled institution) it is a 上报: the service records it in the
   * holder's 用证记录 under the institution's registered name. Without, the answer only.
   */
  verify(presentation: string, purpose: string, signer?: InstitutionSigner): Promise<T.VerificationResult>
  /**
   * 文件调用 by an enrolled institution under a holder's grant: the signed 加注件 (verify it with
   * `verifyFileCopy`). Refused unless the grant is this institution's, in force and in its period.
   */
  retrieveFile(grantId: string, signer: InstitutionSigner): Promise<T.FileRetrieval>
  /** The signed institution's own 文件调用 records. */
  listFileRetrievals(signer: InstitutionSigner): Promise<T.FileRetrievalRecordList>
  /** 文件调用授权: the grant JWS signed with the device key (src/services/fileGrant). */
  createFileGrant(holder: HolderAuth, grant: string): Promise<T.FileGrant>
  listFileGrants(holder: HolderAuth): Promise<T.FileGrantList>
  revokeFileGrant(holder: HolderAuth, grantId: string): Promise<T.FileGrant>
  /** 线上核验: a relying party registers its keys and endpoint with its one-time code (the signed registration JWS). */
  registerRelyingParty(registration: string): Promise<T.RelyingPartyRegistration>
  /** The platform-signed pairwise subject (网号-style) for this holder at one relying party, bound to `deviceKey`. */
  issuePairwiseSubject(holder: HolderAuth, input: { clientId: string; deviceKey: EcPublicJwk; purpose: string; fields: string[] }): Promise<T.PairwiseSubject>
  /** The root-signed registry of 用证单位 / 定点医药机构 (verify with `verifyInstitutionRegistry`). */
  institutionRegistry(): Promise<T.InstitutionRegistryResponse>
  /** Enrols this device for the institution the activation code was issued to. */
  enrolInstitution(activationCode: string, publicKey: EcPublicJwk): Promise<T.InstitutionEnrolment>
  /** The phones holding this person's credentials. */
  listDevices(holder: HolderAuth): Promise<T.DeviceList>
  /** Lost phone: its device key is revoked; its presentations fail verification from then on. */
  deactivateDevice(holder: HolderAuth, deviceId: string): Promise<T.DeviceInfo>
  /** 用证记录 kept by the service (核验, 文件调用, reported results), newest first; `certId` filters. */
  listUsageRecords(holder: HolderAuth, certId?: string): Promise<T.UsageRecordList>
  /** Asks the verifier of one of the holder's records to erase its copy; 404 for someone else's. */
  requestUsageDeletion(holder: HolderAuth, recordId: string): Promise<T.UsageRecord>
  /** Revoked device keys, signed by the national root, for offline verifiers. */
  deviceRevocations(): Promise<T.DeviceRevocationsResponse>
  /**
   * 亮证: short-lived purpose credentials for offline QR presentations, fetched while online. `keys`:
   * one fresh public key per set (each set bound to its own key, issue #16; `deviceKey` must be the
   * key of the holder auth's DPoP proofs), or a number of sets bound to `deviceKey` (older layout).
   */
  issuePurposeCredentials(holder: HolderAuth, purpose: T.PresentationPurpose, deviceKey: EcPublicJwk, keys?: number | readonly EcPublicJwk[]): Promise<T.PurposeCredentialBatch>
  /** 纸质凭证: print a device-free QR of a few fields (one year, revocable). */
  issuePaperCredential(holder: HolderAuth, certId: string): Promise<T.PaperCredential>
  listPaperCredentials(holder: HolderAuth): Promise<T.PaperCredentialList>
  revokePaperCredential(holder: HolderAuth, paperId: string): Promise<T.PaperCredential>
  /** 学历分享: a verification code valid `validDays` (30–180). */
  createDegreeShare(holder: HolderAuth, certId: string, validDays: number): Promise<T.DegreeShare>
  listDegreeShares(holder: HolderAuth): Promise<T.DegreeShareList>
  revokeDegreeShare(holder: HolderAuth, code: string): Promise<T.DegreeShare>
  /** Anyone: what a verification code shows (valid / expired / revoked). */
  checkDegreeShare(code: string): Promise<T.DegreeShareCheck>
  admin: {
    /** 补换领; `changes`: claims the new card says differently (a 换证 after a move). */
    reissue(adminToken: string, certId: string, changes?: AdminClaims): Promise<T.ReissueResult>
    revoke(adminToken: string, certId: string): Promise<T.RevokeResult>
    /** 暂扣 (status code 23): the status list reads suspended until `reinstate`. */
    suspend(adminToken: string, certId: string): Promise<T.SuspendResult>
    reinstate(adminToken: string, certId: string): Promise<T.ReinstateResult>
    /** A certificate issued to `holderId` after their first claim (issuer: a slug listed for the kind). */
    issueCertificate(adminToken: string, holderId: string, input: { kind: string; issuer: string; claims: AdminClaims }): Promise<T.IssueCertificateResult>
    issueActivationCode(adminToken: string, institutionId: string): Promise<T.ActivationCode>
  }
  /**
   * 医保支付. `idempotencyKey` (8–128 characters, random, one per logical action): the caller keeps
   * it and sends it again when it retries, so nothing is done twice.
   */
  medpay: {
    catalogue(): Promise<T.MedpayCatalogue>
    institutions(): Promise<T.MedpayInstitutionList>
    /** POS: 就诊登记 with a scanned 医保码 (single use). Signed by the enrolled 定点医药机构. */
    registerVisit(input: T.MedpayVisitRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpayVisit>
    /** POS: submits the fee lines; the settlement waits for the patient's confirmation. */
    submitSettlement(input: T.MedpaySettlementRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpaySettlement>
    /** Readable by its institution (signed) or its patient / payer (holder token) only. */
    getSettlement(setlId: string, as: InstitutionSigner | { holder: HolderAuth }): Promise<T.MedpaySettlement>
    /** Only by the institution that settled it. */
    refund(setlId: string, input: T.MedpayRefundRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpaySettlement>
    account(holder: HolderAuth): Promise<T.MedpayAccount>
    listSettlements(holder: HolderAuth): Promise<T.MedpaySettlementList>
    confirm(holder: HolderAuth, setlId: string, idempotencyKey: string): Promise<T.MedpaySettlement>
    decline(holder: HolderAuth, setlId: string): Promise<T.MedpaySettlement>
    /** 亲情账户: opens the relative's consent face session (nothing of the relative's comes back). */
    startFamilyConsent(holder: HolderAuth, input: T.MedpayFamilyConsentRequest): Promise<T.FaceSession>
    /** Creates the link from the relative's face ticket on that session; the server redeems it. */
    linkFamily(holder: HolderAuth, input: { faceSessionId: string; relation: T.MedpayFamilyLinkRequest['relation']; proof: T.FaceProof }): Promise<T.MedpayFamilyLink>
    familyLinks(holder: HolderAuth): Promise<T.MedpayFamilyLinkList>
    familyCredentials(holder: HolderAuth, linkId: string, input: T.MedpayFamilyCredentialRequest): Promise<T.PurposeCredentialBatch>
    /** The relative's side: links where I am the relative (who may show my code and pay for me). */
    relativeLinks(holder: HolderAuth): Promise<T.MedpayRelativeLinkList>
    /** The relative ends a link: the payer can no longer show my code or pay for me. */
    endRelativeLink(holder: HolderAuth, linkId: string): Promise<T.MedpayRelativeLink>
  }
  /** 家人代办 (issue #13): links made with the relative's own face consent, scoped to purposes. */
  delegation: {
    /** Opens the relative's consent face session for `purposes` (nothing of the relative's comes back). */
    startConsent(holder: HolderAuth, input: T.DelegationConsentRequest): Promise<T.FaceSession>
    /** Creates the link from the relative's face ticket on that session; the server redeems it. */
    create(holder: HolderAuth, input: { faceSessionId: string; relation: T.DelegationLinkRequest['relation']; proof: T.FaceProof }): Promise<T.DelegationLink>
    /** Both sides: links where I am the agent, and where I am the relative (谁可以为我代办). */
    list(holder: HolderAuth): Promise<T.DelegationLinkList>
    /** Either side ends a link. */
    end(holder: HolderAuth, linkId: string): Promise<T.DelegationLink>
    /** The relative's purpose credentials for one scoped purpose, bound to set keys made on my phone (DPoP by `deviceKey`). */
    credentials(holder: HolderAuth, linkId: string, input: T.DelegatedCredentialRequest): Promise<T.PurposeCredentialBatch>
    /** A paper credential of the relative's certificate of `kind`, within the link's scope (the paper is hers). */
    paper(holder: HolderAuth, linkId: string, input: T.DelegatedPaperRequest): Promise<T.PaperCredential>
  }
}

interface CallInput {
  pathParams?: Record<string, string>
  query?: Record<string, string | undefined>
  body?: unknown
  headers?: Record<string, string>
  /** A holder call: `Authorization: DPoP <token>` and a fresh `DPoP` proof on every attempt. */
  holder?: HolderAuth
  /** The refresh call: a `DPoP` proof by the device key alone. */
  dpop?: DpopSigner
  /** An institution call: each attempt gets a fresh X-Institution-Signature (new jti and iat). */
  signer?: InstitutionSigner
}

/** Body type of an operation's 2xx answer (generated from the yaml). */
type ResponseOf<Id extends OperationId> = InferOutput<(typeof responseSchemas)[Id]>

const MAX_BACKOFF_MS = 8000
const knownCodes: ReadonlySet<string> = new Set(ErrorCodes)

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  // An HTTP date names a weekday or month; Date.parse alone would read '-3' as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000))
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'ERR_UNAUTHORIZED'
  if (status === 404) return 'ERR_NOT_FOUND'
  if (status === 409) return 'ERR_CONFLICT'
  if (status === 429) return 'ERR_RATE_LIMITED'
  if (status >= 500) return 'ERR_SERVER'
  return 'ERR_BAD_REQUEST'
}

/** The simulator's face page (mock/openapi.yaml, tag mock): at the origin root, not below API_PREFIX. */
export const SIMULATED_FACE_PATH = '/__mock/face-checks'

/** Exactly one ticket field, under the platform's name; anything else never leaves the phone. */
function faceProofBody(proof: T.FaceProof): T.FaceSessionComplete {
  if ('verifyResult' in proof && typeof proof.verifyResult === 'string' && proof.verifyResult) return { verifyResult: proof.verifyResult }
  if ('zimId' in proof && typeof proof.zimId === 'string' && proof.zimId) return { zimId: proof.zimId }
  throw new WalletError('ERR_FACE_PROOF_REQUIRED', { detail: 'client' })
}

/** A non-2xx answer → WalletError: the body's `code` when it is one of ours, else by status. */
function errorFromResponse(operationId: OperationId | 'simulateFaceCheck', res: HttpResponse, retryAfterSeconds: number | undefined): WalletError {
  let code = codeForStatus(res.status)
  try {
    const body = JSON.parse(res.body) as { code?: unknown }
    if (typeof body?.code === 'string' && knownCodes.has(body.code)) code = body.code as ErrorCode
  } catch {
    // An HTML error page from a proxy: keep the status mapping.
  }
  return new WalletError(code, { detail: `${operationId}: HTTP ${res.status}`, retryAfterSeconds })
}

function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (status === 429) return true
  return idempotent && status >= 500 && status !== 501 && status !== 505
}

function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (!value) throw new WalletError('ERR_BAD_REQUEST', { detail: `missing path parameter ${name}` })
    return encodeURIComponent(value)
  })
}

function queryString(query: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * The typed client of the certificate-sharing API (mock/openapi.yaml).
 *
 * Per attempt a timeout (→ ERR_TIMEOUT); no answer → ERR_NETWORK. 429 is retried for every
 * operation; 5xx, timeouts and network failures only for idempotent ones (see `operations`).
 * Delays: Retry-After when given (up to `maxRetryAfterSeconds`), else 500 ms · 2^retry.
 *
 * @example
 * const api = createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport })
 * const { items } = await api.listCertificates(holder)
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = options.request
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? (() => new Date())
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxRetries = options.maxRetries ?? 3
  const baseDelayMs = options.baseDelayMs ?? 500
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 10
  const base = options.baseUrl.replace(/\/+$/, '')

  function attempt(request: HttpRequest): Promise<HttpResponse> {
    let call: HttpCall
    try {
      call = transport(request)
    } catch (e) {
      return Promise.reject(e)
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        call.abort()
        reject(new WalletError('ERR_TIMEOUT', { detail: `no answer within ${timeoutMs} ms` }))
      }, timeoutMs)
      call.response.then(
        (res) => {
          clearTimeout(timer)
          resolve(res)
        },
        (e: unknown) => {
          clearTimeout(timer)
          reject(e)
        }
      )
    })
  }

  async function call<Id extends OperationId>(operationId: Id, input: CallInput = {}): Promise<ResponseOf<Id>> {
    const op = operations[operationId]
    const headers: Record<string, string> = { Accept: 'application/json', ...input.headers }
    let body: string | undefined
    if (input.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(input.body)
    }
    const path = API_PREFIX + fillPath(op.path, input.pathParams)
    const apiPath = path + queryString(input.query)
    const request: HttpRequest = {
      url: base + apiPath,
      method: op.method,
      headers,
      body,
      timeoutMs
    }
    if (input.holder) headers.Authorization = `DPoP ${input.holder.token}`

    for (let retry = 0; ; retry++) {
      let res: HttpResponse
      try {
        // A proof is single use: a new one for every attempt (htu is the path, without the query).
        if (input.holder) headers.DPoP = await input.holder.proof(op.method, path)
        else if (input.dpop) headers.DPoP = await input.dpop(op.method, path)
        if (input.signer) headers[INSTITUTION_SIGNATURE_HEADER] = await input.signer.sign({ method: op.method, path: apiPath, body: body ?? '' })
        res = await attempt({ ...request, headers: { ...headers } })
      } catch (e) {
        const error = isWalletError(e) && (e.code === 'ERR_TIMEOUT' || e.code === 'ERR_NETWORK')
          ? e
          : new WalletError('ERR_NETWORK', { cause: e, detail: operationId })
        if (!op.idempotent || retry >= maxRetries) throw error
        await sleep(Math.min(baseDelayMs * 2 ** retry, MAX_BACKOFF_MS))
        continue
      }

      if (res.status >= 200 && res.status < 300) return parseBody(operationId, res) as ResponseOf<Id>

      const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], now())
      const error = errorFromResponse(operationId, res, retryAfterSeconds)
      if (!isRetryableStatus(res.status, op.idempotent) || retry >= maxRetries) throw error
      if (retryAfterSeconds !== undefined && retryAfterSeconds > maxRetryAfterSeconds) throw error
      await sleep(retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(baseDelayMs * 2 ** retry, MAX_BACKOFF_MS))
    }
  }

  function parseBody(operationId: OperationId, res: HttpResponse): unknown {
    let value: unknown
    try {
      value = JSON.parse(res.body)
    } catch (e) {
      throw new WalletError('ERR_BAD_RESPONSE', { cause: e, detail: `${operationId}: not JSON` })
    }
    const mismatch = responseMismatch(operationId, value)
    if (mismatch) throw new WalletError('ERR_BAD_RESPONSE', { detail: `${operationId}: ${mismatch}` })
    return value
  }

  const adminHeader = (token: string) => ({ 'X-Admin-Token': token })
  const idem = (key: string) => {
    if (typeof key !== 'string' || key.length < 8 || key.length > 128) throw new WalletError('ERR_BAD_REQUEST', { detail: 'Idempotency-Key' })
    return { 'Idempotency-Key': key }
  }

  return {
    startFaceSession: (name, idNumber) => call('startFaceSession', { body: { name, idNumber } satisfies T.FaceSessionRequest }),
    completeFaceSession: (sessionId, proof, deviceKey, sign) =>
      call('completeFaceSession', {
        pathParams: { sessionId },
        dpop: sign,
        body: { ...faceProofBody(proof), deviceKey: { kty: deviceKey.kty, crv: deviceKey.crv, x: deviceKey.x, y: deviceKey.y } } satisfies T.FaceSessionComplete
      }),
    refreshHolderToken: (refreshToken, sign) =>
      call('refreshHolderToken', { dpop: sign, body: { grantType: 'refresh_token', refreshToken } satisfies T.TokenRefreshRequest }),
    simulator: {
      async faceCheck(input) {
        const res = await attempt({
          url: base + SIMULATED_FACE_PATH,
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify(input satisfies T.SimulatedFaceCheckRequest),
          timeoutMs
        })
        if (res.status < 200 || res.status >= 300) throw errorFromResponse('simulateFaceCheck', res, undefined)
        let value: unknown
        try {
          value = JSON.parse(res.body)
        } catch (e) {
          throw new WalletError('ERR_BAD_RESPONSE', { cause: e, detail: 'simulateFaceCheck: not JSON' })
        }
        // Simulator only: checked by hand, so the app bundle carries no schema of the mock's.
        const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
        if (typeof r.verifyResult === 'string' && r.verifyResult) return { verifyResult: r.verifyResult }
        if (typeof r.zimId === 'string' && r.zimId) return { zimId: r.zimId }
        throw new WalletError('ERR_BAD_RESPONSE', { detail: 'simulateFaceCheck: no ticket' })
      }
    },
    listCertificates: (holder) => call('listCertificates', { holder }),
    issueCredential: (holder, certId, deviceKey, purpose) =>
      call('issueCredential', {
        pathParams: { certId },
        holder,
        body: (purpose === undefined ? { deviceKey } : { deviceKey, purpose }) satisfies T.CredentialRequest
      }),
    getOriginal: (holder, certId) => call('getOriginal', { pathParams: { certId }, holder }),
    createOriginalLink: (holder, certId) => call('createOriginalLink', { pathParams: { certId }, holder }),
    changesSince: (holder, since) =>
      call('changesSince', {
        holder,
        query: { since: since === null ? undefined : typeof since === 'string' ? since : since.toISOString() }
      }),
    issuePurposeCredentials: (holder, purpose, deviceKey, keys) =>
      call('issuePurposeCredentials', {
        holder,
        body: (keys === undefined
          ? { purpose, deviceKey }
          : typeof keys === 'number'
            ? { purpose, deviceKey, count: keys }
            : { purpose, deviceKey, setKeys: [...keys] }) satisfies T.PurposeCredentialRequest
      }),
    listDevices: (holder) => call('listDevices', { holder }),
    deactivateDevice: (holder, deviceId) => call('deactivateDevice', { pathParams: { deviceId }, holder }),
    listUsageRecords: (holder, certId) => call('listUsageRecords', { holder, query: { certId: certId || undefined } }),
    requestUsageDeletion: (holder, recordId) => call('requestUsageDeletion', { pathParams: { recordId }, holder }),
    deviceRevocations: () => call('deviceRevocations'),
    trustList: () => call('trustList'),
    statusList: (listId) => call('statusList', { pathParams: { listId } }),
    certificateCatalogue: () => call('certificateCatalogue'),
    verify: async (presentation, purpose, signer) => {
      if (!purpose?.trim()) throw new WalletError('ERR_PURPOSE_REQUIRED', { detail: 'verify' })
      return call('verify', { body: { presentation, purpose } satisfies T.VerificationRequest, signer })
    },
    registerRelyingParty: (registration) => call('registerRelyingParty', { body: { registration } satisfies T.RelyingPartyRegistrationRequest }),
    issuePairwiseSubject: (holder, input) =>
      call('issuePairwiseSubject', {
        holder,
        body: { clientId: input.clientId, deviceKey: { kty: 'EC', crv: input.deviceKey.crv, x: input.deviceKey.x, y: input.deviceKey.y }, purpose: input.purpose, fields: [...input.fields] } satisfies T.PairwiseSubjectRequest
      }),
    institutionRegistry: () => call('institutionRegistry'),
    enrolInstitution: (activationCode, publicKey) =>
      call('enrolInstitution', { body: { activationCode, publicKey: { kty: 'EC', crv: publicKey.crv, x: publicKey.x, y: publicKey.y } } satisfies T.InstitutionEnrolmentRequest }),
    issuePaperCredential: (holder, certId) =>
      call('issuePaperCredential', { holder, body: { certId } satisfies T.PaperCredentialRequest }),
    listPaperCredentials: (holder) => call('listPaperCredentials', { holder }),
    revokePaperCredential: (holder, paperId) => call('revokePaperCredential', { pathParams: { paperId }, holder }),
    createDegreeShare: (holder, certId, validDays) =>
      call('createDegreeShare', { holder, body: { certId, validDays } satisfies T.DegreeShareRequest }),
    listDegreeShares: (holder) => call('listDegreeShares', { holder }),
    revokeDegreeShare: (holder, code) => call('revokeDegreeShare', { pathParams: { code }, holder }),
    checkDegreeShare: (code) => call('checkDegreeShare', { pathParams: { code } }),
    retrieveFile: (grantId, signer) => call('retrieveFile', { body: { grantId } satisfies T.FileRetrievalRequest, signer }),
    listFileRetrievals: (signer) => call('listFileRetrievals', { signer }),
    createFileGrant: (holder, grant) => call('createFileGrant', { holder, body: { grant } satisfies T.FileGrantRequest }),
    listFileGrants: (holder) => call('listFileGrants', { holder }),
    revokeFileGrant: (holder, grantId) => call('revokeFileGrant', { pathParams: { grantId }, holder }),
    admin: {
      reissue: (adminToken, certId, changes) =>
        call('reissueCertificate', { pathParams: { certId }, headers: adminHeader(adminToken), ...(changes ? { body: { claims: changes } as AdminBody<T.ReissueRequest> } : {}) }),
      revoke: (adminToken, certId) => call('revokeCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      suspend: (adminToken, certId) => call('suspendCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      reinstate: (adminToken, certId) => call('reinstateCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      issueCertificate: (adminToken, holderId, input) =>
        call('issueCertificate', { pathParams: { holderId }, headers: adminHeader(adminToken), body: input as AdminBody<T.IssueCertificateRequest> }),
      issueActivationCode: (adminToken, institutionId) => call('issueActivationCode', { pathParams: { institutionId }, headers: adminHeader(adminToken) })
    },
    medpay: {
      catalogue: () => call('medpayCatalogue'),
      institutions: () => call('medpayInstitutions'),
      registerVisit: async (input, key, signer) =>
        call('registerMedpayVisit', { headers: idem(key), body: { paymentCode: input.paymentCode, medinsNo: input.medinsNo } satisfies T.MedpayVisitRequest, signer }),
      submitSettlement: async (input, key, signer) =>
        call('submitMedpaySettlement', {
          headers: idem(key),
          body: { mdtrtId: input.mdtrtId, medinsNo: input.medinsNo, items: input.items.map((i) => ({ medListCodg: i.medListCodg, cnt: i.cnt })) } satisfies T.MedpaySettlementRequest,
          signer
        }),
      getSettlement: (setlId, as) =>
        'holder' in as ? call('getMedpaySettlement', { pathParams: { setlId }, holder: as.holder }) : call('getMedpaySettlement', { pathParams: { setlId }, signer: as }),
      refund: async (setlId, input, key, signer) =>
        call('refundMedpaySettlement', { pathParams: { setlId }, headers: idem(key), body: { medinsNo: input.medinsNo } satisfies T.MedpayRefundRequest, signer }),
      account: (holder) => call('medpayAccount', { holder }),
      listSettlements: (holder) => call('listMedpaySettlements', { holder }),
      confirm: async (holder, setlId, key) => call('confirmMedpaySettlement', { pathParams: { setlId }, holder, headers: idem(key) }),
      decline: (holder, setlId) => call('declineMedpaySettlement', { pathParams: { setlId }, holder }),
      startFamilyConsent: (holder, input) =>
        call('startMedpayFamilyConsent', { holder, body: { name: input.name, idNumber: input.idNumber } satisfies T.MedpayFamilyConsentRequest }),
      linkFamily: (holder, input) =>
        call('linkMedpayFamily', {
          holder,
          body: { faceSessionId: input.faceSessionId, relation: input.relation, ...faceProofBody(input.proof) } satisfies T.MedpayFamilyLinkRequest
        }),
      relativeLinks: (holder) => call('listMedpayRelativeLinks', { holder }),
      endRelativeLink: (holder, linkId) => call('endMedpayRelativeLink', { pathParams: { linkId }, holder }),
      familyLinks: (holder) => call('listMedpayFamilyLinks', { holder }),
      familyCredentials: (holder, linkId, input) =>
        call('issueMedpayFamilyCredentials', {
          pathParams: { linkId },
          holder,
          body: {
            deviceKey: input.deviceKey,
            ...(input.setKeys ? { setKeys: input.setKeys } : {}),
            ...(input.count === undefined ? {} : { count: input.count })
          } satisfies T.MedpayFamilyCredentialRequest
        })
    },
    delegation: {
      startConsent: (holder, input) =>
        call('startDelegationConsent', { holder, body: { name: input.name, idNumber: input.idNumber, purposes: [...input.purposes] } satisfies T.DelegationConsentRequest }),
      create: (holder, input) =>
        call('createDelegation', {
          holder,
          body: { faceSessionId: input.faceSessionId, relation: input.relation, ...faceProofBody(input.proof) } satisfies T.DelegationLinkRequest
        }),
      list: (holder) => call('listDelegations', { holder }),
      end: (holder, linkId) => call('endDelegation', { pathParams: { linkId }, holder }),
      credentials: (holder, linkId, input) =>
        call('issueDelegatedCredentials', {
          pathParams: { linkId },
          holder,
          body: { purpose: input.purpose, deviceKey: input.deviceKey, setKeys: [...input.setKeys] } satisfies T.DelegatedCredentialRequest
        }),
      paper: (holder, linkId, input) => call('issueDelegatedPaper', { pathParams: { linkId }, holder, body: { kind: input.kind } satisfies T.DelegatedPaperRequest })
    }
  }
}
