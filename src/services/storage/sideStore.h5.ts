import { sha256 } from '@noble/hashes/sha256'
import { base64urlEncode, utf8Encode } from '../encoding'

/**
 * H5: the long sealed boxes of the persisted stores live in IndexedDB, not in localStorage.
 *
 * Why: Chromium reads an origin's whole localStorage, synchronously, on the page's first access to
 * it. A returning holder's wallet was ~185 KB there, 126 KB of it the sealed certificates (each
 * with its OFD 原件), which only an unlock opens. That first read cost ~40 ms at 4× CPU throttle
 * before the cards could show; with the boxes here it is ~8 ms (docs/BENCHMARKS.md, session 10).
 *
 * How (taroStorage.h5.ts calls it on every write):
 * - A `sealed` string of {@link MIN_CHARS} or more in a blob is stored here under its content's
 *   SHA-256 and the blob carries {@link REF_PREFIX}`<hash>` in its place. Only once IndexedDB has
 *   committed the box (durability "strict") does a blob name it; until then the blob carries the
 *   box itself, so no crash or failed write can leave a blob naming a box that is not stored.
 * - Once the page is idle after start (or at the first unlock, if sooner) every box is read into
 *   memory ({@link sideReady}); {@link sideText} gives a box's text
 *   for its reference (the stores call it where they open a box: unlock and `openSecret`, which
 *   wait for {@link sideReady} first). The stores' state keeps references as they were read.
 * - Blobs written with boxes inline (by this build before the commit, or by an older build) are
 *   moved over on start and after a write that carries one ({@link scheduleCompaction},
 *   {@link afterWrite}); boxes no blob names any more (a wipe, a removed certificate, 亮证 sets
 *   replaced) are marked then and deleted a day later ({@link GC_GRACE_MS}). A write that neither
 *   carries a box nor drops one (most: a status, a time) costs no pass.
 * - No IndexedDB (an old or locked-down browser, or it fails): boxes stay inline, as before.
 *
 * NOTE: an H5 build from before session 10 reads a reference as a broken box: its unlock would not
 * open those certificates (ARCHITECTURE.md, docs/security.md).
 * NOTE: two tabs of the app write the same blobs, last writer wins (as before this store). A tab left
 * open for over a day after another replaced its boxes could write back references to deleted
 * boxes; the stores are not built for two tabs at once.
 */

/** A `sealed` string this long or longer goes to IndexedDB (a device key's box, ~400 chars, stays). */
export const MIN_CHARS = 2048
/** How a blob names a box kept here (never a base64url box's own text: it has a ':'). */
export const REF_PREFIX = 'side:v1:'
/** The persisted stores whose blobs may carry boxes here (src/store/*: wallet, 亮证 sets, 医保, 家人). */
export const SIDE_KEYS = ['certwallet.wallet', 'certwallet.presentation', 'certwallet.medpay', 'certwallet.delegation'] as const

const DB_NAME = 'certwallet-side'
const STORE = 'boxes'

/** Box text by reference (every committed box, read on start and added as written). */
const texts = new Map<string, string>()
/** Reference by box text, for the boxes IndexedDB holds. */
const refs = new Map<string, string>()
/** When a pass first found a box that no stored blob names (ms), by reference; kept beside the boxes. */
const unnamedSince = new Map<string, number>()
const MARK_PREFIX = 'unnamed:'
/**
 * How long a box no stored blob names is kept before it is deleted: a day. Another tab of the app
 * may still hold its reference in memory and write it back (a tab's stores are not reloaded when
 * another writes), and the box, sealed to the vault, is of no use to anyone without the PIN.
 */
export const GC_GRACE_MS = 24 * 3600_000

let db: Promise<IDBDatabase | null> | null = null
let loaded: Promise<void> | null = null

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })

/** Resolves when `tx` has committed; rejects when it failed or was aborted. */
const completed = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = tx.onabort = () => reject(tx.error)
  })

/** How long opening IndexedDB may take before this page does without it (an unlock waits for it). */
export const OPEN_TIMEOUT_MS = 3000

function openDb(): Promise<IDBDatabase | null> {
  if (db) return db
  db = new Promise<IDBDatabase | null>((answer) => {
    // A browser that never answers (neither success nor error) must not hold an unlock forever.
    const timer = setTimeout(() => answer(null), OPEN_TIMEOUT_MS)
    const resolve = (d: IDBDatabase | null) => {
      clearTimeout(timer)
      answer(d)
    }
    try {
      if (typeof indexedDB === 'undefined') return resolve(null)
      const r = indexedDB.open(DB_NAME, 1)
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE)
      }
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => resolve(null)
      r.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
  return db
}

/** Reads every box into memory, once; then moves inline boxes of the stored blobs over. Never rejects. */
export function sideReady(): Promise<void> {
  if (loaded) return loaded
  loaded = (async () => {
    const d = await openDb()
    if (!d) return
    try {
      const tx = d.transaction(STORE, 'readonly')
      const store = tx.objectStore(STORE)
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())])
      keys.forEach((k, i) => {
        if (typeof k !== 'string') return
        if (k.startsWith(MARK_PREFIX) && typeof values[i] === 'number') unnamedSince.set(k.slice(MARK_PREFIX.length), values[i] as number)
        else if (typeof values[i] === 'string') remember(k, values[i] as string)
      })
    } catch {
      // Unreadable: references stay unresolved (their certificates do not open); inline boxes still work.
    }
  })()
  loaded.then(() => scheduleCompaction())
  return loaded
}

function remember(ref: string, text: string) {
  texts.set(ref, text)
  refs.set(text, ref)
}

/** A box's text: the stored text for a reference (`ref` itself when unknown), any other string as it is. */
export function sideText(sealed: string): string {
  return sealed.startsWith(REF_PREFIX) ? (texts.get(sealed) ?? sealed) : sealed
}

const refOf = (text: string) => REF_PREFIX + base64urlEncode(sha256(utf8Encode(text)))

/**
 * `value` with every committed box replaced by its reference (a copy along the changed paths only);
 * the boxes still inline go to `inline`, and the references the result names to `named`. Boxes are
 * the `sealed` strings of {@link MIN_CHARS} or more.
 */
export function withRefs(value: unknown, inline: string[] = [], named?: Set<string>): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    value.forEach((v, i) => {
      const w = withRefs(v, inline, named)
      if (w !== v) (out ??= value.slice())[i] = w
    })
    return out ?? value
  }
  if (typeof value !== 'object' || value === null) return value
  let out: Record<string, unknown> | null = null
  for (const [k, v] of Object.entries(value)) {
    let w: unknown
    if (k === 'sealed' && typeof v === 'string' && v.length >= MIN_CHARS) {
      const ref = refs.get(v)
      if (ref === undefined) inline.push(v)
      else named?.add(ref)
      w = ref ?? v
    } else if (k === 'sealed' && typeof v === 'string') {
      if (v.startsWith(REF_PREFIX)) named?.add(v)
      w = v
    } else w = withRefs(v, inline, named)
    if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w
  }
  return out ?? value
}

const REF_IN_TEXT = /side:v1:[A-Za-z0-9_-]{43}/g

/** References a blob names (an object, or a blob kept as JSON text: an unreadable copy). */
function namedRefs(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.match(REF_IN_TEXT) ?? []) into.add(m)
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) namedRefs(v, into)
  }
  return into
}

/** How taroStorage.h5.ts reads and writes a stored blob (localStorage, Taro's `{data}` wrapper). */
export interface BlobAccess {
  read(name: string): unknown
  write(name: string, value: unknown): void
}

let access: BlobAccess | null = null
/** Passes run one after another; a pass not started yet serves every caller until it starts. */
let chain: Promise<void> = Promise.resolve()
let queued: Promise<void> | null = null
/** The references each store's blob names as this page last wrote or read it (unknown until then). */
const lastNamed = new Map<string, Set<string>>()

/** Tells the side store how to read and write blobs (taroStorage.h5.ts, once). */
export function setBlobAccess(a: BlobAccess) {
  access = a
}

/**
 * After taroStorage.h5.ts wrote the blob `name` naming the references `named` (none: removed), with
 * boxes inline or not ({@link withRefs} gives both as it makes the blob): a pass at once when it
 * carries boxes inline, a pass a moment later when it no longer names a box it named (a wipe, 亮证
 * sets replaced), nothing otherwise (most writes: a status, a time).
 */
export function afterWrite(name: string, named: Set<string>, inline: boolean) {
  const before = lastNamed.get(name)
  lastNamed.set(name, named)
  if (inline) void scheduleCompaction()
  else if (before && [...before].some((r) => !named.has(r))) compactSoon()
}

/** One pass a moment after the last of a burst of writes. */
let soon: ReturnType<typeof setTimeout> | null = null
function compactSoon() {
  if (soon !== null) clearTimeout(soon)
  soon = setTimeout(() => {
    soon = null
    void scheduleCompaction()
  }, 1500)
}

/**
 * Moves inline boxes of the stored blobs into IndexedDB and rewrites those blobs with references,
 * then marks the boxes no stored blob names (deleting those marked {@link GC_GRACE_MS} ago). Passes
 * run one at a time: a call while one runs is served by the next pass. Never rejects.
 */
export function scheduleCompaction(): Promise<void> {
  const run = async () => {
    await sideReady()
    const d = await openDb()
    if (!d || !access) return
    const a = access
    const readAll = () => SIDE_KEYS.map((name) => [name, a.read(name)] as const)
    let blobs = readAll()
    // 1. The inline boxes of every stored blob, committed to IndexedDB before any blob names them.
    const inline: string[] = []
    for (const [, blob] of blobs) withRefs(blob, inline)
    const fresh = [...new Set(inline)].filter((t) => !refs.has(t)).map((t) => [refOf(t), t] as const)
    if (fresh.length) {
      try {
        const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' })
        for (const [ref, text] of fresh) tx.objectStore(STORE).put(text, ref)
        await completed(tx)
        for (const [ref, text] of fresh) remember(ref, text)
      } catch {
        return // nothing committed: the blobs keep their boxes inline
      }
      blobs = readAll() // as stored now: the stores may have written while IndexedDB committed
    }
    // 2. Each blob with references, and what it names (with a kept unreadable copy's).
    const named = new Set<string>()
    for (const [name, blob] of blobs) {
      let stored = blob
      const next = withRefs(blob)
      if (next !== blob) {
        try {
          a.write(name, next)
          stored = next
        } catch {
          // A full quota: the blob stays as it was (its boxes inline), which still reads.
        }
      }
      const own = namedRefs(stored, new Set())
      lastNamed.set(name, own)
      for (const r of own) named.add(r)
      namedRefs(a.read(`${name}.unreadable`), named)
    }
    // 3. Boxes that no stored blob names any more: marked on the first pass that finds them so,
    // deleted on a pass {@link GC_GRACE_MS} later; named again, unmarked.
    const now = Date.now()
    const mark: string[] = []
    const unmark: string[] = []
    const drop: string[] = []
    for (const r of texts.keys()) {
      const since = unnamedSince.get(r)
      if (named.has(r)) {
        if (since !== undefined) unmark.push(r)
      } else if (since === undefined) mark.push(r)
      else if (now - since >= GC_GRACE_MS) drop.push(r)
    }
    if (mark.length || unmark.length || drop.length) {
      try {
        const tx = d.transaction(STORE, 'readwrite')
        const store = tx.objectStore(STORE)
        for (const r of mark) store.put(now, MARK_PREFIX + r)
        for (const r of [...unmark, ...drop]) store.delete(MARK_PREFIX + r)
        for (const r of drop) store.delete(r)
        await completed(tx)
        for (const r of mark) unnamedSince.set(r, now)
        for (const r of [...unmark, ...drop]) unnamedSince.delete(r)
        for (const r of drop) {
          refs.delete(texts.get(r)!)
          texts.delete(r)
        }
      } catch {
        // As they were: a later pass tries again.
      }
    }
  }
  if (queued) return queued
  const next = chain.then(() => {
    queued = null
    return run().catch(() => {})
  })
  queued = next
  chain = next.catch(() => {})
  return next
}
