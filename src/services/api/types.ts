import type { components } from './generated/openapi'

/**
 * Request and response bodies of the certificate-sharing API: names for the types that
 * openapi-typescript generates from mock/openapi.yaml (`npm run gen:api`, ./generated/openapi.ts).
 * Edit the yaml, not this file; the field documentation is there (and in the generated file).
 * `npm run typecheck` holds these to the simulator's own types (test/unit/services/api/openapi.test.ts).
 */
type S = components['schemas']

/** `{ code, message }`: the body of every non-2xx answer. `message` is Chinese for people. */
export type ErrorBody = S['ErrorBody']
export type CertStatus = S['CertStatus']

export type FaceSessionRequest = S['FaceSessionRequest']
export type FaceSession = S['FaceSession']
/**
 * The platform's face ticket, under the platform's own name, passed on untouched: WeChat's
 * `verifyResult` (wx.startFacialRecognitionVerify) or Alipay's `zimId` (my.ap.faceVerify; the newer
 * 实人认证 flow calls it `certifyId`, sent here as `zimId`). Exactly one; the server redeems it with
 * the platform. A bare outcome (`{ passed: true }`) is refused: ERR_FACE_PROOF_REQUIRED.
 */
export type FaceSessionComplete = S['FaceSessionComplete']
/** A face ticket as the client holds it (one of the two fields of {@link FaceSessionComplete}). */
export type FaceProof = { verifyResult: string } | { zimId: string }
/** Simulator only (POST /__mock/face-checks): the platform's face page, with the outcome picked. */
export type SimulatedFaceCheckRequest = S['SimulatedFaceCheckRequest']
/** Simulator only: the ticket, under the chosen platform's field name. */
export type SimulatedFaceCheckResult = S['SimulatedFaceCheckResult']
export type FaceSessionResult = S['FaceSessionResult']
/** POST /auth/token: a DPoP-bound refresh token traded in (rotation). */
export type TokenRefreshRequest = S['TokenRefreshRequest']
/** A DPoP-bound access token (15 min) and refresh token (30 days). */
export type HolderTokens = S['HolderTokens']

export type CertificateSummary = S['CertificateSummary']
export type CertificateList = S['CertificateList']
export type CredentialRequest = S['CredentialRequest']
export type IssuedCredential = S['IssuedCredential']
export type CertificateOriginal = S['CertificateOriginal']
export type OriginalLink = S['OriginalLink']
export type ChangeType = CertificateChange['change']
export type CertificateChange = S['CertificateChange']
export type ChangeList = S['ChangeList']

export type TrustListResponse = S['TrustListResponse']
/** GET /certificate-catalogue: the 证照目录 as a root-signed JWS (verify with `verifyCertificateCatalogue`). */
export type CertificateCatalogueResponse = S['CertificateCatalogueResponse']
/** 证照目录: the certificate types, their issuers (颁发机构) and 用证事由; the payload of the JWS. */
export type CertificateCatalogue = S['CertificateCatalogue']
export type CatalogueEntry = S['CatalogueEntry']
export type StatusListResponse = S['StatusListResponse']
export type VerificationRequest = S['VerificationRequest']
export type VerificationResult = S['VerificationResult']

/** 亮证: purposes a holder can fetch purpose credentials for. */
export type PresentationPurpose = PurposeCredentialRequest['purpose']
export type PurposeCredentialRequest = S['PurposeCredentialRequest']
export type PurposeCredentialBatch = S['PurposeCredentialBatch']

export type DeviceInfo = S['DeviceInfo']
export type DeviceList = S['DeviceList']
export type DeviceRevocationsResponse = S['DeviceRevocationsResponse']

export type UsageVerifier = S['UsageVerifier']
export type UsageRecord = S['UsageRecord']
export type UsageRecordList = S['UsageRecordList']
export type FileRetrievalRequest = S['FileRetrievalRequest']
export type FileRetrieval = S['FileRetrieval']
export type FileRetrievalRecord = S['FileRetrievalRecord']
export type FileRetrievalRecordList = S['FileRetrievalRecordList']
export type FileGrantRequest = S['FileGrantRequest']
/** 线上核验: relying-party registration and the platform's pairwise subjects. */
export type RelyingPartyRegistrationRequest = S['RelyingPartyRegistrationRequest']
export type RelyingPartyRegistration = S['RelyingPartyRegistration']
export type PairwiseSubjectRequest = S['PairwiseSubjectRequest']
export type PairwiseSubject = S['PairwiseSubject']
export type FileGrant = S['FileGrant']
export type FileGrantList = S['FileGrantList']

export type ReissueResult = S['ReissueResult']
export type RevokeResult = S['RevokeResult']
export type ReissueRequest = S['ReissueRequest']
export type SuspendResult = S['SuspendResult']
export type ReinstateResult = S['ReinstateResult']
export type IssueCertificateRequest = S['IssueCertificateRequest']
export type IssueCertificateResult = S['IssueCertificateResult']

/** 纸质凭证: a printable, device-free credential of a few fields (CWP1, see docs/presentation-format.md). */
export type PaperCredentialRequest = S['PaperCredentialRequest']
export type PaperCredential = S['PaperCredential']
export type PaperCredentialList = S['PaperCredentialList']

/** 学历分享: a verification code for the holder's degree, valid 30–180 days. */
export type DegreeShareRequest = S['DegreeShareRequest']
export type DegreeShare = S['DegreeShare']
export type DegreeShareList = S['DegreeShareList']
export type DegreeShareCheck = S['DegreeShareCheck']

// ─── 医保支付 (medical-insurance payment): field names follow the national medical-insurance
// platform's settlement interfaces, camelCased; amounts are integer fen (分). See docs/medpay.md.

/** 险种类型: 310 职工基本医疗保险, 390 城乡居民基本医疗保险. */
export type Insutype = MedpayVisit['insutype']
/** 收费项目等级: 01 甲类, 02 乙类, 03 丙类 (全自费). */
export type ChrgitmLv = MedpayFeeLine['chrgitmLv']
/** 定点医药机构 level: 定点零售药店, 一级 (社区/基层), 二级, 三级. */
export type MedinsLevel = MedpayInstitution['medinsLv']
export type MedpaySettlementStatus = MedpaySettlement['status']

export type MedpayCatalogueItem = S['MedpayCatalogueItem']
export type MedpayCatalogue = S['MedpayCatalogue']
export type MedpayInstitution = S['MedpayInstitution']
export type MedpayInstitutionList = S['MedpayInstitutionList']
export type MedpayVisitRequest = S['MedpayVisitRequest']
export type MedpayVisit = S['MedpayVisit']
export type MedpaySettlementItem = S['MedpaySettlementItem']
export type MedpaySettlementRequest = S['MedpaySettlementRequest']
export type MedpayFeeLine = S['MedpayFeeLine']
export type MedpaySplit = S['MedpaySplit']
export type MedpaySettlement = S['MedpaySettlement']
export type MedpaySettlementList = S['MedpaySettlementList']
export type MedpayRefundRequest = S['MedpayRefundRequest']
export type MedpayAccount = S['MedpayAccount']
/** 亲情账户: opens the relative's consent face session (their name and ID number). */
export type MedpayFamilyConsentRequest = S['MedpayFamilyConsentRequest']
/** The link, created server-side from the relative's consent: their face ticket on that session. */
export type MedpayFamilyLinkRequest = S['MedpayFamilyLinkRequest']
/** What a link lets the payer do for the relative: show their 医保码, pay from the payer's account. */
export type MedpayFamilyGrant = S['MedpayFamilyGrant']
/** A link seen from the relative's side: who may act for me, and what they may do. */
export type MedpayRelativeLink = S['MedpayRelativeLink']
export type MedpayRelativeLinkList = S['MedpayRelativeLinkList']
export type MedpayFamilyLink = S['MedpayFamilyLink']
export type MedpayFamilyLinkList = S['MedpayFamilyLinkList']
export type MedpayFamilyCredentialRequest = S['MedpayFamilyCredentialRequest']
/** 家人代办 (issue #13): the relative's name, ID number and the purposes they are asked to allow. */
export type DelegationConsentRequest = S['DelegationConsentRequest']
/** The link, created server-side from the relative's face ticket on that consent session. */
export type DelegationLinkRequest = S['DelegationLinkRequest']
/** A link seen by either side (`role`: what the caller is in it). */
export type DelegationLink = S['DelegationLink']
export type DelegationLinkList = S['DelegationLinkList']
export type DelegatedCredentialRequest = S['DelegatedCredentialRequest']
export type DelegatedPaperRequest = S['DelegatedPaperRequest']

// ─── 用证单位 / 定点医药机构: the root-signed registry and enrolment (src/services/institution).

export type InstitutionRole = S['InstitutionRole']
export type InstitutionRegistryResponse = S['InstitutionRegistryResponse']
export type InstitutionEnrolmentRequest = S['InstitutionEnrolmentRequest']
export type InstitutionEnrolment = S['InstitutionEnrolment']
export type ActivationCode = S['ActivationCode']
