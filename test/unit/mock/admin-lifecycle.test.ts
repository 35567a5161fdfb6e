/**
 * The simulator's admin doors that make the physical card's life happen (issue #13): a certificate
 * issued after the first claim, a 换证 with changed data, a 暂扣 and its end. From a stranger's
 * side first (no token, a guessed token, a holder's token): refused before the body is read, and
 * nothing changes; then bad input gets its code, and the good calls change what the holder sees.
 */
import { DEMO_ADMIN_TOKEN } from '../../../mock/handlers'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { keyPairFromSecret } from '../../../src/services/crypto'
import { installMockApi } from '../../support/mockApi'

const BASE = 'http://sim.test'
const NOW = new Date('2026-11-27T04:00:00Z')
const { sim } = installMockApi({ now: () => NOW })
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
const ZHANG = 'p-zhang'
const licenceOf = () => sim.listCertificates(ZHANG).find((c) => c.kind === 'driving-licence' && c.status === 'valid')!
const DEVICE = keyPairFromSecret(new Uint8Array(32).fill(7)).publicJwk
const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code)

async function raw(path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method: 'POST',
    headers: { ...(init.token ? { 'X-Admin-Token': init.token } : {}), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
  })
  return { status: res.status, body: (await res.json()) as { code?: string } }
}

const QUALIFICATION = { kind: 'professional-qualification', issuer: 'mohrss', claims: { name: '张明华', occupation: '电工', level: '四级/中级工' } }

describe('from a stranger\'s side', () => {
  it.each([
    ['no token', undefined],
    ['a guessed token', 'certwallet-admin'],
    ['an empty token', '']
  ])('refuses %s with 401 before reading the body, and nothing changes', async (_n, token) => {
    const before = sim.listCertificates(ZHANG).length
    const certId = licenceOf().certId
    // A body that would be refused as malformed: the 401 comes first.
    expect(await raw(`/admin/holders/${ZHANG}/certificates`, { token, body: '{not json' })).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    expect(await raw(`/admin/holders/${ZHANG}/certificates`, { token, body: QUALIFICATION })).toMatchObject({ status: 401 })
    expect(await raw(`/admin/certificates/${encodeURIComponent(certId)}/suspend`, { token })).toMatchObject({ status: 401 })
    expect(await raw(`/admin/certificates/${encodeURIComponent(certId)}/reinstate`, { token })).toMatchObject({ status: 401 })
    expect(await raw(`/admin/certificates/${encodeURIComponent(certId)}/reissue`, { token, body: { claims: { address: '别处' } } })).toMatchObject({ status: 401 })
    expect(sim.listCertificates(ZHANG)).toHaveLength(before)
    expect(licenceOf().certId).toBe(certId)
  })

  it('refuses a holder\'s own token in place of the admin token', async () => {
    const { holderToken } = sim.internals.tokenForTests('张明华', '44010619900315001X')
    const res = await raw(`/admin/certificates/${encodeURIComponent(licenceOf().certId)}/suspend`, { headers: { Authorization: `DPoP ${holderToken}` } })
    expect(res).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    expect(licenceOf().status).toBe('valid')
  })
})

describe('with the admin token', () => {
  it('issues a certificate to a holder after the first claim, listed for them at once', async () => {
    const { certId } = await api.admin.issueCertificate(DEMO_ADMIN_TOKEN, ZHANG, QUALIFICATION)
    expect(sim.listCertificates(ZHANG).find((c) => c.certId === certId)).toMatchObject({ kind: 'professional-qualification', status: 'valid', issuerName: '人力资源和社会保障部' })
  })

  it.each([
    ['an unknown kind', { ...QUALIFICATION, kind: 'hukou' }, 'ERR_BAD_REQUEST'],
    ['an issuer not listed for the kind', { ...QUALIFICATION, issuer: 'nhsa' }, 'ERR_BAD_REQUEST'],
    ['an issuer of another authority', { ...QUALIFICATION, issuer: 'gd-gat' }, 'ERR_BAD_REQUEST'],
    ['a claim the kind does not have', { ...QUALIFICATION, claims: { name: '张明华', salary: '10000' } }, 'ERR_BAD_REQUEST'],
    ['a hidden claim (the portrait digest)', { ...QUALIFICATION, claims: { portrait_hash: 'sha256:x' } }, 'ERR_BAD_REQUEST'],
    ['a nested value', { ...QUALIFICATION, claims: { name: { first: '明华' } } }, 'ERR_BAD_REQUEST'],
    ['no claims', { kind: QUALIFICATION.kind, issuer: QUALIFICATION.issuer }, 'ERR_BAD_REQUEST']
  ])('refuses %s with 400, and issues nothing', async (_n, body, code) => {
    const before = sim.listCertificates(ZHANG).length
    expect(await raw(`/admin/holders/${ZHANG}/certificates`, { token: DEMO_ADMIN_TOKEN, body })).toMatchObject({ status: 400, body: { code } })
    expect(sim.listCertificates(ZHANG)).toHaveLength(before)
  })

  it('refuses an unknown holder with 404', async () => {
    expect(await codeOf(api.admin.issueCertificate(DEMO_ADMIN_TOKEN, 'p-nobody', QUALIFICATION))).toBe('ERR_NOT_FOUND')
  })

  it('reissues with changed data: the new version says the new value and replaces the old one in the list', async () => {
    const card = sim.listCertificates(ZHANG).find((c) => c.kind === 'id-card')!
    const { newCertId } = await api.admin.reissue(DEMO_ADMIN_TOKEN, card.certId, { address: '广东省广州市海珠区新港中路397号' })
    const { credential } = await sim.issueCredential(ZHANG, newCertId, DEVICE)
    const disclosed = Object.fromEntries(
      credential.split('~').slice(1).filter(Boolean).map((d) => JSON.parse(Buffer.from(d, 'base64url').toString('utf8')) as [string, string, unknown]).map(([, k, v]) => [k, v])
    )
    expect(disclosed).toMatchObject({ address: '广东省广州市海珠区新港中路397号', name: '张明华' })
    // The holder's list has the new version in place of the old one.
    expect(sim.listCertificates(ZHANG).map((c) => c.certId)).toEqual(expect.arrayContaining([newCertId]))
    expect(sim.listCertificates(ZHANG).some((c) => c.certId === card.certId)).toBe(false)
  })

  it('refuses a reissue that would set an unknown or hidden claim, and changes nothing', async () => {
    const card = sim.listCertificates(ZHANG).find((c) => c.kind === 'id-card' && c.status === 'valid')!
    for (const claims of [{ photo: 'x' }, { portrait_hash: 'sha256:forged' }, { address: ['a'] }]) {
      expect(await raw(`/admin/certificates/${encodeURIComponent(card.certId)}/reissue`, { token: DEMO_ADMIN_TOKEN, body: { claims } })).toMatchObject({ status: 400, body: { code: 'ERR_BAD_REQUEST' } })
    }
    expect(sim.listCertificates(ZHANG).find((c) => c.certId === card.certId)?.status).toBe('valid')
  })

  it('suspends (status list reads suspended, 亮证 says ERR_CERT_SUSPENDED) and reinstates, each only once', async () => {
    const { certId } = licenceOf()
    expect(await api.admin.suspend(DEMO_ADMIN_TOKEN, certId)).toEqual({ certId, status: 'suspended' })
    expect(sim.listCertificates(ZHANG).find((c) => c.certId === certId)?.status).toBe('suspended')
    expect(await codeOf(api.admin.suspend(DEMO_ADMIN_TOKEN, certId))).toBe('ERR_CONFLICT')
    await expect(sim.issuePurposeCredentials(ZHANG, 'traffic-stop', DEVICE, 1)).rejects.toMatchObject({ code: 'ERR_CERT_SUSPENDED', detail: 'driving-licence' })
    expect(await api.admin.reinstate(DEMO_ADMIN_TOKEN, certId)).toEqual({ certId, status: 'valid' })
    expect(await codeOf(api.admin.reinstate(DEMO_ADMIN_TOKEN, certId))).toBe('ERR_CONFLICT')
    expect(await codeOf(api.admin.suspend(DEMO_ADMIN_TOKEN, '1.2.156.3005.2.not-a-cert'))).toBe('ERR_IDENTIFIER_FORMAT')
  })
})
