/**
 * Verifier mode and bearer credentials (CWP1), against the real simulator handlers, clock frozen:
 * a paper credential green for the desks that take it (with the 请核对本人证件 note), red for the
 * others, red with the right reason after the holder revokes it and the material is updated; a
 * degree share's signed degree green for an employer; shown twice, still green (no replay check).
 */
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { createVerifierStore, type VerifierResult } from '../../../../src/subpackages/verifier/store/verifierStore'
import { bearerFailureReason } from '../../../../src/subpackages/verifier/components/BearerNote'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'
import { activationCodeOf } from '../../../support/institution'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T10:35:00Z')
let nowMs = T0
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})

function verifier(backend: CryptoBackend) {
  const storage = memoryStorage()
  const store = createVerifierStore({
    api: createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 }),
    backend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage
  })
  return { store, storage }
}

function holderId(id: string) {
  const p = SEED_PEOPLE.find((x) => x.id === id)!
  return sim.internals.tokenForTests(p.name, p.idNumber).holderId
}
const certOf = (holder: string, kind: string) => sim.listCertificates(holder).find((c) => c.kind === kind)!.certId

const red = (r: VerifierResult) => {
  if (r.ok) throw new Error('expected red')
  return r
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('bearer credentials in verifier mode (%s)', (_n, backend) => {
  it('paper 医保 credential: green at the pharmacy with the masked number and the note data; red (wrong role) at the traffic stop', async () => {
    const zhang = holderId('p-zhang')
    const paper = await sim.issuePaperCredential(zhang, certOf(zhang, 'medical-insurance'))
    const { store, storage } = verifier(backend)
    store.getState().setRole('pharmacy')
    expect(await store.getState().refreshMaterial()).toBe(true)
    const r = await store.getState().verify(paper.credential)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.view.bearer).toMatchObject({ use: 'paper', ref: paper.paperId })
    expect(r.view.purpose).toBeNull()
    const fields = Object.fromEntries(r.view.certs[0].fields.map((f) => [f.name, f.value]))
    expect(fields).toEqual({ name: '张明华', id_number: '440106********001X', insured_region: expect.any(String), insurance_type: expect.any(String) })
    // Shown again (a paper is shown many times): still green.
    await expect(store.getState().verify(paper.credential)).resolves.toMatchObject({ ok: true })
    expect(store.getState().log.slice(0, 2).map((e) => [e.ok, e.code, e.purpose])).toEqual([[true, 'OK', null], [true, 'OK', null]])
    expect(JSON.stringify(storage.data)).not.toContain('张明华')

    store.getState().setRole('police')
    const wrong = red(await store.getState().verify(paper.credential))
    expect(wrong.code).toBe('ERR_PURPOSE_MISMATCH')
  })

  it('revoked by the holder: red with 该纸质凭证已被持证人作废 after 更新核验数据', async () => {
    const zhang = holderId('p-zhang')
    const paper = await sim.issuePaperCredential(zhang, certOf(zhang, 'id-card'))
    const { store } = verifier(backend)
    store.getState().setRole('hotel')
    await store.getState().refreshMaterial()
    await expect(store.getState().verify(paper.credential)).resolves.toMatchObject({ ok: true })
    sim.revokePaperCredential(zhang, paper.paperId)
    nowMs += 60_000
    expect(await store.getState().refreshMaterial()).toBe(true)
    const r = red(await store.getState().verify(paper.credential))
    expect(r).toMatchObject({ code: 'ERR_CERT_REVOKED', bearer: { use: 'paper', revoked: 'bearer' } })
    expect(bearerFailureReason(r)).toBe('该纸质凭证已被持证人作废')
  })

  it('degree share: the signed degree is green for an employer (certificate numbers whole), red at a hotel; revoked → red', async () => {
    const chen = holderId('p-chen')
    const share = await sim.createDegreeShare(chen, certOf(chen, 'degree'), 90)
    const { credential } = await sim.checkDegreeShare(share.code)
    const { store } = verifier(backend)
    store.getState().setRole('employer')
    await store.getState().refreshMaterial()
    const r = await store.getState().verify(credential!)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.view).toMatchObject({ purpose: 'degree', bearer: { use: 'degree-share', ref: share.code } })
    const number = r.view.certs[0].fields.find((f) => f.name === 'certificate_number')!
    expect(number).toMatchObject({ revealed: true })
    expect(number.value).not.toContain('*')

    store.getState().setRole('hotel')
    expect(red(await store.getState().verify(credential!)).code).toBe('ERR_PURPOSE_MISMATCH')

    store.getState().setRole('employer')
    sim.revokeDegreeShare(chen, share.code)
    nowMs += 60_000
    await store.getState().refreshMaterial()
    const revoked = red(await store.getState().verify(credential!))
    expect(bearerFailureReason(revoked)).toBe('该学历验证码已被持证人撤销')
  })
})

describe('上报: the result on screen, re-checked online and recorded for the holder', () => {
  function withReport() {
    const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
    return createVerifierStore({
      api,
      reportApi: api,
      institutionApi: api,
      backend: joseBackend,
      registry: certRegistry,
      rootKeys: PINNED_ROOT_KEYS,
      randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
      now: () => nowMs,
      storage: memoryStorage()
    })
  }

  it('未登记核验方: checks offline, but 上报 needs enrolment (ERR_NOT_ENROLLED) and nothing is recorded', async () => {
    const zhang = holderId('p-zhang')
    const paper = await sim.issuePaperCredential(zhang, certOf(zhang, 'medical-insurance'))
    const store = withReport()
    store.getState().setRole('pharmacy')
    await store.getState().refreshMaterial()
    expect((await store.getState().verify(paper.credential)).ok).toBe(true)
    expect(store.getState().enrolment).toBeNull()
    expect(await store.getState().reportResult('门诊购药')).toBe(false)
    expect(store.getState().report).toEqual({ status: 'failed', code: 'ERR_NOT_ENROLLED' })
    expect(sim.usage.list(zhang)).toHaveLength(0)
  })

  it('a paper accepted at the pharmacy is reported under its registered name; 用证事由 required; nothing after 完成', async () => {
    const zhang = holderId('p-zhang')
    const paper = await sim.issuePaperCredential(zhang, certOf(zhang, 'medical-insurance'))
    const store = withReport()
    expect(await store.getState().enrol('NOPE-NOPE-NOPE')).toBe(false)
    expect(store.getState().enrolError).toBe('ERR_ACTIVATION_CODE_INVALID')
    expect(await store.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
    // The role is the registration's now; another cannot be chosen.
    expect(store.getState().role).toBe('pharmacy')
    store.getState().setRole('hotel')
    expect(store.getState().role).toBe('pharmacy')
    await store.getState().refreshMaterial()
    expect(store.getState().institutionRegistry?.jws).toMatch(/^ey/)
    await store.getState().verify(paper.credential)
    expect(await store.getState().reportResult('  ')).toBe(false)
    expect(store.getState().report).toEqual({ status: 'failed', code: 'ERR_PURPOSE_REQUIRED' })
    expect(await store.getState().reportResult('门诊购药')).toBe(true)
    expect(store.getState().report).toEqual({ status: 'done', ok: true, code: 'OK' })
    expect(sim.usage.list(zhang)[0]).toMatchObject({ purpose: '门诊购药', verifier: { name: '康民大药房（天河店）', role: 'pharmacy' }, outcome: 'accepted' })
    store.getState().dismissResult()
    expect(await store.getState().reportResult('门诊购药')).toBe(false)
    expect(sim.usage.list(zhang)).toHaveLength(1)
  })

  it('an enrolment the root-signed registry no longer lists (another device re-enrolled) ends at the next update', async () => {
    const store = withReport()
    expect(await store.getState().enrol(activationCodeOf('hotel'))).toBe(true)
    await store.getState().refreshMaterial()
    expect(store.getState().enrolment).not.toBeNull()
    const { activationCode } = sim.issueActivationCode('91440106MA5CXK3L2H')
    sim.enrolInstitution(activationCode, keyPairFromSecret(new Uint8Array(48).fill(4)).publicJwk)
    nowMs += 60_000
    await store.getState().refreshMaterial()
    expect(store.getState().enrolment).toBeNull()
    expect(store.getState().enrolError).toBe('ERR_INSTITUTION_UNKNOWN')
  })

  it('a store without reportApi never reports', async () => {
    const zhang = holderId('p-zhang')
    const paper = await sim.issuePaperCredential(zhang, certOf(zhang, 'id-card'))
    const { store } = verifier(joseBackend)
    store.getState().setRole('hotel')
    await store.getState().refreshMaterial()
    await store.getState().verify(paper.credential)
    expect(await store.getState().reportResult('入住登记')).toBe(false)
    expect(sim.usage.list(zhang)).toHaveLength(0)
  })
})

describe('a 学历验证码 typed into verifier mode (online)', () => {
  const online = () => {
    const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
    return createVerifierStore({
      api,
      reportApi: api,
      institutionApi: api,
      backend: nobleBackend,
      registry: certRegistry,
      rootKeys: PINNED_ROOT_KEYS,
      randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
      now: () => nowMs,
      storage: memoryStorage()
    })
  }

  it('resolves to the signed degree: green for an employer; revoked → red with the reason; unknown → ERR_NOT_FOUND', async () => {
    const chen = holderId('p-chen')
    const share = await sim.createDegreeShare(chen, certOf(chen, 'degree'), 30)
    const store = online()
    expect(await store.getState().enrol(activationCodeOf('employer'))).toBe(true)
    expect(store.getState().role).toBe('employer')
    await store.getState().refreshMaterial()
    const typed = share.code.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ')
    const r = await store.getState().verify(typed)
    expect(r).toMatchObject({ ok: true, view: { bearer: { use: 'degree-share', ref: share.code } } })
    // 上报 sends the signed degree, not the code.
    expect(await store.getState().reportResult('入职学历审核')).toBe(true)
    expect(store.getState().report).toMatchObject({ status: 'done', ok: true })

    sim.revokeDegreeShare(chen, share.code)
    const revoked = red(await store.getState().verify(share.code))
    expect(revoked).toMatchObject({ code: 'ERR_CERT_REVOKED', bearer: { use: 'degree-share', revoked: 'bearer' } })
    expect(bearerFailureReason(revoked)).toBe('该学历验证码已被持证人撤销')
    expect(red(await store.getState().verify('ZZZZ ZZZZ ZZZZ ZZZZ')).code).toBe('ERR_NOT_FOUND')
  })

  it('without the online API (a store built offline-only) a code is ERR_NETWORK', async () => {
    const chen = holderId('p-chen')
    const share = await sim.createDegreeShare(chen, certOf(chen, 'degree'), 30)
    const { store } = verifier(joseBackend)
    store.getState().setRole('employer')
    await store.getState().refreshMaterial()
    expect(red(await store.getState().verify(share.code)).code).toBe('ERR_NETWORK')
  })
})
