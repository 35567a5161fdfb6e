import Taro from '@tarojs/taro'
import { createApiClient, parseRetryAfter, type ApiClientOptions } from '../../../../src/services/api/client'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../../src/services/api/transport'
import { taroTransport } from '../../../../src/services/api/taroTransport'
import { WalletError } from '../../../../src/services/errors'
import { FAKE_CERT_ID, FAKE_NOW, FAKE_SIGNER, fakeSummary } from '../../../support/fakeSimulator'

// A jest.fn in place of the stand-in Taro (test/setup/taro.ts), so each test scripts its answers.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }))
const taroRequest = Taro.request as unknown as jest.Mock

type Answer = Partial<HttpResponse> | 'network' | 'hang'

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Partial<HttpResponse> => ({
  status,
  headers,
  body: JSON.stringify(body)
})
const listBody = { items: [fakeSummary], asOf: FAKE_NOW.toISOString() }
const ok = json(200, listBody)
const error = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { code, message: '说明' }, headers)

/** A transport that answers from a script and records what it was asked. */
function scripted(answers: Answer[]) {
  const requests: HttpRequest[] = []
  let aborts = 0
  const transport: HttpTransport = (request) => {
    requests.push(request)
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]
    if (answer === 'hang') return { response: new Promise(() => undefined), abort: () => void aborts++ }
    if (answer === 'network') return { response: Promise.reject(new TypeError('fetch failed')), abort: () => undefined }
    return { response: Promise.resolve({ status: 200, headers: {}, body: '', ...answer }), abort: () => undefined }
  }
  return { transport, requests, aborts: () => aborts }
}

function client(answers: Answer[], options: Partial<ApiClientOptions> = {}) {
  const script = scripted(answers)
  const delays: number[] = []
  const api = createApiClient({
    baseUrl: 'https://api.test/',
    request: script.transport,
    sleep: async (ms) => void delays.push(ms),
    now: () => FAKE_NOW,
    ...options
  })
  return { api, delays, ...script }
}

async function rejection(promise: Promise<unknown>): Promise<WalletError> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return e as WalletError
  }
  throw new Error('expected a rejection')
}

/** A holder auth whose proofs name the request and count (the real proofs: holder-token.test.ts). */
let proofs = 0
const TOK = { token: 'tok', proof: async (htm: string, htu: string) => `proof:${htm}:${htu}:${++proofs}` }
beforeEach(() => {
  proofs = 0
})

describe('retries', () => {
  it('retries 503 with doubling backoff, then succeeds', async () => {
    const { api, delays, requests } = client([error(503, 'ERR_SERVER'), error(503, 'ERR_SERVER'), ok])
    await expect(api.listCertificates(TOK)).resolves.toEqual(listBody)
    expect(requests).toHaveLength(3)
    expect(delays).toEqual([500, 1000])
    // A DPoP proof is single use: every attempt carries a fresh one (same token).
    expect(requests.map((r) => r.headers.DPoP)).toEqual(['proof:GET:/api/v1/holder/certificates:1', 'proof:GET:/api/v1/holder/certificates:2', 'proof:GET:/api/v1/holder/certificates:3'])
    expect(new Set(requests.map((r) => r.headers.Authorization))).toEqual(new Set(['DPoP tok']))
  })

  it('waits out Retry-After in seconds on 429', async () => {
    const { api, delays } = client([error(429, 'ERR_RATE_LIMITED', { 'retry-after': '3' }), ok])
    await api.listCertificates(TOK)
    expect(delays).toEqual([3000])
  })

  it('waits out Retry-After as an HTTP date', async () => {
    const at = new Date(FAKE_NOW.getTime() + 5000).toUTCString()
    const { api, delays } = client([error(503, 'ERR_SERVER', { 'retry-after': at }), ok])
    await api.trustList().catch(() => undefined)
    expect(delays).toEqual([5000])
  })

  it('gives up after maxRetries with ERR_SERVER and the last Retry-After', async () => {
    const { api, delays, requests } = client([error(503, 'ERR_SERVER'), error(503, 'ERR_SERVER'), error(503, 'ERR_SERVER'), error(503, 'ERR_SERVER', { 'retry-after': '2' })])
    const e = await rejection(api.listCertificates(TOK))
    expect(e.code).toBe('ERR_SERVER')
    expect(e.retryAfterSeconds).toBe(2)
    expect(requests).toHaveLength(4)
    expect(delays).toEqual([500, 1000, 2000])
  })

  it('gives up after maxRetries with ERR_RATE_LIMITED and retryAfterSeconds', async () => {
    const { api, delays, requests } = client([error(429, 'ERR_RATE_LIMITED', { 'retry-after': '1' })], { maxRetries: 2 })
    const e = await rejection(api.statusList('sl-1'))
    expect(e.code).toBe('ERR_RATE_LIMITED')
    expect(e.retryAfterSeconds).toBe(1)
    expect(requests).toHaveLength(3)
    expect(delays).toEqual([1000, 1000])
  })

  it('stops at once when Retry-After is longer than it will wait, and passes it on', async () => {
    const { api, delays, requests } = client([error(429, 'ERR_RATE_LIMITED', { 'retry-after': '120' }), ok])
    const e = await rejection(api.listCertificates(TOK))
    expect(e.code).toBe('ERR_RATE_LIMITED')
    expect(e.retryAfterSeconds).toBe(120)
    expect(requests).toHaveLength(1)
    expect(delays).toEqual([])
  })

  it('maps a 502 HTML page to ERR_SERVER after retrying', async () => {
    const { api, requests } = client([{ status: 502, body: '<html>Bad Gateway</html>' }], { maxRetries: 1 })
    expect((await rejection(api.trustList())).code).toBe('ERR_SERVER')
    expect(requests).toHaveLength(2)
  })

  it('keeps a specific 5xx code from the body', async () => {
    const { api } = client([error(503, 'ERR_STATUS_LIST_UNAVAILABLE')], { maxRetries: 0 })
    expect((await rejection(api.statusList('sl-1'))).code).toBe('ERR_STATUS_LIST_UNAVAILABLE')
  })

  it('never retries a non-idempotent POST on 5xx', async () => {
    const { api, requests, delays } = client([error(503, 'ERR_SERVER'), json(200, {})])
    const e = await rejection(api.retrieveFile('fg-1', FAKE_SIGNER))
    expect(e.code).toBe('ERR_SERVER')
    expect(requests).toHaveLength(1)
    expect(delays).toEqual([])
  })

  it('retries a non-idempotent POST on 429 (refused before any work)', async () => {
    const session = { sessionId: 'fs-1', status: 'pending', expiresAt: FAKE_NOW.toISOString() }
    const { api, requests } = client([error(429, 'ERR_RATE_LIMITED', { 'retry-after': '1' }), json(201, session)])
    await expect(api.startFaceSession('张三明', '110101199003070000')).resolves.toEqual(session)
    expect(requests).toHaveLength(2)
  })

  it('retries idempotent POSTs (credential issuance, verification) on 5xx', async () => {
    const verdict = { ok: true, code: 'OK', checkedAt: FAKE_NOW.toISOString() }
    const { api, requests } = client([error(500, 'ERR_SERVER'), json(200, verdict)])
    await expect(api.verify('qr', '交通执法检查')).resolves.toEqual(verdict)
    expect(requests).toHaveLength(2)
  })

  it('does not retry 501', async () => {
    const { api, requests } = client([error(501, 'ERR_SERVER')])
    expect((await rejection(api.trustList())).code).toBe('ERR_SERVER')
    expect(requests).toHaveLength(1)
  })
})

describe('no answer', () => {
  it('times out an attempt with ERR_TIMEOUT and aborts it', async () => {
    const { api, aborts, requests } = client(['hang'], { timeoutMs: 30, maxRetries: 0 })
    expect((await rejection(api.listCertificates(TOK))).code).toBe('ERR_TIMEOUT')
    expect(requests).toHaveLength(1)
    expect(aborts()).toBe(1)
  })

  it('gives each attempt its own timeout and retries idempotent calls', async () => {
    const { api, aborts, delays } = client(['hang', 'hang', ok], { timeoutMs: 30 })
    await expect(api.listCertificates(TOK)).resolves.toEqual(listBody)
    expect(aborts()).toBe(2)
    expect(delays).toEqual([500, 1000])
  })

  it('maps a network failure to ERR_NETWORK after retries', async () => {
    const { api, requests } = client(['network'], { maxRetries: 2 })
    expect((await rejection(api.trustList())).code).toBe('ERR_NETWORK')
    expect(requests).toHaveLength(3)
  })

  it('does not resend a non-idempotent POST after a timeout or network failure', async () => {
    const hung = client(['hang', ok], { timeoutMs: 30 })
    expect((await rejection(hung.api.admin.revoke('admin', FAKE_CERT_ID))).code).toBe('ERR_TIMEOUT')
    expect(hung.requests).toHaveLength(1)
    const down = client(['network', ok])
    expect((await rejection(down.api.completeFaceSession('fs-1', { verifyResult: 't' }, { kty: 'EC', crv: 'P-256', x: 'xx', y: 'yy' }, async () => 'proof'))).code).toBe('ERR_NETWORK')
    expect(down.requests).toHaveLength(1)
  })

  it('maps a transport that throws synchronously to ERR_NETWORK', async () => {
    const api = createApiClient({
      baseUrl: 'https://api.test',
      request: () => {
        throw new Error('no network API')
      },
      maxRetries: 0
    })
    expect((await rejection(api.trustList())).code).toBe('ERR_NETWORK')
  })
})

describe('4xx and bodies', () => {
  it.each([
    [401, JSON.stringify({ code: 'ERR_UNAUTHORIZED', message: '未登录' }), 'ERR_UNAUTHORIZED'],
    [400, JSON.stringify({ code: 'ERR_PURPOSE_REQUIRED', message: '请填写用证事由' }), 'ERR_PURPOSE_REQUIRED'],
    [403, JSON.stringify({ code: 'ERR_FACE_CHECK_FAILED', message: '人脸核验未通过' }), 'ERR_FACE_CHECK_FAILED'],
    [409, JSON.stringify({ code: 'ERR_CERT_REVOKED', message: '证照已注销' }), 'ERR_CERT_REVOKED'],
    [400, JSON.stringify({ code: 'ERR_FROM_THE_FUTURE', message: '?' }), 'ERR_BAD_REQUEST'],
    [401, '<html>login</html>', 'ERR_UNAUTHORIZED'],
    [403, '', 'ERR_UNAUTHORIZED'],
    [404, '', 'ERR_NOT_FOUND'],
    [409, 'conflict', 'ERR_CONFLICT'],
    [400, '{', 'ERR_BAD_REQUEST'],
    [422, '', 'ERR_BAD_REQUEST']
  ])('HTTP %i with body %j → %s, not retried', async (status, body, code) => {
    const { api, requests } = client([{ status, body }, ok])
    const e = await rejection(api.listCertificates(TOK))
    expect(e.code).toBe(code)
    expect(e.detail).toBe(`listCertificates: HTTP ${status}`)
    expect(requests).toHaveLength(1)
  })

  it('maps malformed JSON in a 2xx to ERR_BAD_RESPONSE without retrying', async () => {
    const { api, requests } = client([{ status: 200, body: '{"items": [' }, ok])
    expect((await rejection(api.listCertificates(TOK))).code).toBe('ERR_BAD_RESPONSE')
    expect(requests).toHaveLength(1)
  })

  it('maps a 2xx body of the wrong shape to ERR_BAD_RESPONSE, naming the path only', async () => {
    const bad = { items: [{ ...fakeSummary, status: 'lost' }], asOf: FAKE_NOW.toISOString() }
    const { api } = client([json(200, bad)])
    const e = await rejection(api.listCertificates(TOK))
    expect(e.code).toBe('ERR_BAD_RESPONSE')
    expect(e.detail).toBe('listCertificates: $.items[0].status')
    const empty = client([json(200, { trustList: '' })])
    expect((await rejection(empty.api.trustList())).code).toBe('ERR_BAD_RESPONSE')
  })

  it('refuses an empty 用证事由 before sending anything', async () => {
    const { api, requests } = client([ok])
    expect((await rejection(api.verify('qr', ''))).code).toBe('ERR_PURPOSE_REQUIRED')
    expect(requests).toHaveLength(0)
  })
})

describe('requests', () => {
  it('builds URL, method, headers and body per operation', async () => {
    const deviceKey = { kty: 'EC', crv: 'P-256', x: 'xx', y: 'yy' } as const
    const issued = { certId: FAKE_CERT_ID, kind: 'driving-licence', credential: 'a.b.c~', issuedAt: FAKE_NOW.toISOString() }
    const { api, requests } = client([json(200, issued)])
    await api.issueCredential(TOK, FAKE_CERT_ID, deviceKey, '交通执法检查')
    expect(requests[0]).toMatchObject({
      url: `https://api.test/api/v1/holder/certificates/${FAKE_CERT_ID}/credential`,
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'DPoP tok', DPoP: `proof:POST:/api/v1/holder/certificates/${FAKE_CERT_ID}/credential:1` },
      timeoutMs: 10_000
    })
    expect(JSON.parse(requests[0].body!)).toEqual({ deviceKey, purpose: '交通执法检查' })
  })

  it('encodes query and path parameters; GET has no body', async () => {
    const { api, requests } = client([json(200, { items: [], asOf: FAKE_NOW.toISOString() }), json(200, { statusList: 'a.b.c' })])
    await api.changesSince(TOK, new Date('2026-11-20T02:00:00+08:00'))
    await api.statusList('省/厅 1')
    expect(requests[0].url).toBe('https://api.test/api/v1/holder/changes?since=2026-11-19T18%3A00%3A00.000Z')
    expect(requests[0].body).toBeUndefined()
    expect(requests[1].url).toBe(`https://api.test/api/v1/status-lists/${encodeURIComponent('省/厅 1')}`)
  })

  it('sends the admin token header and uses a same-origin base when baseUrl is empty', async () => {
    const { api, requests } = client([json(200, { certId: FAKE_CERT_ID, status: 'revoked' })], { baseUrl: '' })
    await api.admin.revoke('certwallet-demo-admin', FAKE_CERT_ID)
    expect(requests[0].url).toBe(`/api/v1/admin/certificates/${FAKE_CERT_ID}/revoke`)
    expect(requests[0].headers['X-Admin-Token']).toBe('certwallet-demo-admin')
  })

  it('omits since when null', async () => {
    const { api, requests } = client([json(200, { items: [], asOf: FAKE_NOW.toISOString() })])
    await api.changesSince(TOK, null)
    expect(requests[0].url).toBe('https://api.test/api/v1/holder/changes')
  })
})

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    [' 12 ', 12],
    [new Date(FAKE_NOW.getTime() + 4500).toUTCString(), 4],
    [new Date(FAKE_NOW.getTime() - 60_000).toUTCString(), 0],
    ['soon', undefined],
    ['-3', undefined],
    [undefined, undefined]
  ])('%j → %j', (value, seconds) => {
    expect(parseRetryAfter(value, FAKE_NOW)).toBe(seconds)
  })
})

describe('taroTransport', () => {
  beforeEach(() => taroRequest.mockReset())

  function task(result: Promise<unknown>) {
    return Object.assign(result, { abort: jest.fn() })
  }

  it('is the default transport and asks for raw text', async () => {
    taroRequest.mockReturnValue(task(Promise.resolve({ statusCode: 200, header: { 'Content-Type': 'application/json' }, data: JSON.stringify(listBody) })))
    const api = createApiClient({ baseUrl: 'https://gov.example', request: taroTransport })
    await expect(api.listCertificates(TOK)).resolves.toEqual(listBody)
    expect(taroRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'https://gov.example/api/v1/holder/certificates',
        method: 'GET',
        dataType: 'text',
        responseType: 'text',
        timeout: 11_000,
        header: expect.objectContaining({ Authorization: 'DPoP tok', DPoP: expect.stringMatching(/^proof:GET:\/api\/v1\/holder\/certificates:/) })
      })
    )
  })

  it('lower-cases response headers and re-serialises a pre-parsed body', async () => {
    taroRequest.mockReturnValue(task(Promise.resolve({ statusCode: 429, header: { 'Retry-After': '2' }, data: { code: 'ERR_RATE_LIMITED' } })))
    const res = await taroTransport({ url: '/x', method: 'GET', headers: {}, timeoutMs: 100 }).response
    expect(res).toEqual({ status: 429, headers: { 'retry-after': '2' }, body: '{"code":"ERR_RATE_LIMITED"}' })
  })

  it("turns Alipay's error 19 (HTTP error) into an answer", async () => {
    taroRequest.mockReturnValue(task(Promise.reject({ error: 19, status: 503, headers: { 'Retry-After': '1' }, data: '{"code":"ERR_SERVER"}' })))
    const res = await taroTransport({ url: '/x', method: 'GET', headers: {}, timeoutMs: 100 }).response
    expect(res).toEqual({ status: 503, headers: { 'retry-after': '1' }, body: '{"code":"ERR_SERVER"}' })
  })

  it.each([
    [{ errMsg: 'request:fail ssl hand shake error' }, 'ERR_NETWORK'],
    [{ error: 12, errorMessage: 'network' }, 'ERR_NETWORK'],
    [{ errMsg: 'request:fail timeout' }, 'ERR_TIMEOUT'],
    [{ error: 13 }, 'ERR_TIMEOUT']
  ])('maps failure %j to %s', async (failure, code) => {
    taroRequest.mockReturnValue(task(Promise.reject(failure)))
    await expect(taroTransport({ url: '/x', method: 'GET', headers: {}, timeoutMs: 100 }).response).rejects.toMatchObject({ code })
  })

  it('aborts the platform task', () => {
    const pending = task(new Promise(() => undefined))
    taroRequest.mockReturnValue(pending)
    taroTransport({ url: '/x', method: 'GET', headers: {}, timeoutMs: 100 }).abort()
    expect(pending.abort).toHaveBeenCalledTimes(1)
  })
})
