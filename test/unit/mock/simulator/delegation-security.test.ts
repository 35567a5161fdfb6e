/**
 * Issue #13 家人代办: a holder adds a relative with the relative's own face check as consent
 * (consent only: nothing of the relative's reaches the agent's phone), scoped to named purposes;
 * the link is created server-side; both sides list and end it; the agent gets the relative's
 * purpose credentials only inside the scope, as 代为出示 (layout 3, naming the agent); the online
 * 核验 refuses an ended link and records the use, with the agent's name, in the relative's 用证记录.
 * Tried from a stranger's side: no token, someone else's token, another person's or another
 * session's consent, a replayed consent, an ended link, a purpose outside the scope.
 */
import { createApiClient, type ApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import type { FaceProof } from '../../../../src/services/api/types'
import type { HolderAuth } from '../../../../src/services/api/holderAuth'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation, decodeCredentialBody } from '../../../../src/services/presentation'
import { certRegistry } from '../../../../src/certs/registry'
import { proofFrom, signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'
import { enrolOverHttp, type TestInstitution } from '../../../support/institution'
import { installMockApi } from '../../../support/mockApi'

const BASE = 'http://gov.test'
let clock = Date.parse('2026-11-27T10:00:00+08:00')
const { sim } = installMockApi({ now: () => new Date(clock) })
const api: ApiClient = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })

let hotel: TestInstitution
beforeEach(async () => {
  clock = Date.parse('2026-11-27T10:00:00+08:00')
  hotel = await enrolOverHttp(api, 'hotel', () => clock)
})

const ZHANG = { name: '张明华', idNumber: '44010619900315001X' } // the agent
const LI = { name: '李秀英', idNumber: '330106195207080021' } // his mother
const LIU = { name: '刘洋', idNumber: '440305198801160052' } // a stranger

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code
  )

/** The relative's own face check on the consent session: the simulated platform's ticket. */
async function faceOf(sessionId: string, who = LI): Promise<FaceProof> {
  return proofFrom(await api.simulator.faceCheck({ sessionId, name: who.name, idNumber: who.idNumber, passed: true }))
}

async function signedIn(who: typeof ZHANG, secret: number) {
  const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(secret) })
  const r = await signInOverApi(api, who.name, who.idNumber, device)
  return { token: r.auth, holderId: r.holderId, device }
}

/** 张明华 adds his mother for 酒店入住 and 药店/医院, with her face consent. */
async function linked(purposes: ('hotel' | 'pharmacy' | 'traffic-stop')[] = ['hotel', 'pharmacy']) {
  const zhang = await signedIn(ZHANG, 1)
  const li = await signedIn(LI, 2)
  const consent = await api.delegation.startConsent(zhang.token, { ...LI, purposes })
  const link = await api.delegation.create(zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: await faceOf(consent.sessionId) })
  return { zhang, li, link }
}

let setSecret = 100
const setKey = () => keyPairFromSecret(new Uint8Array(32).fill(++setSecret % 250 || 1))

/** The agent's phone asks for one 代为出示 set and presents it. */
async function presentFor(zhang: Awaited<ReturnType<typeof signedIn>>, linkId: string, purpose: 'hotel' | 'pharmacy' = 'hotel') {
  const k = setKey()
  const batch = await api.delegation.credentials(zhang.token, linkId, { purpose, deviceKey: zhang.device.publicJwk, setKeys: [k.publicJwk] })
  const credentials = batch.sets[0].credentials.map((c) => base64urlDecode(c))
  const qr = await createPresentation({ credentials, deviceKey: k.privateJwk, now: Math.floor(clock / 1000), backend: joseBackend })
  return { batch, credentials, qr, key: k }
}

async function raw(method: string, path: string, token?: HolderAuth, body?: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) {
    headers.Authorization = `DPoP ${token.token}`
    headers.DPoP = await token.proof(method, `/api/v1${path}`)
  }
  const res = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

it('the relative’s face ticket becomes a scoped link; nothing of hers comes back; both sides see it', async () => {
  const zhang = await signedIn(ZHANG, 1)
  const li = await signedIn(LI, 2)
  const consent = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel', 'pharmacy'] })
  expect(consent).toMatchObject({ sessionId: expect.stringMatching(/^fs-/), status: 'pending' })
  const res = await raw('POST', '/holder/delegations', zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', ...(await faceOf(consent.sessionId)) })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ role: 'agent', relation: 'parent', relativeName: '李秀英', relativeIdMasked: '330106********0021', agentName: '张明华', purposes: ['hotel', 'pharmacy'], status: 'active' })
  expect(res.body.linkId).toMatch(/^DL[0-9A-HJ-NP-Y]{16}$/)
  expect(JSON.stringify(res.body)).not.toMatch(/330106195207080021|ht-|holderToken|refresh/)
  // 谁可以为我代办: the relative, signed in on her own phone, sees the same link from her side.
  expect((await api.delegation.list(li.token)).items).toEqual([expect.objectContaining({ linkId: res.body.linkId, role: 'relative', agentName: '张明华', agentIdMasked: '440106********001X', purposes: ['hotel', 'pharmacy'] })])
  expect((await api.delegation.list(zhang.token)).items).toEqual([expect.objectContaining({ linkId: res.body.linkId, role: 'agent' })])
  // Her consent session cannot be turned into a sign-in.
  const other = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
  expect(await codeOf(api.completeFaceSession(other.sessionId, await faceOf(other.sessionId), zhang.device.publicJwk, zhang.device.sign))).toBe('ERR_CONFLICT')
})

it('one consent path: a 亲情账户 consent session does not make a 代办 link, nor the reverse', async () => {
  const zhang = await signedIn(ZHANG, 1)
  const medpayConsent = await api.medpay.startFamilyConsent(zhang.token, LI)
  expect(await codeOf(api.delegation.create(zhang.token, { faceSessionId: medpayConsent.sessionId, relation: 'parent', proof: await faceOf(medpayConsent.sessionId) }))).toBe('ERR_NOT_FOUND')
  const consent = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
  expect(await codeOf(api.medpay.linkFamily(zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: await faceOf(consent.sessionId) }))).toBe('ERR_NOT_FOUND')
})

describe('strangers', () => {
  it('no token: every 家人代办 operation answers 401 ERR_UNAUTHORIZED', async () => {
    const { link } = await linked()
    for (const [method, path, body] of [
      ['POST', '/holder/delegations/consents', { ...LI, purposes: ['hotel'] }],
      ['POST', '/holder/delegations', { faceSessionId: 'fs-x', relation: 'parent', verifyResult: 'x' }],
      ['GET', '/holder/delegations', undefined],
      ['DELETE', `/holder/delegations/${link.linkId}`, undefined],
      ['POST', `/holder/delegations/${link.linkId}/presentation-credentials`, { purpose: 'hotel', deviceKey: keyPairFromSecret(new Uint8Array(32).fill(9)).publicJwk, setKeys: [] }]
    ] as const) {
      expect(await raw(method, path, undefined, body)).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    }
  })

  it('another holder’s token: her link, his consent session and his credentials are 404 to a stranger', async () => {
    const { link } = await linked()
    const liu = await signedIn(LIU, 3)
    expect(await codeOf(api.delegation.end(liu.token, link.linkId))).toBe('ERR_NOT_FOUND')
    const k = setKey()
    expect(await codeOf(api.delegation.credentials(liu.token, link.linkId, { purpose: 'hotel', deviceKey: liu.device.publicJwk, setKeys: [k.publicJwk] }))).toBe('ERR_NOT_FOUND')
    expect((await api.delegation.list(liu.token)).items).toEqual([])
    // A consent session the agent opened cannot be redeemed by a stranger, even with her real face.
    const zhang = await signedIn(ZHANG, 1)
    const consent = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    expect(await codeOf(api.delegation.create(liu.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: await faceOf(consent.sessionId) }))).toBe('ERR_NOT_FOUND')
  })

  it('consent from a different person, from a different session, replayed, or a bare boolean: each its own code, no link', async () => {
    const zhang = await signedIn(ZHANG, 1)
    // The agent's own face (or a stranger's) is not her consent.
    const a = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    expect(await codeOf(api.delegation.create(zhang.token, { faceSessionId: a.sessionId, relation: 'parent', proof: await faceOf(a.sessionId, ZHANG) }))).toBe('ERR_FACE_PROOF_SUBJECT')
    // Her ticket for session b presented on session c.
    const b = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    const c = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    const ticketB = await faceOf(b.sessionId)
    expect(await codeOf(api.delegation.create(zhang.token, { faceSessionId: c.sessionId, relation: 'parent', proof: ticketB }))).toBe('ERR_FACE_PROOF_SESSION')
    // A ticket that made a link, presented again on its session: the session is used up.
    const d = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    const ticketD = await faceOf(d.sessionId)
    await api.delegation.create(zhang.token, { faceSessionId: d.sessionId, relation: 'parent', proof: ticketD })
    expect(await codeOf(api.delegation.create(zhang.token, { faceSessionId: d.sessionId, relation: 'parent', proof: ticketD }))).toBe('ERR_NOT_FOUND')
    // …and on a fresh session of the same pair: the ticket is single use.
    const e = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    expect(await codeOf(api.delegation.create(zhang.token, { faceSessionId: e.sessionId, relation: 'parent', proof: ticketD }))).toMatch(/^ERR_FACE_PROOF_(REPLAYED|SESSION)$/)
    const f = await api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel'] })
    expect(await raw('POST', '/holder/delegations', zhang.token, { faceSessionId: f.sessionId, relation: 'parent', passed: true })).toMatchObject({ status: 400, body: { code: 'ERR_FACE_PROOF_REQUIRED' } })
    // Only the one consent that passed made a link.
    expect((await api.delegation.list(zhang.token)).items.filter((l) => l.status === 'active')).toHaveLength(1)
  })

  it('a mistyped ID number or an empty, unknown or repeated scope is refused before any face check', async () => {
    const zhang = await signedIn(ZHANG, 1)
    expect(await codeOf(api.delegation.startConsent(zhang.token, { name: LI.name, idNumber: '330106195207080022', purposes: ['hotel'] }))).toBe('ERR_ID_NUMBER_FORMAT')
    expect(await codeOf(api.delegation.startConsent(zhang.token, { ...LI, purposes: [] }))).toBe('ERR_BAD_REQUEST')
    expect(await codeOf(api.delegation.startConsent(zhang.token, { ...LI, purposes: ['hotel', 'hotel'] }))).toBe('ERR_BAD_REQUEST')
    expect((await raw('POST', '/holder/delegations/consents', zhang.token, { ...LI, purposes: ['casino'] })).body).toMatchObject({ code: 'ERR_BAD_REQUEST' })
  })

  it('a purpose outside the scope: no credentials (ERR_DELEGATION_SCOPE)', async () => {
    const { zhang, link } = await linked(['hotel'])
    const k = setKey()
    expect(await codeOf(api.delegation.credentials(zhang.token, link.linkId, { purpose: 'pharmacy', deviceKey: zhang.device.publicJwk, setKeys: [k.publicJwk] }))).toBe('ERR_DELEGATION_SCOPE')
    expect(await codeOf(api.delegation.credentials(zhang.token, link.linkId, { purpose: 'traffic-stop', deviceKey: zhang.device.publicJwk, setKeys: [k.publicJwk] }))).toBe('ERR_DELEGATION_SCOPE')
  })

  it('the set keys must be the calling phone’s: another device key in the body is ERR_DPOP_KEY_MISMATCH', async () => {
    const { zhang, li, link } = await linked(['hotel'])
    const k = setKey()
    expect(await codeOf(api.delegation.credentials(zhang.token, link.linkId, { purpose: 'hotel', deviceKey: li.device.publicJwk, setKeys: [k.publicJwk] }))).toBe('ERR_DPOP_KEY_MISMATCH')
  })

  it('an ended link (by either side): no more credentials, and a QR made before is refused online', async () => {
    for (const endedBy of ['relative', 'agent'] as const) {
      sim.reset()
      hotel = await enrolOverHttp(api, 'hotel', () => clock)
      const { zhang, li, link } = await linked(['hotel'])
      const { qr } = await presentFor(zhang, link.linkId)
      const ended = await api.delegation.end(endedBy === 'relative' ? li.token : zhang.token, link.linkId)
      expect(ended).toMatchObject({ status: 'ended', endedBy, endedAt: expect.any(String) })
      // Ending it again answers the same.
      expect(await api.delegation.end(endedBy === 'relative' ? li.token : zhang.token, link.linkId)).toMatchObject({ status: 'ended', endedBy })
      expect((await api.delegation.list(li.token)).items[0]).toMatchObject({ status: 'ended', endedBy })
      const k = setKey()
      expect(await codeOf(api.delegation.credentials(zhang.token, link.linkId, { purpose: 'hotel', deviceKey: zhang.device.publicJwk, setKeys: [k.publicJwk] }))).toBe('ERR_DELEGATION_ENDED')
      expect(await api.verify(qr, '酒店入住登记', hotel.signer)).toMatchObject({ ok: false, code: 'ERR_DELEGATION_ENDED' })
    }
  })
})

describe('代为出示', () => {
  it('the credentials are hers, inside the scope, layout 3 naming the agent and the link, bound to the agent’s set key', async () => {
    const { zhang, link } = await linked(['hotel'])
    const { batch, credentials, key } = await presentFor(zhang, link.linkId)
    expect(batch).toMatchObject({ purpose: 'hotel', kinds: ['id-card'] })
    const body = decodeCredentialBody(credentials[0].subarray(0, credentials[0].length - 64), certRegistry)
    expect(credentials[0][0] & 0x0f).toBe(3)
    expect(body.agent).toEqual({ name: '张明华', idMasked: '440106********001X', linkId: link.linkId })
    expect(body.deviceKey.x).toBe(key.publicJwk.x)
    expect(body.certs[0].claims).toMatchObject({ name: '李秀英' })
  })

  it('the online 核验 accepts it and writes the use, with the agent’s name, into her 用证记录 (not his)', async () => {
    const { zhang, li, link } = await linked(['hotel'])
    const { qr } = await presentFor(zhang, link.linkId)
    expect(await api.verify(qr, '酒店入住登记', hotel.signer)).toMatchObject({ ok: true, kind: 'id-card' })
    const hers = (await api.listUsageRecords(li.token)).items
    expect(hers).toEqual([expect.objectContaining({ channel: 'verification', kinds: ['id-card'], agentName: '张明华', outcome: 'accepted', verifier: expect.objectContaining({ role: 'hotel' }) })])
    expect((await api.listUsageRecords(zhang.token)).items).toEqual([])
    // The same QR a second time is a replay.
    expect(await api.verify(qr, '酒店入住登记', hotel.signer)).toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })

  it('a forged agent (another name in the signed bytes) fails the issuer signature', async () => {
    const { zhang, link } = await linked(['hotel'])
    const { credentials, key } = await presentFor(zhang, link.linkId)
    const forged = credentials[0].slice()
    const at = Buffer.from(forged).indexOf(Buffer.from('张明华'))
    expect(at).toBeGreaterThan(0)
    forged.set(Buffer.from('王建国'), at)
    const qr = await createPresentation({ credentials: [forged], deviceKey: key.privateJwk, now: Math.floor(clock / 1000), backend: joseBackend })
    expect(await api.verify(qr, '酒店入住登记', hotel.signer)).toMatchObject({ ok: false, code: 'ERR_SIGNATURE_INVALID' })
  })

  it('one presenter per QR: her credential beside one of his own (same key) is ERR_DELEGATION_MISMATCH, online too', async () => {
    const { zhang, link } = await linked(['hotel'])
    const { credentials, key } = await presentFor(zhang, link.linkId)
    // His own hotel set, bound to the same set key (the platform records it on his phone again).
    const own = await api.issuePurposeCredentials(zhang.token, 'hotel', zhang.device.publicJwk, [key.publicJwk])
    const mixed = [base64urlDecode(own.sets[0].credentials[0]), credentials[0]]
    const qr = await createPresentation({ credentials: mixed, deviceKey: key.privateJwk, now: Math.floor(clock / 1000), backend: joseBackend })
    expect(await api.verify(qr, '酒店入住登记', hotel.signer)).toMatchObject({ ok: false, code: 'ERR_DELEGATION_MISMATCH' })
  })

})

describe('纸质凭证 for her (家人代办)', () => {
  it('inside the scope: her paper, listed in her own paper credentials (she can void it); outside it, ended, or a stranger: refused', async () => {
    const { zhang, li, link } = await linked(['hotel'])
    const paper = await api.delegation.paper(zhang.token, link.linkId, { kind: 'id-card' })
    expect(paper).toMatchObject({ kind: 'id-card', status: 'valid', credential: expect.stringMatching(/^CWP1:/) })
    expect((await api.listPaperCredentials(li.token)).items).toEqual([expect.objectContaining({ paperId: paper.paperId })])
    expect((await api.listPaperCredentials(zhang.token)).items).toEqual([])
    // 医保 serves 药店/医院, which she did not allow.
    expect(await codeOf(api.delegation.paper(zhang.token, link.linkId, { kind: 'medical-insurance' }))).toBe('ERR_DELEGATION_SCOPE')
    const liu = await signedIn(LIU, 3)
    expect(await codeOf(api.delegation.paper(liu.token, link.linkId, { kind: 'id-card' }))).toBe('ERR_NOT_FOUND')
    expect(await raw('POST', `/holder/delegations/${link.linkId}/paper-credentials`, undefined, { kind: 'id-card' })).toMatchObject({ status: 401, body: { code: 'ERR_UNAUTHORIZED' } })
    await api.delegation.end(li.token, link.linkId)
    expect(await codeOf(api.delegation.paper(zhang.token, link.linkId, { kind: 'id-card' }))).toBe('ERR_DELEGATION_ENDED')
  })
})
