import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMockControlClient } from '../../../../mock/failures'
import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import type * as Sim from '../../../../mock/simulator/types'
import { createApiClient } from '../../../../src/services/api/client'
import { API_PREFIX, operations, type Operation } from '../../../../src/services/api/operations'
import * as generated from '../../../../src/services/api/generated/schemas'
import { apiSchemaMismatch, type ApiSchemaName } from '../../../../src/services/api/schemas'
import type * as Api from '../../../../src/services/api/types'
import { ErrorCodes } from '../../../../src/services/errors'
import { FAKE_CERT_ID, FAKE_FACE_TICKET, FAKE_INSTITUTION_ID, FAKE_INSTITUTION_SIGNATURE, FAKE_SESSION, FAKE_STATUS_LIST_ID, FAKE_AUTH_HEADERS, FAKE_PROOF, FAKE_REFRESH_TOKEN, FAKE_TOKEN, createFakeSimulator } from '../../../support/fakeSimulator'
import { parseYamlSubset } from '../../../support/yamlSubset'
import { FAKE_LINK_ID, FAKE_SETL_ID } from '../../../support/fakeMedpay'
import { installMockApi } from '../../../support/mockApi'
import { testDevice } from '../../../support/holderAuth'

/*
 * How the client is held to mock/openapi.yaml: the yaml is the document. Its types and valibot
 * schemas are generated (`npm run gen:api`; generated.test.ts beside this file keeps the committed
 * output fresh). This test reads the yaml (with the subset reader in test/support) and checks, both ways,
 * that
 *  - every operation has an entry in `operations` (method, path, x-idempotent, response schema),
 *    a client method (or, for /__mock, a method of the mock control client) and a handler that
 *    answers a valid request with the declared 2xx status and a body that fits the schema;
 *  - every schema has its generated valibot schema, each operation's 2xx schema is the one the
 *    client checks, and the ErrorCode enum is `ErrorCodes`.
 * The generated types are tied to the simulator's types by the assignments at the end of this file
 * (`npm run typecheck`).
 */

type Node = { [key: string]: unknown }
const spec = parseYamlSubset(readFileSync(join(__dirname, '../../../../mock/openapi.yaml'), 'utf8')) as Node
const paths = spec.paths as Record<string, Node>
const components = spec.components as Node
const yamlSchemas = components.schemas as Record<string, Node>
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

interface YamlOperation {
  path: string
  method: string
  server: string
  op: Node
}

const yamlOperations: YamlOperation[] = Object.entries(paths).flatMap(([path, item]) => {
  const servers = (item.servers ?? spec.servers) as { url: string }[]
  return METHODS.filter((m) => item[m]).map((method) => ({ path, method, server: servers[0].url, op: item[method] as Node }))
})
const isMock = (o: YamlOperation) => ((o.op.tags as string[]) ?? []).includes('mock')
/** A door a browser opens from a link the app shows (tag `browser`): in the API, not in the client. */
const isBrowserDoor = (o: YamlOperation) => ((o.op.tags as string[]) ?? []).includes('browser')

function successOf(op: Node): { status: number; schema: string; type: string } {
  const responses = op.responses as Record<string, Node>
  const codes = Object.keys(responses).filter((c) => /^2\d\d$/.test(c))
  expect(codes).toHaveLength(1)
  const content = responses[codes[0]].content as Record<string, { schema: { $ref?: string; type?: string; format?: string } }>
  const [type] = Object.keys(content)
  // A file (the browser doors): a binary string schema under its own media type.
  if (type !== 'application/json') return { status: Number(codes[0]), schema: `${content[type].schema.type}/${content[type].schema.format}`, type }
  return { status: Number(codes[0]), schema: content[type].schema.$ref!.replace('#/components/schemas/', ''), type }
}

describe('mock/openapi.yaml', () => {
  it('puts the API under API_PREFIX and /__mock at the origin root', () => {
    expect((spec.servers as { url: string }[])[0].url).toBe(API_PREFIX)
    for (const o of yamlOperations) expect(o.server).toBe(isMock(o) ? '/' : API_PREFIX)
    expect(yamlOperations.filter(isMock).every((o) => o.path.startsWith('/__mock/'))).toBe(true)
  })

  it('has unique operationIds and declares every path parameter', () => {
    const ids = yamlOperations.map((o) => o.op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const o of yamlOperations) {
      const inPath = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      const declared = ((o.op.parameters as Node[]) ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort()
      expect(declared).toEqual(inPath)
    }
  })

  it('matches the client operation table, both ways', () => {
    const apiOps = yamlOperations.filter((o) => !isMock(o) && !isBrowserDoor(o))
    expect(apiOps.map((o) => o.op.operationId).sort()).toEqual(Object.keys(operations).sort())
    // The one door the app shows as a link (opened on a computer), served as a file, never called by the client.
    expect(yamlOperations.filter(isBrowserDoor).map((o) => [o.op.operationId, successOf(o.op).type])).toEqual([['downloadOriginal', 'application/ofd']])
    for (const o of apiOps) {
      const op: Operation = operations[o.op.operationId as keyof typeof operations]
      expect({ id: o.op.operationId, method: op.method, path: op.path, idempotent: op.idempotent }).toEqual({
        id: o.op.operationId,
        method: o.method.toUpperCase(),
        path: o.path,
        idempotent: o.op['x-idempotent']
      })
    }
  })

  it('has a client method for every operation (mock control methods live in mock/)', () => {
    const api = createApiClient({ baseUrl: '', request: () => ({ response: new Promise(() => undefined), abort: () => undefined }) })
    const control = createMockControlClient('')
    for (const o of yamlOperations.filter((x) => !isBrowserDoor(x))) {
      const id = o.op.operationId as string
      const method = isMock(o)
        ? (control as unknown as Record<string, unknown>)[id]
        : ((operations as Record<string, Operation>)[id].clientMethod ?? id).split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], api)
      expect([id, typeof method]).toEqual([id, 'function'])
    }
  })

  it('has a generated schema for each of its schemas, and the client checks each 2xx body by it', () => {
    const { responseSchemas, ...schemas } = generated
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(yamlSchemas).sort())
    const apiOps = yamlOperations.filter((o) => !isMock(o) && !isBrowserDoor(o))
    expect(Object.keys(responseSchemas).sort()).toEqual(apiOps.map((o) => o.op.operationId).sort())
    for (const o of apiOps) {
      const id = o.op.operationId as keyof typeof responseSchemas
      expect([id, responseSchemas[id] === schemas[successOf(o.op).schema as ApiSchemaName]]).toEqual([id, true])
    }
  })

  it('lists exactly the ErrorCodes, and every error answer is an ErrorBody', () => {
    expect(yamlSchemas.ErrorCode.enum).toEqual([...ErrorCodes])
    for (const response of Object.values(components.responses as Record<string, Node>)) {
      expect((response.content as Record<string, Node>)['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' })
    }
    for (const o of yamlOperations) {
      for (const [status, response] of Object.entries(o.op.responses as Record<string, Node>)) {
        if (!status.startsWith('2')) expect(response.$ref).toMatch(/^#\/components\/responses\//)
      }
    }
  })

  it('documents the institution signature, and every institution call requires it', () => {
    const scheme = (components.securitySchemes as Record<string, Node>).institutionSignature
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Institution-Signature' })
    const signed = yamlOperations.filter((o) => ((o.op.security as Node[]) ?? []).some((s) => 'institutionSignature' in s)).map((o) => o.op.operationId).sort()
    expect(signed).toEqual(['getMedpaySettlement', 'listFileRetrievals', 'refundMedpaySettlement', 'registerMedpayVisit', 'retrieveFile', 'submitMedpaySettlement', 'verify'])
    for (const id of ['retrieveFile', 'listFileRetrievals', 'registerMedpayVisit', 'submitMedpaySettlement', 'refundMedpaySettlement']) {
      const o = yamlOperations.find((x) => x.op.operationId === id)!
      expect([id, (o.op.security as Node[]).every((s) => 'institutionSignature' in s)]).toEqual([id, true])
    }
  })

  it('documents the demo admin token and the Retry-After header', () => {
    const admin = (components.securitySchemes as Record<string, Node>).adminToken
    expect(admin).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Admin-Token' })
    expect(admin.description).toContain(DEMO_ADMIN_TOKEN)
    const responses = components.responses as Record<string, Node>
    expect(Object.keys(responses.RateLimited.headers as Node)).toEqual(['Retry-After'])
    expect(Object.keys(responses.ServerError.headers as Node)).toEqual(['Retry-After'])
  })
})

describe('every yaml operation has a handler', () => {
  installMockApi({ sim: createFakeSimulator(), resetBetweenTests: false })
  /**
   * The phone: a body's `deviceKey` is its key, and holder calls carry its DPoP proofs (the fake
   * checks only that a proof is sent; the handlers hold a body's device key to the proof's key).
   */
  const device = testDevice({ secret: new Uint8Array(32).fill(9) })
  const deviceKey = device.publicJwk

  const pathParams: Record<string, string> = { holderId: 'p-zhang', sessionId: FAKE_SESSION, certId: FAKE_CERT_ID, listId: FAKE_STATUS_LIST_ID, deviceId: 'dev-1', recordId: 'ur-1', setlId: FAKE_SETL_ID, linkId: FAKE_LINK_ID, paperId: 'PABCDEFGHJ', code: 'ABCDEFGHJKLMNPQR', institutionId: FAKE_INSTITUTION_ID, grantId: 'fg-1', token: 'A'.repeat(43) }
  const bodies: Record<string, unknown> = {
    FaceSessionRequest: { name: '张三明', idNumber: '110101199003074258' },
    FaceSessionComplete: { verifyResult: FAKE_FACE_TICKET, deviceKey },
    TokenRefreshRequest: { grantType: 'refresh_token', refreshToken: FAKE_REFRESH_TOKEN },
    SimulatedFaceCheckRequest: { sessionId: FAKE_SESSION, name: '张三明', idNumber: '110101199003074258', passed: true },
    MedpayFamilyConsentRequest: { name: '李秀英', idNumber: '330106195207080028' },
    DelegationConsentRequest: { name: '李秀英', idNumber: '330106195207080021', purposes: ['hotel'] },
    DelegationLinkRequest: { faceSessionId: FAKE_SESSION, relation: 'parent', verifyResult: FAKE_FACE_TICKET },
    DelegatedPaperRequest: { kind: 'id-card' },
    DelegatedCredentialRequest: { purpose: 'hotel', deviceKey, setKeys: [{ kty: 'EC', crv: 'P-256', x: 'eHh5', y: 'eXl6' }] },
    CredentialRequest: { deviceKey },
    VerificationRequest: { presentation: 'good-qr', purpose: '交通执法检查' },
    PurposeCredentialRequest: { purpose: 'hotel', deviceKey, count: 2 },
    FileRetrievalRequest: { grantId: 'fg-1' },
    FileGrantRequest: { grant: 'good-grant' },
    PaperCredentialRequest: { certId: FAKE_CERT_ID },
    DegreeShareRequest: { certId: FAKE_CERT_ID, validDays: 60 },
    MockFailureConfig: { mode: 'slow', delayMs: 0, pathPrefix: '/no-such-path' },
    MedpayVisitRequest: { paymentCode: 'CW1:XYZ', medinsNo: 'P44010600512' },
    MedpaySettlementRequest: { mdtrtId: 'M4401002611270000001', medinsNo: 'P44010600512', items: [{ medListCodg: 'XN02BEA010A001010100451', cnt: 2 }] },
    MedpayRefundRequest: { medinsNo: 'P44010600512' },
    MedpayFamilyLinkRequest: { faceSessionId: FAKE_SESSION, relation: 'parent', verifyResult: FAKE_FACE_TICKET },
    MedpayFamilyCredentialRequest: { deviceKey, count: 2 },
    RelyingPartyRegistrationRequest: { registration: 'good-registration' },
    PairwiseSubjectRequest: { clientId: '91440101MA5D7RQ21E', deviceKey, purpose: 'age-over-18', fields: ['age_over_18'] },
    InstitutionEnrolmentRequest: { activationCode: 'FAKE-CODE-0001', publicKey: { kty: 'EC', crv: 'P-256', x: 'eHh4', y: 'eXl5' } },
    ReissueRequest: { claims: { address: '广东省广州市海珠区新港中路397号' } },
    IssueCertificateRequest: { kind: 'marriage', issuer: 'gz-mzj', claims: { name: '张明华' } }
  }

  it.each(yamlOperations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))('%s', async (_name, o) => {
    const url = 'http://api.test' + (o.server === '/' ? '' : o.server) + o.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(pathParams[p]))
    const headers: Record<string, string> = {}
    const security = ((o.op.security as Node[]) ?? []).flatMap((s) => Object.keys(s))
    if (security.includes('holderToken')) Object.assign(headers, FAKE_AUTH_HEADERS, { DPoP: await device.sign(o.method.toUpperCase(), new URL(url).pathname, FAKE_TOKEN) })
    if (security.includes('holderDpop')) headers.DPoP = FAKE_PROOF
    if (security.includes('adminToken')) headers['X-Admin-Token'] = DEMO_ADMIN_TOKEN
    if (security.includes('institutionSignature')) headers['X-Institution-Signature'] = FAKE_INSTITUTION_SIGNATURE
    if (o.op.operationId !== 'getMedpaySettlement' && security.includes('institutionSignature')) delete headers.Authorization
    for (const p of ((o.op.parameters as Node[]) ?? []).filter((p) => p.in === 'header' && p.name === 'Idempotency-Key')) headers[p.name as string] = 'openapi-test-key'
    const requestBody = o.op.requestBody as { content: Record<string, { schema: { $ref: string } }> } | undefined
    let body: string | undefined
    if (requestBody) {
      body = JSON.stringify(bodies[requestBody.content['application/json'].schema.$ref.replace('#/components/schemas/', '')])
      headers['Content-Type'] = 'application/json'
    }
    const res = await fetch(url, { method: o.method.toUpperCase(), headers, body })
    const success = successOf(o.op)
    expect(res.status).toBe(success.status)
    if (success.type !== 'application/json') {
      // A file: its media type, and bytes.
      expect([res.headers.get('Content-Type'), success.schema]).toEqual([success.type, 'string/binary'])
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0)
      return
    }
    expect(apiSchemaMismatch(success.schema as ApiSchemaName, await res.json())).toBeNull()
  })
})

// Compile-time: the client's types and the simulator's describe the same bodies (npm run typecheck).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const typesAgree: [
  Same<Api.CertificateSummary, Sim.CertificateSummary>,
  Same<Api.FaceSession, Sim.FaceSession>,
  Same<Api.FaceSessionResult, Sim.FaceSessionResult>,
  Same<Api.IssuedCredential, Sim.IssuedCredential>,
  Same<Api.CertificateChange, Sim.CertificateChange>,
  Same<Api.VerificationResult, Sim.VerificationResult>,
  Same<Api.FileRetrieval, Sim.FileRetrieval>,
  Same<Api.ReissueResult, ReturnType<Sim.Simulator['reissue']>>,
  Same<Api.RevokeResult, ReturnType<Sim.Simulator['revoke']>>,
  Same<Api.CertStatus, Sim.CertStatus>,
  Same<Api.PaperCredential, Sim.PaperCredential>,
  Same<Api.DegreeShare, Sim.DegreeShare>,
  Same<Api.DegreeShareCheck, Sim.DegreeShareCheck>
] = [true, true, true, true, true, true, true, true, true, true, true, true, true]
void typesAgree
