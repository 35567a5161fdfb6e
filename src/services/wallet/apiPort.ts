import type { EcPublicJwk } from '../crypto/types'
import type { DeviceInfo, FaceProof, FileGrant, SimulatedFaceCheckRequest, SimulatedFaceCheckResult, UsageRecord } from '../api/types'
import type { PurposeId } from '../../certs/types'
import type { DpopSigner, HolderAuth } from '../api/holderAuth'

/**
 * The part of the government API client (src/services/api) that wallet services use. Services
 * take it as an argument, so tests can hand in the real client on msw or a fake.
 */
export interface WalletApi {
  startFaceSession(name: string, idNumber: string): Promise<{ sessionId: string; status: string; expiresAt: string }>
  /**
   * Hands the platform's face ticket to the service, which redeems it; a pass signs the holder in
   * with tokens bound to `deviceKey`, and `sign` proves possession of it (a DPoP proof by that key).
   */
  completeFaceSession(
    sessionId: string,
    proof: FaceProof,
    deviceKey: EcPublicJwk,
    sign: DpopSigner
  ): Promise<{ holderId: string; holderToken: string; expiresIn: number; refreshToken: string; refreshExpiresIn: number; displayName: string }>
  /** Rotates the DPoP-bound refresh token (the unlocked wallet, when the access token is near expiry). */
  refreshHolderToken(refreshToken: string, sign: DpopSigner): Promise<{ holderToken: string; expiresIn: number; refreshToken: string; refreshExpiresIn: number }>
  /** Present only while the simulator answers: its stand-in for the platform face page. */
  simulator?: { faceCheck(input: SimulatedFaceCheckRequest): Promise<SimulatedFaceCheckResult> }
  listCertificates(holder: HolderAuth): Promise<{ items: CertificateSummaryDto[]; asOf?: string }>
  issueCredential(holder: HolderAuth, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<{ certId: string; kind: string; credential: string; issuedAt: string }>
  /** 电子证照原件: the sealed OFD, base64url. Optional: a service without 原件 leaves it out. */
  getOriginal?(holder: HolderAuth, certId: string): Promise<{ certId: string; ofd: string }>
  changesSince(holder: HolderAuth, since: Date | string | null): Promise<{ items: { certId: string; change: string; newCertId?: string; at: string }[]; asOf?: string }>
  trustList(): Promise<{ trustList: string }>
  statusList(listId: string): Promise<{ statusList: string }>
  /**
   * 亮证: short-lived purpose credentials (see purposeCredentials.ts): one set per key of `keys`, each
   * bound to its own key (the phone made them; `deviceKey` signs the call), or `keys` sets bound to
   * `deviceKey` itself (the older layout).
   */
  issuePurposeCredentials(
    holder: HolderAuth,
    purpose: PurposeId,
    deviceKey: EcPublicJwk,
    keys?: number | readonly EcPublicJwk[]
  ): Promise<{ purpose: string; sets: { credentials: string[] }[]; kinds: string[]; expiresAt: string }>
  /** 忘记密码 ends the old device key's life on the service (the same call as 我的设备's 停用). */
  deactivateDevice?(holder: HolderAuth, deviceId: string): Promise<DeviceDto>
}

export interface CertificateSummaryDto {
  certId: string
  kind: string
  title: string
  issuerId: string
  issuerName: string
  status: 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'
  /** The share specifications' status code beside `status` (21/22/23), absent while in force. */
  standardStatus?: '21' | '22' | '23'
  version: string
  validUntil: string
  purposeRequired: boolean
}

/** 用证记录 on the service's side (see `UsageRecord` in src/services/api/types.ts). */
export type UsageRecordDto = UsageRecord

/** The part of the API client the 用证记录 store uses. */
export interface UsageApi {
  listUsageRecords(holder: HolderAuth, certId?: string): Promise<{ items: UsageRecordDto[] }>
  requestUsageDeletion(holder: HolderAuth, recordId: string): Promise<UsageRecordDto>
  listFileGrants(holder: HolderAuth): Promise<{ items: FileGrantDto[] }>
  revokeFileGrant(holder: HolderAuth, grantId: string): Promise<FileGrantDto>
}

/** A 文件调用 grant the holder made (see `FileGrant` in src/services/api/types.ts). */
export type FileGrantDto = FileGrant

/** A phone holding this person's credentials (see `DeviceInfo` in src/services/api/types.ts). */
export type DeviceDto = DeviceInfo

/** The part of the API client the device list (lost phone) uses. */
export interface DevicesApi {
  listDevices(holder: HolderAuth): Promise<{ items: DeviceDto[] }>
  deactivateDevice(holder: HolderAuth, deviceId: string): Promise<DeviceDto>
}
