/**
 * page → store → service → API → simulator → signature check, in jest: the wallet store against
 * the real msw handlers and the seeded simulator, with the clock frozen.
 */
import { DEMO_ADMIN_TOKEN } from '../../../mock/handlers'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../src/services/crypto'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { ZHANG_CARD_COUNT } from '../../support/demoHolder'

const BASE = 'http://sim.test'
let nowMs = Date.parse('2026-11-27T04:00:00Z')
const { failures } = installMockApi({ now: () => new Date(nowMs) })

afterEach(() => {
  nowMs = Date.parse('2026-11-27T04:00:00Z')
})

function makeStore(backend = joseBackend, storage = memoryStorage()) {
  const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
  return createWalletStore({
    api,
    backend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage,
    pinIterations: 1000,
    pinSquarings: 100
  })
}

const PIN = '135790'

async function claimAll(store: ReturnType<typeof makeStore>, name: string, idNumber: string) {
  if (!store.getState().lock) expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  expect(await store.getState().beginFaceCheck(name, idNumber)).toBe(true)
  expect(await store.getState().finishFaceCheck(true)).toBe(true)
  const ids = store.getState().available.filter((a) => a.status === 'valid' || a.status === 'expired').map((a) => a.certId)
  return store.getState().claim(ids, '求职学历核验')
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('wallet store on %s', (_n, backend) => {
  it(`claims all ${ZHANG_CARD_COUNT} certificates of 张明华, each signature and status checked`, async () => {
    const store = makeStore(backend)
    const progress = await claimAll(store, '张明华', '44010619900315001X')
    expect(progress.failures).toEqual([])
    const creds = store.getState().credentials
    expect(creds.map((c) => c.kind).sort()).toEqual(['ctid', 'degree', 'driving-licence', 'id-card', 'marriage', 'medical-insurance', 'professional-qualification', 'real-estate', 'social-security', 'vehicle-licence'])
    expect(creds.every((c) => c.status === 'valid')).toBe(true)
    expect(creds.find((c) => c.kind === 'id-card')?.claims.name).toBe('张明华')
    expect(creds.find((c) => c.kind === 'id-card')?.issuerName).toBe('广东省公安厅')
  })
})

describe('wallet store against the simulator', () => {
  it('refuses a failed face check with ERR_FACE_CHECK_FAILED and stores nothing', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    await store.getState().beginFaceCheck('张明华', '44010619900315001X')
    expect(await store.getState().finishFaceCheck(false)).toBe(false)
    expect(store.getState().error).toBe('ERR_FACE_CHECK_FAILED')
    expect(store.getState().holder).toBeNull()
  })

  it('shows a revoked licence as not claimable and the reissued ID card at version 002', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    await store.getState().beginFaceCheck('王建国', '510104197809210030')
    await store.getState().finishFaceCheck(true)
    const av = store.getState().available
    expect(av.find((a) => a.kind === 'driving-licence')?.status).toBe('revoked')
    expect(av.find((a) => a.kind === 'id-card')?.version).toBe('002')
  })

  it('keeps an expired driving licence as 已过期 (expired) after verifying its signature', async () => {
    const store = makeStore()
    const p = await claimAll(store, '刘洋', '440305198801160052')
    expect(p.failures).toEqual([])
    expect(store.getState().credentials.find((c) => c.kind === 'driving-licence')?.status).toBe('expired')
    expect(store.getState().credentials.find((c) => c.kind === 'id-card')?.status).toBe('valid')
  })

  it('sync replaces a reissued card and marks a revoked one', async () => {
    const store = makeStore()
    await claimAll(store, '张明华', '44010619900315001X')
    const idCard = store.getState().credentials.find((c) => c.kind === 'id-card')!
    const licence = store.getState().credentials.find((c) => c.kind === 'driving-licence')!
    const admin = createApiClient({ baseUrl: BASE, request: createFetchTransport() }).admin
    const { newCertId } = await admin.reissue(DEMO_ADMIN_TOKEN, idCard.certId)
    await admin.revoke(DEMO_ADMIN_TOKEN, licence.certId)
    nowMs += 60_000
    await store.getState().sync()
    expect(store.getState().error).toBeNull()
    const after = store.getState().credentials
    const newId = after.find((c) => c.kind === 'id-card')!
    expect(newId.certId).toBe(newCertId)
    expect(newId.replacedCertId).toBe(idCard.certId)
    expect(newId.certId.split('.').slice(-2)[0]).toBe('002')
    expect(after.find((c) => c.kind === 'driving-licence')!.status).toBe('revoked')
    expect(after).toHaveLength(ZHANG_CARD_COUNT)
  })

  it('a sync that fails midway (503) loses nothing and reports ERR_SERVER', async () => {
    const store = makeStore()
    await claimAll(store, '张明华', '44010619900315001X')
    const before = JSON.stringify(store.getState().credentials)
    failures.set({ mode: 'server-error', pathPrefix: '/api/v1/holder/changes' })
    await store.getState().sync()
    expect(store.getState().error).toBe('ERR_SERVER')
    expect(JSON.stringify(store.getState().credentials)).toBe(before)
  })

  it('a credential with a broken signature is not added, and says why', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    await store.getState().beginFaceCheck('陈静', '110105199304120049')
    await store.getState().finishFaceCheck(true)
    failures.set({ mode: 'bad-signature', pathPrefix: '/api/v1/holder/certificates' })
    const ids = store.getState().available.map((a) => a.certId)
    const p = await store.getState().claim(ids, '入职学历核验')
    expect(p.failures.length).toBe(3)
    expect(p.failures.every((f) => f.code === 'ERR_SIGNATURE_INVALID')).toBe(true)
    expect(store.getState().credentials).toEqual([])
  })

  it('persists through storage and survives a corrupt blob by falling back to defaults', async () => {
    const storage = memoryStorage()
    const store = makeStore(joseBackend, storage)
    await claimAll(store, '李秀英', '330106195207080021')
    expect(store.getState().credentials).toHaveLength(3)
    const again = makeStore(joseBackend, storage)
    expect(again.getState().credentials).toHaveLength(3)
    expect(again.getState().locked).toBe(true)
    expect(again.getState().holder?.holderId).toBe('p-li')
    const corrupt = makeStore(joseBackend, memoryStorage({ 'certwallet.wallet': '{"state":{"version":99},"version":0}' }))
    expect(corrupt.getState().credentials).toEqual([])
    expect(corrupt.getState().storageProblem).toBe('version')
    const garbage = makeStore(joseBackend, memoryStorage({ 'certwallet.wallet': '{not json' }))
    expect(garbage.getState().credentials).toEqual([])
  })
})
