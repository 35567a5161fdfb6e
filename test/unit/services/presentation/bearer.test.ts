/**
 * Bearer credentials (CWP1): the paper credential and the degree share, issued by the simulator,
 * checked offline with cached trust and status material on both crypto backends; revocation by the
 * holder through the status list; the public share check; and online 核验 (SD-JWT, CW1, CWP1) plus
 * 文件调用 landing in the holder's 用证记录 with purpose, verifier, fields and outcome.
 */
import QRCode from 'qrcode'
import { createSimulator, SimulatorError } from '../../../../mock/simulator'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlDecode } from '../../../../src/services/encoding'
import { certRegistry } from '../../../../src/certs/registry'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { createPresentation, verifyBearerCredential, readBearerCredential, signBearerCredential, type BearerContext } from '../../../../src/services/presentation'
import { base45Decode, base45Encode } from '../../../../src/services/presentation/base45'
import { BEARER_PREFIX } from '../../../../src/services/presentation/bearerCredential'
import { addKeyBinding } from '../../../../src/services/sdjwt/issue'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const DAY = 86400
const PEOPLE = { zhang: ['张明华', '44010619900315001X'], chen: ['陈静', '110105199304120049'] } as const

/** Registered institutions as the simulator hands them to `verify` after a signed call. */
const HOTEL = { id: '91440106MA5CXK3L2H', name: '如家酒店（天河店）', role: 'hotel', purposes: ['hotel', 'age-over-18'] } as const
const PHARMACY = { id: '52440106MJL1083N62', name: '大参林药店', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'P44010600512' } as const
const inst = <T extends { purposes: readonly string[] }>(i: T) => ({ ...i, purposes: [...i.purposes] })

async function setup(backend: CryptoBackend) {
  let now = NOW
  const sim = createSimulator({ now: () => new Date(now * 1000) })
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, backend, NOW)
  const holder = (who: keyof typeof PEOPLE) => {
    return sim.internals.tokenForTests(PEOPLE[who][0], PEOPLE[who][1]).holderId
  }
  const certOf = (holderId: string, kind: string) => sim.listCertificates(holderId).find((c) => c.kind === kind)!.certId
  const lists = new Map<string, Awaited<ReturnType<typeof verifyStatusListJwt>>>()
  /** The verifier's 更新核验数据: status lists as they are now. */
  const snapshotStatus = async () => {
    for (const id of ['gd-gat', 'bj-gaj', 'nhsa', 'chesicc']) lists.set(id, await verifyStatusListJwt(await sim.statusList(id), { trust, backend, nowSeconds: now }))
  }
  await snapshotStatus()
  const ctx = (over: Partial<BearerContext> = {}): BearerContext => ({
    trust,
    registry: certRegistry,
    backend,
    now,
    status: async ({ listId, idx }) => lists.get(listId)?.list.statusAt(idx) ?? 'unknown',
    ...over
  })
  return { sim, holder, certOf, snapshotStatus, ctx, setNow: (t: number) => (now = t) }
}

const rejects = (p: Promise<unknown>, code: string, detail?: string) =>
  expect(p).rejects.toEqual(expect.objectContaining(detail ? { code, detail } : { code }))

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('bearer credentials on %s', (_n, backend) => {
  it('a paper ID credential: few fields, the ID number masked by the issuer, one year, fits a small QR', async () => {
    const t = await setup(backend)
    const zhang = t.holder('zhang')
    const paper = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))
    expect(paper.credential.startsWith(BEARER_PREFIX)).toBe(true)
    expect(Date.parse(paper.expiresAt) / 1000 - NOW).toBe(365 * DAY)
    const v = await verifyBearerCredential(paper.credential, t.ctx())
    expect(v).toMatchObject({ use: 'paper', kind: 'id-card', ref: paper.paperId, checks: { issuerSignature: true, status: 'valid' } })
    expect(v.claims).toEqual({ name: '张明华', sex: '男', id_number: '440106********001X' })
    expect(paper.credential).not.toContain('19900315')
    // Printed at level M like every QR of the app (src/components/QrCanvas): a small code for a sharp print.
    const qr = QRCode.create([{ data: paper.credential, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' })
    expect(qr.version).toBeLessThanOrEqual(9)
  })

  it('the holder revokes the paper: red with bearer-revoked once the verifier has the new status list', async () => {
    const t = await setup(backend)
    const zhang = t.holder('zhang')
    const paper = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))
    expect(t.sim.revokePaperCredential(zhang, paper.paperId)).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) })
    // Offline with yesterday's lists: still green (the verifier's material decides, as for any status).
    await expect(verifyBearerCredential(paper.credential, t.ctx())).resolves.toMatchObject({ use: 'paper' })
    await t.snapshotStatus()
    await rejects(verifyBearerCredential(paper.credential, t.ctx()), 'ERR_CERT_REVOKED', 'bearer-revoked')
    expect(t.sim.listPaperCredentials(zhang).map((p) => p.status)).toEqual(['revoked'])
    // Another paper of the same card is unaffected.
    const second = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))
    await t.snapshotStatus()
    await expect(verifyBearerCredential(second.credential, t.ctx())).resolves.toMatchObject({ ref: second.paperId })
  })

  it('a cancelled ID card takes its paper with it (cert-revoked); a year on the paper has expired', async () => {
    const t = await setup(backend)
    const zhang = t.holder('zhang')
    const paper = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))
    t.sim.revoke(t.certOf(zhang, 'id-card'))
    await t.snapshotStatus()
    await rejects(verifyBearerCredential(paper.credential, t.ctx()), 'ERR_CERT_REVOKED', 'cert-revoked')
    expect(t.sim.listPaperCredentials(zhang)[0].status).toBe('revoked')

    const t2 = await setup(backend)
    const z2 = t2.holder('zhang')
    const p2 = await t2.sim.issuePaperCredential(z2, t2.certOf(z2, 'medical-insurance'))
    await expect(verifyBearerCredential(p2.credential, t2.ctx({ now: NOW + 365 * DAY }))).resolves.toMatchObject({ kind: 'medical-insurance' })
    await rejects(verifyBearerCredential(p2.credential, t2.ctx({ now: NOW + 365 * DAY + 31 })), 'ERR_CERT_EXPIRED')
  })

  it('refuses a tampered field, an unknown issuer, a kind the desk does not take, and garbage', async () => {
    const t = await setup(backend)
    const zhang = t.holder('zhang')
    const paper = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))
    const { bodyBytes } = readBearerCredential(paper.credential, certRegistry)
    const bytes = base45Decode(paper.credential.slice(BEARER_PREFIX.length))
    // Change one character of the name (the last bytes of the body are the claims).
    const i = bytes.indexOf(0xe6, bodyBytes.length - 40)
    const tampered = Uint8Array.from(bytes)
    tampered[i + 2] ^= 1
    await rejects(verifyBearerCredential(BEARER_PREFIX + base45Encode(tampered), t.ctx()), 'ERR_SIGNATURE_INVALID')

    // The same body signed by a key no trust list names.
    const stranger = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const { body } = readBearerCredential(paper.credential, certRegistry)
    const foreign = await signBearerCredential(body, { ...stranger.privateJwk, kid: 'xx-forger-2026' }, certRegistry, backend)
    await rejects(verifyBearerCredential(foreign, t.ctx()), 'ERR_KID_UNKNOWN')

    await rejects(verifyBearerCredential(paper.credential, t.ctx({ accepts: (_use, kind) => kind === 'medical-insurance' })), 'ERR_PURPOSE_MISMATCH', 'verifier-role')
    await rejects(verifyBearerCredential('CWP1:%%%', t.ctx()), 'ERR_BASE64')
    await rejects(verifyBearerCredential('CWP1:' + base45Encode(new Uint8Array(80)), t.ctx()), 'ERR_MALFORMED')
    await rejects(verifyBearerCredential(paper.credential + 'X'.repeat(3000), t.ctx()), 'ERR_TOO_LARGE')
  })
})

describe('the simulator refuses what makes no sense', () => {
  it('no paper for a driving licence, none for someone else\'s card, none for a cancelled card', async () => {
    const t = await setup(joseBackend)
    const zhang = t.holder('zhang')
    const chen = t.holder('chen')
    await expect(t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'driving-licence'))).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST', status: 400 })
    await expect(t.sim.issuePaperCredential(chen, t.certOf(zhang, 'id-card'))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 })
    t.sim.revoke(t.certOf(zhang, 'id-card'))
    await expect(t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'id-card'))).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED', status: 409 })
    expect(() => t.sim.revokePaperCredential(chen, 'PNOSUCHONE')).toThrow(SimulatorError)
  })
})

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('degree sharing on %s', (_n, backend) => {
  it('a code valid 30–180 days: public check shows it valid with a signed degree that verifies offline', async () => {
    const t = await setup(backend)
    const chen = t.holder('chen')
    const degreeId = t.certOf(chen, 'degree')
    await expect(t.sim.createDegreeShare(chen, degreeId, 29)).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST' })
    await expect(t.sim.createDegreeShare(chen, degreeId, 181)).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST' })
    await expect(t.sim.createDegreeShare(chen, t.certOf(chen, 'id-card'), 60)).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST' })
    const share = await t.sim.createDegreeShare(chen, degreeId, 60)
    expect(share.code).toMatch(/^[A-HJ-NP-Z2-9]{16}$/)
    expect((Date.parse(share.expiresAt) - Date.parse(share.createdAt)) / 1000).toBe(60 * DAY)

    // Typed by a person: lower case, spaces and dashes are fine.
    const typed = share.code.toLowerCase().replace(/(.{4})(?!$)/g, '$1-')
    const check = await t.sim.checkDegreeShare(typed)
    expect(check).toMatchObject({ code: share.code, status: 'valid', credential: expect.stringMatching(/^CWP1:/) })
    await t.snapshotStatus()
    const v = await verifyBearerCredential(check.credential!, t.ctx({ accepts: (use, kind) => use === 'degree-share' && kind === 'degree' }))
    expect(v).toMatchObject({ use: 'degree-share', kind: 'degree', ref: share.code })
    expect(v.claims).toMatchObject({ name: '陈静', school: expect.any(String), degree_type: expect.any(String) })
    expect(Object.keys(v.claims)).not.toContain('id_number')
    expect(Object.keys(v.claims)).not.toContain('birth_date')
  })

  it('revoked: the check says so and gives no credential; the signed degree turns red offline; 60 days on: expired', async () => {
    const t = await setup(backend)
    const chen = t.holder('chen')
    const share = await t.sim.createDegreeShare(chen, t.certOf(chen, 'degree'), 60)
    const { credential } = await t.sim.checkDegreeShare(share.code)
    expect(t.sim.revokeDegreeShare(chen, share.code).status).toBe('revoked')
    const after = await t.sim.checkDegreeShare(share.code)
    expect(after.status).toBe('revoked')
    expect(after.credential).toBeUndefined()
    await t.snapshotStatus()
    await rejects(verifyBearerCredential(credential!, t.ctx()), 'ERR_CERT_REVOKED', 'bearer-revoked')
    expect(t.sim.listDegreeShares(chen).map((s) => s.status)).toEqual(['revoked'])

    const share2 = await t.sim.createDegreeShare(chen, t.certOf(chen, 'degree'), 30)
    t.setNow(NOW + 30 * DAY + 1)
    await expect(t.sim.checkDegreeShare(share2.code)).resolves.toMatchObject({ status: 'expired' })
    await expect(t.sim.checkDegreeShare('ZZZZZZZZZZZZZZZZ')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 })
  })
})

describe('online 核验 and 文件调用 reach the holder\'s 用证记录', () => {
  it('CW1: accepted with the exact fields, then the same proof again rejected as replayed; both recorded', async () => {
    const t = await setup(joseBackend)
    const zhang = t.holder('zhang')
    const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const batch = await t.sim.issuePurposeCredentials(zhang, 'hotel', device.publicJwk, 1)
    const qr = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: NOW - 2, backend: joseBackend })
    await expect(t.sim.verify(qr, '   ')).rejects.toMatchObject({ code: 'ERR_PURPOSE_REQUIRED' })
    await expect(t.sim.verify(qr, '入住登记', inst(HOTEL))).resolves.toMatchObject({ ok: true, code: 'OK', kind: 'id-card' })
    await expect(t.sim.verify(qr, '入住登记', inst(HOTEL))).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    const records = t.sim.usage.list(zhang)
    expect(records).toHaveLength(2)
    expect(records[1]).toMatchObject({
      channel: 'verification',
      purpose: '入住登记',
      verifier: { name: '如家酒店（天河店）', role: 'hotel' },
      kinds: ['id-card'],
      certIds: [t.certOf(zhang, 'id-card')],
      outcome: 'accepted'
    })
    expect(records[1].fields.sort()).toEqual(['address', 'ethnicity', 'id_number', 'name', 'portrait_hash'])
    expect(records[0]).toMatchObject({ outcome: 'rejected' })
  })

  it('CW1 from a deactivated phone is rejected and recorded; garbage names nobody and records nothing', async () => {
    const t = await setup(joseBackend)
    const zhang = t.holder('zhang')
    const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const batch = await t.sim.issuePurposeCredentials(zhang, 'age-over-18', device.publicJwk, 1)
    const d = t.sim.listDevices(zhang)[0]
    t.sim.deactivateDevice(zhang, d.deviceId)
    const qr = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: NOW - 2, backend: joseBackend })
    await expect(t.sim.verify(qr, '购酒年龄核验', inst(HOTEL))).resolves.toMatchObject({ ok: false, code: 'ERR_DEVICE_DEACTIVATED' })
    await expect(t.sim.verify('CW1:NOTHING', '购酒年龄核验', inst(HOTEL))).resolves.toMatchObject({ ok: false, code: 'ERR_BASE64' })
    const records = t.sim.usage.list(zhang)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ outcome: 'rejected', verifier: { name: '如家酒店（天河店）', role: 'hotel' }, fields: [] })
  })

  it('CWP1 paper and SD-JWT are checked online too; a revoked paper is rejected', async () => {
    const t = await setup(joseBackend)
    const zhang = t.holder('zhang')
    const paper = await t.sim.issuePaperCredential(zhang, t.certOf(zhang, 'medical-insurance'))
    await expect(t.sim.verify(paper.credential, '门诊购药', inst(PHARMACY))).resolves.toMatchObject({ ok: true, kind: 'medical-insurance', issuerName: '国家医疗保障局' })
    t.sim.revokePaperCredential(zhang, paper.paperId)
    await expect(t.sim.verify(paper.credential, '门诊购药', inst(PHARMACY))).resolves.toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
    const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const sd = await t.sim.issueCredential(zhang, t.certOf(zhang, 'id-card'), device.publicJwk)
    // A device-bound SD-JWT is checked online with its key binding (without one: ERR_KB_MISSING),
    // made for the verifier that checks it (`aud`: its 统一社会信用代码).
    const presented = await addKeyBinding(sd.credential, device.privateJwk, { aud: inst(HOTEL).id, nonce: 'n-1', iat: NOW - 5 }, joseBackend)
    await expect(t.sim.verify(presented, '政务办理', inst(HOTEL))).resolves.toMatchObject({ ok: true, kind: 'id-card' })
    const records = t.sim.usage.list(zhang)
    expect(records.map((r) => [r.purpose, r.outcome])).toEqual([
      ['政务办理', 'accepted'],
      ['门诊购药', 'rejected'],
      ['门诊购药', 'accepted']
    ])
    expect(records[2].fields.sort()).toEqual(['id_number', 'insurance_type', 'insured_region', 'name'])
  })

  it('a public share check is recorded with purpose and fields (文件调用: file-grants.test.ts)', async () => {
    const t = await setup(joseBackend)
    const chen = t.holder('chen')
    const degreeId = t.certOf(chen, 'degree')
    const share = await t.sim.createDegreeShare(chen, degreeId, 90)
    await t.sim.checkDegreeShare(share.code)
    const [check] = t.sim.usage.list(chen)
    expect(check).toMatchObject({ channel: 'verification', purpose: '学历验证码查验', verifier: null, outcome: 'accepted' })
    expect(check.fields).toContain('school')
  })
})
