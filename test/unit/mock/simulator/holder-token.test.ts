/**
 * #11 item 3, from a stranger's side: the holder token is short-lived and bound to the device key
 * (RFC 9449 DPoP). Without a fresh proof by that key, for this method and path, no holder call
 * gets anywhere — each refusal with its own 401 code, before the body is read. Proofs are made on
 * both crypto backends (jose on H5, noble in the mini-programs).
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'
import { base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import { accessTokenHash } from '../../../../src/services/jws/dpop'
import { ACCESS_TOKEN_TTL_SEC } from '../../../../mock/simulator'
import { installMockApi } from '../../../support/mockApi'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'

let nowMs = Date.parse('2026-11-27T04:00:00Z')
const T0 = nowMs
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
const ZHANG = ['张明华', '44010619900315001X'] as const
const code = (c: string) => expect.objectContaining({ code: c })
const CERTS = '/api/v1/holder/certificates'

async function raw(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch('http://sim.test' + path, { method, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
  return { status: res.status, code: ((await res.json()) as { code?: string }).code }
}

describe.each([
  ['jose', joseBackend],
  ['noble', nobleBackend]
] as const)('proofs made with %s', (_name, backend) => {
  const phone = () => testDevice({ now: () => nowMs, backend })

  async function signedIn() {
    const device = phone()
    const r = await signInOverApi(api, ...ZHANG, device)
    return { ...r, device }
  }

  test('sign-in binds the tokens to the device key: 15 minutes, type DPoP, and a refresh token', async () => {
    const r = await signedIn()
    expect(r).toMatchObject({ tokenType: 'DPoP', expiresIn: 900 })
    expect(r.refreshExpiresIn).toBeGreaterThanOrEqual(30 * 86400)
    expect((await api.listCertificates(r.auth)).items.length).toBeGreaterThan(0)
    expect((await api.listDevices(r.auth)).items.map((d) => d.deviceId)).toContain(jwkThumbprint(r.device.publicJwk))
  })

  test('no token, a bearer token, and a token without a proof are refused', async () => {
    const r = await signedIn()
    expect(await raw('GET', CERTS, {})).toEqual({ status: 401, code: 'ERR_UNAUTHORIZED' })
    expect(await raw('GET', CERTS, { Authorization: `Bearer ${r.holderToken}` })).toEqual({ status: 401, code: 'ERR_UNAUTHORIZED' })
    expect(await raw('GET', CERTS, { Authorization: `DPoP ${r.holderToken}` })).toEqual({ status: 401, code: 'ERR_DPOP_REQUIRED' })
    expect(await raw('GET', CERTS, { Authorization: 'DPoP ht-made-up', DPoP: await r.auth.proof('GET', CERTS) })).toEqual({ status: 401, code: 'ERR_UNAUTHORIZED' })
  })

  test('a proof by another key (valid in itself) is refused', async () => {
    const r = await signedIn()
    const thief = phone()
    await expect(api.listCertificates(holderAuthOf(r.holderToken, thief.sign))).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
  })

  test('a replayed proof (same jti) is refused, even on the same request', async () => {
    const r = await signedIn()
    const proof = await r.auth.proof('GET', CERTS)
    const headers = { Authorization: `DPoP ${r.holderToken}`, DPoP: proof }
    expect((await raw('GET', CERTS, headers)).status).toBe(200)
    expect(await raw('GET', CERTS, headers)).toEqual({ status: 401, code: 'ERR_DPOP_REPLAYED' })
  })

  test('a stale proof (iat more than 60 s off) is refused, either way', async () => {
    const r = await signedIn()
    const old = await r.auth.proof('GET', CERTS)
    nowMs += 61_000
    expect(await raw('GET', CERTS, { Authorization: `DPoP ${r.holderToken}`, DPoP: old })).toEqual({ status: 401, code: 'ERR_DPOP_STALE' })
    // the same key on a clock 61 s fast
    const secret = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const r2 = await signInOverApi(api, ...ZHANG, testDevice({ now: () => nowMs, backend, secret }))
    const fast = testDevice({ now: () => nowMs + 61_000, backend, secret })
    await expect(api.listCertificates(holderAuthOf(r2.holderToken, fast.sign))).rejects.toEqual(code('ERR_DPOP_STALE'))
  })

  test('a proof for another method, path, or token is refused', async () => {
    const r = await signedIn()
    const auth = (p: string) => ({ Authorization: `DPoP ${r.holderToken}`, DPoP: p })
    expect(await raw('GET', CERTS, auth(await r.auth.proof('POST', CERTS)))).toEqual({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    expect(await raw('GET', CERTS, auth(await r.auth.proof('GET', '/api/v1/holder/devices')))).toEqual({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    const other = await signInOverApi(api, ...ZHANG, r.device)
    // a proof made for the device's other token (its ath names that one)
    expect(await raw('GET', CERTS, auth(await other.auth.proof('GET', CERTS)))).toEqual({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
  })

  test('a malformed or unsigned proof is refused', async () => {
    const r = await signedIn()
    const good = await r.auth.proof('GET', CERTS)
    const [h, p] = good.split('.')
    const none = base64urlEncode(utf8Encode(JSON.stringify({ typ: 'dpop+jwt', alg: 'none', jwk: r.device.publicJwk })))
    const forged = JSON.parse(new TextDecoder().decode(Buffer.from(p, 'base64url'))) as Record<string, unknown>
    const tampered = `${h}.${base64urlEncode(utf8Encode(JSON.stringify({ ...forged, jti: 'another-jti-1234567' })))}.${good.split('.')[2]}`
    for (const bad of ['x', `${none}.${p}.`, tampered]) {
      expect(await raw('GET', CERTS, { Authorization: `DPoP ${r.holderToken}`, DPoP: bad })).toEqual({ status: 401, code: 'ERR_DPOP_INVALID' })
    }
  })

  test('an expired access token is refused; the refresh token gets a new pair, spent on use', async () => {
    const r = await signedIn()
    nowMs += (ACCESS_TOKEN_TTL_SEC + 1) * 1000
    await expect(api.listCertificates(r.auth)).rejects.toEqual(code('ERR_TOKEN_EXPIRED'))
    const next = await api.refreshHolderToken(r.refreshToken, r.device.sign)
    expect(next.refreshToken).not.toBe(r.refreshToken)
    expect((await api.listCertificates(holderAuthOf(next.holderToken, r.device.sign))).items.length).toBeGreaterThan(0)
    // The refresh token again (a copy someone kept): refused, and the whole family ends.
    await expect(api.refreshHolderToken(r.refreshToken, r.device.sign)).rejects.toEqual(code('ERR_REFRESH_REUSED'))
    await expect(api.listCertificates(holderAuthOf(next.holderToken, r.device.sign))).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
    await expect(api.refreshHolderToken(next.refreshToken, r.device.sign)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
  })

  test('a refresh token with a proof by another key, or with none, is refused', async () => {
    const r = await signedIn()
    await expect(api.refreshHolderToken(r.refreshToken, phone().sign)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    expect(await raw('POST', '/api/v1/auth/token', {}, { grantType: 'refresh_token', refreshToken: r.refreshToken })).toEqual({ status: 401, code: 'ERR_DPOP_REQUIRED' })
    // an access-token proof (with ath) is not a refresh proof
    const withAth = await r.auth.proof('POST', '/api/v1/auth/token')
    expect(await raw('POST', '/api/v1/auth/token', { DPoP: withAth }, { grantType: 'refresh_token', refreshToken: r.refreshToken })).toEqual({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
  })

  test('deactivating the phone revokes every token bound to its key; it cannot sign in again', async () => {
    const lost = await signedIn()
    const other = await signedIn()
    await api.deactivateDevice(other.auth, jwkThumbprint(lost.device.publicJwk))
    await expect(api.listCertificates(lost.auth)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
    await expect(api.refreshHolderToken(lost.refreshToken, lost.device.sign)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
    await expect(signInOverApi(api, ...ZHANG, lost.device)).rejects.toEqual(code('ERR_DEVICE_DEACTIVATED'))
    expect((await api.listCertificates(other.auth)).items.length).toBeGreaterThan(0)
  })

  test('every token of the lost key ends, however many sign-ins made them', async () => {
    const r = await signedIn()
    const again = sim.internals.tokenForTests(ZHANG[0], ZHANG[1], r.device.publicJwk)
    const other = await signedIn()
    await api.deactivateDevice(other.auth, jwkThumbprint(r.device.publicJwk))
    await expect(api.listCertificates(holderAuthOf(again.holderToken, r.device.sign))).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
    await expect(api.refreshHolderToken(again.refreshToken, r.device.sign)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
  })
})

test('the proof is checked before the body: a bad body with a bad proof is 401, not 400', async () => {
  const r = await signInOverApi(api, ...ZHANG, testDevice({ now: () => nowMs }))
  const res = await fetch('http://sim.test/api/v1/holder/paper-credentials', {
    method: 'POST',
    headers: { Authorization: `DPoP ${r.holderToken}`, 'Content-Type': 'application/json' },
    body: '{not json'
  })
  expect(res.status).toBe(401)
  expect(((await res.json()) as { code: string }).code).toBe('ERR_DPOP_REQUIRED')
})

test('ath is base64url(SHA-256(token)) on both backends', async () => {
  expect(await accessTokenHash('ht-abc', joseBackend)).toBe(await accessTokenHash('ht-abc', nobleBackend))
})
