import type { ApiSchemaName } from './schemas'

/** Every API path is below this prefix (the yaml's `servers[0].url`). */
export const API_PREFIX = '/api/v1'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface Operation {
  method: HttpMethod
  /** Path template below API_PREFIX, OpenAPI style (`{certId}`). */
  path: string
  /**
   * Safe to send again after it may have reached the server (the yaml's `x-idempotent`). Only
   * these are retried on 5xx, timeouts and network failures; every operation is retried on 429,
   * which the server answers before doing any work.
   */
  idempotent: boolean
  /** The schema of the 2xx body. */
  response: ApiSchemaName
  /** The client method that calls it (dotted for `admin.*`). */
  clientMethod: string
}

/**
 * The operations of mock/openapi.yaml, keyed by `operationId`; the test holds this table to the
 * yaml. Idempotent: the GETs, credential issuance (another credential for the same device key is
 * harmless) and verification (a read-only check). Not idempotent: face sessions (each call starts
 * or consumes one), file retrievals (each one is a logged 文件调用 record) and admin actions.
 */
export const operations = {
  startFaceSession: { method: 'POST', path: '/auth/face-sessions', idempotent: false, response: 'FaceSession', clientMethod: 'startFaceSession' },
  completeFaceSession: { method: 'POST', path: '/auth/face-sessions/{sessionId}/complete', idempotent: false, response: 'FaceSessionResult', clientMethod: 'completeFaceSession' },
  listCertificates: { method: 'GET', path: '/holder/certificates', idempotent: true, response: 'CertificateList', clientMethod: 'listCertificates' },
  issueCredential: { method: 'POST', path: '/holder/certificates/{certId}/credential', idempotent: true, response: 'IssuedCredential', clientMethod: 'issueCredential' },
  changesSince: { method: 'GET', path: '/holder/changes', idempotent: true, response: 'ChangeList', clientMethod: 'changesSince' },
  trustList: { method: 'GET', path: '/trust-list', idempotent: true, response: 'TrustListResponse', clientMethod: 'trustList' },
  statusList: { method: 'GET', path: '/status-lists/{listId}', idempotent: true, response: 'StatusListResponse', clientMethod: 'statusList' },
  issuePurposeCredentials: { method: 'POST', path: '/holder/presentation-credentials', idempotent: true, response: 'PurposeCredentialBatch', clientMethod: 'issuePurposeCredentials' },
  listDevices: { method: 'GET', path: '/holder/devices', idempotent: true, response: 'DeviceList', clientMethod: 'listDevices' },
  deactivateDevice: { method: 'POST', path: '/holder/devices/{deviceId}/deactivate', idempotent: true, response: 'DeviceInfo', clientMethod: 'deactivateDevice' },
  listUsageRecords: { method: 'GET', path: '/holder/usage-records', idempotent: true, response: 'UsageRecordList', clientMethod: 'listUsageRecords' },
  requestUsageDeletion: { method: 'POST', path: '/holder/usage-records/{recordId}/deletion-request', idempotent: true, response: 'UsageRecord', clientMethod: 'requestUsageDeletion' },
  deviceRevocations: { method: 'GET', path: '/device-revocations', idempotent: true, response: 'DeviceRevocationsResponse', clientMethod: 'deviceRevocations' },
  verify: { method: 'POST', path: '/verifications', idempotent: true, response: 'VerificationResult', clientMethod: 'verify' },
  retrieveFile: { method: 'POST', path: '/file-retrievals', idempotent: false, response: 'FileRetrieval', clientMethod: 'retrieveFile' },
  issuePaperCredential: { method: 'POST', path: '/holder/paper-credentials', idempotent: false, response: 'PaperCredential', clientMethod: 'issuePaperCredential' },
  listPaperCredentials: { method: 'GET', path: '/holder/paper-credentials', idempotent: true, response: 'PaperCredentialList', clientMethod: 'listPaperCredentials' },
  revokePaperCredential: { method: 'POST', path: '/holder/paper-credentials/{paperId}/revoke', idempotent: true, response: 'PaperCredential', clientMethod: 'revokePaperCredential' },
  createDegreeShare: { method: 'POST', path: '/holder/degree-shares', idempotent: false, response: 'DegreeShare', clientMethod: 'createDegreeShare' },
  listDegreeShares: { method: 'GET', path: '/holder/degree-shares', idempotent: true, response: 'DegreeShareList', clientMethod: 'listDegreeShares' },
  revokeDegreeShare: { method: 'POST', path: '/holder/degree-shares/{code}/revoke', idempotent: true, response: 'DegreeShare', clientMethod: 'revokeDegreeShare' },
  checkDegreeShare: { method: 'GET', path: '/degree-shares/{code}', idempotent: true, response: 'DegreeShareCheck', clientMethod: 'checkDegreeShare' },
  reissueCertificate: { method: 'POST', path: '/admin/certificates/{certId}/reissue', idempotent: false, response: 'ReissueResult', clientMethod: 'admin.reissue' },
  revokeCertificate: { method: 'POST', path: '/admin/certificates/{certId}/revoke', idempotent: false, response: 'RevokeResult', clientMethod: 'admin.revoke' },
  // 医保支付. Writes carry an Idempotency-Key, so a retry after a lost answer never acts twice.
  medpayCatalogue: { method: 'GET', path: '/medpay/catalogue', idempotent: true, response: 'MedpayCatalogue', clientMethod: 'medpay.catalogue' },
  medpayInstitutions: { method: 'GET', path: '/medpay/institutions', idempotent: true, response: 'MedpayInstitutionList', clientMethod: 'medpay.institutions' },
  registerMedpayVisit: { method: 'POST', path: '/medpay/visits', idempotent: true, response: 'MedpayVisit', clientMethod: 'medpay.registerVisit' },
  submitMedpaySettlement: { method: 'POST', path: '/medpay/settlements', idempotent: true, response: 'MedpaySettlement', clientMethod: 'medpay.submitSettlement' },
  getMedpaySettlement: { method: 'GET', path: '/medpay/settlements/{setlId}', idempotent: true, response: 'MedpaySettlement', clientMethod: 'medpay.getSettlement' },
  refundMedpaySettlement: { method: 'POST', path: '/medpay/settlements/{setlId}/refund', idempotent: true, response: 'MedpaySettlement', clientMethod: 'medpay.refund' },
  medpayAccount: { method: 'GET', path: '/holder/medpay/account', idempotent: true, response: 'MedpayAccount', clientMethod: 'medpay.account' },
  listMedpaySettlements: { method: 'GET', path: '/holder/medpay/settlements', idempotent: true, response: 'MedpaySettlementList', clientMethod: 'medpay.listSettlements' },
  confirmMedpaySettlement: { method: 'POST', path: '/holder/medpay/settlements/{setlId}/confirm', idempotent: true, response: 'MedpaySettlement', clientMethod: 'medpay.confirm' },
  declineMedpaySettlement: { method: 'POST', path: '/holder/medpay/settlements/{setlId}/decline', idempotent: true, response: 'MedpaySettlement', clientMethod: 'medpay.decline' },
  linkMedpayFamily: { method: 'POST', path: '/holder/medpay/family-links', idempotent: false, response: 'MedpayFamilyLink', clientMethod: 'medpay.linkFamily' },
  listMedpayFamilyLinks: { method: 'GET', path: '/holder/medpay/family-links', idempotent: true, response: 'MedpayFamilyLinkList', clientMethod: 'medpay.familyLinks' },
  // 用证单位 / 定点医药机构: the root-signed registry, enrolment with an activation code, and (admin) a new code.
  institutionRegistry: { method: 'GET', path: '/institutions/registry', idempotent: true, response: 'InstitutionRegistryResponse', clientMethod: 'institutionRegistry' },
  enrolInstitution: { method: 'POST', path: '/institutions/enrol', idempotent: false, response: 'InstitutionEnrolment', clientMethod: 'enrolInstitution' },
  issueActivationCode: { method: 'POST', path: '/admin/institutions/{institutionId}/activation-code', idempotent: false, response: 'ActivationCode', clientMethod: 'admin.issueActivationCode' },
  issueMedpayFamilyCredentials: { method: 'POST', path: '/holder/medpay/family-links/{linkId}/credentials', idempotent: true, response: 'PurposeCredentialBatch', clientMethod: 'medpay.familyCredentials' }
} as const satisfies Record<string, Operation>

export type OperationId = keyof typeof operations
