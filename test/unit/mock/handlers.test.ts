import { breakSignature, createFailureController, createMockControlClient, type FailureController } from '../../../mock/failures'
import { DEMO_ADMIN_TOKEN, createHandlers } from '../../../mock/handlers'
import { createApiClient, type ApiClientOptions } from '../../../src/services/api/client'
import { createFetchTransport } from '../../../src/services/api/fetchTransport'
import { WalletError } from '../../../src/services/errors'
import {
  FAKE_CERT_ID,
  FAKE_CREDENTIAL,
  FAKE_NEW_CERT_ID,
  FAKE_NOW,
  FAKE_SESSION,
  FAKE_STATUS_LIST,
  FAKE_STATUS_LIST_ID,
  FAKE_TOKEN,
  FAKE_AUTH,
  FAKE_AUTH_HEADERS,
  FAKE_TRUST_LIST,
  FAKE_SIGNER,
  FAKE_INSTITUTION_SIGNATURE,
  createFakeSimulator,
  fakeSummary,
  type FakeSimulator
} from '../../support/fakeSimulator'
import { installMsw } from '../../support/mockApi'
import { testDevice } from '../../support/holderAuth'
import { holderAuthOf } from '../../../src/services/api/holderAuth'

const BASE = 'http://wallet-api.test'
/**
 * The phone: a real key, whose DPoP proofs go with the fake token. A credential is bound to the
 * key that signed the call (the handler holds the body's `deviceKey` to the proof's key), so the
 * claim calls below carry this device's proofs rather than FAKE_PROOF.
 */
const device = testDevice({ secret: new Uint8Array(32).fill(3) })
const deviceKey = device.publicJwk
const DEVICE_AUTH = holderAuthOf(FAKE_TOKEN, device.sign)

let sim: FakeSimulator
let failures: FailureController
const server = installMsw()
const control = createMockControlClient(BASE)

beforeEach(() => {
  sim = createFakeSimulator()
  failures = createFailureController()
  server.resetHandlers(...createHandlers(sim, failures))
})
afterEach(() => failures.dispose())

function client(options: Partial<ApiClientOptions> = {}) {
  const delays: number[] = []
  const api = createApiClient({
    baseUrl: BASE,
    request: createFetchTransport(),
    sleep: async (ms) => void delays.push(ms),
    ...options
  })
  return { api, delays }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return (e as WalletError).code
  }
  throw new Error('expected a rejection')
}

async function raw(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
  })
  return { status: res.status, headers: res.headers, body: await res.json() }
}

describe('the API over msw', () => {
  it('walks the holder flow: face check, certificates, credential, changes', async () => {
    const { api } = client()
    const session = await api.startFaceSession('张三明', '110101199003074258')
    expect(session).toEqual({ sessionId: FAKE_SESSION, status: 'pending', expiresAt: '2026-11-27T08:05:00.000Z' })
    const ticket = await api.simulator.faceCheck({ sessionId: session.sessionId, name: '张三明', idNumber: '110101199003074258', passed: true })
    const passed = await api.completeFaceSession(session.sessionId, { verifyResult: ticket.verifyResult! }, deviceKey, device.sign)
    expect(passed.holderToken).toBe(FAKE_TOKEN)
    expect(await api.listCertificates(FAKE_AUTH)).toEqual({ items: [fakeSummary], asOf: FAKE_NOW.toISOString() })
    const issued = await api.issueCredential(DEVICE_AUTH, FAKE_CERT_ID, deviceKey)
    expect(issued.credential).toBe(FAKE_CREDENTIAL)
    expect((await api.changesSince(FAKE_AUTH, null)).items).toEqual([
      { certId: FAKE_CERT_ID, change: 'reissued', newCertId: FAKE_NEW_CERT_ID, at: '2026-11-20T02:00:00.000Z' }
    ])
    expect((await api.changesSince(FAKE_AUTH, '2026-11-21T00:00:00.000Z')).items).toEqual([])
  })

  it('serves trust and status lists, verification, file retrieval and admin actions', async () => {
    const { api } = client()
    expect(await api.trustList()).toEqual({ trustList: FAKE_TRUST_LIST })
    expect(await api.statusList(FAKE_STATUS_LIST_ID)).toEqual({ statusList: FAKE_STATUS_LIST })
    expect(await api.verify('good-qr', '交通执法检查')).toMatchObject({ ok: true, code: 'OK' })
    expect(await api.verify('screenshot', '交通执法检查')).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' })
    const file = await api.retrieveFile('fg-1', FAKE_SIGNER)
    expect(file).toMatchObject({ grantId: 'fg-1', purpose: 'hotel', verifierName: '某公安分局', watermark: '仅供某公安分局用于酒店入住，2026-12-04前有效' })
    expect(await api.createFileGrant(FAKE_AUTH, 'good-grant')).toMatchObject({ grantId: 'fg-1', status: 'active' })
    expect(await codeOf(api.createFileGrant(FAKE_AUTH, 'forged'))).toBe('ERR_GRANT_INVALID')
    expect(await api.admin.reissue(DEMO_ADMIN_TOKEN, FAKE_CERT_ID)).toEqual({ oldCertId: FAKE_CERT_ID, newCertId: FAKE_NEW_CERT_ID })
    expect(await api.admin.revoke(DEMO_ADMIN_TOKEN, FAKE_CERT_ID)).toEqual({ certId: FAKE_CERT_ID, status: 'revoked' })
  })

  it('answers SimulatorError as { code, message } with its status', async () => {
    // Sign-in carries a DPoP proof by the device key (checked before the body: none is 401).
    const completePath = `/api/v1/auth/face-sessions/${FAKE_SESSION}/complete`
    expect(await raw('POST', completePath, { body: { verifyResult: 'forged' } })).toMatchObject({ status: 401, body: { code: 'ERR_DPOP_REQUIRED' } })
    const withProof = async () => ({ DPoP: await device.sign('POST', completePath) })
    const res = await raw('POST', completePath, { body: { verifyResult: 'forged' }, headers: await withProof() })
    expect(res).toMatchObject({ status: 403, body: { code: 'ERR_FACE_PROOF_INVALID', message: '人脸核验凭据无效' } })
    // A self-declared outcome is not a proof.
    expect(await raw('POST', completePath, { body: { passed: true }, headers: await withProof() })).toMatchObject({ status: 400, body: { code: 'ERR_FACE_PROOF_REQUIRED' } })
    const { api } = client()
    expect(await codeOf(api.completeFaceSession(FAKE_SESSION, { zimId: 'forged' }, deviceKey, device.sign))).toBe('ERR_FACE_PROOF_INVALID')
    expect(await codeOf(api.completeFaceSession('fs-unknown', { verifyResult: 'x' }, deviceKey, device.sign))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.statusList('sl-unknown'))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.issueCredential(DEVICE_AUTH, 'not-a-cert', deviceKey))).toBe('ERR_NOT_FOUND')
  })

  it('refuses a missing or unknown holder token with 401 ERR_UNAUTHORIZED', async () => {
    expect(await raw('GET', '/api/v1/holder/certificates')).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    const { api } = client()
    expect(await codeOf(api.listCertificates({ token: 'stolen', proof: async () => 'p' }))).toBe('ERR_UNAUTHORIZED')
    expect(await codeOf(api.createFileGrant({ token: 'stolen', proof: async () => 'p' }, 'good-grant'))).toBe('ERR_UNAUTHORIZED')
    expect(sim.calls).not.toContain('createFileGrant')
  })

  it('binds a credential only to the key whose DPoP proof signed the claim: 401 ERR_DPOP_KEY_MISMATCH, nothing issued', async () => {
    const { api } = client()
    // A proof that is no JWS of the body's key (the fake token's own proof), and another phone's proof.
    expect(await codeOf(api.issueCredential(FAKE_AUTH, FAKE_CERT_ID, deviceKey))).toBe('ERR_DPOP_KEY_MISMATCH')
    const otherPhone = testDevice({ secret: new Uint8Array(32).fill(4) })
    expect(await codeOf(api.issueCredential(holderAuthOf(FAKE_TOKEN, otherPhone.sign), FAKE_CERT_ID, deviceKey))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(sim.calls).not.toContain('issueCredential')
    const res = await raw('POST', `/api/v1/holder/certificates/${FAKE_CERT_ID}/credential`, { body: { deviceKey }, headers: FAKE_AUTH_HEADERS })
    expect(res).toMatchObject({ status: 401, body: { code: 'ERR_DPOP_KEY_MISMATCH' } })
    expect(sim.calls).not.toContain('issueCredential')
  })

  it('refuses admin actions without the demo admin token', async () => {
    expect(await raw('POST', `/api/v1/admin/certificates/${FAKE_CERT_ID}/revoke`)).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    const { api } = client()
    expect(await codeOf(api.admin.reissue('guess', FAKE_CERT_ID))).toBe('ERR_UNAUTHORIZED')
    expect(sim.calls).not.toContain('reissue')
  })

  it.each([
    ['missing', { certId: FAKE_CERT_ID, purpose: '入住' }],
    ['empty', { grantId: '' }],
    ['not a string', { grantId: 42 }]
  ])('answers a file retrieval with a %s grant id with 400 ERR_BAD_REQUEST (no grant, no 文件调用)', async (_name, body) => {
    const res = await raw('POST', '/api/v1/file-retrievals', { body, headers: { 'X-Institution-Signature': FAKE_INSTITUTION_SIGNATURE } })
    expect(res).toEqual({ status: 400, headers: expect.anything(), body: { code: 'ERR_BAD_REQUEST', message: '请求参数有误' } })
    expect(sim.calls).not.toContain('retrieveFile')
  })

  it('requires a 用证事由 for verification too', async () => {
    expect(await raw('POST', '/api/v1/verifications', { body: { presentation: 'good-qr' } })).toMatchObject({
      status: 400,
      body: { code: 'ERR_PURPOSE_REQUIRED' }
    })
  })

  it.each([
    ['not JSON', '/api/v1/auth/face-sessions', '{name:'],
    ['a missing field', '/api/v1/auth/face-sessions', { name: '张三明' }],
    ['a wrong device key', `/api/v1/holder/certificates/${FAKE_CERT_ID}/credential`, { deviceKey: { kty: 'RSA', n: 'x' } }],
    ['a ticket that is not a string', `/api/v1/auth/face-sessions/${FAKE_SESSION}/complete`, { verifyResult: 42 }]
  ])('answers %s with 400 ERR_BAD_REQUEST', async (_name, path, body) => {
    const res = await raw('POST', path, { body, headers: FAKE_AUTH_HEADERS })
    expect(res).toMatchObject({ status: 400, body: { code: 'ERR_BAD_REQUEST', message: '请求参数有误' } })
  })

  it('answers an unreadable since with 400 ERR_BAD_REQUEST', async () => {
    const res = await raw('GET', '/api/v1/holder/changes?since=yesterday', { headers: FAKE_AUTH_HEADERS })
    expect(res).toMatchObject({ status: 400, body: { code: 'ERR_BAD_REQUEST' } })
  })

  it('answers a simulator bug with 500 ERR_SERVER', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    server.resetHandlers(...createHandlers(createFakeSimulator({ trustList: () => Promise.reject(new Error('boom')) }), failures))
    expect(await raw('GET', '/api/v1/trust-list')).toMatchObject({ status: 500, body: { code: 'ERR_SERVER' } })
    quiet.mockRestore()
  })

  it('matches any origin', async () => {
    const res = await fetch('https://another-host.example:8443/api/v1/trust-list')
    expect(await res.json()).toEqual({ trustList: FAKE_TRUST_LIST })
  })
})

describe('failure modes', () => {
  it('server-error with a count: the client retries through it', async () => {
    await control.setFailures({ mode: 'server-error', count: 2 })
    const { api, delays } = client()
    expect(await api.trustList()).toEqual({ trustList: FAKE_TRUST_LIST })
    expect(delays).toEqual([500, 1000])
    expect(failures.state()).toEqual({ active: false })
  })

  it('server-error until cleared: the client gives up with ERR_SERVER; a non-idempotent call is sent once', async () => {
    expect(await control.setFailures({ mode: 'server-error' })).toEqual({ active: true, rule: { mode: 'server-error' } })
    const { api, delays } = client()
    expect(await codeOf(api.listCertificates(FAKE_AUTH))).toBe('ERR_SERVER')
    expect(delays).toEqual([500, 1000, 2000])
    expect(await codeOf(api.retrieveFile('fg-1', FAKE_SIGNER))).toBe('ERR_SERVER')
    expect(delays).toHaveLength(3)
    expect(sim.calls).toEqual([])
    await control.clearFailures()
    expect((await api.listCertificates(FAKE_AUTH)).items).toHaveLength(1)
  })

  it('rate-limit sends Retry-After, which the client waits out', async () => {
    await control.setFailures({ mode: 'rate-limit', count: 1, retryAfterSeconds: 2 })
    const first = await raw('GET', '/api/v1/trust-list')
    expect(first).toMatchObject({ status: 429, body: { code: 'ERR_RATE_LIMITED', message: '请求过于频繁，请稍后再试' } })
    expect(first.headers.get('retry-after')).toBe('2')

    await control.setFailures({ mode: 'rate-limit', count: 1, retryAfterSeconds: 2 })
    const { api, delays } = client()
    expect(await api.startFaceSession('张三明', '110101199003074258')).toMatchObject({ sessionId: FAKE_SESSION })
    expect(delays).toEqual([2000])
  })

  it('rate-limit without end: ERR_RATE_LIMITED with retryAfterSeconds (default 1)', async () => {
    await control.setFailures({ mode: 'rate-limit' })
    const { api } = client({ maxRetries: 1 })
    await expect(api.trustList()).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED', retryAfterSeconds: 1 })
  })

  it('pathPrefix limits the rule (below /api/v1, or in full)', async () => {
    const { api } = client({ maxRetries: 0 })
    await control.setFailures({ mode: 'server-error', pathPrefix: '/holder' })
    expect(await api.trustList()).toEqual({ trustList: FAKE_TRUST_LIST })
    expect(await codeOf(api.listCertificates(FAKE_AUTH))).toBe('ERR_SERVER')
    await control.setFailures({ mode: 'server-error', pathPrefix: '/api/v1/trust-list' })
    expect(await codeOf(api.trustList())).toBe('ERR_SERVER')
    expect((await api.listCertificates(FAKE_AUTH)).items).toHaveLength(1)
  })

  it('timeout holds the request past the client timeout and releases it when the client gives up', async () => {
    await control.setFailures({ mode: 'timeout' })
    const hold = jest.spyOn(failures, 'hold')
    const { api } = client({ timeoutMs: 100, maxRetries: 0 })
    const started = Date.now()
    expect(await codeOf(api.trustList())).toBe('ERR_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(5000)
    expect(hold).toHaveBeenCalledWith(30_000, expect.anything())
    await expect(hold.mock.results[0].value).resolves.toBe('released')
  })

  it('timeout answers 504 ERR_TIMEOUT once its delay has passed', async () => {
    await control.setFailures({ mode: 'timeout', delayMs: 20, count: 1 })
    expect(await raw('GET', '/api/v1/trust-list')).toMatchObject({ status: 504, body: { code: 'ERR_TIMEOUT' } })
    expect(await raw('GET', '/api/v1/trust-list')).toMatchObject({ status: 200 })
  })

  it('clearing releases held requests', async () => {
    await control.setFailures({ mode: 'timeout' })
    const held = raw('GET', '/api/v1/trust-list')
    await new Promise((r) => setTimeout(r, 50))
    await control.clearFailures()
    expect(await held).toMatchObject({ status: 504 })
  })

  it('slow delays, then answers normally', async () => {
    await control.setFailures({ mode: 'slow', delayMs: 150 })
    const started = Date.now()
    expect(await raw('GET', '/api/v1/trust-list')).toMatchObject({ status: 200, body: { trustList: FAKE_TRUST_LIST } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('bad-signature breaks signed material only, count by count', async () => {
    const { api } = client()
    await control.setFailures({ mode: 'bad-signature', count: 3 })
    expect((await api.listCertificates(FAKE_AUTH)).items).toHaveLength(1)
    const trust = (await api.trustList()).trustList
    expect(trust).not.toBe(FAKE_TRUST_LIST)
    expect(trust.split('.').slice(0, 2)).toEqual(FAKE_TRUST_LIST.split('.').slice(0, 2))
    expect((await api.statusList(FAKE_STATUS_LIST_ID)).statusList).not.toBe(FAKE_STATUS_LIST)
    const credential = (await api.issueCredential(DEVICE_AUTH, FAKE_CERT_ID, deviceKey)).credential
    expect(credential).not.toBe(FAKE_CREDENTIAL)
    expect(credential.split('~').slice(1)).toEqual(FAKE_CREDENTIAL.split('~').slice(1))
    expect((await api.trustList()).trustList).toBe(FAKE_TRUST_LIST)
  })

  it('control endpoints: bad config 400, reset clears failures and resets the simulator, the gate spares /__mock', async () => {
    expect(await raw('POST', '/__mock/failures', { body: { mode: 'meteor' } })).toMatchObject({ status: 400, body: { code: 'ERR_BAD_REQUEST' } })
    expect(await raw('POST', '/__mock/failures', { body: { mode: 'slow', count: 0 } })).toMatchObject({ status: 400 })
    await control.setFailures({ mode: 'server-error' })
    expect(await control.resetSimulator()).toEqual({ reset: true })
    expect(sim.calls).toEqual(['reset'])
    expect(await control.clearFailures()).toEqual({ active: false })
    expect(failures.state()).toEqual({ active: false })
  })
})

describe('breakSignature', () => {
  it.each([
    ['a.b.AAAA', 'a.b.BAAA'],
    ['a.b.xyz', 'a.b.Ayz'],
    ['a.b.xyz~d1~d2~', 'a.b.Ayz~d1~d2~'],
    ['not-a-jws', 'not-a-jws']
  ])('%s → %s', (input, output) => {
    expect(breakSignature(input)).toBe(output)
  })
})
