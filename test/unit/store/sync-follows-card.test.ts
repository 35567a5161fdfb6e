/**
 * Sync that follows the physical card (issue #13): a certificate issued after the first claim is
 * offered (新证照可领取), a 换证 with changed data says what changed (信息已更新, masked), a 交警 暂扣
 * shows as suspended and clears when it ends, and 截至 is the time of the status data. The wallet
 * store against the real msw handlers and the seeded simulator, the clocks frozen; the admin side
 * goes through the simulator's admin API.
 */
import { DEMO_ADMIN_TOKEN } from '../../../mock/handlers'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { changedFields, createWalletStore } from '../../../src/store/walletStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { ZHANG_CARD_COUNT } from '../../support/demoHolder'

const BASE = 'http://sim.test'
const START = Date.parse('2026-11-27T04:00:00Z')
let nowMs = START
const { failures } = installMockApi({ now: () => new Date(nowMs) })
const admin = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 }).admin
const PIN = '135790'
const OLD_ADDRESS = '广东省广州市天河区天河路385号'
const NEW_ADDRESS = '广东省广州市海珠区新港中路397号'

afterEach(() => {
  nowMs = START
})

async function claimedZhang(storage = memoryStorage()) {
  const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
  const store = createWalletStore({
    api,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage,
    pinIterations: 1000,
    pinSquarings: 100
  })
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  expect(await store.getState().beginFaceCheck('张明华', '44010619900315001X')).toBe(true)
  expect(await store.getState().finishFaceCheck(true)).toBe(true)
  const ids = store.getState().available.map((a) => a.certId)
  const p = await store.getState().claim(ids, '求职学历核验')
  expect(p.failures).toEqual([])
  expect(store.getState().credentials).toHaveLength(ZHANG_CARD_COUNT)
  return { store, storage }
}

const claimable = <A extends { certId: string; status: string }>(s: { available: A[]; credentials: { certId: string; replacedCertId?: string }[] }): A[] => {
  const have = new Set(s.credentials.flatMap((c) => [c.certId, c.replacedCertId ?? '']))
  return s.available.filter((a) => a.status === 'valid' && !have.has(a.certId))
}

describe('sync discovers certificates issued after the first claim', () => {
  it('offers a new 职业资格证书 after a sync, and claiming it adds it verified', async () => {
    const { store } = await claimedZhang()
    expect(claimable(store.getState())).toEqual([])
    const { certId } = await admin.issueCertificate(DEMO_ADMIN_TOKEN, 'p-zhang', {
      kind: 'professional-qualification',
      issuer: 'mohrss',
      claims: { name: '张明华', sex: '男', id_number: '44010619900315001X', occupation: '人工智能训练师', level: '二级/技师', certificate_number: 'S000044010603226000771', issue_date: '2026-11-20', issuing_body: '广东省职业技能鉴定指导中心' }
    })
    // Not before a sync: the list is the one of the first claim.
    expect(claimable(store.getState())).toEqual([])
    nowMs += 60_000
    await store.getState().sync()
    expect(store.getState().error).toBeNull()
    expect(claimable(store.getState())).toEqual([expect.objectContaining({ certId, kind: 'professional-qualification', title: '职业资格证书', issuerName: '人力资源和社会保障部' })])
    // Nothing held changed.
    expect(store.getState().credentials).toHaveLength(ZHANG_CARD_COUNT)

    const p = await store.getState().claim([certId])
    expect(p).toMatchObject({ done: 1, failures: [] })
    const added = store.getState().credentials.find((c) => c.certId === certId)!
    expect(added).toMatchObject({ kind: 'professional-qualification', status: 'valid' })
    expect(added.claims.occupation).toBe('人工智能训练师')
    expect(claimable(store.getState())).toEqual([])
  })

  it('a locked wallet makes no holder call: nothing new is listed until it is unlocked', async () => {
    const { store } = await claimedZhang()
    await admin.issueCertificate(DEMO_ADMIN_TOKEN, 'p-zhang', { kind: 'marriage', issuer: 'gz-mzj', claims: { name: '张明华', registration_date: '2026-10-01' } })
    store.getState().lockNow()
    await store.getState().sync()
    expect(claimable(store.getState())).toEqual([])
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
    await store.getState().sync()
    expect(claimable(store.getState()).map((a) => a.kind)).toEqual(['marriage'])
  })
})

describe('a 换证 with changed data shows as 信息已更新', () => {
  it('says which fields changed, each masked as the card shows it, and keeps nothing in the clear', async () => {
    const { store, storage } = await claimedZhang()
    const old = store.getState().credentials.find((c) => c.kind === 'id-card')!
    const { newCertId } = await admin.reissue(DEMO_ADMIN_TOKEN, old.certId, { address: NEW_ADDRESS, issuing_authority: '广州市公安局海珠分局' })
    nowMs += 60_000
    await store.getState().sync()
    expect(store.getState().error).toBeNull()
    const fresh = store.getState().credentials.find((c) => c.kind === 'id-card')!
    expect(fresh).toMatchObject({ certId: newCertId, replacedCertId: old.certId, status: 'valid' })
    expect(fresh.claims.address).toBe(NEW_ADDRESS)
    expect(fresh.updated).toEqual({
      at: nowMs,
      fields: [
        { name: 'address', label: '住址', before: expect.any(String), after: expect.any(String) },
        { name: 'issuing_authority', label: '签发机关', before: '广州市公安局天河分局', after: '广州市公安局海珠分局' }
      ]
    })
    const [address] = fresh.updated!.fields
    // Masked as on the card: the city is said, the district, street and number are not (so both
    // read alike here, and the page says 已变更 instead of an arrow between equal texts).
    expect(address).toEqual({ name: 'address', label: '住址', before: '广东省广州市****', after: '广东省广州市****' })
    // At rest: neither full address.
    const disk = Object.values(storage.data).join('')
    expect(disk).toContain(address.after)
    expect(disk).not.toContain(NEW_ADDRESS)
    expect(disk).not.toContain(OLD_ADDRESS)
    // Seen: the note goes; the card stays the new one.
    store.getState().dismissUpdate(newCertId)
    expect(store.getState().credentials.find((c) => c.kind === 'id-card')).toMatchObject({ certId: newCertId, replacedCertId: old.certId })
    expect(store.getState().credentials.find((c) => c.kind === 'id-card')!.updated).toBeUndefined()
  })

  it('a reissue with the same data is a new version, not 信息已更新', async () => {
    const { store } = await claimedZhang()
    const old = store.getState().credentials.find((c) => c.kind === 'social-security')!
    await admin.reissue(DEMO_ADMIN_TOKEN, old.certId)
    nowMs += 60_000
    await store.getState().sync()
    const fresh = store.getState().credentials.find((c) => c.kind === 'social-security')!
    expect(fresh.replacedCertId).toBe(old.certId)
    expect(fresh.updated).toBeUndefined()
  })

  it('changedFields skips hidden claims and says an added or removed value', () => {
    const before = { kind: 'driving-licence', claims: { name: '张明华', points: 0, portrait_hash: 'sha256:a' } }
    const after = { kind: 'driving-licence', claims: { name: '张明华', points: 6, portrait_hash: 'sha256:b', vehicle_class: 'C1' } }
    expect(changedFields(certRegistry, before, after)).toEqual([
      { name: 'vehicle_class', label: '准驾车型', before: '', after: 'C1' },
      { name: 'points', label: '累积记分', before: '0', after: '6' }
    ])
    expect(changedFields(certRegistry, before, { ...after, kind: 'id-card' })).toEqual([])
  })
})

describe('a 交警 暂扣 of the driving licence', () => {
  it('shows as suspended after a sync, in the licence\'s own words, and clears when it ends', async () => {
    const { store } = await claimedZhang()
    const licence = store.getState().credentials.find((c) => c.kind === 'driving-licence')!
    expect(await admin.suspend(DEMO_ADMIN_TOKEN, licence.certId)).toEqual({ certId: licence.certId, status: 'suspended' })
    // A second 暂扣 of a suspended licence is a conflict, not a silent success.
    await expect(admin.suspend(DEMO_ADMIN_TOKEN, licence.certId)).rejects.toMatchObject({ code: 'ERR_CONFLICT' })
    nowMs += 60_000
    await store.getState().sync()
    const after = store.getState().credentials
    expect(after.find((c) => c.kind === 'driving-licence')!.status).toBe('suspended')
    expect(certRegistry.require('driving-licence').statusWords?.suspended).toBe('驾驶证暂扣中')
    // Only the licence: the 行驶证 of the same issuer is untouched.
    expect(after.filter((c) => c.status !== 'valid').map((c) => c.kind)).toEqual(['driving-licence'])

    await admin.reinstate(DEMO_ADMIN_TOKEN, licence.certId)
    nowMs += 60_000
    await store.getState().sync()
    expect(store.getState().credentials.find((c) => c.kind === 'driving-licence')!.status).toBe('valid')
    await expect(admin.reinstate(DEMO_ADMIN_TOKEN, licence.certId)).rejects.toMatchObject({ code: 'ERR_CONFLICT' })
  })
})

describe('截至 is the time of the status data', () => {
  it('is the status list\'s own time: a sync that cannot reach the lists keeps the older time, not the tap\'s', async () => {
    const { store } = await claimedZhang()
    const t1 = nowMs + 5 * 60_000
    nowMs = t1
    await store.getState().sync()
    const licence = () => store.getState().credentials.find((c) => c.kind === 'driving-licence')!
    expect(licence().checkedAt).toBe(Math.floor(t1 / 1000) * 1000)

    // Two hours later the status lists cannot be fetched: the stored ones answer, and say their age.
    nowMs = t1 + 2 * 3600_000
    failures.set({ mode: 'server-error', pathPrefix: '/api/v1/status' })
    await store.getState().sync()
    expect(store.getState().error).toBeNull()
    expect(store.getState().lastSyncAt).toBe(nowMs)
    expect(licence().checkedAt).toBe(Math.floor(t1 / 1000) * 1000)
    failures.clear()

    await store.getState().sync()
    expect(licence().checkedAt).toBe(Math.floor(nowMs / 1000) * 1000)
  })
})
