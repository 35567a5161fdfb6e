/**
 * 用证记录 store against the simulator (msw/node, clock frozen): QR presentations recorded on the
 * phone with exactly the fields of the set shown, the service's records fetched and merged,
 * filtered by certificate, deletion requested, and a failed fetch that keeps the last records.
 */
import { standInHolderAuth, testDevice } from '../../support/holderAuth'
import type { HolderAuth } from '../../../src/services/api/holderAuth'
import { createStore } from 'zustand/vanilla'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { certRegistry } from '../../../src/certs/registry'
import { purposeLabels } from '../../../src/vocabulary/purposeText'
import type { PurposeId } from '../../../src/certs/types'
import { createUsageStore, mergeUsage, tryParseUsage, USAGE_DEFAULTS, fieldsByKind } from '../../../src/store/usageStore'
import type { CurrentQr } from '../../../src/store/presentationStore'
import type { StoredPurposeBatch } from '../../../src/services/wallet/purposeCredentials'
import { installMockApi } from '../../support/mockApi'
import { errorText } from '../../../src/components/errorText'
import { memoryStorage } from '../../support/memoryStorage'
import { signInOverApi } from '../../support/faceSignIn'
import { grantFor } from '../../support/fileGrant'
import { enrolOnSimulator, INSTITUTIONS } from '../../support/institution'

let nowMs = Date.parse('2026-11-27T04:00:00Z')
const { sim, failures } = installMockApi({ now: () => new Date(nowMs) })
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
afterEach(() => {
  nowMs = Date.parse('2026-11-27T04:00:00Z')
})

const ID_CARD = '1.2.156.3005.2.11100000000013338W032.11440000MB2C8A1U7N.4400001.001.Q'
const DRIVING = '1.2.156.3005.2.11100000000013338W032.11440000MB2C8A1U7N.4400002.001.Q'

async function signIn(name = '张明华', id = '44010619900315001X') {
  return signInOverApi(api, name, id, testDevice({ now: () => nowMs }))
}

async function setup(storage = memoryStorage()) {
  const login = await signIn()
  const wallet = createStore<{ holder: { holderId: string; token: string; displayName: string } | null; credentials: never[]; holderAuth: () => Promise<HolderAuth> }>()((_set, get) => ({
    holder: { holderId: login.holderId, token: login.holderToken, displayName: login.displayName },
    holderAuth: standInHolderAuth(() => get().holder),
    credentials: [
      { certId: ID_CARD, kind: 'id-card', status: 'valid' },
      { certId: DRIVING, kind: 'driving-licence', status: 'valid' }
    ] as never[]
  }))
  const presentations = createStore<{ qr: CurrentQr | null; batches: Partial<Record<PurposeId, StoredPurposeBatch>> }>(() => ({ qr: null, batches: {} }))
  const store = createUsageStore({ api, wallet, presentations, registry: certRegistry, now: () => nowMs, storage })
  return { store, wallet, presentations, login, storage }
}

function record(holderId: string, over: Partial<Parameters<typeof sim.usage.record>[0]> = {}) {
  return sim.usage.record({
    holderId,
    at: new Date(nowMs).toISOString(),
    channel: 'verification',
    certIds: [ID_CARD],
    kinds: ['id-card'],
    purpose: '酒店入住登记',
    verifier: { name: '广州市某酒店', role: '酒店' },
    fields: ['name', 'id_number'],
    outcome: 'accepted',
    ...over
  })
}

describe('usage store', () => {
  it('defaults parse to themselves; corrupt entries are dropped and reported', () => {
    expect(tryParseUsage(USAGE_DEFAULTS)).toEqual({ state: USAGE_DEFAULTS, problem: null })
    expect(tryParseUsage({ version: 2 })).toEqual({ state: USAGE_DEFAULTS, problem: 'version' })
    const { state, problem } = tryParseUsage({ version: 1, holderId: 'p', local: [{ id: 1 }], server: { items: [], fetchedAt: 5 } })
    expect(state).toEqual({ version: 1, holderId: 'p', local: [], server: { items: [], fetchedAt: 5 } })
    expect(problem).toBe('local-entries')
  })

  it('records one QR presentation per QR screen, with exactly the fields of the set shown', async () => {
    const { store, presentations, login } = await setup()
    // Sets bound to the signed-in phone's own key (the one whose DPoP proofs sign the call).
    const batch = await api.issuePurposeCredentials(login.auth, 'hotel', login.device.publicJwk, 2)
    const stored: StoredPurposeBatch = { purpose: 'hotel', kinds: batch.kinds, sets: batch.sets.map((s) => ({ credentials: s.credentials, expiresAt: 2e9 })), expiresAt: 2e9, fetchedAt: nowMs, cursor: 0 }
    const qr = (setIndex: number, nonce: string | null = null): CurrentQr => ({ purpose: 'hotel', text: 'CW1:X', presentedAt: nowMs / 1000, nonce, setIndex })
    presentations.setState({ batches: { hotel: stored }, qr: qr(0) })
    // The 30 s refresh (same purpose, same verifier) is the same presentation.
    nowMs += 30_000
    presentations.setState({ qr: qr(1) })
    expect(store.getState().local).toHaveLength(1)
    const [rec] = store.getState().local
    expect(rec).toMatchObject({ purpose: 'hotel', kinds: ['id-card'], certIds: [ID_CARD], at: Date.parse('2026-11-27T04:00:00Z'), challenged: false })
    // Exactly what the hotel set carries, read from the signed set itself: the portrait goes as a hash only.
    expect(rec.fields).toEqual([{ kind: 'id-card', names: ['name', 'ethnicity', 'address', 'id_number', 'portrait_hash'] }])
    // A verifier's challenge scanned on the same screen is a new presentation; ending and showing again too.
    presentations.setState({ qr: qr(1, 'nonce-123456') })
    presentations.setState({ qr: null })
    presentations.setState({ qr: qr(0) })
    expect(store.getState().local.map((r) => r.challenged)).toEqual([false, true, false])
  })

  it('fetches the service records, merges them with local ones newest first, filters by certificate', async () => {
    const { store, login } = await setup()
    record(login.holderId)
    nowMs += 60_000
    record(login.holderId, { channel: 'file-retrieval', certIds: [DRIVING], kinds: ['driving-licence'], purpose: '车辆租赁', verifier: { name: '某租车公司', role: null }, fields: ['name', 'licence_class'], outcome: null })
    record('p-li', { purpose: '别人的记录' })
    await expect(store.getState().refresh()).resolves.toBe(true)
    expect(store.getState().server).toMatchObject({ fetchedAt: nowMs })
    expect(store.getState().server!.items.map((r) => r.purpose)).toEqual(['车辆租赁', '酒店入住登记'])

    const state = store.getState()
    const all = mergeUsage(state, { modules: certRegistry.modules, purposeLabels })
    expect(all.map((e) => [e.channel, e.purposeText, e.verifier?.name])).toEqual([
      ['file-retrieval', '车辆租赁', '某租车公司'],
      ['verification', '酒店入住登记', '广州市某酒店']
    ])
    expect(all[1].fields).toEqual([{ kind: 'id-card', names: ['name', 'id_number'] }])
    expect(all[0].verifier).toEqual({ name: '某租车公司' })
    const onlyDriving = mergeUsage(state, { modules: certRegistry.modules, purposeLabels, certIds: [DRIVING] })
    expect(onlyDriving.map((e) => e.purposeText)).toEqual(['车辆租赁'])
  })

  it('requests deletion of a verifier copy; a record of someone else is ERR_NOT_FOUND and changes nothing', async () => {
    const { store, login } = await setup()
    const mine = record(login.holderId)
    const theirs = record('p-li')
    await store.getState().refresh()
    await expect(store.getState().requestDeletion(mine.recordId)).resolves.toBe(true)
    expect(store.getState().server!.items.find((r) => r.recordId === mine.recordId)?.deletion).toBe('requested')
    expect(sim.listUsageRecords(login.holderId)[0].deletion).toBe('requested')
    await expect(store.getState().requestDeletion(theirs.recordId)).resolves.toBe(false)
    expect(store.getState().error).toBe('ERR_NOT_FOUND')
    expect(sim.usage.list('p-li')[0].deletion).toBe('none')
    // The verifier confirms: the next fetch shows it erased.
    sim.usage.markErased(mine.recordId)
    await store.getState().refresh()
    expect(store.getState().server!.items[0].deletion).toBe('erased')
  })

  it('offline: keeps the last fetched records and their time, says offline; survives a restart', async () => {
    const storage = memoryStorage()
    const { store, login } = await setup(storage)
    record(login.holderId)
    await store.getState().refresh()
    const fetchedAt = nowMs
    nowMs += 3600_000
    failures.set({ mode: 'server-error' })
    await expect(store.getState().refresh()).resolves.toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_SERVER', offline: true, server: { fetchedAt } })
    expect(store.getState().server!.items).toHaveLength(1)
    failures.clear()
    const again = createUsageStore({ api, wallet: createStore(() => ({ holder: { holderId: login.holderId, token: login.holderToken, displayName: '' }, credentials: [], holderAuth: standInHolderAuth(() => login) })), registry: certRegistry, now: () => nowMs, storage })
    expect(again.getState().server).toMatchObject({ fetchedAt })
    expect(again.getState().storageProblem).toBeNull()
  })

  it('a 429 keeps the service\'s Retry-After and the records already fetched; the words say how long to wait', async () => {
    const { store, login } = await setup()
    record(login.holderId)
    await store.getState().refresh()
    failures.set({ mode: 'rate-limit', retryAfterSeconds: 90 })
    await expect(store.getState().refresh()).resolves.toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_RATE_LIMITED', errorRetryAfter: 90 })
    expect(store.getState().server!.items).toHaveLength(1)
    expect(errorText('ERR_RATE_LIMITED', { retryAfterSeconds: store.getState().errorRetryAfter })).toMatch(/2 分钟后再试/)
    failures.clear()
    await expect(store.getState().refresh()).resolves.toBe(true)
    expect(store.getState()).toMatchObject({ error: null, errorRetryAfter: null })
  })

  it('another holder signing in starts an empty log', async () => {
    const { store, wallet, login } = await setup()
    record(login.holderId)
    await store.getState().refresh()
    const li = await signIn('李秀英', '330106195207080021')
    wallet.setState({ holder: { holderId: li.holderId, token: li.holderToken, displayName: li.displayName } })
    await store.getState().refresh()
    expect(store.getState().holderId).toBe('p-li')
    expect(store.getState().server!.items).toEqual([])
  })

  it('文件调用: lists the holder’s grants with the records, revokes one (the organisation is then refused), never another holder’s', async () => {
    const { store, login } = await setup()
    const idCard = sim.listCertificates(login.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
    const nowSec = Math.floor(nowMs / 1000)
    const made = await api.createFileGrant(login.auth, await grantFor(login.device.privateJwk, { sub: login.holderId, cid: idCard, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec))
    const hotel = enrolOnSimulator(sim, 'hotel')
    await api.retrieveFile(made.grantId, hotel.signer)
    expect(await store.getState().refresh()).toBe(true)
    expect(store.getState().grants).toEqual([expect.objectContaining({ grantId: made.grantId, institutionName: '广州天河花园酒店有限公司', status: 'active', retrievals: 1 })])
    expect(store.getState().server!.items[0]).toMatchObject({ channel: 'file-retrieval', verifier: { name: '广州天河花园酒店有限公司' }, outcome: 'accepted' })

    expect(await store.getState().revokeGrant(made.grantId)).toBe(true)
    expect(store.getState().grants[0]).toMatchObject({ grantId: made.grantId, status: 'revoked' })
    expect(store.getState().revoking).toEqual([])
    await expect(api.retrieveFile(made.grantId, hotel.signer)).rejects.toMatchObject({ code: 'ERR_GRANT_REVOKED' })

    // Someone else's grant id: refused, and the list is unchanged.
    expect(await store.getState().revokeGrant('fg-000000000000000000000000')).toBe(false)
    expect(store.getState().error).toBe('ERR_NOT_FOUND')
    expect(store.getState().grants).toHaveLength(1)
  })

  it('made after another holder signed in (the app creates it when a subpackage first needs it): the earlier holder’s log is not loaded', async () => {
    const storage = memoryStorage()
    const before = JSON.stringify({ state: { version: 1, holderId: 'hd-someone-else', local: [{ id: 'qr-1', at: nowMs, purpose: 'hotel', kinds: ['id-card'], certIds: [ID_CARD], fields: [{ kind: 'id-card', names: ['name'] }], challenged: false }], server: { items: [], fetchedAt: nowMs } }, version: 0 })
    await storage.setItem('certwallet.usage', before)
    const { store, login } = await setup(storage)
    expect(store.getState().local).toEqual([])
    expect(store.getState().server).toBeNull()
    // The same holder's own log, kept across a restart, is loaded as it was.
    const mine = JSON.stringify({ state: { version: 1, holderId: login.holderId, local: JSON.parse(before).state.local, server: null }, version: 0 })
    const again = memoryStorage()
    await again.setItem('certwallet.usage', mine)
    const { store: reopened } = await setup(again)
    expect(reopened.getState().local.map((r) => r.id)).toEqual(['qr-1'])
  })

  it('groups a flat field list under the kinds that have those fields', () => {
    expect(fieldsByKind(['driving-licence', 'vehicle-licence'], ['name', 'plate_number'], certRegistry.modules)).toEqual([
      { kind: 'driving-licence', names: ['name'] },
      { kind: 'vehicle-licence', names: ['plate_number'] }
    ])
  })
})
