/**
 * The verifier store against the real simulator handlers (msw/node), clock frozen: material
 * downloaded and verified while online, CW1 presentations verified offline from it, every red
 * answer by its code, and nothing personal in what is persisted.
 */
import { SEED_ISSUERS, SEED_PEOPLE } from '../../../../mock/simulator'
import { createApiClient, createFetchTransport, type HttpTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlDecode } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import { createPresentation } from '../../../../src/services/presentation'
import { parseVerifierChallenge } from '../../../../src/services/wallet/purposeCredentials'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import type { PurposeId } from '../../../../src/certs/types'
import { asOfText } from '../../../../src/components/timeText'
import { createVerifierStore, LOG_LIMIT, tryParseVerifier, VERIFIER_DEFAULTS, type VerifierResult } from '../../../../src/subpackages/verifier/store/verifierStore'
import { materialAge } from '../../../../src/subpackages/verifier/model/verifierMaterial'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T10:35:00Z') // 18:35 in Beijing
const HOUR = 3600_000
const DAY = 24 * HOUR
let nowMs = T0
const { sim, failures } = installMockApi({ now: () => new Date(nowMs) })

afterEach(() => {
  nowMs = T0
})

const ZHANG = SEED_PEOPLE.find((p) => p.id === 'p-zhang')!

/** fetch to the simulator, or — with `net.offline` — no answer at all, as at a roadside without signal. */
function switchableTransport() {
  const fetchTransport = createFetchTransport()
  const net = { offline: false, requests: 0 }
  const transport: HttpTransport = (req) => {
    net.requests++
    if (net.offline) return { response: Promise.reject(new WalletError('ERR_NETWORK', { detail: 'offline' })), abort() {} }
    return fetchTransport(req)
  }
  return { net, transport }
}

function setup(opts: { backend?: CryptoBackend; storage?: ReturnType<typeof memoryStorage>; knownStatusListIds?: string[] } = {}) {
  const backend = opts.backend ?? joseBackend
  const storage = opts.storage ?? memoryStorage()
  const { net, transport } = switchableTransport()
  const api = createApiClient({ baseUrl: BASE, request: transport, sleep: async () => {}, maxRetries: 0 })
  const make = () =>
    createVerifierStore({
      api,
      backend,
      registry: certRegistry,
      rootKeys: PINNED_ROOT_KEYS,
      randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
      now: () => nowMs,
      storage,
      knownStatusListIds: opts.knownStatusListIds
    })
  return { store: make(), make, storage, net }
}

/** The holder's side: purpose credentials fetched while online, then a QR made at `nowMs`. */
async function holder(purpose: PurposeId, person = ZHANG) {
  const { holderId } = sim.internals.tokenForTests(person.name, person.idNumber)
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const batch = await sim.issuePurposeCredentials(holderId, purpose, device.publicJwk, 3)
  let set = 0
  return {
    holderId,
    present: (nonce?: string) =>
      createPresentation({
        credentials: batch.sets[set++ % batch.sets.length].credentials.map(base64urlDecode),
        deviceKey: device.privateJwk,
        now: Math.floor(nowMs / 1000) - 2,
        nonce,
        backend: joseBackend
      })
  }
}

const red = (r: VerifierResult) => (r.ok ? 'OK' : r.code)

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('verifier store on %s', (_n, backend) => {
  it('downloads and verifies the material, stores it with its fetch time, and ages it', async () => {
    const { store, storage } = setup({ backend })
    expect(await store.getState().refreshMaterial()).toBe(true)
    const m = store.getState().material
    expect(m.trustList?.fetchedAt).toBe(T0)
    expect(m.trustList?.expiresAt).toBe(T0 + 30 * DAY)
    // Every issuer's status list, as the trust list names them.
    expect(Object.keys(m.statusLists).sort()).toEqual(SEED_ISSUERS.map((i) => i.slug).sort())
    expect(m.deviceRevocations?.fetchedAt).toBe(T0)
    expect(store.getState().materialFailures).toEqual({})
    expect(JSON.parse(storage.data['certwallet.verifier']).state.material.trustList.fetchedAt).toBe(T0)

    const age = materialAge(m, T0)
    expect(age).toMatchObject({ updatedAt: T0, stale: false, expired: false })
    expect(asOfText(age.updatedAt)).toBe('11月27日 18:35')
    expect(materialAge(m, T0 + DAY).stale).toBe(false)
    expect(materialAge(m, T0 + DAY + 1).stale).toBe(true)
    expect(materialAge(m, T0 + 30 * DAY + 1)).toMatchObject({ stale: true, expired: true })
  })

  it('verifies a traffic-stop QR offline: green, the officer sees the licence number in full', async () => {
    const { store, net } = setup({ backend })
    await store.getState().refreshMaterial()
    const h = await holder('traffic-stop')
    store.getState().setRole('police')
    net.offline = true
    const before = net.requests
    const r = await store.getState().verify(await h.present())
    expect(red(r)).toBe('OK')
    expect(net.requests).toBe(before) // nothing fetched: fresh material answers everything
    if (!r.ok) throw new Error('unreachable')
    expect(r.view.purpose).toBe('traffic-stop')
    expect(r.view.portrait).toBe(true)
    expect(r.warnings).toEqual([])
    const dl = r.view.certs.find((c) => c.kind === 'driving-licence')!
    expect(dl.issuerName).toBe('公安部交通管理局')
    expect(dl.fields.find((f) => f.name === 'licence_number')).toMatchObject({ label: '证号', value: ZHANG.idNumber, revealed: true })
    expect(dl.fields.find((f) => f.name === 'vehicle_class')).toMatchObject({ label: '准驾车型', value: 'C1' })
    expect(dl.fields.some((f) => f.name === 'portrait_hash')).toBe(false)
    expect(r.view.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
    expect(store.getState().log[0]).toEqual({ at: T0, role: 'police', ok: true, purpose: 'traffic-stop', code: 'OK' })
  })

  it('a set-key QR (issue #16) past its 24 h passes with 凭证 N 小时未更新, and is refused after 72 h (ERR_CREDENTIAL_NOT_REFRESHED)', async () => {
    const { holderId } = sim.internals.tokenForTests(ZHANG.name, ZHANG.idNumber)
    const phone = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
    const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40)))
    const batch = await sim.issuePurposeCredentials(holderId, 'hotel', phone.publicJwk, [setKey.publicJwk])
    const qr = () => createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: setKey.privateJwk, now: Math.floor(nowMs / 1000) - 2, backend })
    const { store } = setup({ backend })
    store.getState().setRole('hotel')
    nowMs = T0 + 2 * HOUR
    await store.getState().refreshMaterial()
    let r = await store.getState().verify(await qr())
    if (!r.ok) throw new Error(r.code)
    expect(r.view.staleHours).toBeUndefined()
    nowMs = T0 + 40 * HOUR
    await store.getState().refreshMaterial()
    r = await store.getState().verify(await qr())
    if (!r.ok) throw new Error(r.code)
    // iat is up to an hour before T0 (jittered per set).
    expect([40, 41]).toContain(r.view.staleHours)
    expect(r.warnings).toEqual([])
    // No status entries to look up: the lost-phone list is the revocation material, and its age warns.
    nowMs = T0 + 65 * HOUR
    r = await store.getState().verify(await qr())
    if (!r.ok) throw new Error(r.code)
    expect(r.warnings).toEqual(['status-stale'])
    nowMs = T0 + 72 * HOUR + 60_000
    await store.getState().refreshMaterial()
    expect(red(await store.getState().verify(await qr()))).toBe('ERR_CREDENTIAL_NOT_REFRESHED')
  })

  it('refuses a replayed QR (ERR_REPLAYED), also after a restart, and forgets it once it could not pass anyway', async () => {
    const { store, make } = setup({ backend })
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    const h = await holder('traffic-stop')
    const qr = await h.present()
    expect(red(await store.getState().verify(qr))).toBe('OK')
    expect(red(await store.getState().verify(qr))).toBe('ERR_REPLAYED')
    // The page is reloaded: a new store over the same storage still knows the proof.
    const restarted = make()
    expect(restarted.getState().role).toBe('police')
    expect(red(await restarted.getState().verify(qr))).toBe('ERR_REPLAYED')
    expect(restarted.getState().log.slice(0, 3).map((e) => e.code)).toEqual(['ERR_REPLAYED', 'ERR_REPLAYED', 'OK'])
    // 61 s later the proof is stale anyway; the cache lets it go.
    nowMs += 61_000
    expect(red(await restarted.getState().verify(qr))).toBe('ERR_KB_STALE')
    expect(red(await restarted.getState().verify(await h.present()))).toBe('OK')
    expect(Object.values(restarted.getState().replay).every((until) => until >= Math.floor(nowMs / 1000))).toBe(true)
    expect(Object.keys(restarted.getState().replay)).toHaveLength(1)
  })

  it('refuses a revoked licence once the material is refreshed (ERR_CERT_REVOKED)', async () => {
    const { store } = setup({ backend })
    store.getState().setRole('police')
    const h = await holder('traffic-stop') // the holder fetched credentials before the revocation
    const licence = sim.listCertificates(h.holderId).find((c) => c.kind === 'driving-licence')!
    await store.getState().refreshMaterial()
    expect(red(await store.getState().verify(await h.present()))).toBe('OK')
    sim.revoke(licence.certId)
    nowMs += 60_000
    await store.getState().refreshMaterial()
    expect(red(await store.getState().verify(await h.present()))).toBe('ERR_CERT_REVOKED')
  })

  it('refuses everything past the trust list’s hard limit (ERR_TRUST_LIST_EXPIRED)', async () => {
    const { store, net } = setup({ backend })
    store.getState().setRole('police')
    await store.getState().refreshMaterial()
    nowMs += 30 * DAY + 60_000
    const h = await holder('traffic-stop')
    net.offline = true
    expect(red(await store.getState().verify(await h.present()))).toBe('ERR_TRUST_LIST_EXPIRED')
    expect(materialAge(store.getState().material, nowMs).expired).toBe(true)
    // Back online, 更新核验数据 makes it work again.
    net.offline = false
    expect(await store.getState().refreshMaterial()).toBe(true)
    expect(red(await store.getState().verify(await h.present()))).toBe('OK')
  })

  it('refuses a purpose the role does not accept (ERR_PURPOSE_MISMATCH) and says what was shown', async () => {
    const { store } = setup({ backend })
    await store.getState().refreshMaterial()
    store.getState().setRole('hotel')
    const r = await store.getState().verify(await (await holder('traffic-stop')).present())
    expect(r).toMatchObject({ ok: false, code: 'ERR_PURPOSE_MISMATCH', presentedPurpose: 'traffic-stop' })
    store.getState().setRole('police')
    expect(red(await store.getState().verify(await (await holder('hotel')).present()))).toBe('ERR_PURPOSE_MISMATCH')
  })
})

describe('verifier store: material, challenge, privacy', () => {
  it('the hotel sees the full ID number on screen, yet nothing personal is persisted', async () => {
    const { store, storage } = setup()
    await store.getState().refreshMaterial()
    store.getState().setRole('hotel')
    const r = await store.getState().verify(await (await holder('hotel')).present())
    if (!r.ok) throw new Error(r.code)
    const id = r.view.certs[0]
    expect(id.fields.map((f) => f.label)).toEqual(['姓名', '公民身份号码', '民族', '住址'])
    expect(id.fields.find((f) => f.name === 'id_number')?.value).toBe(ZHANG.idNumber)
    expect(r.view.portrait).toBe(true)
    // A pharmacy keeps the person's numbers masked.
    store.getState().setRole('pharmacy')
    const p = await store.getState().verify(await (await holder('pharmacy')).present())
    if (!p.ok) throw new Error(p.code)
    expect(p.view.certs[0].fields.find((f) => f.name === 'voucher_id')?.value).toMatch(/^\*+4718$/)
    store.getState().setRole('police')
    await store.getState().verify(await (await holder('traffic-stop')).present())
    store.getState().setRole('employer')
    await store.getState().verify(await (await holder('employment')).present())

    const persisted = Object.values(storage.data).join('\n')
    for (const personal of [ZHANG.name, ZHANG.idNumber, '天河路', '440100000000204718', '44000019900315001', '粤A·D3K27', 'LGXCE4CB9N0123456', '华南理工大学']) {
      expect(persisted).not.toContain(personal)
    }
    const log = JSON.parse(storage.data['certwallet.verifier']).state.log
    expect(log).toHaveLength(4)
    for (const e of log) expect(Object.keys(e).sort()).toEqual(['at', 'code', 'ok', 'purpose', 'role'])
    expect(JSON.parse(storage.data['certwallet.verifier']).state.result).toBeUndefined()
  })

  it('keeps the last 20 log entries', async () => {
    const { store } = setup()
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    for (let i = 0; i < LOG_LIMIT + 3; i++) await store.getState().verify('CW1:NOT-A-QR')
    expect(store.getState().log).toHaveLength(LOG_LIMIT)
    expect(store.getState().log[0].code).toBe('ERR_BASE64')
  })

  it('expects the nonce of 出示核验码 in the next verification, then spends it', async () => {
    const { store } = setup()
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    const c = await store.getState().issueChallenge()
    expect(c?.text).toMatch(/^CWN1:[0-9A-Z]{32}$/)
    expect(parseVerifierChallenge(c!.text)).toBe(c!.nonce)
    const h = await holder('traffic-stop')
    expect(red(await store.getState().verify(await h.present()))).toBe('ERR_KB_NONCE_MISMATCH')
    expect(store.getState().challenge).not.toBeNull() // still waiting for the right QR
    const r = await store.getState().verify(await h.present(c!.nonce))
    expect(r).toMatchObject({ ok: true, nonceChecked: true })
    expect(store.getState().challenge).toBeNull()
    const other = (await store.getState().issueChallenge())!
    expect(other.nonce).not.toBe(c!.nonce)
  })

  it('learns a status list from a presentation: fetched while online, remembered for the next update while offline', async () => {
    const { store, net } = setup({ knownStatusListIds: ['gd-gat'] })
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    expect(store.getState().material.statusLists['mps-tmb']).toBeUndefined()
    net.offline = true
    expect(red(await store.getState().verify(await (await holder('traffic-stop')).present()))).toBe('ERR_STATUS_LIST_UNAVAILABLE')
    expect(store.getState().material.pendingListIds).toEqual(['mps-tmb'])
    expect(store.getState().online).toBe(false)
    net.offline = false
    expect(await store.getState().refreshMaterial()).toBe(true)
    expect(store.getState().material.statusLists['mps-tmb']?.fetchedAt).toBe(T0)
    expect(store.getState().material.pendingListIds).toEqual([])
    net.offline = true
    expect(red(await store.getState().verify(await (await holder('traffic-stop')).present()))).toBe('OK')
  })

  it('fetches an unknown status list during a verification when online', async () => {
    const { store } = setup({ knownStatusListIds: [] })
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    expect(red(await store.getState().verify(await (await holder('traffic-stop')).present()))).toBe('OK')
    expect(Object.keys(store.getState().material.statusLists)).toEqual(['mps-tmb'])
    expect(store.getState().online).toBe(true)
  })

  it('offline with material over 24 h old: still green, with a warning; past the trust list exp red', async () => {
    const { store, net } = setup()
    await store.getState().refreshMaterial()
    store.getState().setRole('police')
    const h = await holder('traffic-stop')
    nowMs += 25 * HOUR
    net.offline = true
    const r = await store.getState().verify(await h.present())
    expect(r).toMatchObject({ ok: true, warnings: ['status-stale'] })
  })

  it('a failed update keeps the stored material and reports the code', async () => {
    const { store, net } = setup()
    await store.getState().refreshMaterial()
    const before = store.getState().material
    nowMs += HOUR
    net.offline = true
    expect(await store.getState().refreshMaterial()).toBe(false)
    expect(store.getState().materialError).toBe('ERR_NETWORK')
    expect(store.getState().material).toBe(before)
    failures.set({ mode: 'bad-signature', pathPrefix: '/trust-list' })
    net.offline = false
    expect(await store.getState().refreshMaterial()).toBe(false)
    expect(store.getState().materialError).toBe('ERR_TRUST_LIST_SIGNATURE')
    expect(store.getState().material.trustList?.fetchedAt).toBe(T0)
  })

  it('says ERR_TRUST_LIST_MISSING before any update', async () => {
    const { store } = setup()
    store.getState().setRole('police')
    expect(red(await store.getState().verify(await (await holder('traffic-stop')).present()))).toBe('ERR_TRUST_LIST_MISSING')
  })
})

describe('persisted verifier state (schema + defaults + tryParse)', () => {
  it('parses its defaults', () => {
    expect(tryParseVerifier(VERIFIER_DEFAULTS)).toEqual({ state: VERIFIER_DEFAULTS, problem: null })
    expect(tryParseVerifier(undefined)).toEqual({ state: VERIFIER_DEFAULTS, problem: null })
  })

  it('falls back to defaults on a foreign blob and drops unknown fields of log entries', () => {
    expect(tryParseVerifier({ version: 7 })).toEqual({ state: VERIFIER_DEFAULTS, problem: 'version' })
    expect(tryParseVerifier('garbage').problem).toBe('version')
    const { state, problem } = tryParseVerifier({
      ...VERIFIER_DEFAULTS,
      role: 'hotel',
      log: [{ at: 1, role: 'hotel', ok: true, purpose: 'hotel', code: 'OK', name: '张明华' }, { at: 'x' }],
      replay: { a: 5, b: 'no' }
    })
    expect(problem).toBe('log-entries')
    expect(state.role).toBe('hotel')
    expect(state.log).toEqual([{ at: 1, role: 'hotel', ok: true, purpose: 'hotel', code: 'OK' }])
    expect(state.replay).toEqual({ a: 5 })
  })

  it('a corrupt stored blob does not crash the store', () => {
    const storage = memoryStorage({ 'certwallet.verifier': '{"state":{"version":1,"role":"nobody","material":{"trustList":{"jws":1}}},"version":0}' })
    const { store } = setup({ storage })
    expect(store.getState().role).toBeNull()
    expect(store.getState().material.trustList).toBeNull()
    expect(store.getState().storageProblem).toBe('role')
  })
})
