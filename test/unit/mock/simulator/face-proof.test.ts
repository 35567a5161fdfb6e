/**
 * Issue #11 item 1: real-name sign-in is not self-declared. POST /auth/face-sessions/{id}/complete
 * takes the platform's ticket (WeChat verifyResult / Alipay zimId) and the service redeems it
 * (mock/simulator/facePlatform.ts plays WeChat/Alipay). Each refused ticket has its own code.
 */
import { FACE_PROOF_TTL_SEC } from '../../../../mock/simulator'
import { deriveKey } from '../../../../mock/simulator/keys'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { base64urlDecode, base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { signJwt } from '../../../../src/services/jws'
import type { FaceProof } from '../../../../src/services/api/types'
import { proofFrom, signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { installMockApi } from '../../../support/mockApi'

const BASE = 'http://sim.test'
const ZHANG = { name: '张明华', idNumber: '44010619900315001X' }
const LI = { name: '李秀英', idNumber: '330106195207080021' }
let nowMs = Date.parse('2026-11-27T04:00:00Z')
installMockApi({ now: () => new Date(nowMs) })
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

afterEach(() => {
  nowMs = Date.parse('2026-11-27T04:00:00Z')
})

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code
  )

async function ticket(sessionId: string, who = ZHANG, platform: 'wechat' | 'alipay' = 'wechat'): Promise<FaceProof> {
  return proofFrom(await api.simulator.faceCheck({ platform, sessionId, name: who.name, idNumber: who.idNumber, passed: true }))
}

/** The call as sent by hand, with a fresh DPoP proof by this phone's key (DEV). */
async function rawComplete(sessionId: string, body: unknown) {
  const path = `/api/v1/auth/face-sessions/${sessionId}/complete`
  const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json', DPoP: await DEV.sign('POST', path) }, body: JSON.stringify(body) })
  return { status: res.status, code: ((await res.json()) as { code?: string }).code }
}

/** This phone's device key: sign-in binds the holder's tokens to it (RFC 9449 DPoP). */
const DEV = testDevice({ now: () => nowMs })
const complete = (sessionId: string, proof: FaceProof) => api.completeFaceSession(sessionId, proof, DEV.publicJwk, DEV.sign)

const text = (p: FaceProof) => ('verifyResult' in p ? p.verifyResult : p.zimId)

it('a genuine ticket signs in (WeChat verifyResult and Alipay zimId); the holder token works', async () => {
  for (const platform of ['wechat', 'alipay'] as const) {
    const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
    const proof = await ticket(s.sessionId, ZHANG, platform)
    expect(Object.keys(proof)).toEqual([platform === 'wechat' ? 'verifyResult' : 'zimId'])
    const r = await complete(s.sessionId, proof)
    expect(r).toMatchObject({ status: 'passed', holderId: 'p-zhang', displayName: '张*华' })
    expect((await api.listCertificates(holderAuthOf(r.holderToken, DEV.sign))).items.length).toBeGreaterThan(0)
  }
})

it('a self-declared outcome is refused: { passed: true } → 400 ERR_FACE_PROOF_REQUIRED, no token', async () => {
  const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  expect(await rawComplete(s.sessionId, { passed: true })).toEqual({ status: 400, code: 'ERR_FACE_PROOF_REQUIRED' })
  expect(await rawComplete(s.sessionId, {})).toEqual({ status: 400, code: 'ERR_FACE_PROOF_REQUIRED' })
  // Two tickets at once are no clearer than none.
  expect(await rawComplete(s.sessionId, { verifyResult: 'a', zimId: 'b' })).toEqual({ status: 400, code: 'ERR_FACE_PROOF_REQUIRED' })
  // A ticket without the device key the tokens would be bound to: 400, and the ticket is not spent.
  const t = await ticket(s.sessionId)
  expect(await rawComplete(s.sessionId, t)).toEqual({ status: 400, code: 'ERR_BAD_REQUEST' })
  expect(await rawComplete(s.sessionId, { ...t, deviceKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } })).toEqual({ status: 400, code: 'ERR_BAD_REQUEST' })
  await expect(complete(s.sessionId, t)).resolves.toMatchObject({ holderId: 'p-zhang', tokenType: 'DPoP' })
  // The session is still open for a real ticket.
})

it('a forged ticket (bad signature, or signed by another key) → 403 ERR_FACE_PROOF_INVALID', async () => {
  const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const good = text(await ticket(s.sessionId))
  const [h, p, sig] = good.split('.')
  const bytes = base64urlDecode(sig)
  bytes[10] ^= 1
  expect(await codeOf(complete(s.sessionId, { verifyResult: `${h}.${p}.${base64urlEncode(bytes)}` }))).toBe('ERR_FACE_PROOF_INVALID')

  // A payload rewritten to another person, with the original signature.
  const s2 = await api.startFaceSession(LI.name, LI.idNumber)
  const claims = JSON.parse(new TextDecoder().decode(base64urlDecode(p)))
  const forgedPayload = base64urlEncode(utf8Encode(JSON.stringify({ ...claims, sid: s2.sessionId })))
  expect(await codeOf(complete(s2.sessionId, { verifyResult: `${h}.${forgedPayload}.${sig}` }))).toBe('ERR_FACE_PROOF_INVALID')

  // Well-formed and signed, but by a key that is not the platform's (the same kid claimed).
  const s3 = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const rogue = deriveKey('someone-else', 'sim-face-platform-2026')
  const forged = await signJwt({ ...claims, sid: s3.sessionId, jti: 'rogue-1' }, { typ: 'face-proof+jwt', kid: rogue.kid }, rogue.privateJwk, joseBackend)
  expect(await codeOf(complete(s3.sessionId, { verifyResult: forged }))).toBe('ERR_FACE_PROOF_INVALID')
  // A WeChat ticket passed off as Alipay's is not Alipay's.
  const s4 = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  expect(await codeOf(complete(s4.sessionId, { zimId: text(await ticket(s4.sessionId)) }))).toBe('ERR_FACE_PROOF_INVALID')
  expect(await codeOf(complete((await api.startFaceSession(ZHANG.name, ZHANG.idNumber)).sessionId, { verifyResult: 'not-a-jws' }))).toBe('ERR_FACE_PROOF_INVALID')
})

it('a reused ticket (its jti already redeemed) → 409 ERR_FACE_PROOF_REPLAYED', async () => {
  const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const proof = await ticket(s.sessionId)
  await complete(s.sessionId, proof)
  // Replayed on the same session (now used up) and on a fresh one.
  expect(await codeOf(complete(s.sessionId, proof))).toBe('ERR_CONFLICT')
  const again = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  expect(await codeOf(complete(again.sessionId, proof))).toBe('ERR_FACE_PROOF_REPLAYED')
  // The malleable twin of the signature (r, n−s) is the same ticket: keyed on the signed jti.
  const [h, p, sig] = text(proof).split('.')
  const raw = base64urlDecode(sig)
  const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')
  const sVal = BigInt('0x' + Buffer.from(raw.subarray(32)).toString('hex'))
  const twinS = Buffer.from((n - sVal).toString(16).padStart(64, '0'), 'hex')
  const twin = `${h}.${p}.${base64urlEncode(new Uint8Array([...raw.subarray(0, 32), ...twinS]))}`
  const third = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  expect(await codeOf(complete(third.sessionId, { verifyResult: twin }))).toBe('ERR_FACE_PROOF_REPLAYED')
})

it(`an expired ticket (older than ${FACE_PROOF_TTL_SEC / 60} min) → 403 ERR_FACE_PROOF_EXPIRED`, async () => {
  const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const proof = await ticket(s.sessionId)
  nowMs += (FACE_PROOF_TTL_SEC + 1) * 1000
  expect(await codeOf(complete(s.sessionId, proof))).toBe('ERR_FACE_PROOF_EXPIRED')
})

it('another person’s ticket (name / ID number of someone else) → 403 ERR_FACE_PROOF_SUBJECT', async () => {
  // 李秀英's face, presented on a session opened for 张明华's name and number.
  const s = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  expect(await codeOf(complete(s.sessionId, await ticket(s.sessionId, LI)))).toBe('ERR_FACE_PROOF_SUBJECT')
  // Only the name, or only the number, differing is enough.
  const s2 = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const wrongNumber = await api.simulator.faceCheck({ sessionId: s2.sessionId, name: ZHANG.name, idNumber: LI.idNumber, passed: true }).catch((e: { code: string }) => e.code)
  // (the simulated platform knows no such pair: no ticket at all)
  expect(wrongNumber).toBe('ERR_FACE_CHECK_FAILED')
})

it('another session’s ticket → 403 ERR_FACE_PROOF_SESSION, and it is spent', async () => {
  const a = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const b = await api.startFaceSession(ZHANG.name, ZHANG.idNumber)
  const forA = await ticket(a.sessionId)
  expect(await codeOf(complete(b.sessionId, forA))).toBe('ERR_FACE_PROOF_SESSION')
  expect(await codeOf(complete(a.sessionId, forA))).toBe('ERR_FACE_PROOF_REPLAYED')
})

it('a 亲情账户 consent session signs nobody in: completing it → 409 ERR_CONFLICT, no token', async () => {
  const zhang = await signInOverApi(api, ZHANG.name, ZHANG.idNumber, DEV)
  const consent = await api.medpay.startFamilyConsent(zhang.auth, LI)
  const liTicket = await ticket(consent.sessionId, LI)
  expect(await codeOf(complete(consent.sessionId, liTicket))).toBe('ERR_CONFLICT')
})
