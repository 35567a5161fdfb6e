import type { EcPublicJwk } from '../crypto/types'
import type { ErrorCode } from '../errors'

/**
 * Request and response bodies of the certificate-sharing API, as mock/openapi.yaml describes them.
 * Hand-written; test/unit/api/openapi.test.ts holds them (through ./schemas) to the yaml, and
 * `npm run typecheck` holds them to the simulator's own types (mock/simulator/types.ts).
 */

export type CertStatus = 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'

/** `{ code, message }`: the body of every non-2xx answer. `message` is Chinese for people. */
export interface ErrorBody {
  code: ErrorCode
  message: string
}

export interface FaceSessionRequest {
  name: string
  idNumber: string
}

export interface FaceSession {
  sessionId: string
  status: 'pending' | 'passed' | 'failed'
  expiresAt: string
}

export interface FaceSessionComplete {
  passed: boolean
}

export interface FaceSessionResult {
  status: 'passed'
  holderId: string
  holderToken: string
  /** Masked name, e.g. 张*明. */
  displayName: string
}

export interface CertificateSummary {
  /** 证照标识 */
  certId: string
  kind: string
  title: string
  issuerId: string
  issuerName: string
  status: CertStatus
  version: string
  validUntil: string
  purposeRequired: boolean
}

export interface CertificateList {
  items: CertificateSummary[]
  asOf: string
}

export interface CredentialRequest {
  deviceKey: EcPublicJwk
  purpose?: string
}

export interface IssuedCredential {
  certId: string
  kind: string
  /** SD-JWT VC (issuer JWT ~ disclosures ~), no key binding. */
  credential: string
  issuedAt: string
}

export type ChangeType = 'reissued' | 'revoked' | 'expired' | 'suspended'

export interface CertificateChange {
  certId: string
  change: ChangeType
  newCertId?: string
  at: string
}

export interface ChangeList {
  items: CertificateChange[]
  asOf: string
}

export interface TrustListResponse {
  /** Compact JWS signed by the national root key. */
  trustList: string
}

export interface StatusListResponse {
  /** Token Status List JWT. */
  statusList: string
}

export interface VerificationRequest {
  presentation: string
  /** 用证事由 */
  purpose: string
  /** Who checks (recorded in the holder's 用证记录), e.g. 某某酒店前台. */
  verifierName?: string
  /** The verifier's role id (police, hotel, pharmacy, employer). */
  verifierRole?: string
}

export interface VerificationResult {
  ok: boolean
  code: ErrorCode | 'OK'
  kind?: string
  issuerName?: string
  checkedAt: string
}

/** 亮证: purposes a holder can fetch purpose credentials for. */
export type PresentationPurpose = 'traffic-stop' | 'hotel' | 'age-over-18' | 'pharmacy' | 'degree' | 'employment'

export interface PurposeCredentialRequest {
  purpose: PresentationPurpose
  deviceKey: EcPublicJwk
  /** How many independent copies (each freshly signed); default 1, at most 20. */
  count?: number
}

export interface PurposeCredentialBatch {
  purpose: PresentationPurpose
  /** `count` sets; each set is one presentation's credentials (base64url, one per issuer). */
  sets: { credentials: string[] }[]
  /** Certificate types covered. */
  kinds: string[]
  expiresAt: string
}

/** A phone that holds credentials of this person (known by its device key). */
export interface DeviceInfo {
  /** RFC 7638 JWK thumbprint of the device key. */
  deviceId: string
  /** The key's x coordinate: what verifiers match against the revocation list. */
  keyX: string
  firstSeenAt: string
  lastSeenAt: string
  status: 'active' | 'deactivated'
  deactivatedAt?: string
}

export interface DeviceList {
  items: DeviceInfo[]
}

export interface DeviceRevocationsResponse {
  /** Compact JWS (typ device-revocations+jwt) signed by the national root key. */
  deviceRevocations: string
}

/** The person or office that used a certificate, as it identified itself. */
export interface UsageVerifier {
  name: string
  /** e.g. 酒店, 交警, 用人单位. */
  role?: string
}

/** One 用证记录 on the service's side: a 核验, a 文件调用 or a result a verifier reported back. */
export interface UsageRecord {
  recordId: string
  at: string
  channel: 'verification' | 'file-retrieval' | 'reported-result'
  certIds: string[]
  kinds: string[]
  /** 用证事由 as the verifier gave it. */
  purpose: string
  /** Absent when the verifier is not known. */
  verifier?: UsageVerifier
  /** Exactly which claim names went out. */
  fields: string[]
  /** The verifier's answer, when it reported one. */
  outcome?: 'accepted' | 'rejected'
  /** Whether the holder asked the verifier to erase its copy, and whether it confirmed. */
  deletion: 'none' | 'requested' | 'erased'
}

export interface UsageRecordList {
  items: UsageRecord[]
}

export interface FileRetrievalRequest {
  certId: string
  /** 用证事由: required, never empty. */
  purpose: string
  verifierName: string
}

export interface FileRetrieval {
  retrievalId: string
  certId: string
  purpose: string
  verifierName: string
  watermark: string
  fileUrl: string
  expiresAt: string
}

export interface ReissueResult {
  oldCertId: string
  newCertId: string
}

export interface RevokeResult {
  certId: string
  status: 'revoked'
}

/** 纸质凭证: a printable, device-free credential of a few fields (CWP1, see docs/presentation-format.md). */
export interface PaperCredentialRequest {
  certId: string
}

export interface PaperCredential {
  paperId: string
  certId: string
  kind: string
  /** `CWP1:…`: the QR text. */
  credential: string
  issuedAt: string
  expiresAt: string
  status: 'valid' | 'expired' | 'revoked'
  revokedAt?: string
}

export interface PaperCredentialList {
  items: PaperCredential[]
}

/** 学历分享: a verification code for the holder's degree, valid 30–180 days. */
export interface DegreeShareRequest {
  certId: string
  validDays: number
}

export interface DegreeShare {
  /** 16 characters (A–Z without I/O, 2–9). */
  code: string
  certId: string
  createdAt: string
  expiresAt: string
  status: 'valid' | 'expired' | 'revoked'
  revokedAt?: string
}

export interface DegreeShareList {
  items: DegreeShare[]
}

/** The public answer for a code; `credential` (CWP1, verifiable offline) only while it is valid. */
export interface DegreeShareCheck {
  code: string
  status: 'valid' | 'expired' | 'revoked'
  expiresAt: string
  checkedAt: string
  credential?: string
}
