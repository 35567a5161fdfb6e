/**
 * The holder doors that take a device key in the body hold it to the key whose DPoP proof signed
 * the call, from a stranger's side: `POST /holder/certificates/{certId}/credential` (领证: the
 * credential's `cnf` and the device registered to the holder) and `POST /holder/presentation-
 * credentials` with a `count` (layout-1 sets bound to the body's key; the `setKeys` form:
 * set-keys.test.ts). Another phone's proof with the victim's key in the body, no proof, a replayed
 * proof: each refused with its code, and nothing issued to that key or recorded for it.
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { parseB64uJson } from '../../../../src/services/encoding'
import { installMockApi } from '../../../support/mockApi'
import { holderFor, testDevice } from '../../../support/holderAuth'

const NOW = Date.parse('2026-11-27T04:00:00Z')
const { sim } = installMockApi({ now: () => new Date(NOW) })
const BASE = 'http://sim.test'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
const code = (c: string) => expect.objectContaining({ code: c })
const ZHANG = ['张明华', '44010619900315001X'] as const
const CHEN = ['陈静', '110105199304120049'] as const

const certOf = (holderId: string, kind: string) => sim.listCertificates(holderId).find((c) => c.kind === kind)!
const claimPath = (certId: string) => `/api/v1/holder/certificates/${encodeURIComponent(certId)}/credential`
/** Every device key the simulator knows, whoever's (x coordinates). */
const allDeviceKeys = (...holderIds: string[]) => holderIds.flatMap((h) => sim.listDevices(h).map((d) => d.keyX))
const fresh = () => keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32))).publicJwk
const cnfX = (credential: string) => parseB64uJson<{ cnf: { jwk: { x: string } } }>(credential.split('~')[0].split('.')[1]).cnf.jwk.x

async function post(path: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return [res.status, ((await res.json()) as { code?: string }).code]
}

describe('领证 POST /holder/certificates/{certId}/credential', () => {
  test('the holder’s own phone: the credential is bound to the key that signed the call', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const idCard = certOf(zhang.holderId, 'id-card')
    const issued = await api.issueCredential(zhang.auth, idCard.certId, zhang.device.publicJwk)
    expect(issued.certId).toBe(idCard.certId)
    expect(cnfX(issued.credential)).toBe(zhang.device.publicJwk.x)
  })

  test('a stranger’s phone (his own token and proofs) with the victim’s device key in the body: 401 ERR_DPOP_KEY_MISMATCH, nothing issued or registered', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const chen = holderFor(sim, ...CHEN)
    const before = { zhang: sim.listDevices(zhang.holderId), chen: sim.listDevices(chen.holderId) }
    // Chen's own certificate, bound to Zhang's key: it would speak for Zhang's phone.
    await expect(api.issueCredential(chen.auth, certOf(chen.holderId, 'id-card').certId, zhang.device.publicJwk)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    // A key nobody has registered yet (the victim's next phone): the same, and it stays unknown.
    const next = fresh()
    await expect(api.issueCredential(chen.auth, certOf(chen.holderId, 'id-card').certId, next)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    expect(sim.listDevices(zhang.holderId)).toEqual(before.zhang)
    expect(sim.listDevices(chen.holderId)).toEqual(before.chen)
    expect(allDeviceKeys(zhang.holderId, chen.holderId)).not.toContain(next.x)
    // Zhang's own claim is untouched (no 409 for a key "of another holder").
    const issued = await api.issueCredential(zhang.auth, certOf(zhang.holderId, 'id-card').certId, zhang.device.publicJwk)
    expect(cnfX(issued.credential)).toBe(zhang.device.publicJwk.x)
  })

  test('the holder’s own token from one phone with another key in the body (a second phone, a key he does not hold): refused, the key not registered', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const second = fresh()
    const before = sim.listDevices(zhang.holderId)
    await expect(api.issueCredential(zhang.auth, certOf(zhang.holderId, 'id-card').certId, second)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    expect(sim.listDevices(zhang.holderId)).toEqual(before)
    expect(allDeviceKeys(zhang.holderId)).not.toContain(second.x)
  })

  test('another phone’s proof on the victim’s token, with the victim’s key in the body: 401 ERR_DPOP_KEY_MISMATCH', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const thief = testDevice({ now: () => NOW })
    const stolen = holderAuthOf(zhang.holderToken, thief.sign)
    await expect(api.issueCredential(stolen, certOf(zhang.holderId, 'id-card').certId, zhang.device.publicJwk)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    await expect(api.issueCredential(stolen, certOf(zhang.holderId, 'id-card').certId, thief.publicJwk)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    expect(allDeviceKeys(zhang.holderId)).not.toContain(thief.publicJwk.x)
  })

  test('no token, a token without its proof, a replayed proof: 401 each, before the body is read', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const path = claimPath(certOf(zhang.holderId, 'id-card').certId)
    const body = { deviceKey: zhang.device.publicJwk }
    expect(await post(path, {}, body)).toEqual([401, 'ERR_UNAUTHORIZED'])
    expect(await post(path, { Authorization: `DPoP ${zhang.holderToken}` }, body)).toEqual([401, 'ERR_DPOP_REQUIRED'])
    const proof = await zhang.auth.proof('POST', path)
    expect(await post(path, { Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof }, body)).toEqual([200, undefined])
    expect(await post(path, { Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof }, body)).toEqual([401, 'ERR_DPOP_REPLAYED'])
    // A captured proof replayed by someone else with another key in the body: still the replay refusal.
    expect(await post(path, { Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof }, { deviceKey: fresh() })).toEqual([401, 'ERR_DPOP_REPLAYED'])
    // A body key that is no point of the curve can never be the proof's key: the mismatch, before any
    // check of the key itself.
    const chen = holderFor(sim, ...CHEN)
    const chenPath = claimPath(certOf(chen.holderId, 'id-card').certId)
    expect(await post(chenPath, { Authorization: `DPoP ${chen.holderToken}`, DPoP: await chen.auth.proof('POST', chenPath) }, { deviceKey: { ...chen.device.publicJwk, y: chen.device.publicJwk.x } })).toEqual([
      401,
      'ERR_DPOP_KEY_MISMATCH'
    ])
  })
})

describe('layout-1 sets POST /holder/presentation-credentials with a count', () => {
  test('another key than the proof’s in the body: 401 ERR_DPOP_KEY_MISMATCH, no sets bound to it, the key not registered', async () => {
    const zhang = holderFor(sim, ...ZHANG)
    const chen = holderFor(sim, ...CHEN)
    await expect(api.issuePurposeCredentials(chen.auth, 'hotel', zhang.device.publicJwk, 2)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    const next = fresh()
    await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', next, 2)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
    expect(allDeviceKeys(zhang.holderId, chen.holderId)).not.toContain(next.x)
    // The phone's own key: sets come back.
    await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, 2)).resolves.toMatchObject({ purpose: 'hotel', sets: [expect.anything(), expect.anything()] })
  })
})
