/**
 * Sign-in proves possession of the device key it registers, from a stranger's side:
 * `POST /auth/face-sessions/{id}/complete` has no token yet, so it carries a DPoP proof (RFC 9449
 * shape: htm, htu, fresh iat, single-use jti, no ath) signed by the body's `deviceKey` itself.
 * Someone who passes their OWN face check cannot register a key they do not hold (someone else's
 * current or future phone key) under their name. Each refusal is a 401 with its code, and nothing
 * is registered, issued or spent: the ticket still signs its holder in afterwards. Proofs are made
 * on both crypto backends (jose on H5, noble in the mini-programs).
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'
import { base64urlDecode, base64urlEncode } from '../../../../src/services/encoding'
import type { FaceProof } from '../../../../src/services/api/types'
import { proofFrom } from '../../../support/faceSignIn'
import { testDevice, type TestDevice } from '../../../support/holderAuth'
import { installMockApi } from '../../../support/mockApi'

let nowMs = Date.parse('2026-11-27T04:00:00Z')
const T0 = nowMs
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})
const BASE = 'http://sim.test'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
const ZHANG = { name: '张明华', idNumber: '44010619900315001X' }
const LI = { name: '李秀英', idNumber: '330106195207080021' }
const code = (c: string) => expect.objectContaining({ code: c })
const completePath = (sessionId: string) => `/api/v1/auth/face-sessions/${sessionId}/complete`
const fresh = () => keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32))).publicJwk
/** Every device key the simulator has registered to these holders (x coordinates). */
const registeredKeys = (...holderIds: string[]) => holderIds.flatMap((h) => sim.listDevices(h).map((d) => d.keyX))

/** A pending sign-in session of `who` and the simulated platform's ticket for it (their own face). */
async function ownFaceCheck(who = ZHANG): Promise<{ sessionId: string; ticket: FaceProof }> {
  const s = await api.startFaceSession(who.name, who.idNumber)
  return { sessionId: s.sessionId, ticket: proofFrom(await api.simulator.faceCheck({ sessionId: s.sessionId, name: who.name, idNumber: who.idNumber, passed: true })) }
}

async function post(path: string, dpop: string | null, body: unknown) {
  const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(dpop ? { DPoP: dpop } : {}) }, body: JSON.stringify(body) })
  const json = (await res.json()) as { code?: string; holderToken?: string; holderId?: string }
  return { status: res.status, code: json.code, holderToken: json.holderToken, holderId: json.holderId }
}

describe.each([
  ['jose', joseBackend],
  ['noble', nobleBackend]
] as const)('proofs made with %s', (_name, backend) => {
  const phone = (opts: { curve?: 'SM2' } = {}): TestDevice => testDevice({ now: () => nowMs, backend, ...opts })

  test('the phone’s own key, proved: signs in, that key is registered, and the tokens work with it', async () => {
    for (const device of [phone(), phone({ curve: 'SM2' })]) {
      const { sessionId, ticket } = await ownFaceCheck()
      const r = await api.completeFaceSession(sessionId, ticket, device.publicJwk, device.sign)
      expect(r).toMatchObject({ status: 'passed', holderId: 'p-zhang', tokenType: 'DPoP' })
      expect(registeredKeys('p-zhang')).toContain(device.publicJwk.x)
      expect((await api.listCertificates(holderAuthOf(r.holderToken, device.sign))).items.length).toBeGreaterThan(0)
    }
  })

  test('no proof: 401 ERR_DPOP_REQUIRED before the body is read; nothing registered, the ticket unspent', async () => {
    const device = phone()
    const { sessionId, ticket } = await ownFaceCheck()
    const before = sim.listDevices('p-zhang')
    expect(await post(completePath(sessionId), null, { ...ticket, deviceKey: device.publicJwk })).toEqual({ status: 401, code: 'ERR_DPOP_REQUIRED', holderToken: undefined, holderId: undefined })
    // Even a body that is not JSON gets the same answer: the proof comes first.
    const res = await fetch(BASE + completePath(sessionId), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'ERR_DPOP_REQUIRED'])
    expect(sim.listDevices('p-zhang')).toEqual(before)
    expect(registeredKeys('p-zhang')).not.toContain(device.publicJwk.x)
    // The holder's own proved call still works with the same ticket.
    await expect(api.completeFaceSession(sessionId, ticket, device.publicJwk, device.sign)).resolves.toMatchObject({ holderId: 'p-zhang' })
  })

  test('her own face, someone else’s key in the body (her proof by her key): 401 ERR_DPOP_KEY_MISMATCH; the key stays unregistered, the ticket unspent', async () => {
    const li = phone()
    const zhangNow = phone()
    const zhangNext = fresh()
    const before = { zhang: sim.listDevices('p-zhang'), li: sim.listDevices('p-li') }
    const { sessionId, ticket } = await ownFaceCheck(LI)
    for (const victimKey of [zhangNow.publicJwk, zhangNext]) {
      // Through the client: the body's key is the victim's, the proof is by Li's own key.
      await expect(api.completeFaceSession(sessionId, ticket, victimKey, li.sign)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
      expect(await post(completePath(sessionId), await li.sign('POST', completePath(sessionId)), { ...ticket, deviceKey: victimKey })).toMatchObject({ status: 401, code: 'ERR_DPOP_KEY_MISMATCH', holderToken: undefined })
    }
    expect(sim.listDevices('p-zhang')).toEqual(before.zhang)
    expect(sim.listDevices('p-li')).toEqual(before.li)
    expect(registeredKeys('p-zhang', 'p-li')).not.toContain(zhangNow.publicJwk.x)
    expect(registeredKeys('p-zhang', 'p-li')).not.toContain(zhangNext.x)
    // Zhang's phone still signs Zhang in with that key; Li's ticket still signs Li in with her own.
    const zhangIn = await ownFaceCheck()
    await expect(api.completeFaceSession(zhangIn.sessionId, zhangIn.ticket, zhangNow.publicJwk, zhangNow.sign)).resolves.toMatchObject({ holderId: 'p-zhang' })
    await expect(api.completeFaceSession(sessionId, ticket, li.publicJwk, li.sign)).resolves.toMatchObject({ holderId: 'p-li' })
    expect(sim.listDevices('p-li').map((d) => d.keyX)).toEqual([li.publicJwk.x])
  })

  test('a replayed proof: 401 ERR_DPOP_REPLAYED (its s → n−s twin too), before the ticket is looked at', async () => {
    const device = phone()
    const first = await ownFaceCheck()
    const proof = await device.sign('POST', completePath(first.sessionId))
    expect(await post(completePath(first.sessionId), proof, { ...first.ticket, deviceKey: device.publicJwk })).toMatchObject({ status: 200, holderId: 'p-zhang' })
    // The same proof again, on the same path (not the session's 409: the proof is refused first).
    expect(await post(completePath(first.sessionId), proof, { ...first.ticket, deviceKey: device.publicJwk })).toMatchObject({ status: 401, code: 'ERR_DPOP_REPLAYED' })
    // Its signature twin carries the same jti.
    const [h, p, sig] = proof.split('.')
    const raw = base64urlDecode(sig)
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')
    const s = BigInt('0x' + Buffer.from(raw.subarray(32)).toString('hex'))
    const twin = `${h}.${p}.${base64urlEncode(new Uint8Array([...raw.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]))}`
    expect(await post(completePath(first.sessionId), twin, { ...first.ticket, deviceKey: device.publicJwk })).toMatchObject({ status: 401, code: 'ERR_DPOP_REPLAYED' })
    // A proof spent on a refused call is spent too: replayed with a fresh, good ticket it is refused, and the ticket survives.
    const second = await ownFaceCheck()
    const spent = await device.sign('POST', completePath(second.sessionId))
    expect(await post(completePath(second.sessionId), spent, { ...second.ticket })).toMatchObject({ status: 400 })
    expect(await post(completePath(second.sessionId), spent, { ...second.ticket, deviceKey: device.publicJwk })).toMatchObject({ status: 401, code: 'ERR_DPOP_REPLAYED' })
    await expect(api.completeFaceSession(second.sessionId, second.ticket, device.publicJwk, device.sign)).resolves.toMatchObject({ holderId: 'p-zhang' })
  })

  test('a proof made for another request or time: ERR_DPOP_WRONG_REQUEST, ERR_DPOP_STALE, ERR_DPOP_INVALID; nothing registered', async () => {
    const device = phone()
    const { sessionId, ticket } = await ownFaceCheck()
    const other = await ownFaceCheck()
    const body = { ...ticket, deviceKey: device.publicJwk }
    const before = sim.listDevices('p-zhang')
    // Another session's path, another method, the refresh door's path, a proof with an access token's ath.
    expect(await post(completePath(sessionId), await device.sign('POST', completePath(other.sessionId)), body)).toMatchObject({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    expect(await post(completePath(sessionId), await device.sign('GET', completePath(sessionId)), body)).toMatchObject({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    expect(await post(completePath(sessionId), await device.sign('POST', '/api/v1/auth/token'), body)).toMatchObject({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    expect(await post(completePath(sessionId), await device.sign('POST', completePath(sessionId), 'ht-some-token'), body)).toMatchObject({ status: 401, code: 'ERR_DPOP_WRONG_REQUEST' })
    // Made two minutes ago (the phone's proof, held back).
    const stale = testDevice({ now: () => nowMs - 120_000, backend })
    expect(await post(completePath(sessionId), await stale.sign('POST', completePath(sessionId)), { ...ticket, deviceKey: stale.publicJwk })).toMatchObject({ status: 401, code: 'ERR_DPOP_STALE' })
    // Not a proof, or one whose signature was altered.
    expect(await post(completePath(sessionId), 'not-a-proof', body)).toMatchObject({ status: 401, code: 'ERR_DPOP_INVALID' })
    const good = await device.sign('POST', completePath(sessionId))
    const broken = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(await post(completePath(sessionId), broken, body)).toMatchObject({ status: 401, code: 'ERR_DPOP_INVALID' })
    expect(sim.listDevices('p-zhang')).toEqual(before)
    expect(registeredKeys('p-zhang')).not.toContain(device.publicJwk.x)
    await expect(api.completeFaceSession(sessionId, ticket, device.publicJwk, device.sign)).resolves.toMatchObject({ holderId: 'p-zhang' })
  })
})

test('in process, the simulator holds the body’s key to the proof’s key it is given (no request, no default)', async () => {
  const device = testDevice({ now: () => nowMs })
  const { sessionId, ticket } = await ownFaceCheck()
  const body = { ...ticket, deviceKey: device.publicJwk }
  await expect(sim.completeFaceSession(sessionId, body, jwkThumbprint(fresh()))).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
  await expect(sim.completeFaceSession(sessionId, body, undefined as unknown as string)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
  expect(registeredKeys('p-zhang')).not.toContain(device.publicJwk.x)
  await expect(sim.completeFaceSession(sessionId, body, jwkThumbprint(device.publicJwk))).resolves.toMatchObject({ holderId: 'p-zhang' })
})
