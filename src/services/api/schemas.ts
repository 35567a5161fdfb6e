import { ErrorCodes } from '../errors'
import type * as T from './types'

/**
 * The validation keywords of mock/openapi.yaml's `components.schemas`, as data. The client checks
 * every 2xx body against them (a body that does not fit → ERR_BAD_RESPONSE) and the mock handlers
 * check request bodies with them; test/unit/services/api/openapi.test.ts parses the yaml and asserts that
 * each schema there, stripped of documentation keywords, equals the one here.
 */
export type Schema =
  | { readonly $ref: string }
  | { readonly type: 'string'; readonly enum?: readonly string[]; readonly format?: 'date-time'; readonly minLength?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly minimum?: number }
  | { readonly type: 'array'; readonly items: Schema }
  | ObjectSchema
  | { readonly anyOf: readonly Schema[] }

export interface ObjectSchema {
  readonly type: 'object'
  readonly required?: readonly string[]
  readonly properties: Readonly<Record<string, Schema>>
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const
const str = { type: 'string' } as const
const dateTime = { type: 'string', format: 'date-time' } as const
const bool = { type: 'boolean' } as const
const nonEmpty = { type: 'string', minLength: 1 } as const
const fen = { type: 'integer', minimum: 0 } as const
const insutype = { type: 'string', enum: ['310', '390'] } as const
const chrgitmLv = { type: 'string', enum: ['01', '02', '03'] } as const
const medinsLv = { type: 'string', enum: ['pharmacy', 'level1', 'level2', 'level3'] } as const
const relation = { type: 'string', enum: ['parent', 'child', 'spouse'] } as const

type RequiredKeys<O> = { [K in keyof O]-?: undefined extends O[K] ? never : K }[keyof O] & string

/**
 * An object schema whose property names are exactly the keys of `O` (checked by the compiler) and
 * whose `required` list names only keys that `O` does not mark optional.
 */
function object<O>(properties: { readonly [K in keyof Required<O>]: Schema }, required: readonly RequiredKeys<O>[]): ObjectSchema {
  return { type: 'object', required, properties: properties as Record<string, Schema> }
}

export const apiSchemas = {
  ErrorCode: { type: 'string', enum: ErrorCodes },
  ErrorBody: object<T.ErrorBody>({ code: ref('ErrorCode'), message: str }, ['code', 'message']),
  CertStatus: { type: 'string', enum: ['valid', 'expired', 'revoked', 'suspended', 'superseded'] },
  EcPublicJwk: {
    type: 'object',
    required: ['kty', 'crv', 'x', 'y'],
    properties: {
      kty: { type: 'string', enum: ['EC'] },
      crv: { type: 'string', enum: ['P-256'] },
      x: nonEmpty,
      y: nonEmpty,
      kid: str,
      alg: { type: 'string', enum: ['ES256'] }
    }
  },
  FaceSessionRequest: object<T.FaceSessionRequest>({ name: nonEmpty, idNumber: nonEmpty }, ['name', 'idNumber']),
  FaceSession: object<T.FaceSession>(
    { sessionId: str, status: { type: 'string', enum: ['pending', 'passed', 'failed'] }, expiresAt: dateTime },
    ['sessionId', 'status', 'expiresAt']
  ),
  FaceSessionComplete: object<T.FaceSessionComplete>({ passed: bool }, ['passed']),
  FaceSessionResult: object<T.FaceSessionResult>(
    { status: { type: 'string', enum: ['passed'] }, holderId: str, holderToken: str, displayName: str },
    ['status', 'holderId', 'holderToken', 'displayName']
  ),
  CertificateSummary: object<T.CertificateSummary>(
    {
      certId: str,
      kind: str,
      title: str,
      issuerId: str,
      issuerName: str,
      status: ref('CertStatus'),
      version: str,
      validUntil: str,
      purposeRequired: bool
    },
    ['certId', 'kind', 'title', 'issuerId', 'issuerName', 'status', 'version', 'validUntil', 'purposeRequired']
  ),
  CertificateList: object<T.CertificateList>(
    { items: { type: 'array', items: ref('CertificateSummary') }, asOf: dateTime },
    ['items', 'asOf']
  ),
  CredentialRequest: object<T.CredentialRequest>({ deviceKey: ref('EcPublicJwk'), purpose: str }, ['deviceKey']),
  IssuedCredential: object<T.IssuedCredential>(
    { certId: str, kind: str, credential: nonEmpty, issuedAt: dateTime },
    ['certId', 'kind', 'credential', 'issuedAt']
  ),
  CertificateChange: object<T.CertificateChange>(
    {
      certId: str,
      change: { type: 'string', enum: ['reissued', 'revoked', 'expired', 'suspended'] },
      newCertId: str,
      at: dateTime
    },
    ['certId', 'change', 'at']
  ),
  ChangeList: object<T.ChangeList>(
    { items: { type: 'array', items: ref('CertificateChange') }, asOf: dateTime },
    ['items', 'asOf']
  ),
  TrustListResponse: object<T.TrustListResponse>({ trustList: nonEmpty }, ['trustList']),
  StatusListResponse: object<T.StatusListResponse>({ statusList: nonEmpty }, ['statusList']),
  VerificationRequest: object<T.VerificationRequest>(
    { presentation: nonEmpty, purpose: nonEmpty },
    ['presentation', 'purpose']
  ),
  VerificationResult: object<T.VerificationResult>(
    {
      ok: bool,
      code: { anyOf: [ref('ErrorCode'), { type: 'string', enum: ['OK'] }] },
      kind: str,
      issuerName: str,
      checkedAt: dateTime
    },
    ['ok', 'code', 'checkedAt']
  ),
  PurposeCredentialRequest: object<T.PurposeCredentialRequest>(
    {
      purpose: { type: 'string', enum: ['traffic-stop', 'hotel', 'age-over-18', 'pharmacy', 'degree', 'employment'] },
      deviceKey: ref('EcPublicJwk'),
      count: { type: 'integer', minimum: 1 }
    },
    ['purpose', 'deviceKey']
  ),
  PurposeCredentialBatch: object<T.PurposeCredentialBatch>(
    {
      purpose: { type: 'string', enum: ['traffic-stop', 'hotel', 'age-over-18', 'pharmacy', 'degree', 'employment'] },
      sets: { type: 'array', items: ref('PurposeCredentialSet') },
      kinds: { type: 'array', items: str },
      expiresAt: dateTime
    },
    ['purpose', 'sets', 'kinds', 'expiresAt']
  ),
  PurposeCredentialSet: object<T.PurposeCredentialBatch['sets'][number]>({ credentials: { type: 'array', items: nonEmpty } }, ['credentials']),
  DeviceInfo: object<T.DeviceInfo>(
    {
      deviceId: nonEmpty,
      keyX: nonEmpty,
      firstSeenAt: dateTime,
      lastSeenAt: dateTime,
      status: { type: 'string', enum: ['active', 'deactivated'] },
      deactivatedAt: dateTime
    },
    ['deviceId', 'keyX', 'firstSeenAt', 'lastSeenAt', 'status']
  ),
  DeviceList: object<T.DeviceList>({ items: { type: 'array', items: ref('DeviceInfo') } }, ['items']),
  DeviceRevocationsResponse: object<T.DeviceRevocationsResponse>({ deviceRevocations: nonEmpty }, ['deviceRevocations']),
  UsageRecord: object<T.UsageRecord>(
    {
      recordId: nonEmpty,
      at: dateTime,
      channel: { type: 'string', enum: ['verification', 'file-retrieval', 'reported-result'] },
      certIds: { type: 'array', items: str },
      kinds: { type: 'array', items: str },
      purpose: str,
      verifier: ref('UsageVerifier'),
      fields: { type: 'array', items: str },
      outcome: { type: 'string', enum: ['accepted', 'rejected'] },
      deletion: { type: 'string', enum: ['none', 'requested', 'erased'] }
    },
    ['recordId', 'at', 'channel', 'certIds', 'kinds', 'purpose', 'fields', 'deletion']
  ),
  UsageVerifier: object<T.UsageVerifier>({ name: nonEmpty, role: str }, ['name']),
  UsageRecordList: object<T.UsageRecordList>({ items: { type: 'array', items: ref('UsageRecord') } }, ['items']),
  FileRetrievalRequest: object<T.FileRetrievalRequest>(
    { certId: nonEmpty, purpose: nonEmpty },
    ['certId', 'purpose']
  ),
  FileRetrieval: object<T.FileRetrieval>(
    {
      retrievalId: str,
      certId: str,
      purpose: str,
      verifierName: str,
      watermark: str,
      fileUrl: str,
      expiresAt: dateTime
    },
    ['retrievalId', 'certId', 'purpose', 'verifierName', 'watermark', 'fileUrl', 'expiresAt']
  ),
  PaperCredentialRequest: object<T.PaperCredentialRequest>({ certId: nonEmpty }, ['certId']),
  PaperCredential: object<T.PaperCredential>(
    {
      paperId: nonEmpty,
      certId: str,
      kind: str,
      credential: nonEmpty,
      issuedAt: dateTime,
      expiresAt: dateTime,
      status: { type: 'string', enum: ['valid', 'expired', 'revoked'] },
      revokedAt: dateTime
    },
    ['paperId', 'certId', 'kind', 'credential', 'issuedAt', 'expiresAt', 'status']
  ),
  PaperCredentialList: object<T.PaperCredentialList>({ items: { type: 'array', items: ref('PaperCredential') } }, ['items']),
  DegreeShareRequest: object<T.DegreeShareRequest>({ certId: nonEmpty, validDays: { type: 'integer', minimum: 1 } }, ['certId', 'validDays']),
  DegreeShare: object<T.DegreeShare>(
    {
      code: nonEmpty,
      certId: str,
      createdAt: dateTime,
      expiresAt: dateTime,
      status: { type: 'string', enum: ['valid', 'expired', 'revoked'] },
      revokedAt: dateTime
    },
    ['code', 'certId', 'createdAt', 'expiresAt', 'status']
  ),
  DegreeShareList: object<T.DegreeShareList>({ items: { type: 'array', items: ref('DegreeShare') } }, ['items']),
  DegreeShareCheck: object<T.DegreeShareCheck>(
    {
      code: nonEmpty,
      status: { type: 'string', enum: ['valid', 'expired', 'revoked'] },
      expiresAt: dateTime,
      checkedAt: dateTime,
      credential: nonEmpty
    },
    ['code', 'status', 'expiresAt', 'checkedAt']
  ),
  ReissueResult: object<T.ReissueResult>({ oldCertId: str, newCertId: str }, ['oldCertId', 'newCertId']),
  RevokeResult: object<T.RevokeResult>({ certId: str, status: { type: 'string', enum: ['revoked'] } }, ['certId', 'status']),
  MedpayCatalogueItem: object<T.MedpayCatalogueItem>(
    { medListCodg: nonEmpty, name: str, spec: str, kind: { type: 'string', enum: ['drug', 'service'] }, chrgitmLv, pric: fen },
    ['medListCodg', 'name', 'spec', 'kind', 'chrgitmLv', 'pric']
  ),
  MedpayCatalogue: object<T.MedpayCatalogue>({ items: { type: 'array', items: ref('MedpayCatalogueItem') } }, ['items']),
  MedpayInstitution: object<T.MedpayInstitution>({ medinsNo: nonEmpty, name: str, medinsLv, region: str }, ['medinsNo', 'name', 'medinsLv', 'region']),
  MedpayInstitutionList: object<T.MedpayInstitutionList>({ items: { type: 'array', items: ref('MedpayInstitution') } }, ['items']),
  MedpayVisitRequest: object<T.MedpayVisitRequest>({ paymentCode: nonEmpty, medinsNo: nonEmpty }, ['paymentCode', 'medinsNo']),
  MedpayVisit: object<T.MedpayVisit>(
    { mdtrtId: nonEmpty, medinsNo: str, psnNo: str, psnName: str, insuplc: str, insutype, insutypeName: str, familyPayerName: str, expiresAt: dateTime },
    ['mdtrtId', 'medinsNo', 'psnNo', 'psnName', 'insuplc', 'insutype', 'insutypeName', 'expiresAt']
  ),
  MedpaySettlementItem: object<T.MedpaySettlementItem>({ medListCodg: nonEmpty, cnt: { type: 'integer', minimum: 1 } }, ['medListCodg', 'cnt']),
  MedpaySettlementRequest: object<T.MedpaySettlementRequest>(
    { mdtrtId: nonEmpty, medinsNo: nonEmpty, items: { type: 'array', items: ref('MedpaySettlementItem') } },
    ['mdtrtId', 'medinsNo', 'items']
  ),
  MedpayFeeLine: object<T.MedpayFeeLine>(
    { medListCodg: str, name: str, spec: str, chrgitmLv, pric: fen, cnt: { type: 'integer', minimum: 1 }, detItemFeeSumamt: fen, fulamtOwnpayAmt: fen, preselfpayAmt: fen, inscpScpAmt: fen },
    ['medListCodg', 'name', 'spec', 'chrgitmLv', 'pric', 'cnt', 'detItemFeeSumamt', 'fulamtOwnpayAmt', 'preselfpayAmt', 'inscpScpAmt']
  ),
  MedpaySplit: object<T.MedpaySplit>(
    {
      medfeeSumamt: fen,
      fulamtOwnpayAmt: fen,
      preselfpayAmt: fen,
      inscpScpAmt: fen,
      actPayDedc: fen,
      poolPropBp: fen,
      hifpPay: fen,
      overCapSelfpay: fen,
      fundPaySumamt: fen,
      psnPartAmt: fen,
      acctPay: fen,
      acctMulaidPay: fen,
      psnCashPay: fen,
      balc: fen
    },
    ['medfeeSumamt', 'fulamtOwnpayAmt', 'preselfpayAmt', 'inscpScpAmt', 'actPayDedc', 'poolPropBp', 'hifpPay', 'overCapSelfpay', 'fundPaySumamt', 'psnPartAmt', 'acctPay', 'acctMulaidPay', 'psnCashPay', 'balc']
  ),
  MedpaySettlement: object<T.MedpaySettlement>(
    {
      setlId: nonEmpty,
      mdtrtId: str,
      status: { type: 'string', enum: ['pending', 'settled', 'declined', 'refunded'] },
      medinsNo: str,
      medinsName: str,
      medinsLv,
      psnNo: str,
      psnName: str,
      insuplc: str,
      insutype,
      lines: { type: 'array', items: ref('MedpayFeeLine') },
      split: ref('MedpaySplit'),
      familyPayerName: str,
      createdAt: dateTime,
      setlTime: dateTime,
      refundedAt: dateTime,
      viewerRole: { type: 'string', enum: ['patient', 'payer'] }
    },
    ['setlId', 'mdtrtId', 'status', 'medinsNo', 'medinsName', 'medinsLv', 'psnNo', 'psnName', 'insuplc', 'insutype', 'lines', 'split', 'createdAt']
  ),
  MedpaySettlementList: object<T.MedpaySettlementList>({ items: { type: 'array', items: ref('MedpaySettlement') } }, ['items']),
  MedpayRefundRequest: object<T.MedpayRefundRequest>({ medinsNo: nonEmpty }, ['medinsNo']),
  MedpayAccount: object<T.MedpayAccount>(
    { psnNo: str, insuplc: str, insutype, insutypeName: str, personalAccount: bool, balc: fen, year: fen, dedcPaid: fen, hifpPaid: fen, deductible: fen, annualCap: fen },
    ['psnNo', 'insuplc', 'insutype', 'insutypeName', 'personalAccount', 'balc', 'year', 'dedcPaid', 'hifpPaid', 'deductible', 'annualCap']
  ),
  MedpayFamilyLinkRequest: object<T.MedpayFamilyLinkRequest>({ faceSessionId: nonEmpty, relation }, ['faceSessionId', 'relation']),
  MedpayFamilyLink: object<T.MedpayFamilyLink>(
    { linkId: nonEmpty, relation, relativeName: str, relativePsnNo: str, insuplc: str, status: { type: 'string', enum: ['active', 'removed'] }, createdAt: dateTime },
    ['linkId', 'relation', 'relativeName', 'relativePsnNo', 'insuplc', 'status', 'createdAt']
  ),
  MedpayFamilyLinkList: object<T.MedpayFamilyLinkList>({ items: { type: 'array', items: ref('MedpayFamilyLink') } }, ['items']),
  MedpayFamilyCredentialRequest: object<T.MedpayFamilyCredentialRequest>(
    { deviceKey: ref('EcPublicJwk'), count: { type: 'integer', minimum: 1 } },
    ['deviceKey']
  ),
  InstitutionRole: { type: 'string', enum: ['police', 'hotel', 'pharmacy', 'employer'] },
  InstitutionRegistryResponse: object<T.InstitutionRegistryResponse>({ registry: nonEmpty }, ['registry']),
  InstitutionEnrolmentRequest: object<T.InstitutionEnrolmentRequest>({ activationCode: nonEmpty, publicKey: ref('EcPublicJwk') }, ['activationCode', 'publicKey']),
  InstitutionEnrolment: object<T.InstitutionEnrolment>(
    { id: nonEmpty, name: str, role: ref('InstitutionRole'), purposes: { type: 'array', items: str }, medinsNo: str, enrolledAt: dateTime },
    ['id', 'name', 'role', 'purposes', 'enrolledAt']
  ),
  ActivationCode: object<T.ActivationCode>({ institutionId: nonEmpty, name: str, activationCode: nonEmpty }, ['institutionId', 'name', 'activationCode'])
} as const satisfies Record<string, Schema>

export type ApiSchemaName = keyof typeof apiSchemas

/**
 * Checks `value` against `schema`, resolving `$ref`s in `registry`. Returns null when it fits, else
 * the JSON path of the first mismatch (e.g. `$.items[2].status`) — never the offending value,
 * which may be personal data. Unknown properties are allowed (the server may add fields).
 */
export function schemaMismatch(registry: Readonly<Record<string, Schema>>, schema: Schema, value: unknown, path = '$'): string | null {
  if ('$ref' in schema) {
    const name = schema.$ref.replace('#/components/schemas/', '')
    const target = registry[name]
    if (!target) return `${path} (unknown schema ${name})`
    return schemaMismatch(registry, target, value, path)
  }
  if ('anyOf' in schema) {
    return schema.anyOf.some((s) => schemaMismatch(registry, s, value, path) === null) ? null : path
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return path
      if (schema.enum && !schema.enum.includes(value)) return path
      if (schema.minLength !== undefined && value.trim().length < schema.minLength) return path
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return path
      return null
    case 'boolean':
      return typeof value === 'boolean' ? null : path
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return path
      return schema.minimum !== undefined && value < schema.minimum ? path : null
    case 'array': {
      if (!Array.isArray(value)) return path
      for (let i = 0; i < value.length; i++) {
        const bad = schemaMismatch(registry, schema.items, value[i], `${path}[${i}]`)
        if (bad) return bad
      }
      return null
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return path
      const record = value as Record<string, unknown>
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) return `${path}.${key}`
      }
      for (const [key, propSchema] of Object.entries(schema.properties)) {
        if (record[key] === undefined) continue
        const bad = schemaMismatch(registry, propSchema, record[key], `${path}.${key}`)
        if (bad) return bad
      }
      return null
    }
  }
}

/** `schemaMismatch` against one of the API's named schemas. */
export function apiSchemaMismatch(name: ApiSchemaName, value: unknown): string | null {
  return schemaMismatch(apiSchemas, apiSchemas[name], value)
}
