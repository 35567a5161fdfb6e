/**
 * Issue #16, from a stranger's side: `POST /holder/presentation-credentials` with `setKeys` (one
 * fresh key per set). The call is DPoP-signed by the device key; the body's device key must be that
 * key, the set keys become that device's, and a key that already speaks for another phone is refused.
 * Each refusal asserts its code; every set comes back bound to its own key, in layout 2.
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation, decodeCredentialBody } from '../../../../src/services/presentation'
import { nobleBackend } from '../../../../src/services/crypto'
import { certRegistry } from '../../../../src/certs/registry'
import type { EcPublicJwk } from '../../../../src/services/crypto/types'
import { installMockApi } from '../../../support/mockApi'
import { holderFor, testDevice } from '../../../support/holderAuth'

const NOW = Date.parse('2026-11-27T04:00:00Z')
const { sim } = installMockApi({ now: () => new Date(NOW) })
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
const code = (c: string) => expect.objectContaining({ code: c })
const PATH = '/api/v1/holder/presentation-credentials'
const ZHANG = ['张明华', '44010619900315001X'] as const
const CHEN = ['陈静', '110105199304120049'] as const

const freshKeys = (n: number): EcPublicJwk[] => Array.from({ length: n }, () => keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40))).publicJwk)

test('each set is bound to its own key, in layout 2 with no status index, and the keys become the device set keys', async () => {
  const zhang = holderFor(sim, ...ZHANG)
  const keys = freshKeys(3)
  const batch = await api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, keys)
  expect(batch.sets).toHaveLength(3)
  const iats = new Set<number>()
  batch.sets.forEach((s, i) => {
    const raw = base64urlDecode(s.credentials[0])
    const body = decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry)
    expect(body).toMatchObject({ layout: 2, status: [], deviceKey: { x: keys[i].x, y: keys[i].y } })
    expect(body.exp - body.iat).toBe(86400)
    expect(body.exp + body.grace! - body.iat).toBe(72 * 3600)
    expect(Math.floor(NOW / 1000) - body.iat).toBeLessThan(3600)
    iats.add(body.iat)
  })
  // The issue time is jittered per set: the sets of one batch do not share the second.
  expect(iats.size).toBe(3)
  // The platform ties the set keys to this phone (a 医保码 shown with one finds its holder).
  const device = sim.listDevices(zhang.holderId).find((d) => d.keyX === zhang.device.publicJwk.x)
  expect(device).toBeDefined()
  // ...and never shows them in the holder's device list (DeviceInfo has no set keys).
  expect(device).not.toHaveProperty('setKeys')
})

test("a registered verifier's online check of a set-key QR finds the holder (用证记录) and the certificate's current status", async () => {
  const zhang = holderFor(sim, ...ZHANG)
  const kp = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40)))
  const batch = await api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, [kp.publicJwk])
  const qr = (ago: number) => createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: kp.privateJwk, now: Math.floor(NOW / 1000) - ago, backend: nobleBackend })
  const hotel = { id: '91440101MA5TEST01X', name: '测试酒店', role: 'hotel' as const, purposes: ['hotel'] }
  await expect(sim.verify(await qr(2), '酒店入住登记', hotel)).resolves.toMatchObject({ ok: true, code: 'OK' })
  const records = sim.listUsageRecords(zhang.holderId).filter((r) => r.purpose === '酒店入住登记')
  expect(records).toHaveLength(1)
  expect(records[0]).toMatchObject({ kinds: ['id-card'], verifier: { name: '测试酒店' }, outcome: 'accepted' })
  // The ID card revoked since: the QR still passes offline (no index), but the online check refuses it.
  const idCard = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card')!
  sim.revoke(idCard.certId)
  await expect(sim.verify(await qr(1), '酒店入住登记')).resolves.toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
})

test('no token, and a token without its proof, are refused before the body is read', async () => {
  const zhang = holderFor(sim, ...ZHANG)
  const body = JSON.stringify({ purpose: 'hotel', deviceKey: zhang.device.publicJwk, setKeys: freshKeys(1) })
  const post = (headers: Record<string, string>) => fetch('http://sim.test' + PATH, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
  let res = await post({})
  expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'ERR_UNAUTHORIZED'])
  res = await post({ Authorization: `DPoP ${zhang.holderToken}` })
  expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'ERR_DPOP_REQUIRED'])
  // A proof replayed (the same one twice) is refused the second time.
  const proof = await zhang.auth.proof('POST', PATH)
  res = await post({ Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof })
  expect(res.status).toBe(200)
  res = await post({ Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof })
  expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'ERR_DPOP_REPLAYED'])
})

test("someone else's token cannot register set keys for a device key it does not hold", async () => {
  const zhang = holderFor(sim, ...ZHANG)
  const chen = holderFor(sim, ...CHEN)
  // Chen's token and proof, Zhang's device key in the body: the key did not sign the call.
  await expect(api.issuePurposeCredentials(chen.auth, 'hotel', zhang.device.publicJwk, freshKeys(1))).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
  // A proof by a key the token is not bound to is refused as before.
  const stranger = testDevice({ now: () => NOW })
  await expect(api.issuePurposeCredentials(holderAuthOf(zhang.holderToken, stranger.sign), 'hotel', stranger.publicJwk, freshKeys(1))).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
})

test('a key that already speaks for another phone, duplicates, a wrong count or a bad key are refused', async () => {
  const zhang = holderFor(sim, ...ZHANG)
  const chen = holderFor(sim, ...CHEN)
  const zhangKeys = freshKeys(2)
  await api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, zhangKeys)
  // Chen's phone asking for Zhang's set key, or for Zhang's device key as a set key: 409.
  await expect(api.issuePurposeCredentials(chen.auth, 'hotel', chen.device.publicJwk, [zhangKeys[0]])).rejects.toEqual(code('ERR_CONFLICT'))
  await expect(api.issuePurposeCredentials(chen.auth, 'hotel', chen.device.publicJwk, [zhang.device.publicJwk])).rejects.toEqual(code('ERR_CONFLICT'))
  // Zhang's own retry for the same keys is fine (the call is idempotent in effect).
  await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, zhangKeys)).resolves.toMatchObject({ purpose: 'hotel' })
  const k = freshKeys(1)[0]
  await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, [k, k])).rejects.toEqual(code('ERR_BAD_REQUEST'))
  await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, freshKeys(21))).rejects.toEqual(code('ERR_BAD_REQUEST'))
  await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, [])).rejects.toEqual(code('ERR_BAD_REQUEST'))
  const offCurve = { ...k, y: k.x }
  await expect(api.issuePurposeCredentials(zhang.auth, 'hotel', zhang.device.publicJwk, [offCurve])).rejects.toEqual(code('ERR_BAD_REQUEST'))
  // `count` that disagrees with the keys' number.
  const res = await fetch('http://sim.test' + PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `DPoP ${zhang.holderToken}`, DPoP: await zhang.auth.proof('POST', PATH) },
    body: JSON.stringify({ purpose: 'hotel', deviceKey: zhang.device.publicJwk, setKeys: freshKeys(2), count: 3 })
  })
  expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'ERR_BAD_REQUEST'])
})
