import { holderOperations, type Operation } from './holderOperations'

export { API_PREFIX, type HttpMethod, type Operation } from './holderOperations'


/**
 * The operations of mock/openapi.yaml, keyed by `operationId`; the test holds this table to the
 * yaml. The schema of each 2xx body is generated (`responseSchemas` in ./generated/schemas.ts).
 * Idempotent: the GETs, credential issuance (another credential for the same device key is
 * harmless) and verification (a read-only check). Not idempotent: face sessions (each call starts
 * or consumes one), file retrievals (each one is a logged 文件调用 record) and admin actions.
 */
export const operations = {
  ...holderOperations,
  createOriginalLink: { method: 'POST', path: '/holder/certificates/{certId}/original-link', idempotent: false },
  certificateCatalogue: { method: 'GET', path: '/certificate-catalogue', idempotent: true },
  listUsageRecords: { method: 'GET', path: '/holder/usage-records', idempotent: true },
  requestUsageDeletion: { method: 'POST', path: '/holder/usage-records/{recordId}/deletion-request', idempotent: true },
  deviceRevocations: { method: 'GET', path: '/device-revocations', idempotent: true },
  verify: { method: 'POST', path: '/verifications', idempotent: true },
  retrieveFile: { method: 'POST', path: '/file-retrievals', idempotent: false },
  listFileRetrievals: { method: 'GET', path: '/file-retrievals', idempotent: true },
  createFileGrant: { method: 'POST', path: '/holder/file-grants', idempotent: false },
  listFileGrants: { method: 'GET', path: '/holder/file-grants', idempotent: true },
  revokeFileGrant: { method: 'POST', path: '/holder/file-grants/{grantId}/revoke', idempotent: true },
  issuePaperCredential: { method: 'POST', path: '/holder/paper-credentials', idempotent: false },
  listPaperCredentials: { method: 'GET', path: '/holder/paper-credentials', idempotent: true },
  revokePaperCredential: { method: 'POST', path: '/holder/paper-credentials/{paperId}/revoke', idempotent: true },
  createDegreeShare: { method: 'POST', path: '/holder/degree-shares', idempotent: false },
  listDegreeShares: { method: 'GET', path: '/holder/degree-shares', idempotent: true },
  revokeDegreeShare: { method: 'POST', path: '/holder/degree-shares/{code}/revoke', idempotent: true },
  checkDegreeShare: { method: 'GET', path: '/degree-shares/{code}', idempotent: true },
  reissueCertificate: { method: 'POST', path: '/admin/certificates/{certId}/reissue', idempotent: false, clientMethod: 'admin.reissue' },
  revokeCertificate: { method: 'POST', path: '/admin/certificates/{certId}/revoke', idempotent: false, clientMethod: 'admin.revoke' },
  suspendCertificate: { method: 'POST', path: '/admin/certificates/{certId}/suspend', idempotent: false, clientMethod: 'admin.suspend' },
  reinstateCertificate: { method: 'POST', path: '/admin/certificates/{certId}/reinstate', idempotent: false, clientMethod: 'admin.reinstate' },
  issueCertificate: { method: 'POST', path: '/admin/holders/{holderId}/certificates', idempotent: false, clientMethod: 'admin.issueCertificate' },
  // 医保支付. Writes carry an Idempotency-Key, so a retry after a lost answer never acts twice.,
  // 用证单位 / 定点医药机构: the root-signed registry, enrolment with an activation code, and (admin) a new code.,
  registerRelyingParty: { method: 'POST', path: '/relying-parties/register', idempotent: false },
  issuePairwiseSubject: { method: 'POST', path: '/holder/pairwise-subjects', idempotent: false },
  institutionRegistry: { method: 'GET', path: '/institutions/registry', idempotent: true },
  enrolInstitution: { method: 'POST', path: '/institutions/enrol', idempotent: false },
  issueActivationCode: { method: 'POST', path: '/admin/institutions/{institutionId}/activation-code', idempotent: false, clientMethod: 'admin.issueActivationCode' },
  medpayCatalogue: { method: 'GET', path: '/medpay/catalogue', idempotent: true, clientMethod: 'medpay.catalogue' },
  medpayInstitutions: { method: 'GET', path: '/medpay/institutions', idempotent: true, clientMethod: 'medpay.institutions' },
  registerMedpayVisit: { method: 'POST', path: '/medpay/visits', idempotent: true, clientMethod: 'medpay.registerVisit' },
  submitMedpaySettlement: { method: 'POST', path: '/medpay/settlements', idempotent: true, clientMethod: 'medpay.submitSettlement' },
  getMedpaySettlement: { method: 'GET', path: '/medpay/settlements/{setlId}', idempotent: true, clientMethod: 'medpay.getSettlement' },
  refundMedpaySettlement: { method: 'POST', path: '/medpay/settlements/{setlId}/refund', idempotent: true, clientMethod: 'medpay.refund' },
  medpayAccount: { method: 'GET', path: '/holder/medpay/account', idempotent: true, clientMethod: 'medpay.account' },
  listMedpaySettlements: { method: 'GET', path: '/holder/medpay/settlements', idempotent: true, clientMethod: 'medpay.listSettlements' },
  confirmMedpaySettlement: { method: 'POST', path: '/holder/medpay/settlements/{setlId}/confirm', idempotent: true, clientMethod: 'medpay.confirm' },
  declineMedpaySettlement: { method: 'POST', path: '/holder/medpay/settlements/{setlId}/decline', idempotent: true, clientMethod: 'medpay.decline' },
  startMedpayFamilyConsent: { method: 'POST', path: '/holder/medpay/family-consents', idempotent: false, clientMethod: 'medpay.startFamilyConsent' },
  linkMedpayFamily: { method: 'POST', path: '/holder/medpay/family-links', idempotent: false, clientMethod: 'medpay.linkFamily' },
  listMedpayFamilyLinks: { method: 'GET', path: '/holder/medpay/family-links', idempotent: true, clientMethod: 'medpay.familyLinks' },
  issueMedpayFamilyCredentials: { method: 'POST', path: '/holder/medpay/family-links/{linkId}/credentials', idempotent: true, clientMethod: 'medpay.familyCredentials' },
  listMedpayRelativeLinks: { method: 'GET', path: '/holder/medpay/relative-links', idempotent: true, clientMethod: 'medpay.relativeLinks' },
  endMedpayRelativeLink: { method: 'DELETE', path: '/holder/medpay/relative-links/{linkId}', idempotent: true, clientMethod: 'medpay.endRelativeLink' },
  startDelegationConsent: { method: 'POST', path: '/holder/delegations/consents', idempotent: false, clientMethod: 'delegation.startConsent' },
  createDelegation: { method: 'POST', path: '/holder/delegations', idempotent: false, clientMethod: 'delegation.create' },
  endDelegation: { method: 'DELETE', path: '/holder/delegations/{linkId}', idempotent: true, clientMethod: 'delegation.end' },
  issueDelegatedCredentials: { method: 'POST', path: '/holder/delegations/{linkId}/presentation-credentials', idempotent: true, clientMethod: 'delegation.credentials' },
  issueDelegatedPaper: { method: 'POST', path: '/holder/delegations/{linkId}/paper-credentials', idempotent: false, clientMethod: 'delegation.paper' }
} as const satisfies Record<string, Operation>

export type OperationId = keyof typeof operations
