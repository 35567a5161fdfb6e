/**
 * The simulator's state stores (issue #12 §2): the data-folder file of `npm start` / `npm run mock`
 * and the localStorage blob of the in-page simulator. A document that cannot be loaded gives a
 * coded error and is never changed or dropped; writes are atomic and merged; a reload keeps the
 * holder signed in.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOCK_FILE, openFileStateStore, setAsideStateFile, STATE_FILE } from '../../../../mock/persistence/fileStore'
import { LOCAL_STATE_KEY, openLocalStateStore } from '../../../../mock/persistence/localStore'
import { explainStartFailure } from '../../../../mock/persistence/startupText'
import { createSimulator, SNAPSHOT_VERSION, SimulatorStateError } from '../../../../mock/simulator'
import { certModules, createCertRegistry } from '../../../../src/certs/registry'
import { DEFAULT_SEED, deriveKey } from '../../../../mock/simulator/keys'
import { ROOT_KID } from '../../../../mock/simulator/context'
import { configDigest } from '../../../../mock/simulator/snapshot'
import { DEFAULT_SEED_DATA } from '../../../../mock/simulator/seedData'
import { buildState } from '../../../../mock/simulator/state'
import { keyPairFromSecret } from '../../../../src/services/crypto'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
const ZHANG = ['张明华', '44010619900315001X'] as const
const sim = () => createSimulator({ now: () => new Date(T0) })

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'certwallet-state-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(SimulatorStateError)
    return (e as SimulatorStateError).code
  }
  return 'ok'
}

describe('the document (exportState / importState)', () => {
  it('round-trips: a token, a device and a compromised key mark come back in a new simulator', () => {
    const a = sim()
    const t = a.internals.tokenForTests(...ZHANG, keyPairFromSecret(new Uint8Array(32).fill(4)).publicJwk)
    a.internals.setCompromised('gd-gat-2024', 1700000000)
    const b = sim()
    expect(b.internals.personByToken(t.holderToken)).toBeNull()
    b.importState(JSON.parse(JSON.stringify(a.exportState())))
    expect(b.internals.personByToken(t.holderToken)).toBe(t.holderId)
    expect(b.internals.trustListPayload()).toEqual(a.internals.trustListPayload())
    expect(b.exportState()).toEqual(a.exportState())
  })

  it('every part of the simulator state has its place in the document: a part added to the state only fails here', () => {
    const parts = Object.keys(buildState(DEFAULT_SEED, DEFAULT_SEED_DATA, createCertRegistry(certModules))).sort()
    // Issuers are derived from the seed (only their compromised marks are kept); institutions from the seed plus enrolments.
    const derived: Record<string, string> = { issuers: 'compromisedKeys', institutions: 'institutions' }
    const inDocument = Object.keys(sim().exportState().state)
    for (const part of parts) expect(inDocument).toContain(derived[part] ?? part)
  })

  it('keeps none of the seeded people\'s data, yet a reissued and a revoked certificate come back whole', () => {
    const a = sim()
    expect(a.exportState().state.certs).toEqual([])
    const text = JSON.stringify(a.exportState())
    for (const seeded of ['张明华', '44010619900315001X', '广东省广州市天河区天河路385号']) expect(text).not.toContain(seeded)
    const zhangId = a.internals.tokenForTests(...ZHANG).holderId
    const list = a.listCertificates(zhangId)
    const idCard = list.find((c) => c.kind === 'id-card')!
    const degree = list.find((c) => c.kind === 'degree')!
    const { newCertId } = a.reissue(idCard.certId)
    a.revoke(degree.certId)
    const doc = a.exportState()
    expect(JSON.stringify(doc)).not.toContain('44010619900315001X')
    expect(doc.state.certs.map((c) => [c.certId, c.status, c.claims === undefined ? c.claimsOf : 'claims'])).toEqual(
      expect.arrayContaining([
        [idCard.certId, 'superseded', idCard.certId],
        [newCertId, 'valid', idCard.certId],
        [degree.certId, 'revoked', degree.certId]
      ])
    )
    const b = sim()
    b.importState(JSON.parse(JSON.stringify(doc)))
    expect(b.listCertificates(zhangId)).toEqual(a.listCertificates(zhangId))
    expect(b.exportState()).toEqual(doc)
  })

  it('refuses another format version (ERR_STATE_VERSION), another seed or kind list (ERR_STATE_SEED), a broken shape (ERR_STATE_CORRUPT), and keeps its state', () => {
    const a = sim()
    const t = a.internals.tokenForTests(...ZHANG)
    const doc = a.exportState()
    const b = sim()
    const own = b.internals.tokenForTests(...ZHANG)
    const tryImport = (d: unknown) => {
      try {
        b.importState(d)
      } catch (e) {
        return (e as SimulatorStateError).code
      }
      return 'ok'
    }
    expect(tryImport({ ...doc, version: SNAPSHOT_VERSION + 1 })).toBe('ERR_STATE_VERSION')
    expect(tryImport({ ...doc, version: 0 })).toBe('ERR_STATE_VERSION')
    expect(tryImport(createSimulator({ seed: 'another-seed', now: () => new Date(T0) }).exportState())).toBe('ERR_STATE_SEED')
    // The same seed string under another key derivation (here: another root key) — what a change
    // of algorithm would do: the credentials in the file were signed by keys that are gone.
    const config = { seed: DEFAULT_SEED, registry: createCertRegistry(certModules), seedData: DEFAULT_SEED_DATA }
    expect(configDigest({ ...config, rootKey: deriveKey(DEFAULT_SEED, ROOT_KID, 'SM2') })).toBe(doc.configDigest)
    expect(tryImport({ ...doc, configDigest: configDigest({ ...config, rootKey: deriveKey(DEFAULT_SEED, ROOT_KID, 'P-256') }) })).toBe('ERR_STATE_SEED')
    // The kinds in another order: compact credentials carry a kind's index, so they would read wrongly.
    expect(tryImport(createSimulator({ certModules: [...certModules].reverse(), now: () => new Date(T0) }).exportState())).toBe('ERR_STATE_SEED')
    expect(tryImport({ ...doc, state: { ...doc.state, tokens: 'x' } })).toBe('ERR_STATE_CORRUPT')
    const changed = { certId: 'x', kind: 'id-card', holderId: 'p-zhang', status: 'valid', statusIdx: 1 }
    expect(tryImport({ ...doc, state: { ...doc.state, certs: [{ ...changed, issuer: 'nobody', claims: {} }] } })).toBe('ERR_STATE_CORRUPT')
    expect(tryImport({ ...doc, state: { ...doc.state, certs: [{ ...changed, issuer: 'gd-gat', claimsOf: 'no-such-cert' }] } })).toBe('ERR_STATE_CORRUPT')
    expect(tryImport({ ...doc, state: { ...doc.state, certs: [{ ...changed, issuer: 'gd-gat' }] } })).toBe('ERR_STATE_CORRUPT')
    expect(tryImport({ ...doc, medpay: { ...doc.medpay, settlements: null } })).toBe('ERR_STATE_CORRUPT')
    expect(tryImport([])).toBe('ERR_STATE_CORRUPT')
    expect(tryImport(null)).toBe('ERR_STATE_CORRUPT')
    // Nothing of the refused documents got in.
    expect(b.internals.personByToken(own.holderToken)).toBe(own.holderId)
    expect(b.internals.personByToken(t.holderToken)).toBeNull()
  })
})

describe('the data-folder file (npm start, npm run mock)', () => {
  it('writes the seeded state at once, and a new simulator on the same folder restores what the first one did', async () => {
    const a = sim()
    const store = await openFileStateStore(a, { dataDir: dir })
    expect(store.loaded).toBe('fresh')
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).format).toBe('certwallet-simulator-state')
    const t = a.internals.tokenForTests(...ZHANG)
    await store.save()
    await store.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    const b = sim()
    const again = await openFileStateStore(b, { dataDir: dir })
    expect(again.loaded).toBe('restored')
    expect(b.internals.personByToken(t.holderToken)).toBe(t.holderId)
    await again.close()
  })

  it.each([
    ['not JSON', '{"format":"certwallet-simulator-state","vers', 'ERR_STATE_CORRUPT'],
    ['another program\'s JSON', '{"hello":1}', 'ERR_STATE_CORRUPT'],
    ['an empty file', '', 'ERR_STATE_CORRUPT'],
    ['another version', JSON.stringify({ format: 'certwallet-simulator-state', version: 99 }), 'ERR_STATE_VERSION']
  ])('%s: a coded error naming the file, the file untouched, the folder not locked', async (_what, text, code) => {
    writeFileSync(join(dir, STATE_FILE), text)
    const err = await openFileStateStore(sim(), { dataDir: dir }).catch((e: unknown) => e as SimulatorStateError)
    expect(err).toBeInstanceOf(SimulatorStateError)
    expect((err as SimulatorStateError).code).toBe(code)
    expect((err as SimulatorStateError).detail).toContain(join(dir, STATE_FILE))
    expect(readFileSync(join(dir, STATE_FILE), 'utf8')).toBe(text)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    // What the person reads: what is wrong, that nothing was deleted, and the flag that sets it aside.
    const told = explainStartFailure(err, dir, 'npm start').join('\n')
    expect(told).toContain(code)
    expect(told).toContain('没有被删除')
    expect(told).toContain('npm start -- --set-aside-data')
  })

  it('the safe way on: the unreadable file is renamed beside itself, and the next start begins from the seed', async () => {
    writeFileSync(join(dir, STATE_FILE), 'garbage')
    const aside = await setAsideStateFile(dir, new Date('2026-11-30T14:00:00Z'))
    expect(aside).toBe(join(dir, `${STATE_FILE}.unreadable-2026-11-30T14-00-00-000Z`))
    expect(readFileSync(aside!, 'utf8')).toBe('garbage')
    const store = await openFileStateStore(sim(), { dataDir: dir })
    expect(store.loaded).toBe('fresh')
    await store.close()
    expect(await setAsideStateFile(join(dir, 'none'))).toBeNull()
  })

  it('concurrent saves are merged: the file ends as the last state, whole, with no temporary files left', async () => {
    const a = sim()
    const store = await openFileStateStore(a, { dataDir: dir })
    const tokens: string[] = []
    const saves: Promise<void>[] = []
    for (let i = 0; i < 40; i++) {
      tokens.push(a.internals.tokenForTests(...ZHANG).holderToken)
      saves.push(store.save())
    }
    await Promise.all(saves)
    const onDisk = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'))
    const { savedAt: _a, ...expected } = a.exportState()
    const { savedAt: _b, ...written } = onDisk
    expect(written).toEqual(expected)
    expect(new Set(onDisk.state.tokens.map((e: [string, unknown]) => e[0]))).toEqual(new Set(a.exportState().state.tokens.map((e) => e[0])))
    for (const t of tokens) expect(onDisk.state.tokens.some((e: [string, unknown]) => e[0] === t)).toBe(true)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    await store.close()
  })

  it('a second store on a folder in use: ERR_STATE_LOCKED; a lock left by a process that is gone is taken over', async () => {
    const store = await openFileStateStore(sim(), { dataDir: dir })
    expect(await codeOf(openFileStateStore(sim(), { dataDir: dir }))).toBe('ERR_STATE_LOCKED')
    await store.close()
    writeFileSync(join(dir, LOCK_FILE), '2147483646') // no such process
    const next = await openFileStateStore(sim(), { dataDir: dir })
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid))
    await next.close()
  })

  it('a write the disk refuses: ERR_STATE_WRITE, and no temporary file is left behind', async () => {
    const a = sim()
    const store = await openFileStateStore(a, { dataDir: dir })
    const before = readFileSync(join(dir, STATE_FILE), 'utf8')
    // rename() cannot replace a non-empty directory: stands in for a full or read-only disk.
    rmSync(join(dir, STATE_FILE))
    mkdirSync(join(dir, STATE_FILE, 'x'), { recursive: true })
    a.internals.tokenForTests(...ZHANG)
    expect(await codeOf(store.save())).toBe('ERR_STATE_WRITE')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    rmSync(join(dir, STATE_FILE), { recursive: true })
    writeFileSync(join(dir, STATE_FILE), before)
    await store.close()
  })
})

/** A localStorage stand-in; `full` makes setItem throw as a full quota does. */
function memoryStorage() {
  const data = new Map<string, string>()
  return {
    data,
    full: false,
    getItem: (k: string) => data.get(k) ?? null,
    setItem(k: string, v: string) {
      if (this.full) throw new Error('QuotaExceededError')
      data.set(k, v)
    }
  }
}

describe('the in-page simulator in localStorage', () => {
  it('a reload (a new simulator on the same storage) keeps the holder signed in', () => {
    const storage = memoryStorage()
    const a = sim()
    const first = openLocalStateStore(a, { storage })
    expect(first.loaded).toBe('fresh')
    const t = a.internals.tokenForTests(...ZHANG)
    expect(first.save()).toBe(true)
    const b = sim()
    expect(openLocalStateStore(b, { storage }).loaded).toBe('restored')
    expect(b.internals.personByToken(t.holderToken)).toBe(t.holderId)
  })

  it('a blob it cannot read: kept under <key>.unreadable, said on the console with its code, and the simulator starts from the seed', () => {
    const storage = memoryStorage()
    storage.data.set(LOCAL_STATE_KEY, '{"format":"certwallet-simulator-state","version":3,"configDigest":"0"}')
    const said: string[] = []
    const store = openLocalStateStore(sim(), { storage, report: (m) => said.push(m) })
    expect(store.loaded).toBe('ERR_STATE_SEED')
    expect(storage.data.get(`${LOCAL_STATE_KEY}.unreadable`)).toBe('{"format":"certwallet-simulator-state","version":3,"configDigest":"0"}')
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('ERR_STATE_SEED')
    expect(said[0]).toContain(`${LOCAL_STATE_KEY}.unreadable`)
    storage.data.set(LOCAL_STATE_KEY, 'not json')
    expect(openLocalStateStore(sim(), { storage, report: () => undefined }).loaded).toBe('ERR_STATE_CORRUPT')
  })

  it('a full storage: save() is false and says so once; nothing is thrown into the page', () => {
    const storage = memoryStorage()
    const said: string[] = []
    const a = sim()
    const store = openLocalStateStore(a, { storage, report: (m) => said.push(m) })
    storage.full = true
    a.internals.tokenForTests(...ZHANG)
    expect(store.save()).toBe(false)
    a.internals.tokenForTests(...ZHANG)
    expect(store.save()).toBe(false)
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('ERR_STATE_WRITE')
  })

  it('another tab\'s save is adopted, so two tabs do not undo each other\'s sign-ins', () => {
    const storage = memoryStorage()
    const tabA = sim()
    const tabB = sim()
    const a = openLocalStateStore(tabA, { storage })
    const b = openLocalStateStore(tabB, { storage })
    const t = tabA.internals.tokenForTests(...ZHANG)
    a.save()
    b.adopt(storage.getItem(LOCAL_STATE_KEY))
    expect(tabB.internals.personByToken(t.holderToken)).toBe(t.holderId)
    tabB.internals.tokenForTests(...ZHANG)
    b.save()
    const c = sim()
    openLocalStateStore(c, { storage })
    expect(c.internals.personByToken(t.holderToken)).toBe(t.holderId)
    // Garbage from elsewhere is not adopted.
    b.adopt('nonsense')
    expect(tabB.internals.personByToken(t.holderToken)).toBe(t.holderId)
  })
})
