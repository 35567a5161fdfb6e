import type { EcPublicJwk } from '../crypto/types'
import type { PurposeId } from '../../certs/types'

/**
 * The part of the government API client (src/services/api) that wallet services use. Services
 * take it as an argument, so tests can hand in the real client on msw or a fake.
 */
export interface WalletApi {
  startFaceSession(name: string, idNumber: string): Promise<{ sessionId: string; status: string; expiresAt: string }>
  completeFaceSession(sessionId: string, passed: boolean): Promise<{ holderId: string; holderToken: string; displayName: string }>
  listCertificates(token: string): Promise<{ items: CertificateSummaryDto[]; asOf?: string }>
  issueCredential(token: string, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<{ certId: string; kind: string; credential: string; issuedAt: string }>
  changesSince(token: string, since: Date | string | null): Promise<{ items: { certId: string; change: string; newCertId?: string; at: string }[]; asOf?: string }>
  trustList(): Promise<{ trustList: string }>
  statusList(listId: string): Promise<{ statusList: string }>
  /** 亮证: `count` sets of short-lived purpose credentials bound to `deviceKey` (see purposeCredentials.ts). */
  issuePurposeCredentials(
    token: string,
    purpose: PurposeId,
    deviceKey: EcPublicJwk,
    count?: number
  ): Promise<{ purpose: string; sets: { credentials: string[] }[]; kinds: string[]; expiresAt: string }>
}

export interface CertificateSummaryDto {
  certId: string
  kind: string
  title: string
  issuerId: string
  issuerName: string
  status: 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'
  version: string
  validUntil: string
  purposeRequired: boolean
}
