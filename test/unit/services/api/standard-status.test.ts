/**
 * The share specifications' status code beside our status (#14 §4): additive, over HTTP through the
 * generated client and its response schema. 21 注销/吊销, 22 过期, 23 限制; none while in force.
 */
import { readFileSync } from 'fs'
import { resolve } from 'path'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { responseMismatch } from '../../../../src/services/api/validate'
import { CERT_STATUSES, STANDARD_STATUS_CODES, standardStatusOf } from '../../../../src/vocabulary/certStatus'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'
import { installMockApi } from '../../../support/mockApi'

let nowMs = Date.parse('2026-11-27T12:00:00+08:00')
installMockApi({ now: () => new Date(nowMs) })
/** The phone's clock is the simulator's (DPoP proofs carry `iat`). */
const phone = () => testDevice({ now: () => nowMs })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined })

describe('the mapping', () => {
  it('covers exactly the API contract’s CertStatus values (mock/openapi.yaml)', () => {
    const yaml = readFileSync(resolve(__dirname, '../../../../mock/openapi.yaml'), 'utf8')
    const declared = /\n {4}CertStatus:\n {6}type: string\n {6}enum: \[([^\]]*)\]/.exec(yaml)
    expect(declared).not.toBeNull()
    expect(declared![1].split(/,\s*/)).toEqual([...CERT_STATUSES])
    expect(Object.keys(STANDARD_STATUS_CODES).sort()).toEqual([...CERT_STATUSES].sort())
  })

  it('gives 21 to revoked and superseded, 22 to expired, 23 to suspended, and nothing to valid', () => {
    expect(CERT_STATUSES.map((s) => [s, standardStatusOf(s)])).toEqual([
      ['valid', null],
      ['expired', '22'],
      ['revoked', '21'],
      ['suspended', '23'],
      ['superseded', '21']
    ])
  })
})

describe('GET /holder/certificates', () => {
  afterEach(() => {
    nowMs = Date.parse('2026-11-27T12:00:00+08:00')
  })

  it('sends 21 beside a revoked certificate and no code beside one in force, status unchanged', async () => {
    const { auth } = await signInOverApi(api, '王建国', '510104197809210030', phone())
    const list = await api.listCertificates(auth)
    expect(responseMismatch('listCertificates', list)).toBeNull()
    const byKind = Object.fromEntries(list.items.map((c) => [c.kind, c]))
    expect(byKind['driving-licence']).toMatchObject({ status: 'revoked', standardStatus: '21' })
    expect(byKind['id-card'].status).toBe('valid')
    expect(byKind['id-card']).not.toHaveProperty('standardStatus')
    expect(byKind['vehicle-licence'].status).toBe('valid')
    expect(byKind['vehicle-licence']).not.toHaveProperty('standardStatus')
  })

  it('sends 22 once the document is past its 有效期限 (clock moved past the licence’s valid_until)', async () => {
    nowMs = Date.parse('2028-07-20T12:00:00+08:00') // 张明华's driving licence ends 2028-07-09
    const { auth } = await signInOverApi(api, '张明华', '44010619900315001X', phone())
    const list = await api.listCertificates(auth)
    expect(responseMismatch('listCertificates', list)).toBeNull()
    const licence = list.items.find((c) => c.kind === 'driving-licence')!
    expect(licence).toMatchObject({ status: 'expired', standardStatus: '22' })
    const idCard = list.items.find((c) => c.kind === 'id-card')!
    expect(idCard).toMatchObject({ status: 'valid' })
    expect(idCard).not.toHaveProperty('standardStatus')
  })

  it('is refused by the client’s response schema when a server sends a code outside 21/22/23', () => {
    const item = { certId: 'x', kind: 'id-card', title: 't', issuerId: 'i', issuerName: 'n', status: 'revoked', standardStatus: '99', version: '001', validUntil: '长期', purposeRequired: false }
    expect(responseMismatch('listCertificates', { items: [item], asOf: new Date(nowMs).toISOString() })).not.toBeNull()
    expect(responseMismatch('listCertificates', { items: [{ ...item, standardStatus: '21' }], asOf: new Date(nowMs).toISOString() })).toBeNull()
  })
})
