import type { EcPublicJwk } from '../../src/services/crypto/types'
import type { ErrorCode } from '../../src/services/errors'

/**
 * The government certificate-sharing service, simulated. The HTTP layer (mock/handlers.ts) is a
 * thin mapping of mock/openapi.yaml onto this interface; all state and signing live behind it.
 */

export type CertStatus = 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'

export interface CertificateSummary {
  /** 证照标识 */
  certId: string
  kind: string
  /** Chinese name of the certificate type. */
  title: string
  issuerId: string
  issuerName: string
  status: CertStatus
  /** 3-digit version from the identifier. */
  version: string
  /** When the document stops being valid (yyyy-mm-dd or 长期). */
  validUntil: string
  /** Set when the government API requires a 用证事由 before this certificate is released. */
  purposeRequired: boolean
}

export interface FaceSession {
  sessionId: string
  status: 'pending' | 'passed' | 'failed'
  expiresAt: string
}

export interface FaceSessionResult {
  status: 'passed'
  holderId: string
  holderToken: string
  /** Masked name, e.g. 张*明, for the UI to greet the person. */
  displayName: string
}

export interface IssuedCredential {
  certId: string
  kind: string
  /** SD-JWT VC: issuer JWT ~ disclosures ~ (no key binding). */
  credential: string
  issuedAt: string
}

export type ChangeType = 'reissued' | 'revoked' | 'expired' | 'suspended'

export interface CertificateChange {
  certId: string
  change: ChangeType
  /** For `reissued`: the new 证照标识. */
  newCertId?: string
  at: string
}

export interface VerificationResult {
  ok: boolean
  code: ErrorCode | 'OK'
  kind?: string
  issuerName?: string
  checkedAt: string
}

export interface PurposeCredentialBatch {
  purpose: 'traffic-stop' | 'hotel' | 'age-over-18' | 'pharmacy' | 'degree' | 'employment'
  sets: { credentials: string[] }[]
  kinds: string[]
  expiresAt: string
}

export interface FileRetrieval {
  retrievalId: string
  certId: string
  purpose: string
  verifierName: string
  /** Watermark text printed across the copy (purpose-bound). */
  watermark: string
  fileUrl: string
  expiresAt: string
}

/** Thrown by the simulator; the HTTP layer turns it into `{ code, message }` with `status`. */
export class SimulatorError extends Error {
  constructor(readonly code: ErrorCode, readonly status: number, readonly detail?: string) {
    super(code)
    this.name = 'SimulatorError'
  }
}

export interface Simulator {
  now(): Date
  startFaceSession(name: string, idNumber: string): FaceSession
  completeFaceSession(sessionId: string, passed: boolean): FaceSessionResult
  /** Holder id for a bearer token, or throws ERR_UNAUTHORIZED. */
  holderForToken(token: string): string
  listCertificates(holderId: string): CertificateSummary[]
  issueCredential(holderId: string, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<IssuedCredential>
  changesSince(holderId: string, since: Date | null): CertificateChange[]
  /** Compact JWS signed by the national root key. */
  trustList(): Promise<string>
  /** Token Status List JWT for `listId`. */
  statusList(listId: string): Promise<string>
  /** 亮证: `count` sets of purpose credentials (base64url), one credential per issuer in a set. */
  issuePurposeCredentials(holderId: string, purpose: string, deviceKey: EcPublicJwk, count: number): Promise<PurposeCredentialBatch>
  verify(presentation: string, purpose: string): Promise<VerificationResult>
  retrieveFile(input: { certId: string; purpose: string; verifierName: string; holderId?: string }): Promise<FileRetrieval>
  reissue(certId: string): { oldCertId: string; newCertId: string }
  revoke(certId: string): { certId: string; status: 'revoked' }
  /** Drop all changes since start (fresh seeded state). */
  reset(): void
}
