/**
 * H5's side store for long sealed boxes (src/services/storage/sideStore.h5.ts, through
 * taroStorage.h5.ts): a blob names a box only once IndexedDB has committed it, a reload reads the
 * boxes back before unlock, old inline blobs are moved, unnamed boxes are deleted, and with no
 * IndexedDB (or a failing one, or a full localStorage) everything stays readable as before.
 * IndexedDB is fake-indexeddb; localStorage a Map with an optional full quota. Each "page load" is a
 * fresh module instance (jest.isolateModules) over the same two stores.
 */
import { IDBFactory, IDBDatabase } from 'fake-indexeddb'
import { loadH5Storage } from '../../../support/h5Storage'


const BOX_A = 'A'.repeat(3000)
const BOX_B = 'B'.repeat(5000)
const SMALL = 'C'.repeat(400)

class MemoryLocalStorage {
  items = new Map<string, string>()
  full = false
  getItem(k: string) {
    return this.items.get(k) ?? null
  }
  setItem(k: string, v: string) {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError')
    this.items.set(k, v)
  }
  removeItem(k: string) {
    this.items.delete(k)
  }
}

let ls: MemoryLocalStorage
const g = globalThis as unknown as { localStorage?: MemoryLocalStorage; indexedDB?: IDBFactory }

// setTimeout is fake (the side store's debounced pass), so no page's timer outlives its test
// and acts on the next one's stores; fake-indexeddb schedules on setImmediate, which stays real.
const tick = () => new Promise((r) => setImmediate(r))

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] })
  ls = new MemoryLocalStorage()
  g.localStorage = ls
  g.indexedDB = new IDBFactory()
})

afterEach(() => {
  jest.clearAllTimers()
  jest.useRealTimers()
  jest.restoreAllMocks()
  delete g.localStorage
  delete g.indexedDB
})

const load = loadH5Storage

/** What localStorage holds under `name`, unwrapped from Taro's `{data}`. */
const stored = (name: string) => JSON.parse(ls.getItem(name) ?? 'null')?.data
const wallet = (...sealed: string[]) => ({ state: { version: 2, deviceKeySealed: SMALL, credentials: sealed.map((s, i) => ({ certId: `c${i}`, sealed: s })) }, version: 2 })
const boxesOf = (name: string) => (stored(name)?.state.credentials as { sealed: string }[]).map((c) => c.sealed)

async function idbCount(): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = g.indexedDB!.open('certwallet-side', 1)
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
  try {
    if (!db.objectStoreNames.contains('boxes')) return 0
    // Boxes only, not the marks kept beside them for boxes no blob names.
    return await new Promise<number>((resolve) => {
      const r = db.transaction('boxes', 'readonly').objectStore('boxes').getAllKeys()
      r.onsuccess = () => resolve(r.result.filter((k) => !String(k).startsWith('unnamed:')).length)
    })
  } finally {
    db.close()
  }
}

it('a new box is written inline first, then named by reference once IndexedDB holds it', async () => {
  const { storage, side } = load()
  await side.sideReady()
  storage.setObject('certwallet.wallet', wallet(BOX_A, SMALL))
  // At once: the box itself (IndexedDB has not committed anything yet).
  expect(boxesOf('certwallet.wallet')).toEqual([BOX_A, SMALL])
  await side.scheduleCompaction()
  const [ref, small] = boxesOf('certwallet.wallet')
  expect(ref).toMatch(/^side:v1:[A-Za-z0-9_-]{43}$/)
  expect(small).toBe(SMALL) // short boxes stay
  expect(stored('certwallet.wallet').state.deviceKeySealed).toBe(SMALL)
  expect(storage.resolve(ref)).toBe(BOX_A)
  expect(storage.resolve(SMALL)).toBe(SMALL)
  expect(await idbCount()).toBe(1)
  // The store writes the state it read (references) back: they stay references, nothing new to move.
  storage.setObject('certwallet.wallet', { ...stored('certwallet.wallet') })
  expect(boxesOf('certwallet.wallet')).toEqual([ref, SMALL])
})

it('after a reload the references read as they were stored and resolve once the boxes are read back', async () => {
  const first = load()
  await first.side.sideReady()
  first.storage.setObject('certwallet.wallet', wallet(BOX_A, BOX_B))
  await first.side.scheduleCompaction()
  const refs = boxesOf('certwallet.wallet')
  expect(refs.every((r) => r.startsWith('side:v1:'))).toBe(true)
  expect(ls.getItem('certwallet.wallet')!.length).toBeLessThan(1000)

  const { storage } = load()
  const read = storage.getItem('certwallet.wallet') as ReturnType<typeof wallet>
  expect(read.state.credentials.map((c) => c.sealed)).toEqual(refs)
  await storage.ready()
  expect(refs.map((r) => storage.resolve(r))).toEqual([BOX_A, BOX_B])
})

it('a blob with its boxes inline (an older build) is moved on start', async () => {
  ls.setItem('certwallet.wallet', JSON.stringify({ data: wallet(BOX_A) }))
  ls.setItem('certwallet.presentation', JSON.stringify({ data: { state: { batches: { job: { sealed: BOX_B, sets: [] } } }, version: 1 } }))
  const { storage, side } = load()
  await storage.ready()
  await side.scheduleCompaction()
  expect(boxesOf('certwallet.wallet')[0]).toMatch(/^side:v1:/)
  const presentationRef = stored('certwallet.presentation').state.batches.job.sealed as string
  expect(presentationRef).toMatch(/^side:v1:/)
  expect(storage.resolve(presentationRef)).toBe(BOX_B)
  expect(await idbCount()).toBe(2)
})

it('boxes no stored blob names are deleted a day later (a wipe), unless a kept unreadable copy names them', async () => {
  const { storage, side } = load()
  await side.sideReady()
  storage.setObject('certwallet.wallet', wallet(BOX_A, BOX_B))
  await side.scheduleCompaction()
  const [refA] = boxesOf('certwallet.wallet')
  expect(await idbCount()).toBe(2)
  // The wallet's copy that could not be read (persisted.ts keeps it) still names box A.
  storage.setItem('certwallet.wallet.unreadable', JSON.stringify(wallet(refA)))
  storage.setObject('certwallet.wallet', wallet())
  storage.removeItem('certwallet.presentation')
  await side.scheduleCompaction()
  expect(await idbCount()).toBe(2) // B is unnamed, but kept for a day
  jest.setSystemTime(Date.now() + side.GC_GRACE_MS - 60_000)
  await side.scheduleCompaction()
  expect(await idbCount()).toBe(2)
  jest.setSystemTime(Date.now() + 60_000)
  await side.scheduleCompaction()
  expect(await idbCount()).toBe(1)
  expect(storage.resolve(refA)).toBe(BOX_A)
  storage.removeItem('certwallet.wallet.unreadable')
  storage.removeItem('certwallet.wallet')
  await side.scheduleCompaction()
  jest.setSystemTime(Date.now() + side.GC_GRACE_MS)
  // A later start (a fresh page) finds the day is over: the marks are kept beside the boxes.
  const later = load()
  await later.side.sideReady()
  await later.side.scheduleCompaction()
  expect(await idbCount()).toBe(0)
})

it('a box named again within the day (a tab that had it in memory writes it back) is kept and unmarked', async () => {
  const { storage, side } = load()
  await side.sideReady()
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  await side.scheduleCompaction()
  const [refA] = boxesOf('certwallet.wallet')
  storage.setObject('certwallet.wallet', wallet())
  await side.scheduleCompaction()
  jest.setSystemTime(Date.now() + 3600_000)
  storage.setObject('certwallet.wallet', wallet(refA))
  await side.scheduleCompaction()
  jest.setSystemTime(Date.now() + side.GC_GRACE_MS)
  await side.scheduleCompaction()
  expect(await idbCount()).toBe(1)
  expect(boxesOf('certwallet.wallet')).toEqual([refA])
  expect(storage.resolve(refA)).toBe(BOX_A)
})

it('without IndexedDB the boxes stay inline and read as before', async () => {
  delete g.indexedDB
  const { storage, side } = load()
  await storage.ready()
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  await side.scheduleCompaction()
  expect(boxesOf('certwallet.wallet')).toEqual([BOX_A])
  expect(storage.resolve(BOX_A)).toBe(BOX_A)
})

it('an IndexedDB write that fails names nothing: the blob keeps the box inline', async () => {
  const { storage, side } = load()
  await side.sideReady()
  const transaction = IDBDatabase.prototype.transaction
  jest.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
    if (mode === 'readwrite') throw new DOMException('quota', 'QuotaExceededError')
    return transaction.call(this, names, mode, options)
  })
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  await expect(side.scheduleCompaction()).resolves.toBeUndefined()
  expect(boxesOf('certwallet.wallet')).toEqual([BOX_A])
  jest.restoreAllMocks()
  // The next write tries again, and then it moves.
  storage.setObject('certwallet.wallet', { ...stored('certwallet.wallet') })
  await side.scheduleCompaction()
  expect(boxesOf('certwallet.wallet')[0]).toMatch(/^side:v1:/)
})

it('a full localStorage on the rewrite leaves the stored blob as it was, its boxes inline', async () => {
  const { storage, side } = load()
  await side.sideReady()
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  const before = ls.getItem('certwallet.wallet')
  ls.full = true
  await expect(side.scheduleCompaction()).resolves.toBeUndefined()
  expect(ls.getItem('certwallet.wallet')).toBe(before)
  // With room again, the next write moves it.
  ls.full = false
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  await side.scheduleCompaction()
  expect(boxesOf('certwallet.wallet')[0]).toMatch(/^side:v1:/)
  expect(storage.resolve(boxesOf('certwallet.wallet')[0])).toBe(BOX_A)
})

it('a reference whose box is missing resolves to itself (its certificate then does not open), never to another box', async () => {
  const { storage } = load()
  await storage.ready()
  const missing = 'side:v1:' + 'x'.repeat(43)
  expect(storage.resolve(missing)).toBe(missing)
})

it('a write that drops the boxes (the wipe) has a pass run a moment later, with no other call, which marks them', async () => {
  const { storage, side } = load()
  await side.sideReady()
  storage.setObject('certwallet.wallet', wallet(BOX_A, BOX_B))
  await side.scheduleCompaction()
  const marks = async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = g.indexedDB!.open('certwallet-side', 1)
      r.onsuccess = () => resolve(r.result)
    })
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const r = db.transaction('boxes', 'readonly').objectStore('boxes').getAllKeys()
      r.onsuccess = () => resolve(r.result)
    })
    db.close()
    return keys.filter((k) => String(k).startsWith('unnamed:')).length
  }
  storage.setObject('certwallet.wallet', wallet())
  jest.advanceTimersByTime(1400)
  for (let i = 0; i < 50; i++) await tick()
  expect(await marks()).toBe(0) // not on the write's own path, nor before the burst is over
  jest.advanceTimersByTime(200)
  for (let i = 0; i < 200 && (await marks()) < 2; i++) await tick()
  expect(await marks()).toBe(2)
  expect(await idbCount()).toBe(2)
})

it('an IndexedDB that never answers is given up after a while: ready resolves, the boxes stay inline', async () => {
  g.indexedDB = { open: () => ({}) } as unknown as IDBFactory // no event ever fires
  const { storage, side } = load()
  const ready = storage.ready()
  let done = false
  void ready.then(() => (done = true))
  await jest.advanceTimersByTimeAsync(side.OPEN_TIMEOUT_MS - 100)
  expect(done).toBe(false)
  await jest.advanceTimersByTimeAsync(200)
  expect(done).toBe(true)
  storage.setObject('certwallet.wallet', wallet(BOX_A))
  await side.scheduleCompaction()
  expect(boxesOf('certwallet.wallet')).toEqual([BOX_A])
})
