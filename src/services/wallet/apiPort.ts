import type { EcPublicJwk } from '../crypto/types'
import type { DeviceInfo, FaceProof, SimulatedFaceCheckRequest, SimulatedFaceCheckResult, UsageRecord } from '../api/types'
import type { PurposeId } from '../../certs/types'

/**
 * The part of the government API client (src/services/api) that wallet services use. Services
 * take it as an argument, so tests can hand in the real client on msw or a fake.
 */
export interface WalletApi {
  startFaceSession(name: string, idNumber: string): Promise<{ sessionId: string; status: string; expiresAt: string }>
  /** Hands the platform's face ticket to the service, which redeems it; a pass signs the holder in. */
  completeFaceSession(sessionId: string, proof: FaceProof): Promise<{ holderId: string; holderToken: string; displayName: string }>
  /** Present only while the simulator answers: its stand-in for the platform face page. */
  simulator?: { faceCheck(input: SimulatedFaceCheckRequest): Promise<SimulatedFaceCheckResult> }
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

/** 用证记录 on the service's side (see `UsageRecord` in src/services/api/types.ts). */
export type UsageRecordDto = UsageRecord

/** The part of the API client the 用证记录 store uses. */
export interface UsageApi {
  listUsageRecords(token: string, certId?: string): Promise<{ items: UsageRecordDto[] }>
  requestUsageDeletion(token: string, recordId: string): Promise<UsageRecordDto>
}

/** A phone holding this person's credentials (see `DeviceInfo` in src/services/api/types.ts). */
export type DeviceDto = DeviceInfo

/** The part of the API client the device list (lost phone) uses. */
export interface DevicesApi {
  listDevices(token: string): Promise<{ items: DeviceDto[] }>
  deactivateDevice(token: string, deviceId: string): Promise<DeviceDto>
}
