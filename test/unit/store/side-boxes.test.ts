/**
 * The wallet over H5's storage (taroStorage.h5.ts with its side store for long sealed boxes): after
 * a claim the blob names the certificates' boxes by reference, and after a restart the first unlock
 * (made before the boxes are read back) waits for them and opens every certificate and its 原件.
 * IndexedDB is fake-indexeddb, localStorage a Map; each "page load" is a fresh storage module.
 */
import { IDBFactory } from 'fake-indexeddb'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import type { BlobStorage } from '../../../src/store/persisted'
import { installMockApi } from '../../support/mockApi'
import { loadH5Storage } from '../../support/h5Storage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
installMockApi({ now: () => new Date(T0) })
const PIN = '135790'
const ID_NUMBER = '44010619900315001X'

const items = new Map<string, string>()
const g = globalThis as unknown as { localStorage?: unknown; indexedDB?: IDBFactory }

beforeAll(() => {
  g.localStorage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) }
  g.indexedDB = new IDBFactory()
})
afterAll(() => {
  delete g.localStorage
  delete g.indexedDB
})

const makeStore = (storage: BlobStorage) =>
  createWalletStore({
    api: createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 }),
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => T0,
    storage,
    pinIterations: 1000,
    pinSquarings: 100
  })

it('claim, restart, unlock at once: every certificate and its 原件 open from boxes kept in IndexedDB', async () => {
  const first = loadH5Storage()
  const store = makeStore(first.storage)
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await store.getState().beginFaceCheck('张明华', ID_NUMBER)
  await store.getState().finishFaceCheck(true)
  const ids = store.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  expect((await store.getState().claim(ids, '求职学历核验')).failures).toEqual([])
  const idCard = store.getState().credentials.find((c) => c.kind === 'id-card')!
  expect(idCard.original!.length).toBeGreaterThan(1000)
  await first.side.scheduleCompaction()
  const disk = JSON.parse(items.get('certwallet.wallet')!).data.state as { credentials: { sealed: string }[] }
  expect(disk.credentials.length).toBe(ids.length)
  expect(disk.credentials.every((c) => /^side:v1:/.test(c.sealed))).toBe(true)
  expect(items.get('certwallet.wallet')!.length).toBeLessThan(40_000)

  // A restart: new storage module (the boxes not read back yet), new store, unlock straight away.
  const second = loadH5Storage()
  const again = makeStore(second.storage)
  expect(again.getState().locked).toBe(true)
  expect(again.getState().credentials.every((c) => c.sealed.startsWith('side:v1:'))).toBe(true)
  expect((await again.getState().unlock(PIN)).ok).toBe(true)
  const back = again.getState().credentials.find((c) => c.kind === 'id-card')!
  expect(back.claims.id_number).toBe(ID_NUMBER)
  expect(back.original).toBe(idCard.original)
  expect(again.getState().credentials.every((c) => c.credential.length > 0)).toBe(true)
})
