import type { DelegationService } from './delegation'
import type { Api, EcPublicJwk, ErrorCode, InstitutionCall, InstitutionRole } from '../coreImports'
import type { HolderCallInput } from './holderTokens'
import type { MedpayService } from './medpay/service'

/**
 * The government certificate-sharing service, simulated. The HTTP layer (mock/handlers.ts) is a
 * thin mapping of mock/openapi.yaml onto this interface; all state and signing live behind it.
 */

// The simulator answers with the API's own types (src/services/api/types.ts, held to
// mock/openapi.yaml by a test), so the two cannot drift apart.
export type CertStatus = Api.CertStatus
export type CertificateSummary = Api.CertificateSummary
export type FaceSession = Api.FaceSession
export type FaceSessionResult = Api.FaceSessionResult
export type IssuedCredential = Api.IssuedCredential
export type ChangeType = Api.ChangeType
export type CertificateChange = Api.CertificateChange
export type VerificationResult = Api.VerificationResult
export type PurposeCredentialBatch = Api.PurposeCredentialBatch
export type FileRetrieval = Api.FileRetrieval
export type DeviceInfo = Api.DeviceInfo
export type PaperCredential = Api.PaperCredential
export type DegreeShare = Api.DegreeShare
export type DegreeShareCheck = Api.DegreeShareCheck
type ApiUsageRecord = Api.UsageRecord

/** Thrown by the simulator; the HTTP layer turns it into `{ code, message }` with `status`. */
export class SimulatorError extends Error {
  constructor(readonly code: ErrorCode, readonly status: number, readonly detail?: string) {
    super(code)
    this.name = 'SimulatorError'
  }
}

/** An institution whose request signature checked out: who it is comes from the registry only. */
export interface InstitutionPrincipal {
  /** 统一社会信用代码 */
  id: string
  name: string
  role: InstitutionRole
  purposes: string[]
  /** 定点医药机构编码 (role pharmacy). */
  medinsNo?: string
}

/** A request as the institution check sees it, before its body is parsed. */
export interface InstitutionRequest {
  signature: string | null
  method: string
  /** Path from `/api/v1` on, with the query string. */
  path: string
  /** The raw body text ('' when none). */
  body: string
  /** Which kind of call: decides the roles allowed. */
  call: InstitutionCall
}

export interface Simulator {
  now(): Date
  startFaceSession(name: string, idNumber: string): FaceSession
  /**
   * Redeems the platform's face ticket (`{ verifyResult }` WeChat, `{ zimId }` Alipay) on a sign-in
   * session; anything else (e.g. `{ passed: true }`) is 400 ERR_FACE_PROOF_REQUIRED. `proofJkt` is
   * the thumbprint of the key whose DPoP proof signed the call (checked by `checkKeyProof` before the
   * body was read): the body's `deviceKey` must be that key (401 ERR_DPOP_KEY_MISMATCH otherwise,
   * before the ticket is spent or anything registered).
   */
  completeFaceSession(sessionId: string, body: Record<string, unknown>, proofJkt: string): Promise<FaceSessionResult>
  /**
   * The WeChat/Alipay face page and back end, simulated (mock/simulator/facePlatform.ts): a pass is
   * a signed single-use ticket for the session, name and ID number; a fail ERR_FACE_CHECK_FAILED.
   */
  simulateFaceCheck(req: Api.SimulatedFaceCheckRequest): Promise<Api.SimulatedFaceCheckResult>
  /**
   * The holder behind a call: `Authorization: DPoP <token>` and a `DPoP` proof by the device key
   * the token is bound to (RFC 9449; mock/simulator/holderTokens.ts). Every refusal is a 401 with
   * its own code (ERR_UNAUTHORIZED, ERR_TOKEN_EXPIRED, ERR_TOKEN_REVOKED, ERR_DPOP_*).
   */
  authenticateHolder(call: HolderCallInput): Promise<string>
  /**
   * POST /auth/token and POST /auth/face-sessions/{id}/complete: checks a DPoP proof by a key alone
   * (no token; before the body is read; its `jti` spent); returns its key's thumbprint.
   */
  checkKeyProof(dpop: string | null, path: string): Promise<{ jkt: string }>
  /** Trades a refresh token bound to `jkt` for a new pair; a reused one ends its family. */
  refreshHolderTokens(refreshToken: string, jkt: string): Api.HolderTokens
  listCertificates(holderId: string): CertificateSummary[]
  issueCredential(holderId: string, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<IssuedCredential>
  changesSince(holderId: string, since: Date | null): CertificateChange[]
  /** 电子证照原件: the certificate's sealed OFD (base64url), for its holder only. */
  issueOriginal(holderId: string, certId: string): Api.CertificateOriginal
  /** 电脑下载链接: a one-time, 10-minute link to the 原件 under `downloadBase` (…/api/v1 of the origin called). */
  createOriginalLink(holderId: string, certId: string, downloadBase: string): Api.OriginalLink
  /** Spends a download link: the sealed OFD's bytes and the file name (410 used / expired, 404 unknown). */
  downloadOriginal(token: string): { fileName: string; ofd: Uint8Array }
  /** Compact JWS signed by the national root key. */
  trustList(): Promise<string>
  /** 证照目录: every kind of the registry with the issuers the trust list lists for it, as a root-signed JWS (public). */
  certificateCatalogue(): Promise<string>
  /** Token Status List JWT for `listId`. */
  statusList(listId: string): Promise<string>
  /** 亮证: `count` sets of purpose credentials (base64url), one credential per issuer in a set. */
  /** `keys`: the set keys (one set each, layout 2), or a number of layout-1 sets bound to `deviceKey` (older wallets). */
  issuePurposeCredentials(holderId: string, purpose: string, deviceKey: EcPublicJwk, keys: number | readonly EcPublicJwk[]): Promise<PurposeCredentialBatch>
  listDevices(holderId: string): DeviceInfo[]
  deactivateDevice(holderId: string, deviceId: string): DeviceInfo
  /** Compact JWS of revoked device keys (x coordinates), signed by the national root. */
  deviceRevocations(): Promise<string>
  /** 用证记录 of `holderId`, newest first; only those touching `certId` when given. */
  listUsageRecords(holderId: string, certId?: string): ApiUsageRecord[]
  /** Asks the verifier of the holder's record to erase its copy; ERR_NOT_FOUND for anyone else's. */
  requestUsageDeletion(holderId: string, recordId: string): ApiUsageRecord
  /**
   * 核验 online (SD-JWT, CW1 or CWP1). Recorded in the holder's 用证记录 (the holder known from the
   * status entries) only for a signed call: `verifier` is then the registered institution, whose
   * purposes also bound what a CW1 may be for. Anonymous calls get the answer and write nothing.
   */
  verify(presentation: string, purpose: string, verifier?: InstitutionPrincipal): Promise<VerificationResult>
  /** 纸质凭证 (CWP1, no device binding, one year, own status entry). */
  issuePaperCredential(holderId: string, certId: string): Promise<PaperCredential>
  listPaperCredentials(holderId: string): PaperCredential[]
  revokePaperCredential(holderId: string, paperId: string): PaperCredential
  /** 学历分享: a verification code valid `validDays` (30–180). */
  createDegreeShare(holderId: string, certId: string, validDays: number): Promise<DegreeShare>
  listDegreeShares(holderId: string): DegreeShare[]
  revokeDegreeShare(holderId: string, code: string): DegreeShare
  /** Public: what a code shows; the signed degree only while valid. */
  checkDegreeShare(code: string): Promise<DegreeShareCheck>
  /**
   * 文件调用授权: the holder's grant JWS, signed by one of their active registered device keys, to a
   * registered organisation for a purpose it is registered for, bounded in time, nonce single use
   * (mock/simulator/fileGrants.ts).
   */
  createFileGrant(holderId: string, grant: string): Promise<Api.FileGrant>
  listFileGrants(holderId: string): Api.FileGrant[]
  revokeFileGrant(holderId: string, grantId: string): Api.FileGrant
  /** 文件调用 by a registered institution under a grant to it: the platform-signed 加注件. */
  retrieveFile(institution: InstitutionPrincipal, grantId: string): Promise<FileRetrieval>
  /** The institution's own retrievals, newest first. */
  listFileRetrievals(institution: InstitutionPrincipal): Api.FileRetrievalRecord[]
  /** The institution registry: a compact JWS signed by the national root. */
  institutionRegistry(): Promise<string>
  /** Binds `publicKey` to the institution `activationCode` was issued to; the code is spent. */
  enrolInstitution(activationCode: string, publicKey: EcPublicJwk): Api.InstitutionEnrolment
  /**
   * 线上核验: a relying party registers its signing key (proved by the registration JWS it signs),
   * encryption key and response endpoint with its one-time registration code (401 for a bad
   * signature, 403 ERR_RP_REGISTRATION_INVALID for an unknown, spent or foreign code).
   */
  registerRelyingParty(registration: unknown): Promise<Api.RelyingPartyRegistration>
  /**
   * 网号-style pairwise subject for `holderId` at a registered RP, bound to `input.deviceKey`: the key of
   * the calling phone (`dpopJkt`, the thumbprint of the key whose DPoP proof signed the call) or one of
   * that phone's live set keys (401 ERR_DPOP_KEY_MISMATCH otherwise); records the use in the holder's
   * 用证记录 (channel `online`).
   */
  issuePairwiseSubject(holderId: string, input: { clientId: string; deviceKey: EcPublicJwk; purpose: string; fields: string[] }, dpopJkt: string | null): Promise<Api.PairwiseSubject>
  /** (admin) A fresh activation code for a registered institution (a new or replaced device). */
  issueActivationCode(institutionId: string): Api.ActivationCode
  /**
   * Checks a signed institution call before its body is parsed: signature from the registered key
   * (401 ERR_INSTITUTION_SIGNATURE_MISSING / _UNKNOWN / _SIGNATURE_INVALID / _SIGNATURE_STALE /
   * _REPLAYED), then the role allowed for `call` (403 ERR_INSTITUTION_FORBIDDEN).
   */
  authenticateInstitution(request: InstitutionRequest): Promise<InstitutionPrincipal>
  /**
   * (admin) 补换领: a new version; `changes` are claims the new card says differently (a 换证 after a
   * move: a new address). Unknown or hidden claims are refused (400, detail `claims`).
   */
  reissue(certId: string, changes?: Record<string, string | number | boolean>): { oldCertId: string; newCertId: string }
  revoke(certId: string): { certId: string; status: 'revoked' }
  /** (admin) 暂扣 (code 23 限制): the status-list entry reads suspended until `reinstate`. 409 unless valid. */
  suspend(certId: string): { certId: string; status: 'suspended' }
  /** (admin) 暂扣 ended: valid again. 409 unless suspended. */
  reinstate(certId: string): { certId: string; status: 'valid' }
  /**
   * (admin) A certificate issued after the holder's first claim (a new 职业资格, a 结婚证): listed for
   * the holder from now on. The issuer must be seeded and of the kind's authority type; the claims
   * must be the kind's own fields. 404 for an unknown holder, 400 (detail `kind` / `issuer` / `claims`).
   */
  issueCertificate(holderId: string, input: { kind: string; issuer: string; claims: Record<string, string | number | boolean> }): { certId: string }
  /** 医保支付: visits, settlements, refunds, accounts and family links (mock/simulator/medpay). */
  medpay: MedpayService
  /** 家人代办 (issue #13): links from the relative's face consent, scoped to purposes (./delegation.ts). */
  delegation: DelegationService
  /** Drop all changes since start (fresh seeded state). */
  reset(): void
}
