import { getResponse } from 'msw'
import { createFailureController, createMockControlClient } from '../../../mock/failures'
import { DEMO_ADMIN_TOKEN, createHandlers } from '../../../mock/handlers'
import { startMockServer, type MockServer } from '../../../mock/server'
import { createApiClient } from '../../../src/services/api/client'
import { createFetchTransport } from '../../../src/services/api/fetchTransport'
import { FAKE_CERT_ID, FAKE_SESSION, FAKE_STATUS_LIST_ID, FAKE_AUTH, FAKE_AUTH_HEADERS, FAKE_TRUST_LIST, FAKE_SIGNER, createFakeSimulator } from '../../support/fakeSimulator'

let server: MockServer

beforeAll(async () => {
  server = await startMockServer({ port: 0, sim: createFakeSimulator() })
})
afterAll(() => server.close())
afterEach(() => server.failures.clear())

const json = { 'Content-Type': 'application/json' }
const bearer = FAKE_AUTH_HEADERS
/** Requests answered both over real HTTP and by msw's getResponse on the same handlers. */
const exchanges: [string, string, RequestInit][] = [
  ['POST', '/api/v1/auth/face-sessions', { headers: json, body: JSON.stringify({ name: '张三明', idNumber: '110101199003074258' }) }],
  ['POST', `/api/v1/auth/face-sessions/${FAKE_SESSION}/complete`, { headers: json, body: JSON.stringify({ passed: false }) }],
  ['GET', '/api/v1/holder/certificates', { headers: bearer }],
  ['GET', '/api/v1/holder/certificates', {}],
  ['POST', `/api/v1/holder/certificates/${FAKE_CERT_ID}/credential`, { headers: { ...json, ...bearer }, body: JSON.stringify({ deviceKey: { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ' } }) }],
  ['GET', '/api/v1/holder/changes?since=2026-11-01T00:00:00Z', { headers: bearer }],
  ['GET', '/api/v1/trust-list', {}],
  ['GET', `/api/v1/status-lists/${FAKE_STATUS_LIST_ID}`, {}],
  ['GET', '/api/v1/status-lists/unknown', {}],
  ['POST', '/api/v1/verifications', { headers: json, body: JSON.stringify({ presentation: 'good-qr', purpose: '交通执法检查' }) }],
  ['POST', '/api/v1/file-retrievals', { headers: json, body: JSON.stringify({ certId: FAKE_CERT_ID, verifierName: '某酒店' }) }],
  ['POST', '/api/v1/file-retrievals', { headers: json, body: JSON.stringify({ certId: FAKE_CERT_ID, purpose: '酒店入住登记', verifierName: '某酒店' }) }],
  ['POST', `/api/v1/admin/certificates/${FAKE_CERT_ID}/reissue`, { headers: { 'X-Admin-Token': DEMO_ADMIN_TOKEN } }],
  ['POST', `/api/v1/admin/certificates/${FAKE_CERT_ID}/revoke`, {}]
]

describe('mock/server.ts over real HTTP', () => {
  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).not.toBe('http://127.0.0.1:0')
  })

  it.each(exchanges)('%s %s answers as msw does', async (method, path, init) => {
    const overHttp = await fetch(server.url + path, { method, ...init })
    const handlers = createHandlers(createFakeSimulator(), createFailureController())
    const inProcess = (await getResponse(handlers, new Request('http://in-process.test' + path, { method, ...init })))!
    expect(overHttp.status).toBe(inProcess.status)
    expect(overHttp.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await overHttp.json()).toEqual(await inProcess.json())
  })

  it('serves the API client', async () => {
    const api = createApiClient({ baseUrl: server.url, request: createFetchTransport() })
    expect(await api.trustList()).toEqual({ trustList: FAKE_TRUST_LIST })
    expect((await api.listCertificates(FAKE_AUTH)).items[0].certId).toBe(FAKE_CERT_ID)
    await expect(api.retrieveFile('nope', FAKE_SIGNER)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
  })

  it('answers CORS preflight and exposes Retry-After', async () => {
    const preflight = await fetch(server.url + '/api/v1/holder/certificates', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:10086', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Admin-Token/)
    const res = await fetch(server.url + '/api/v1/trust-list')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)
  })

  it('answers unknown paths with 404 JSON', async () => {
    const res = await fetch(server.url + '/nothing/here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ code: 'ERR_NOT_FOUND', message: '未找到对应的资源' })
  })

  it('takes failure modes through /__mock; the client retries through them', async () => {
    const control = createMockControlClient(server.url)
    await control.setFailures({ mode: 'rate-limit', count: 2, retryAfterSeconds: 1 })
    const raw = await fetch(server.url + '/api/v1/trust-list')
    expect(raw.status).toBe(429)
    expect(raw.headers.get('retry-after')).toBe('1')
    const delays: number[] = []
    const api = createApiClient({ baseUrl: server.url, request: createFetchTransport(), sleep: async (ms) => void delays.push(ms) })
    expect(await api.trustList()).toEqual({ trustList: FAKE_TRUST_LIST })
    expect(delays).toEqual([1000])
    expect(await control.clearFailures()).toEqual({ active: false })
  })

  it('timeout mode: the client times out and the server releases the request when it hangs up', async () => {
    await createMockControlClient(server.url).setFailures({ mode: 'timeout' })
    const hold = jest.spyOn(server.failures, 'hold')
    const api = createApiClient({ baseUrl: server.url, request: createFetchTransport(), timeoutMs: 150, maxRetries: 0 })
    await expect(api.trustList()).rejects.toMatchObject({ code: 'ERR_TIMEOUT' })
    await expect(hold.mock.results[0].value).resolves.toBe('released')
    hold.mockRestore()
  })

  it('closes while a request is held', async () => {
    const other = await startMockServer({ port: 0, sim: createFakeSimulator() })
    other.failures.set({ mode: 'timeout' })
    const pending = fetch(other.url + '/api/v1/trust-list').then(
      (r) => r.status,
      () => 'closed'
    )
    await new Promise((r) => setTimeout(r, 50))
    await other.close()
    expect(['closed', 504]).toContain(await pending)
  })
})
