/**
 * Issue #11 item 2: the 亲情账户 link. The relative's face session is consent only (no token of
 * theirs reaches the payer's phone), the link is created server-side from that consent, the
 * relative sees and ends it, and what the payer can do for them is exactly what the link grants.
 * Tried from a stranger's side: no token, someone else's token, a link that was ended.
 */
import { createApiClient, type ApiClient } from '../../../../../src/services/api/client'
import { createFetchTransport } from '../../../../../src/services/api/fetchTransport'
import type { FaceProof } from '../../../../../src/services/api/types'
import { keyPairFromSecret } from '../../../../../src/services/crypto'
import { joseBackend } from '../../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../../src/services/encoding'
import { createPresentation, decodeCredentialBody } from '../../../../../src/services/presentation'
import { certRegistry } from '../../../../../src/certs/registry'
import { jwkThumbprint } from '../../../../../src/services/crypto/thumbprint'
import type { EcPublicJwk } from '../../../../../src/services/crypto/types'
import { proofFrom, signInOverApi } from '../../../../support/faceSignIn'
import { testDevice } from '../../../../support/holderAuth'
import type { HolderAuth } from '../../../../../src/services/api/holderAuth'
import { enrolOverHttp, type TestInstitution } from '../../../../support/institution'
import { installMockApi } from '../../../../support/mockApi'

const BASE = 'http://gov.test'
let clock = Date.parse('2026-11-27T10:00:00+08:00')
const { sim } = installMockApi({ now: () => new Date(clock) })
const api: ApiClient = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })

/** The pharmacy's counter, enrolled afresh after each reset. */
let counter: TestInstitution
beforeEach(async () => {
  clock = Date.parse('2026-11-27T10:00:00+08:00')
  counter = await enrolOverHttp(api, 'pharmacy', () => clock)
})

const ZHANG = { name: '张明华', idNumber: '44010619900315001X' } // payer: 职工, 家庭共济 on
const LI = { name: '李秀英', idNumber: '330106195207080021' } // his mother
const LIU = { name: '刘洋', idNumber: '440305198801160052' } // a stranger
const PHARMACY = 'P44010600512'
const PARACETAMOL = 'XN02BEA010A001010100451'
let keySeq = 0
const key = () => `fam-key-${String(++keySeq).padStart(6, '0')}`

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
  // Sign-in registers this phone's device key and binds the holder's tokens to it (DPoP).
  const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(secret) })
  const r = await signInOverApi(api, who.name, who.idNumber, device)
  await api.issuePurposeCredentials(r.auth, 'hotel', device.publicJwk, 1)
  return { token: r.auth, holderId: r.holderId, device }
}

/** 张明华 links his mother with her consent; the codes come to his phone. */
async function linked() {
  const zhang = await signedIn(ZHANG, 1)
  const li = await signedIn(LI, 2)
  const consent = await api.medpay.startFamilyConsent(zhang.token, LI)
  const link = await api.medpay.linkFamily(zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: await faceOf(consent.sessionId) })
  return { zhang, li, link }
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

it('the consent is the relative’s own face ticket, redeemed into a link: nothing of hers comes back, the link grants show-code and pay', async () => {
  const zhang = await signedIn(ZHANG, 1)
  const consent = await api.medpay.startFamilyConsent(zhang.token, LI)
  expect(consent).toMatchObject({ sessionId: expect.stringMatching(/^fs-/), status: 'pending' })
  const res = await raw('POST', '/holder/medpay/family-links', zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', ...(await faceOf(consent.sessionId)) })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ relation: 'parent', relativeName: '李*英', status: 'active', grants: ['show-code', 'pay'] })
  // No token, no holder id of hers in the answer.
  expect(JSON.stringify(res.body)).not.toMatch(/ht-|holderToken|p-li/)
  // Her consent session cannot be turned into a sign-in either (before or after).
  const other = await api.medpay.startFamilyConsent(zhang.token, LI)
  expect(await codeOf(api.completeFaceSession(other.sessionId, await faceOf(other.sessionId), zhang.device.publicJwk, zhang.device.sign))).toBe('ERR_CONFLICT')
})

it('link ids are random, not a counter: one link id says nothing about the next', async () => {
  const { link } = await linked()
  expect(link.linkId).toMatch(/^FL[0-9A-HJ-NP-Y]{16}$/)
  expect(link.linkId).not.toMatch(/^FL0+\d$/)
})

it('a boolean consent or the payer’s own face is refused: ERR_FACE_PROOF_REQUIRED / ERR_FACE_PROOF_SUBJECT', async () => {
  const zhang = await signedIn(ZHANG, 1)
  const consent = await api.medpay.startFamilyConsent(zhang.token, LI)
  expect(await raw('POST', '/holder/medpay/family-links', zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', passed: true })).toMatchObject({
    status: 400,
    body: { code: 'ERR_FACE_PROOF_REQUIRED' }
  })
  // The payer cannot consent for her with his own face.
  const again = await api.medpay.startFamilyConsent(zhang.token, LI)
  expect(await codeOf(api.medpay.linkFamily(zhang.token, { faceSessionId: again.sessionId, relation: 'parent', proof: await faceOf(again.sessionId, ZHANG) }))).toBe('ERR_FACE_PROOF_SUBJECT')
  expect((await api.medpay.familyLinks(zhang.token)).items).toEqual([])
})

describe('no token', () => {
  it('every 亲情账户 operation answers 401 ERR_UNAUTHORIZED', async () => {
    const { link, zhang } = await linked()
    for (const [method, path, body] of [
      ['POST', '/holder/medpay/family-consents', LI],
      ['POST', '/holder/medpay/family-links', { faceSessionId: 'fs-x', relation: 'parent', verifyResult: 'x' }],
      ['GET', '/holder/medpay/family-links', undefined],
      ['POST', `/holder/medpay/family-links/${link.linkId}/credentials`, { deviceKey: keyPairFromSecret(new Uint8Array(32).fill(9)).publicJwk }],
      ['GET', '/holder/medpay/relative-links', undefined],
      ['DELETE', `/holder/medpay/relative-links/${link.linkId}`, undefined]
    ] as const) {
      expect([method, path, await raw(method, path, undefined, body)]).toEqual([method, path, { status: 401, body: expect.objectContaining({ code: 'ERR_UNAUTHORIZED' }) }])
      expect((await raw(method, path, { token: 'ht-forged', proof: zhang.token.proof }, body)).status).toBe(401)
    }
  })
})

describe('someone else’s token', () => {
  it('a stranger cannot use the payer’s consent session, nor link the relative with her face ticket', async () => {
    const zhang = await signedIn(ZHANG, 1)
    const liu = await signedIn(LIU, 3)
    const consent = await api.medpay.startFamilyConsent(zhang.token, LI)
    const hers = await faceOf(consent.sessionId)
    // 刘洋 gets nothing from 张's session: it is not his (checked before anything else).
    expect(await codeOf(api.medpay.linkFamily(liu.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: hers }))).toBe('ERR_NOT_FOUND')
    // Nor can he open a consent session of his own (no personal account / 家庭共济 to pay from).
    expect(await codeOf(api.medpay.startFamilyConsent(liu.token, LI))).toMatch(/ERR_NOT_INSURED|ERR_FAMILY_NOT_LINKED/)
    sim.reset()
    const z2 = await signedIn(ZHANG, 1)
    const c2 = await api.medpay.startFamilyConsent(z2.token, LI)
    // A sign-in session (not a consent one) cannot be used as consent.
    const signIn = await api.startFaceSession(LI.name, LI.idNumber)
    expect(await codeOf(api.medpay.linkFamily(z2.token, { faceSessionId: signIn.sessionId, relation: 'parent', proof: await faceOf(signIn.sessionId) }))).toBe('ERR_NOT_FOUND')
    await expect(api.medpay.linkFamily(z2.token, { faceSessionId: c2.sessionId, relation: 'parent', proof: await faceOf(c2.sessionId) })).resolves.toMatchObject({ status: 'active' })
  })

  it('a stranger cannot fetch the relative’s codes, see the link or end it; the payer cannot end it as if he were the relative', async () => {
    const { zhang, li, link } = await linked()
    const liu = await signedIn(LIU, 3)
    expect(await codeOf(api.medpay.familyCredentials(liu.token, link.linkId, { deviceKey: liu.device.publicJwk }))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.medpay.endRelativeLink(liu.token, link.linkId))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.medpay.endRelativeLink(zhang.token, link.linkId))).toBe('ERR_NOT_FOUND')
    expect((await api.medpay.relativeLinks(liu.token)).items).toEqual([])
    expect((await api.medpay.familyLinks(liu.token)).items).toEqual([])
    // The relative's codes bind only to the payer's own phone, the key whose DPoP proof signed the call,
    // never to another's key (layout-1 `count` sets too, not only set keys).
    expect(await codeOf(api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: liu.device.publicJwk }))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(await codeOf(api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: li.device.publicJwk }))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(await codeOf(api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: li.device.publicJwk, count: 1 }))).toBe('ERR_DPOP_KEY_MISMATCH')
    await expect(api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: zhang.device.publicJwk, count: 1 })).resolves.toMatchObject({ purpose: 'pharmacy' })
  })

  it('the relative sees who may act for her and what they may do', async () => {
    const { li, link } = await linked()
    expect((await api.medpay.relativeLinks(li.token)).items).toEqual([
      { linkId: link.linkId, relation: 'parent', payerName: '张*华', status: 'active', createdAt: link.createdAt, grants: ['show-code', 'pay'] }
    ])
  })
})

describe('a link that was ended', () => {
  it('ended by the relative: no more codes, codes already on the payer’s phone open no visit, a pending bill is not paid from his account', async () => {
    const { zhang, li, link } = await linked()
    const batch = await api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: zhang.device.publicJwk, count: 3 })
    let n = 0
    const herCode = () =>
      createPresentation({ credentials: batch.sets[n++].credentials.map(base64urlDecode), deviceKey: zhang.device.privateJwk, now: Math.floor(clock / 1000) - 2, backend: joseBackend })
    // A visit opened while the link was live, waiting for the payer's confirmation.
    const visit = await api.medpay.registerVisit({ paymentCode: await herCode(), medinsNo: PHARMACY }, key(), counter.signer)
    expect(visit.familyPayerName).toBe('张*华')
    const pending = await api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, key(), counter.signer)

    const ended = await api.medpay.endRelativeLink(li.token, link.linkId)
    expect(ended).toMatchObject({ linkId: link.linkId, status: 'removed', endedAt: new Date(clock).toISOString() })
    // Ending it again answers the same.
    expect(await api.medpay.endRelativeLink(li.token, link.linkId)).toMatchObject({ status: 'removed' })

    expect(await codeOf(api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: zhang.device.publicJwk }))).toBe('ERR_FAMILY_NOT_LINKED')
    expect(await codeOf(api.medpay.registerVisit({ paymentCode: await herCode(), medinsNo: PHARMACY }, key(), counter.signer))).toBe('ERR_FAMILY_NOT_LINKED')
    const balance = (await api.medpay.account(zhang.token)).balc
    expect(await codeOf(api.medpay.confirm(zhang.token, pending.setlId, key()))).toBe('ERR_FAMILY_NOT_LINKED')
    expect((await api.medpay.account(zhang.token)).balc).toBe(balance)
    expect((await api.medpay.familyLinks(zhang.token)).items).toEqual([expect.objectContaining({ linkId: link.linkId, status: 'removed' })])
    // A fresh consent of hers is needed for a new link.
    const consent = await api.medpay.startFamilyConsent(zhang.token, LI)
    const again = await api.medpay.linkFamily(zhang.token, { faceSessionId: consent.sessionId, relation: 'parent', proof: await faceOf(consent.sessionId) })
    expect(again.linkId).not.toBe(link.linkId)
  })
})

describe('a relative’s codes on set keys of the payer’s phone (layout 2, issue #16)', () => {
  const fresh = (n: number) => Array.from({ length: n }, () => keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40))))
  const bodyOf = (credential: string) => {
    const raw = base64urlDecode(credential)
    return decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry)
  }

  it('each set is bound to its own fresh key, in layout 2 with no status index; a code signed by it opens her visit paid by him', async () => {
    const { zhang, link } = await linked()
    const keys = fresh(3)
    const batch = await api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: zhang.device.publicJwk, setKeys: keys.map((k) => k.publicJwk) })
    expect(batch.sets).toHaveLength(3)
    batch.sets.forEach((set, i) => {
      for (const c of set.credentials) expect(bodyOf(c)).toMatchObject({ layout: 2, status: [], deviceKey: { x: keys[i].publicJwk.x, y: keys[i].publicJwk.y } })
    })
    // Nothing of the payer's device key is in her credentials.
    expect(JSON.stringify(batch.sets.map((s) => s.credentials.map((c) => Buffer.from(base64urlDecode(c)).toString('hex'))))).not.toContain(Buffer.from(base64urlDecode(zhang.device.publicJwk.x)).toString('hex'))
    const code = await createPresentation({ credentials: batch.sets[1].credentials.map(base64urlDecode), deviceKey: keys[1].privateJwk, now: Math.floor(clock / 1000) - 2, backend: joseBackend })
    const visit = await api.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key(), counter.signer)
    expect(visit).toMatchObject({ psnName: '李*英', familyPayerName: '张*华' })
  })

  it('from a stranger’s side: another key’s DPoP, someone else’s link, a key that is another phone’s, duplicates, a count that disagrees', async () => {
    const { zhang, li, link } = await linked()
    const liu = await signedIn(LIU, 3)
    const k = () => fresh(1)[0].publicJwk
    const ask = (token: HolderAuth, deviceKey: EcPublicJwk, setKeys: EcPublicJwk[], count?: number) => codeOf(api.medpay.familyCredentials(token, link.linkId, { deviceKey, setKeys, ...(count === undefined ? {} : { count }) }))
    // His token, her phone's key in the body: the DPoP proof is not by that key.
    expect(await ask(zhang.token, li.device.publicJwk, [k()])).toBe('ERR_DPOP_KEY_MISMATCH')
    // A stranger with his own phone: not his link.
    expect(await ask(liu.token, liu.device.publicJwk, [k()])).toBe('ERR_NOT_FOUND')
    // No token at all.
    expect((await raw('POST', `/holder/medpay/family-links/${link.linkId}/credentials`, undefined, { deviceKey: zhang.device.publicJwk, setKeys: [k()] })).status).toBe(401)
    // A set key that already speaks for another phone (hers), twice the same key, a count that disagrees.
    expect(await ask(zhang.token, zhang.device.publicJwk, [li.device.publicJwk])).toBe('ERR_CONFLICT')
    const dup = k()
    expect(await ask(zhang.token, zhang.device.publicJwk, [dup, dup])).toBe('ERR_BAD_REQUEST')
    expect(await ask(zhang.token, zhang.device.publicJwk, [k(), k()], 3)).toBe('ERR_BAD_REQUEST')
    // His own set keys from 亮证 cannot be handed in again for her codes on another phone's behalf.
    const own = fresh(1)[0].publicJwk
    await api.issuePurposeCredentials(zhang.token, 'hotel', zhang.device.publicJwk, [own])
    expect(await ask(liu.token, liu.device.publicJwk, [own])).toBe('ERR_NOT_FOUND')
  })

  it('a lost payer phone: once he deactivates it, her codes on its set keys open no visit', async () => {
    const { zhang, link } = await linked()
    const [kp] = fresh(1)
    const batch = await api.medpay.familyCredentials(zhang.token, link.linkId, { deviceKey: zhang.device.publicJwk, setKeys: [kp.publicJwk] })
    const code = () => createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: kp.privateJwk, now: Math.floor(clock / 1000) - 2, backend: joseBackend })
    sim.deactivateDevice(zhang.holderId, jwkThumbprint(zhang.device.publicJwk))
    expect(await codeOf(api.medpay.registerVisit({ paymentCode: await code(), medinsNo: PHARMACY }, key(), counter.signer))).toBe('ERR_DEVICE_DEACTIVATED')
  })
})
