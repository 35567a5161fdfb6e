/**
 * Issue #11 item 7, from a stranger's side: every institution door of the simulator (the contract a
 * real endpoint holds) tried without a signature, with someone else's, a replayed one, a stale one,
 * a body changed after signing, a role not allowed, another institution's settlement, a guessed id.
 * Plus the root-signed registry, enrolment with an activation code, and 用证记录 naming the
 * registered verifier whatever the body says.
 */
import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import { seedActivationCodes } from '../../../../mock/simulator/institutions'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import {
  INSTITUTION_SIGNATURE_HEADER,
  signInstitutionRequest,
  verifyInstitutionRegistry,
} from '../../../../src/services/institution'
import { createPresentation } from '../../../../src/services/presentation'
import { signJwt } from '../../../../src/services/jws'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { validateUscc } from '../../../../src/certs/uscc'
import { activationCodeOf, enrolOverHttp, INSTITUTIONS, type ClearEnrolment, type TestInstitution } from '../../../support/institution'
import { installMockApi } from '../../../support/mockApi'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const { sim } = installMockApi({ now: () => new Date(clock) })
const BASE = 'http://gov.test'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = () => Math.floor(clock / 1000)

const PHARMACY = 'P44010600512'
const CLINIC = 'H44010600087'
const PARACETAMOL = 'XN02BEA010A001010100451'
let keySeq = 0
const idem = () => `inst-key-${String(++keySeq).padStart(6, '0')}`

let pharmacy: TestInstitution
let clinic: TestInstitution
let hotel: TestInstitution
let police: TestInstitution

beforeEach(async () => {
  clock = T0
  ;[pharmacy, clinic, hotel, police] = await Promise.all(
    (['pharmacy', 'clinic', 'hotel', 'police'] as const).map((n) => enrolOverHttp(api, n, () => clock))
  )
})

let jtiSeq = 0
/** A signature made by hand: `as` chooses the key, `kid` the institution it claims to be. */
async function sign(as: ClearEnrolment, method: string, path: string, body: string, opts: { kid?: string; iat?: number; jti?: string } = {}) {
  return signInstitutionRequest(
    { institutionId: opts.kid ?? as.institutionId, privateJwk: as.privateJwk, method, path: '/api/v1' + path, body, nowSec: opts.iat ?? nowSec(), jti: opts.jti ?? `test-jti-${String(++jtiSeq).padStart(10, '0')}` },
    joseBackend
  )
}

/** One HTTP call; `signature` as given (null: none). Returns status and code (or the JSON). */
async function send(method: string, path: string, body: unknown, signature: string | null, headers: Record<string, string> = {}) {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const res = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: { ...(text === undefined ? {} : { 'Content-Type': 'application/json' }), ...(signature ? { [INSTITUTION_SIGNATURE_HEADER]: signature } : {}), ...headers },
    body: text
  })
  const json = (await res.json()) as Record<string, unknown>
  return { status: res.status, code: json.code as string | undefined, json }
}

/** Signs with `who` and sends the same body text it signed. */
async function signed(who: TestInstitution, method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  return send(method, path, body === undefined ? undefined : text, await sign(who.enrolment, method, path, text), headers)
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return (e as WalletError).code
  }
  throw new Error('expected a rejection')
}

/** 张明华 with a phone: holder token and fresh 医保码. */
async function zhang() {
  const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(7) })
  const { auth: holderToken } = await signInOverApi(api, '张明华', '44010619900315001X', device)
  const batch = await api.issuePurposeCredentials(holderToken, 'pharmacy', device.publicJwk, 5)
  let n = 0
  const code = () => createPresentation({ credentials: batch.sets[n++ % batch.sets.length].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: nowSec() - 2, backend: joseBackend })
  return { token: holderToken, code }
}

async function pendingAtPharmacy() {
  const p = await zhang()
  const visit = await api.medpay.registerVisit({ paymentCode: await p.code(), medinsNo: PHARMACY }, idem(), pharmacy.signer)
  const setl = await api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, idem(), pharmacy.signer)
  return { patient: p, visit, setl }
}

describe('the registry', () => {
  it('is root-signed with its own typ, lists every seeded institution with a valid 统一社会信用代码, and enrolled keys', async () => {
    const { registry } = await api.institutionRegistry()
    const reg = await verifyInstitutionRegistry(registry, PINNED_ROOT_KEYS, joseBackend, nowSec())
    expect(reg.institutions.length).toBeGreaterThanOrEqual(7)
    for (const i of reg.institutions) expect(validateUscc(i.id)).toBe(true)
    const roles = new Set(reg.institutions.map((i) => i.role))
    expect([...roles].sort()).toEqual(['employer', 'hotel', 'pharmacy', 'police'])
    const p = reg.institutions.find((i) => i.id === INSTITUTIONS.pharmacy)!
    expect(p).toMatchObject({ name: '康民大药房（天河店）', role: 'pharmacy', medinsNo: PHARMACY, purposes: ['pharmacy'], key: { alg: 'ES256', jwk: { x: pharmacy.enrolment.publicJwk.x } } })
    expect(reg.institutions.find((i) => i.id === INSTITUTIONS.employer)!.key).toBeUndefined() // not enrolled
    expect(registry).not.toContain(activationCodeOf('employer').replace(/-/g, ''))
  })

  it('refuses a trust list passed off as the registry, and a registry signed by anyone but the root', async () => {
    const { trustList } = await api.trustList()
    await expect(verifyInstitutionRegistry(trustList, PINNED_ROOT_KEYS, joseBackend, nowSec())).rejects.toMatchObject({ code: 'ERR_TYP_INVALID' })
    const { registry } = await api.institutionRegistry()
    const payload = JSON.parse(Buffer.from(registry.split('.')[1], 'base64url').toString('utf8'))
    const forged = await signJwt(payload, { typ: 'institution-registry+jwt', kid: 'cn-root-2026' }, hotel.enrolment.privateJwk, joseBackend)
    await expect(verifyInstitutionRegistry(forged, PINNED_ROOT_KEYS, joseBackend, nowSec())).rejects.toMatchObject({ code: 'ERR_TRUST_LIST_SIGNATURE' })
  })
})

describe('enrolment', () => {
  it('the README lists the default seed\'s activation codes', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '../../../../README.md'), 'utf8') as string
    for (const c of seedActivationCodes('certwallet-simulator-seed-v1')) expect([c.name, readme.includes(c.activationCode)]).toEqual([c.name, true])
  })

  it('a wrong or spent activation code is refused; an admin-issued new code re-enrols and retires the old key', async () => {
    const key = keyPairFromSecret(new Uint8Array(48).fill(9)).publicJwk
    expect(await codeOf(api.enrolInstitution('AAAA-BBBB-CCCC', key))).toBe('ERR_ACTIVATION_CODE_INVALID')
    expect(await codeOf(api.enrolInstitution(activationCodeOf('pharmacy'), key))).toBe('ERR_ACTIVATION_CODE_INVALID') // spent in beforeEach
    expect(await codeOf(api.admin.issueActivationCode('wrong', INSTITUTIONS.pharmacy))).toBe('ERR_UNAUTHORIZED')
    const fresh = await api.admin.issueActivationCode(DEMO_ADMIN_TOKEN, INSTITUTIONS.pharmacy)
    const { privateJwk, publicJwk } = keyPairFromSecret(new Uint8Array(48).fill(3))
    expect(await api.enrolInstitution(fresh.activationCode.toLowerCase(), publicJwk)).toMatchObject({ id: INSTITUTIONS.pharmacy, role: 'pharmacy', medinsNo: PHARMACY })
    // The old device's key no longer verifies; the new one does.
    expect((await signed(pharmacy, 'GET', '/medpay/settlements/S0', undefined)).code).toBe('ERR_INSTITUTION_SIGNATURE_INVALID')
    const renewed = { enrolment: { ...pharmacy.enrolment, privateJwk, publicJwk }, signer: pharmacy.signer }
    expect((await signed(renewed, 'GET', '/medpay/settlements/S0', undefined)).code).toBe('ERR_NOT_FOUND')
  })
})

/** Every institution door with a body the handler would accept once signed. */
const DOORS = [
  { name: 'POST /file-retrievals', method: 'POST', path: '/file-retrievals', body: () => ({ grantId: 'fg-000000000000000000000000' }) },
  { name: 'GET /file-retrievals', method: 'GET', path: '/file-retrievals', body: () => undefined },
  { name: 'POST /medpay/visits', method: 'POST', path: '/medpay/visits', body: () => ({ paymentCode: 'CW1:NOTACODE', medinsNo: PHARMACY }) },
  { name: 'POST /medpay/settlements', method: 'POST', path: '/medpay/settlements', body: () => ({ mdtrtId: 'M0', medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }) },
  { name: 'GET /medpay/settlements/{id}', method: 'GET', path: '/medpay/settlements/S0', body: () => undefined },
  { name: 'POST /medpay/settlements/{id}/refund', method: 'POST', path: '/medpay/settlements/S0/refund', body: () => ({ medinsNo: PHARMACY }) },
  { name: 'POST /verifications (上报)', method: 'POST', path: '/verifications', body: () => ({ presentation: 'CW1:NOTACODE', purpose: '入住登记' }) }
] as const
const WHO: Record<string, () => TestInstitution> = {
  'POST /file-retrievals': () => police,
  'GET /file-retrievals': () => police,
  'POST /verifications (上报)': () => hotel
}
const owner = (door: string) => (WHO[door] ?? (() => pharmacy))()

describe.each(DOORS.map((d) => [d.name, d] as const))('%s', (name, door) => {
  const text = () => (door.body() === undefined ? '' : JSON.stringify(door.body()))
  const headers = { 'Idempotency-Key': 'stranger-key-0001' }

  if (door.path !== '/verifications') {
    it('without a signature: 401 ERR_INSTITUTION_SIGNATURE_MISSING, before the body is read', async () => {
      expect(await send(door.method, door.path, door.body(), null, headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_MISSING' })
      if (door.method === 'POST') expect(await send(door.method, door.path, '{not json', null, headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_MISSING' })
    })
  }

  it('an unregistered or not yet enrolled institution: 401 ERR_INSTITUTION_UNKNOWN', async () => {
    const stranger = { ...owner(name).enrolment, institutionId: '124401064554367084' } // valid code, not registered
    expect(await send(door.method, door.path, door.body() ?? undefined, await sign(stranger, door.method, door.path, text()), headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_UNKNOWN' })
    const employer = { ...owner(name).enrolment, institutionId: INSTITUTIONS.employer } // registered, never enrolled
    expect((await send(door.method, door.path, door.body(), await sign(employer, door.method, door.path, text()), headers)).code).toBe('ERR_INSTITUTION_UNKNOWN')
  })

  it("someone else's signature: a registered institution signing as another is ERR_INSTITUTION_SIGNATURE_INVALID", async () => {
    const forged = await sign(clinic.enrolment, door.method, door.path, text(), { kid: owner(name).enrolment.institutionId })
    expect(await send(door.method, door.path, door.body(), forged, headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_INVALID' })
  })

  it('a replayed signature (same jti) is ERR_INSTITUTION_REPLAYED, even with a fresh Idempotency-Key', async () => {
    const sig = await sign(owner(name).enrolment, door.method, door.path, text())
    const first = await send(door.method, door.path, door.body(), sig, headers)
    expect(first.code ?? 'OK').not.toMatch(/^ERR_INSTITUTION/)
    expect(await send(door.method, door.path, door.body(), sig, { 'Idempotency-Key': 'stranger-key-0002' })).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_REPLAYED' })
  })

  it('a stale iat (61 s old or 61 s ahead) is ERR_INSTITUTION_SIGNATURE_STALE; 60 s passes', async () => {
    for (const iat of [nowSec() - 61, nowSec() + 61]) {
      expect(await send(door.method, door.path, door.body(), await sign(owner(name).enrolment, door.method, door.path, text(), { iat }), headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_STALE' })
    }
    expect((await send(door.method, door.path, door.body(), await sign(owner(name).enrolment, door.method, door.path, text(), { iat: nowSec() - 60 }), headers)).code ?? 'OK').not.toMatch(/^ERR_INSTITUTION/)
  })

  it('a body or path changed after signing is ERR_INSTITUTION_SIGNATURE_INVALID', async () => {
    const sig = await sign(owner(name).enrolment, door.method, door.path, text())
    if (door.method === 'POST') {
      const changed = JSON.stringify({ ...(door.body() as object), purpose: '改过的事由', medinsNo: CLINIC })
      expect(await send(door.method, door.path, changed, sig, headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_INVALID' })
    }
    const otherPath = door.path === '/medpay/settlements/S0' ? '/medpay/settlements/S1' : door.method === 'GET' ? '/medpay/settlements/S0' : '/medpay/settlements/S0/refund'
    if (otherPath !== door.path) {
      expect(await send(door.path.includes('refund') || door.method === 'POST' ? 'POST' : 'GET', otherPath, door.method === 'POST' ? text() : undefined, sig, headers)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_INVALID' })
    }
  })
})

describe('roles and ownership', () => {
  it('a role not allowed for the call is 403 ERR_INSTITUTION_FORBIDDEN: a hotel takes no payment, police register no visit', async () => {
    expect(await signed(hotel, 'POST', '/medpay/settlements', { mdtrtId: 'M0', medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, { 'Idempotency-Key': 'hotel-key-0001' })).toMatchObject({ status: 403, code: 'ERR_INSTITUTION_FORBIDDEN' })
    expect(await signed(police, 'POST', '/medpay/visits', { paymentCode: 'CW1:X', medinsNo: PHARMACY }, { 'Idempotency-Key': 'police-key-001' })).toMatchObject({ status: 403, code: 'ERR_INSTITUTION_FORBIDDEN' })
    // 文件调用 is open to every registered role, but only under a holder's grant to it (file-grants.test.ts).
    expect(await signed(pharmacy, 'POST', '/file-retrievals', { grantId: 'fg-guessed' })).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' })
  })

  it('a 定点医药机构 acts only as itself: the clinic cannot register a visit or settle as the pharmacy', async () => {
    const p = await zhang()
    expect(await codeOf(api.medpay.registerVisit({ paymentCode: await p.code(), medinsNo: PHARMACY }, idem(), clinic.signer))).toBe('ERR_INSTITUTION_FORBIDDEN')
    const { visit } = await pendingAtPharmacy()
    expect(await codeOf(api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, idem(), clinic.signer))).toBe('ERR_INSTITUTION_FORBIDDEN')
    expect(await codeOf(api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: CLINIC, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, idem(), clinic.signer))).toBe('ERR_NOT_FOUND')
  })

  it("a settlement is read by its patient and its institution only: another institution, another holder and a guess get 404", async () => {
    const { patient, setl } = await pendingAtPharmacy()
    expect(await api.medpay.getSettlement(setl.setlId, pharmacy.signer)).toMatchObject({ setlId: setl.setlId, status: 'pending' })
    expect(await api.medpay.getSettlement(setl.setlId, { holder: patient.token })).toMatchObject({ setlId: setl.setlId, viewerRole: 'patient' })
    expect(await codeOf(api.medpay.getSettlement(setl.setlId, clinic.signer))).toBe('ERR_NOT_FOUND')
    const { auth } = await signInOverApi(api, '陈静', '110105199304120049', testDevice({ now: () => clock }))
    expect(await codeOf(api.medpay.getSettlement(setl.setlId, { holder: auth }))).toBe('ERR_NOT_FOUND')
    expect(await send('GET', `/medpay/settlements/${setl.setlId}`, undefined, null)).toMatchObject({ status: 401, code: 'ERR_INSTITUTION_SIGNATURE_MISSING' })
  })

  it('settlement ids are random: a second sale does not give away the first, and a neighbouring id is nobody\'s', async () => {
    const a = await pendingAtPharmacy()
    const b = await pendingAtPharmacy()
    const tail = (id: string) => id.slice(-16)
    expect(a.setl.setlId.slice(0, -16)).toBe(b.setl.setlId.slice(0, -16)) // region and date
    expect(tail(a.setl.setlId)).not.toBe(tail(b.setl.setlId))
    expect(tail(a.setl.setlId)).toMatch(/^[0-9A-Y]{16}$/)
    expect(tail(a.visit.mdtrtId)).not.toMatch(/^0+\d$/)
    const guess = a.setl.setlId.slice(0, -1) + (a.setl.setlId.endsWith('0') ? '1' : '0')
    expect(await codeOf(api.medpay.getSettlement(guess, pharmacy.signer))).toBe('ERR_NOT_FOUND')
  })

  it("refunds only by the institution that settled it: another institution's refund is 404 and moves no money", async () => {
    const { patient, setl } = await pendingAtPharmacy()
    await api.medpay.confirm(patient.token, setl.setlId, idem())
    const balance = (await api.medpay.account(patient.token)).balc
    expect(await codeOf(api.medpay.refund(setl.setlId, { medinsNo: CLINIC }, idem(), clinic.signer))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.medpay.refund(setl.setlId, { medinsNo: PHARMACY }, idem(), clinic.signer))).toBe('ERR_INSTITUTION_FORBIDDEN')
    expect((await api.medpay.account(patient.token)).balc).toBe(balance)
    expect(await api.medpay.refund(setl.setlId, { medinsNo: PHARMACY }, idem(), pharmacy.signer)).toMatchObject({ status: 'refunded' })
  })
})

describe('用证记录 name the registered verifier, never the body', () => {
  async function hotelCode() {
    const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(5) })
    const { auth, holderToken } = await signInOverApi(api, '张明华', '44010619900315001X', device)
    const batch = await api.issuePurposeCredentials(auth, 'hotel', device.publicJwk, 3)
    let n = 0
    return { code: () => createPresentation({ credentials: batch.sets[n++].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: nowSec() - 2, backend: joseBackend }), holderId: sim.internals.personByToken(holderToken)! }
  }

  it('a signed 上报 records the registration; a verifierName in the body changes nothing', async () => {
    const h = await hotelCode()
    const r = await signed(hotel, 'POST', '/verifications', { presentation: await h.code(), purpose: '入住登记', verifierName: '公安部', verifierRole: 'police' })
    expect(r).toMatchObject({ status: 200, json: { ok: true } })
    expect(sim.usage.list(h.holderId)[0]).toMatchObject({ channel: 'verification', verifier: { name: '广州天河花园酒店有限公司', role: 'hotel' } })
  })

  it('an unsigned verification answers but writes no record', async () => {
    const h = await hotelCode()
    expect(await api.verify(await h.code(), '入住登记')).toMatchObject({ ok: true })
    expect(sim.usage.list(h.holderId)).toHaveLength(0)
  })

  it("a signed verification outside the institution's registered purposes is refused (police checking a hotel code)", async () => {
    const h = await hotelCode()
    expect(await api.verify(await h.code(), '检查', police.signer)).toMatchObject({ ok: false, code: 'ERR_PURPOSE_MISMATCH' })
  })
})
