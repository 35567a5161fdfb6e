/**
 * The simulator's state in a data folder, for `npm start` and `npm run mock`: one JSON document
 * (`state.json`, mock/simulator/snapshot.ts) written atomically (a temporary file, fsync, rename),
 * so a crash or a power cut leaves either the old state or the new one, never half of each.
 *
 * Why one JSON file and not SQLite: the whole state of a demo government is small (the document
 * leaves out what the seed already holds: 1.4 KB fresh; each sign-in adds a few hundred bytes) and
 * every domain module keeps it in memory already, so a store only has to take a consistent copy
 * after each request. Measured here (2 shared cores, Node 20): export + stringify 0.3–0.4 ms, one
 * atomic save with fsync ~9 ms, and saves are merged while one runs. SQLite would need a native module
 * (better-sqlite3) or Node 22's `node:sqlite` (we run Node 20), and a table per collection, for
 * no gain at this size.
 *
 * A `simulator.lock` file (our pid) keeps a second simulator off the same folder: two writers
 * would each overwrite the other's state. A lock left by a process that is gone is taken over.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SimulatorStateError } from '../simulator/snapshot'
import type { PersistableSimulator } from '../simulator'

export const STATE_FILE = 'state.json'
export const LOCK_FILE = 'simulator.lock'

export interface FileStateStore {
  /** The state file's path. */
  readonly file: string
  /** 'restored': the state was read from the file; 'fresh': there was none (the seeded state). */
  readonly loaded: 'restored' | 'fresh'
  /**
   * Writes the simulator's state as it is now. Calls while a write runs are merged into one more
   * write of the latest state; resolves when the state as of this call is on disk. Rejects with
   * ERR_STATE_WRITE when the disk refuses.
   */
  save(): Promise<void>
  /** Waits for pending writes, then releases the folder. */
  close(): Promise<void>
}

export interface FileStateStoreOptions {
  dataDir: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function takeLock(lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' })
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new SimulatorStateError('ERR_STATE_WRITE', lockPath, e)
    }
    const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim())
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new SimulatorStateError('ERR_STATE_LOCKED', `${lockPath} (pid ${holder})`)
    // Left behind by a simulator that is gone.
    await rm(lockPath, { force: true })
  }
  throw new SimulatorStateError('ERR_STATE_LOCKED', lockPath)
}

let tmpSeq = 0

/** Writes `text` to `file` so that readers see the old content or the new, never a mix. */
function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`
  return (async () => {
    // Sync calls inside: a few hundred KB at most, and fsync must follow the write it covers.
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    await rename(tmp, file)
  })().catch(async (e: unknown) => {
    await rm(tmp, { force: true })
    throw new SimulatorStateError('ERR_STATE_WRITE', file, e)
  })
}

/** Reads a state file into `sim`; throws SimulatorStateError naming the file. The file is never changed. */
async function loadInto(sim: PersistableSimulator, file: string): Promise<boolean> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw new SimulatorStateError('ERR_STATE_CORRUPT', `${file}: ${(e as Error).message}`, e)
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new SimulatorStateError('ERR_STATE_CORRUPT', `${file}: not JSON`, e)
  }
  try {
    sim.importState(doc)
  } catch (e) {
    if (e instanceof SimulatorStateError) throw new SimulatorStateError(e.code, `${file}${e.detail ? ` (${e.detail})` : ''}`, e)
    throw e
  }
  return true
}

/**
 * Opens `dataDir` (made if missing), takes its lock and loads `state.json` into `sim` when there is
 * one. A file that cannot be loaded throws SimulatorStateError (ERR_STATE_CORRUPT, ERR_STATE_VERSION,
 * ERR_STATE_SEED) and is left as it is: see {@link setAsideStateFile} for the way out.
 *
 * @example
 * const store = await openFileStateStore(sim, { dataDir: 'data/simulator' })
 * // … after each request:
 * await store.save()
 */
export async function openFileStateStore(sim: PersistableSimulator, options: FileStateStoreOptions): Promise<FileStateStore> {
  const dir = options.dataDir
  await mkdir(dir, { recursive: true })
  const file = join(dir, STATE_FILE)
  const lockPath = join(dir, LOCK_FILE)
  await takeLock(lockPath)
  let loaded: boolean
  try {
    loaded = await loadInto(sim, file)
  } catch (e) {
    await rm(lockPath, { force: true })
    throw e
  }

  let lastWritten: string | null = null
  let wanted = false
  let running: Promise<void> | null = null
  let closed = false

  async function writeLoop(): Promise<void> {
    while (wanted) {
      wanted = false
      const doc = sim.exportState()
      const { savedAt: _at, ...content } = doc
      const key = JSON.stringify(content)
      if (key === lastWritten) continue
      await writeAtomic(file, JSON.stringify(doc))
      lastWritten = key
    }
  }

  const store: FileStateStore = {
    file,
    loaded: loaded ? 'restored' : 'fresh',
    save() {
      if (closed) return Promise.reject(new SimulatorStateError('ERR_STATE_WRITE', `${file}: store closed`))
      wanted = true
      if (!running) {
        running = writeLoop().finally(() => {
          running = null
        })
      }
      return running
    },
    async close() {
      if (closed) return
      try {
        if (running) await running.catch(() => undefined)
        wanted = true
        running = writeLoop().finally(() => {
          running = null
        })
        await running
      } finally {
        closed = true
        await rm(lockPath, { force: true })
      }
    }
  }
  // The seeded state is written at once: the folder then always holds what the simulator serves.
  await store.save()
  return store
}

/**
 * The safe way past a state file that cannot be loaded: renames it to
 * `state.json.unreadable-<time>` beside it (nothing is deleted) and returns the new path, so the
 * next start begins from the seeded state.
 */
export async function setAsideStateFile(dataDir: string, now: Date = new Date()): Promise<string | null> {
  const file = join(dataDir, STATE_FILE)
  if (!(await stat(file).catch(() => null))) return null
  const aside = `${file}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`
  await rename(file, aside)
  return aside
}
