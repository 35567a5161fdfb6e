/**
 * Issue #11 item 8, from a stranger's side: 文件调用 only under the holder's grant, signed with a
 * registered device key, to a registered organisation, for a purpose it is registered for and a
 * bounded period; the organisation fetches a platform-signed 加注件 that verifies against the trust
 * list. Tried without holder auth, with someone else's token and device, a foreign device, a
 * replayed nonce (and its signature twin), an unregistered organisation or purpose, another
 * organisation holding the grant id, an expired (frozen clock), not-yet-valid or revoked grant, a
 * revoked certificate. Both sides' records.
 */
import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto/noble'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'
import { WalletError } from '../../../../src/services/errors'
import { verifyFileCopy } from '../../../../src/services/fileGrant'
import { verifyAnnotatedCopy, verifyOriginal } from '../../../../src/services/ofd'
import { base64urlDecode } from '../../../../src/services/encoding'
import { certRegistry } from '../../../../src/certs/registry'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { enrolOverHttp, INSTITUTIONS, type TestInstitution } from '../../../support/institution'
import { installMockApi } from '../../../support/mockApi'
import { holderFor, testDevice } from '../../../support/holderAuth'
import { grantFor } from '../../../support/fileGrant'
import { jwsTwin } from '../../../support/twins'

const DAY = 86400
const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const { sim } = installMockApi({ now: () => new Date(clock) })
const BASE = 'http://gov.test'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = () => Math.floor(clock / 1000)

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof WalletError) return e.code
    throw e
  }
  throw new Error('expected a rejection')
}

let hotel: TestInstitution
let police: TestInstitution
let employer: TestInstitution
type Holder = ReturnType<typeof holderFor>
let zhang: Holder
let chen: Holder
let zhangId: string
let chenDegree: string

beforeEach(async () => {
  clock = T0
  ;[hotel, police, employer] = await Promise.all((['hotel', 'police', 'employer'] as const).map((n) => enrolOverHttp(api, n, () => clock)))
  zhang = holderFor(sim, '张明华', '44010619900315001X')
  chen = holderFor(sim, '陈静', '110105199304120049')
  zhangId = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
  chenDegree = sim.listCertificates(chen.holderId).find((c) => c.kind === 'degree' && c.status === 'valid')!.certId
})

/** 张明华 grants the hotel his ID card for 入住 (7 days unless overridden). */
const hotelGrant = (over: Parameters<typeof grantFor>[1] extends infer C ? Partial<C> : never = {}) =>
  grantFor(zhang.device.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel', ...over }, nowSec())

async function trust() {
  return verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec())
}

describe('the holder grants, the organisation fetches a copy that exists', () => {
  it('a grant by the device key to the hotel: the hotel gets a platform-signed 加注件 with exactly the 入住 fields, watermark, purpose and expiry', async () => {
    const grant = await api.createFileGrant(zhang.auth, await hotelGrant())
    expect(grant).toMatchObject({ certId: zhangId, kind: 'id-card', institutionId: INSTITUTIONS.hotel, institutionName: '广州天河花园酒店有限公司', purpose: 'hotel', status: 'active', retrievals: 0 })
    expect(grant.grantId).toMatch(/^fg-[0-9a-f]{24}$/)
    expect(Date.parse(grant.expiresAt) - clock).toBe(7 * DAY * 1000)

    const r = await api.retrieveFile(grant.grantId, hotel.signer)
    expect(r).toMatchObject({ grantId: grant.grantId, certId: zhangId, purpose: 'hotel', verifierName: '广州天河花园酒店有限公司', expiresAt: grant.expiresAt })
    expect(r.watermark).toBe('仅供广州天河花园酒店有限公司用于酒店入住，2026-12-04前有效')

    const copy = await verifyFileCopy(r.copy, { trust: await trust(), backend: joseBackend, now: nowSec() })
    expect(copy).toMatchObject({ gid: grant.grantId, cid: zhangId, kind: 'id-card', pur: 'hotel', wm: r.watermark, exp: Date.parse(grant.expiresAt) / 1000, org: { id: INSTITUTIONS.hotel, name: '广州天河花园酒店有限公司' } })
    expect(Object.keys(copy.fields).sort()).toEqual(['address', 'ethnicity', 'id_number', 'name', 'portrait_hash'])
    expect(copy.fields.name).toBe('张明华')
    // The same copy verifies on the mini-program backend too.
    await expect(verifyFileCopy(r.copy, { trust: await trust(), backend: nobleBackend, now: nowSec() })).resolves.toMatchObject({ gid: grant.grantId })

    // Both sides see it: the holder's grant (one retrieval) and 用证记录; the hotel's own list; nobody else's.
    expect((await api.listFileGrants(zhang.auth)).items).toEqual([expect.objectContaining({ grantId: grant.grantId, retrievals: 1 })])
    expect((await api.listFileGrants(chen.auth)).items).toEqual([])
    const records = (await api.listUsageRecords(zhang.auth)).items
    expect(records[0]).toMatchObject({ channel: 'file-retrieval', purpose: '酒店入住', verifier: { name: '广州天河花园酒店有限公司', role: 'hotel' }, certIds: [zhangId], outcome: 'accepted' })
    expect(records[0].fields.sort()).toEqual(['address', 'ethnicity', 'id_number', 'name', 'portrait_hash'])
    expect((await api.listFileRetrievals(hotel.signer)).items).toEqual([{ retrievalId: r.retrievalId, grantId: grant.grantId, certId: zhangId, kind: 'id-card', purpose: 'hotel', retrievedAt: r.retrievedAt, expiresAt: r.expiresAt }])
    expect((await api.listFileRetrievals(police.signer)).items).toEqual([])
  })

  it('the 加注件 also comes as an OFD (#14 §3): the released fields only, the 加注 on every page, sealed by the platform; refused after its end', async () => {
    const grant = await api.createFileGrant(zhang.auth, await hotelGrant())
    const r = await api.retrieveFile(grant.grantId, hotel.signer)
    const bytes = base64urlDecode(r.ofd!)
    const t = await trust()
    const tm = { trust: t, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now: nowSec() }
    const v = await verifyAnnotatedCopy(bytes, tm)
    expect(v.copy).toMatchObject({ grantId: grant.grantId, orgName: '广州天河花园酒店有限公司', orgId: INSTITUTIONS.hotel, purposeLabel: '酒店入住', text: r.watermark })
    expect(v.metadata.certId).toBe(zhangId)
    expect(v.pages[0].annotations.map((o) => (o.type === 'text' ? o.text : ''))).toEqual([r.watermark, `授权编号 ${grant.grantId}`])
    const fieldNames = v.pages[0].objects.flatMap((o) => (o.type === 'text' && o.name?.startsWith('field:') ? [o.name.slice(6)] : []))
    expect(fieldNames.sort()).toEqual(['address', 'ethnicity', 'id_number', 'name'])
    expect(v.pages[0].objects.some((o) => o.type === 'text' && o.text === '男')).toBe(false)
    // The platform's seal is not an issuer's: the copy is no 原件, and a 原件 is no copy.
    expect(await codeOf(verifyOriginal(bytes, tm))).toBe('ERR_SEAL_SIGNER_NOT_LISTED')
    const original = base64urlDecode(sim.issueOriginal(zhang.holderId, zhangId).ofd)
    expect(await codeOf(verifyAnnotatedCopy(original, tm))).toBe('ERR_SEAL_SIGNER_NOT_LISTED')
    // Past the grant's end the copy is refused offline; the platform refuses a new fetch.
    expect(await codeOf(verifyAnnotatedCopy(bytes, { ...tm, now: Date.parse(grant.expiresAt) / 1000 + 1 }))).toBe('ERR_GRANT_EXPIRED')
    // Revoked: the next fetch is refused (410), whatever copy the desk kept says only until its end.
    await api.revokeFileGrant(zhang.auth, grant.grantId)
    expect(await codeOf(api.retrieveFile(grant.grantId, hotel.signer))).toBe('ERR_GRANT_REVOKED')
  })

  it('a grant signed on the mini-program backend (noble) is accepted the same', async () => {
    const jws = await grantFor(zhang.device.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec(), nobleBackend)
    expect(await api.createFileGrant(zhang.auth, jws)).toMatchObject({ status: 'active' })
  })
})

describe('creating a grant, from a stranger’s side', () => {
  it('no holder auth: 401 before the body is read; a bearer token without its DPoP proof: 401', async () => {
    const body = JSON.stringify({ grant: await hotelGrant() })
    const bare = await fetch(BASE + '/api/v1/holder/file-grants', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect(bare.status).toBe(401)
    expect(((await bare.json()) as { code: string }).code).toBe('ERR_UNAUTHORIZED')
    const noProof = await fetch(BASE + '/api/v1/holder/file-grants', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `DPoP ${zhang.holderToken}` }, body: '{not json' })
    expect(((await noProof.json()) as { code: string }).code).toBe('ERR_DPOP_REQUIRED')
    expect(sim.listFileGrants(zhang.holderId)).toEqual([])
  })

  it("someone else's holder token carrying my grant: ERR_GRANT_DEVICE (the key is not theirs, sub is not them)", async () => {
    expect(await codeOf(api.createFileGrant(chen.auth, await hotelGrant()))).toBe('ERR_GRANT_DEVICE')
    // Signed by chen's own registered key but claiming to be 张明华: still not.
    const asZhang = await grantFor(chen.device.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec())
    expect(await codeOf(api.createFileGrant(chen.auth, asZhang))).toBe('ERR_GRANT_DEVICE')
    // chen granting 张明华's card under her own name: not her certificate.
    const notHers = await grantFor(chen.device.privateJwk, { sub: chen.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec())
    expect(await codeOf(api.createFileGrant(chen.auth, notHers))).toBe('ERR_NOT_FOUND')
  })

  it("a grant signed by another device: an unknown key, someone else's phone, a phone deactivated as lost → ERR_GRANT_DEVICE", async () => {
    const stranger = testDevice({ now: () => clock })
    const byStranger = await grantFor(stranger.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec())
    expect(await codeOf(api.createFileGrant(zhang.auth, byStranger))).toBe('ERR_GRANT_DEVICE')
    const byChensPhone = await grantFor(chen.device.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec())
    expect(await codeOf(api.createFileGrant(zhang.auth, byChensPhone))).toBe('ERR_GRANT_DEVICE')
    // 张明华's old phone, registered to him and then deactivated as lost: its key grants nothing.
    const oldPhone = holderFor(sim, '张明华', '44010619900315001X')
    sim.deactivateDevice(zhang.holderId, jwkThumbprint(oldPhone.device.publicJwk))
    const byLostPhone = await grantFor(oldPhone.device.privateJwk, { sub: zhang.holderId, cid: zhangId, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec())
    expect(await codeOf(api.createFileGrant(zhang.auth, byLostPhone))).toBe('ERR_GRANT_DEVICE')
    expect(sim.listFileGrants(zhang.holderId)).toEqual([])
  })

  it('a forged or altered grant: ERR_GRANT_INVALID (signature, typ, stale iat, not a JWS)', async () => {
    const jws = await hotelGrant()
    const [h, p, s] = jws.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...payload, org: INSTITUTIONS.police, pur: 'traffic-stop' })).toString('base64url')}.${s}`
    expect(await codeOf(api.createFileGrant(zhang.auth, altered))).toBe('ERR_GRANT_INVALID')
    const header = JSON.parse(Buffer.from(h, 'base64url').toString())
    const retyped = `${Buffer.from(JSON.stringify({ ...header, typ: 'dpop+jwt' })).toString('base64url')}.${p}.${s}`
    expect(await codeOf(api.createFileGrant(zhang.auth, retyped))).toBe('ERR_GRANT_INVALID')
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ iat: nowSec() - 301, nbf: nowSec() })))).toBe('ERR_GRANT_INVALID')
    expect(await codeOf(api.createFileGrant(zhang.auth, 'not.a.grant'))).toBe('ERR_GRANT_INVALID')
    expect(sim.listFileGrants(zhang.holderId)).toEqual([])
  })

  it('a replayed grant: the same JWS, its signature twin, a new one with a used nonce → 409 ERR_GRANT_REPLAYED', async () => {
    const jws = await hotelGrant({ nonce: 'AAAAAAAAAAAAAAAAAAAAAA' })
    await api.createFileGrant(zhang.auth, jws)
    expect(await codeOf(api.createFileGrant(zhang.auth, jws))).toBe('ERR_GRANT_REPLAYED')
    expect(await codeOf(api.createFileGrant(zhang.auth, jwsTwin(jws)))).toBe('ERR_GRANT_REPLAYED')
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ nonce: 'AAAAAAAAAAAAAAAAAAAAAA', exp: nowSec() + DAY })))).toBe('ERR_GRANT_REPLAYED')
    expect(sim.listFileGrants(zhang.holderId)).toHaveLength(1)
  })

  it('an unregistered organisation, a purpose it is not registered for, a certificate with no fields for the purpose', async () => {
    // A well-formed 统一社会信用代码 that is not in the registry.
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ org: '124401064554367084' })))).toBe('ERR_GRANT_ORG_UNKNOWN')
    // The hotel is registered for 入住 and 年龄核验, not 学历核验.
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ pur: 'degree' })))).toBe('ERR_GRANT_PURPOSE')
    // The police are registered for 交警查验, for which an ID card has no preset.
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ org: INSTITUTIONS.police, pur: 'traffic-stop' })))).toBe('ERR_GRANT_PURPOSE')
    // And the employer for 学历核验 of a degree: granted.
    const degree = await grantFor(chen.device.privateJwk, { sub: chen.holderId, cid: chenDegree, org: INSTITUTIONS.employer, pur: 'degree' }, nowSec())
    expect(await api.createFileGrant(chen.auth, degree)).toMatchObject({ institutionName: '广州云帆信息科技有限公司', purpose: 'degree' })
  })

  it('the period is bounded: over 30 days, empty, or already over → ERR_GRANT_PERIOD; 30 days passes', async () => {
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ exp: nowSec() + 30 * DAY + 1 })))).toBe('ERR_GRANT_PERIOD')
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ exp: nowSec() })))).toBe('ERR_GRANT_PERIOD')
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant({ nbf: nowSec() - 10 * DAY, exp: nowSec() - DAY })))).toBe('ERR_GRANT_PERIOD')
    expect(await api.createFileGrant(zhang.auth, await hotelGrant({ exp: nowSec() + 30 * DAY }))).toMatchObject({ status: 'active' })
  })

  it('a revoked certificate cannot be granted (409 ERR_CERT_REVOKED)', async () => {
    sim.revoke(zhangId)
    expect(await codeOf(api.createFileGrant(zhang.auth, await hotelGrant()))).toBe('ERR_CERT_REVOKED')
  })
})

describe('fetching, from a stranger’s side', () => {
  let grantId: string
  beforeEach(async () => {
    grantId = (await api.createFileGrant(zhang.auth, await hotelGrant())).grantId
  })

  it('another organisation holding the grant id: 404 ERR_NOT_FOUND, nothing released or recorded', async () => {
    expect(await codeOf(api.retrieveFile(grantId, police.signer))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.retrieveFile(grantId, employer.signer))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.retrieveFile('fg-000000000000000000000000', hotel.signer))).toBe('ERR_NOT_FOUND')
    expect(sim.listFileGrants(zhang.holderId)[0].retrievals).toBe(0)
    expect(sim.usage.list(zhang.holderId)).toEqual([])
  })

  it('without an institution signature: 401, before the body is read', async () => {
    const res = await fetch(BASE + '/api/v1/file-retrievals', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grantId }) })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_INSTITUTION_SIGNATURE_MISSING')
  })

  it('an expired grant (clock frozen past its end): 410 ERR_GRANT_EXPIRED, the holder sees the refused fetch', async () => {
    clock = T0 + 7 * DAY * 1000 - 1000
    await expect(api.retrieveFile(grantId, hotel.signer)).resolves.toMatchObject({ grantId })
    clock = T0 + 7 * DAY * 1000 + 1000
    expect(await codeOf(api.retrieveFile(grantId, hotel.signer))).toBe('ERR_GRANT_EXPIRED')
    // (the holder's 15-min token is long gone by now: read the platform's record directly)
    expect(sim.listFileGrants(zhang.holderId)[0]).toMatchObject({ status: 'expired', retrievals: 1 })
    expect(sim.usage.list(zhang.holderId).map((r) => r.outcome)).toEqual(['rejected', 'accepted'])
  })

  it('a copy verified after its expiry is refused (ERR_GRANT_EXPIRED)', async () => {
    const r = await api.retrieveFile(grantId, hotel.signer)
    const t = await trust()
    await expect(verifyFileCopy(r.copy, { trust: t, backend: joseBackend, now: nowSec() + 7 * DAY + 1 })).rejects.toMatchObject({ code: 'ERR_GRANT_EXPIRED' })
  })

  it('a grant that starts tomorrow: 409 ERR_GRANT_NOT_YET_VALID until then', async () => {
    const later = (await api.createFileGrant(zhang.auth, await hotelGrant({ nbf: nowSec() + DAY, exp: nowSec() + 2 * DAY }))).grantId
    expect(await codeOf(api.retrieveFile(later, hotel.signer))).toBe('ERR_GRANT_NOT_YET_VALID')
    expect(sim.listFileGrants(zhang.holderId).find((g) => g.grantId === later)!.status).toBe('pending')
    clock = T0 + DAY * 1000 + 1000
    await expect(api.retrieveFile(later, hotel.signer)).resolves.toMatchObject({ grantId: later })
  })

  it('a revoked grant: 410 ERR_GRANT_REVOKED; only its holder can revoke it', async () => {
    expect(await codeOf(api.revokeFileGrant(chen.auth, grantId))).toBe('ERR_NOT_FOUND')
    const revoked = await api.revokeFileGrant(zhang.auth, grantId)
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: new Date(clock).toISOString() })
    expect(await codeOf(api.retrieveFile(grantId, hotel.signer))).toBe('ERR_GRANT_REVOKED')
    // Idempotent: revoking again keeps the first time.
    clock += 60_000
    expect((await api.revokeFileGrant(zhang.auth, grantId)).revokedAt).toBe(revoked.revokedAt)
  })

  it('a certificate revoked by its issuer after the grant: 409 ERR_CERT_REVOKED', async () => {
    expect((await api.admin.revoke(DEMO_ADMIN_TOKEN, zhangId)).status).toBe('revoked')
    expect(await codeOf(api.retrieveFile(grantId, hotel.signer))).toBe('ERR_CERT_REVOKED')
  })

  it('a grant can only be fetched by what the holder asked: no holder token opens it either', async () => {
    // A holder call is not an institution call: the holder's own token is no signature.
    const res = await fetch(BASE + '/api/v1/file-retrievals', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `DPoP ${zhang.holderToken}` }, body: JSON.stringify({ grantId }) })
    expect(res.status).toBe(401)
  })
})
