import type { EcPublicJwk } from '../crypto/types'
import type { ErrorCode } from '../errors'

/**
 * Request and response bodies of the certificate-sharing API, as mock/openapi.yaml describes them.
 * Hand-written; test/unit/services/api/openapi.test.ts holds them (through ./schemas) to the yaml, and
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

// ─── 医保支付 (medical-insurance payment) ─────────────────────────────────────────────────
// Field names follow the national medical-insurance platform's settlement interfaces (门诊结算
// setlinfo, 费用明细 feedetail), camelCased: medfee_sumamt → medfeeSumamt. Amounts are integer
// fen (分). See docs/medpay.md.

/** 险种类型: 310 职工基本医疗保险, 390 城乡居民基本医疗保险. */
export type Insutype = '310' | '390'
/** 收费项目等级: 01 甲类, 02 乙类, 03 丙类 (全自费). */
export type ChrgitmLv = '01' | '02' | '03'
/** 定点医药机构 level: 定点零售药店, 一级 (社区/基层), 二级, 三级. */
export type MedinsLevel = 'pharmacy' | 'level1' | 'level2' | 'level3'
export type MedpaySettlementStatus = 'pending' | 'settled' | 'declined' | 'refunded'

export interface MedpayCatalogueItem {
  /** 医保目录编码 */
  medListCodg: string
  name: string
  /** 规格, e.g. 0.5g×24粒 */
  spec: string
  kind: 'drug' | 'service'
  chrgitmLv: ChrgitmLv
  /** 单价 (fen) */
  pric: number
}

export interface MedpayCatalogue {
  items: MedpayCatalogueItem[]
}

export interface MedpayInstitution {
  /** 定点医药机构编号 */
  medinsNo: string
  name: string
  medinsLv: MedinsLevel
  region: string
}

export interface MedpayInstitutionList {
  items: MedpayInstitution[]
}

/** 就诊登记 with a scanned 医保码 (a CW1 presentation for the pharmacy purpose). */
export interface MedpayVisitRequest {
  paymentCode: string
  medinsNo: string
}

export interface MedpayVisit {
  /** 就诊ID */
  mdtrtId: string
  medinsNo: string
  /** 人员编号, masked. */
  psnNo: string
  /** Masked name, e.g. 张*华. */
  psnName: string
  /** 参保地 */
  insuplc: string
  insutype: Insutype
  insutypeName: string
  /** Set when a relative pays from their personal account (家庭共济); masked name. */
  familyPayerName?: string
  /** A settlement must be submitted before this. */
  expiresAt: string
}

export interface MedpaySettlementItem {
  medListCodg: string
  /** 数量 */
  cnt: number
}

export interface MedpaySettlementRequest {
  mdtrtId: string
  medinsNo: string
  items: MedpaySettlementItem[]
}

/** One line of 费用明细 with its split. */
export interface MedpayFeeLine {
  medListCodg: string
  name: string
  spec: string
  chrgitmLv: ChrgitmLv
  pric: number
  cnt: number
  /** 明细项目费用总额 = pric × cnt */
  detItemFeeSumamt: number
  /** 全自费金额 (丙类) */
  fulamtOwnpayAmt: number
  /** 先行自付金额 (乙类 self-paid share) */
  preselfpayAmt: number
  /** 符合范围金额 */
  inscpScpAmt: number
}

/** The split of one settlement (门诊结算 setlinfo). Parts always add up: see docs/medpay.md. */
export interface MedpaySplit {
  /** 医疗费总额 */
  medfeeSumamt: number
  /** 全自费金额 */
  fulamtOwnpayAmt: number
  /** 先行自付金额 */
  preselfpayAmt: number
  /** 符合范围金额 */
  inscpScpAmt: number
  /** 实际支付起付线 (the part of 符合范围 below the deductible, paid by the patient) */
  actPayDedc: number
  /** 统筹基金支付比例 in basis points (7000 = 70%) */
  poolPropBp: number
  /** 基本医疗保险统筹基金支出 */
  hifpPay: number
  /** 超封顶线自付 (符合范围 above the deductible that the annual cap left to the patient) */
  overCapSelfpay: number
  /** 基金支付总额 */
  fundPaySumamt: number
  /** 个人负担总金额 */
  psnPartAmt: number
  /** 个人账户支出 */
  acctPay: number
  /** 账户共济支付金额 (paid from a relative's personal account) */
  acctMulaidPay: number
  /** 个人现金支出 */
  psnCashPay: number
  /** 个人账户支出后余额 (of the account that paid) */
  balc: number
}

export interface MedpaySettlement {
  /** 结算ID */
  setlId: string
  mdtrtId: string
  status: MedpaySettlementStatus
  medinsNo: string
  medinsName: string
  medinsLv: MedinsLevel
  psnNo: string
  psnName: string
  insuplc: string
  insutype: Insutype
  lines: MedpayFeeLine[]
  split: MedpaySplit
  /** Masked name of the relative whose personal account pays (家庭共济), when not the patient. */
  familyPayerName?: string
  createdAt: string
  /** 结算时间 (when the patient confirmed). */
  setlTime?: string
  refundedAt?: string
  /** In a holder's list: whether they are the patient or the relative paying. */
  viewerRole?: 'patient' | 'payer'
}

export interface MedpaySettlementList {
  items: MedpaySettlement[]
}

export interface MedpayRefundRequest {
  medinsNo: string
}

/** The holder's medical-insurance account: balance and this year's totals. */
export interface MedpayAccount {
  psnNo: string
  insuplc: string
  insutype: Insutype
  insutypeName: string
  personalAccount: boolean
  /** 个人账户余额 */
  balc: number
  year: number
  /** 本年已付起付线 */
  dedcPaid: number
  /** 本年统筹基金已支付 */
  hifpPaid: number
  deductible: number
  annualCap: number
}

/** 亲情账户 / 家庭共济: the relative consents with their own face check (a passed face session). */
export interface MedpayFamilyLinkRequest {
  faceSessionId: string
  relation: 'parent' | 'child' | 'spouse'
}

export interface MedpayFamilyLink {
  linkId: string
  relation: 'parent' | 'child' | 'spouse'
  /** Masked. */
  relativeName: string
  relativePsnNo: string
  insuplc: string
  status: 'active' | 'removed'
  createdAt: string
}

export interface MedpayFamilyLinkList {
  items: MedpayFamilyLink[]
}

export interface MedpayFamilyCredentialRequest {
  /** The payer's own device key (the relative's code is shown from the payer's phone). */
  deviceKey: EcPublicJwk
  count?: number
}

// 用证单位 / 定点医药机构 (the institution registry and enrolment).

export type InstitutionRole = 'police' | 'hotel' | 'pharmacy' | 'employer'

export interface InstitutionRegistryResponse {
  /** Compact JWS (`typ: institution-registry+jwt`) signed by the national root. */
  registry: string
}

export interface InstitutionEnrolmentRequest {
  /** The code the platform issued to the institution (XXXX-XXXX-XXXX; case, spaces, dashes ignored). */
  activationCode: string
  /** The public half of a key pair the device just made; its requests are signed with the private half. */
  publicKey: EcPublicJwk
}

export interface InstitutionEnrolment {
  /** 统一社会信用代码: the `kid` of every request signature from now on. */
  id: string
  name: string
  role: InstitutionRole
  purposes: string[]
  medinsNo?: string
  enrolledAt: string
}

export interface ActivationCode {
  institutionId: string
  name: string
  activationCode: string
}
