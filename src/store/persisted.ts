import type { PersistOptions, PersistStorage, StorageValue } from 'zustand/middleware'

/**
 * How a store reads back what it wrote: the state (defaults when the blob was bad or old) and why
 * it was not taken as it was (null when it was).
 */
export type TryParse<P> = (value: unknown) => { state: P; problem: string | null }

/**
 * Where persisted stores keep their blobs: Taro storage in the app, memory in tests. `getItem` may
 * return the blob as a JSON string (the format every store wrote before, and still what the
 * mini-programs and tests write) or as the object itself. With `setObject` (H5:
 * src/services/storage/taroStorage.h5.ts) blobs are written as objects: Taro's H5 storage wraps
 * every value in `{ data }` and JSON-encodes that, so a string blob was parsed twice on every start
 * (the outer parse of a 165 KB escaped string being the slow one), an object blob once.
 */
export interface BlobStorage {
  getItem: (name: string) => unknown
  setItem: (name: string, value: string) => unknown
  removeItem: (name: string) => unknown
  /** Write `value` as an object (read back by `getItem` as an equal object). */
  setObject?: (name: string, value: object) => unknown
  /**
   * A sealed box's own text for what a read blob carries in its place. H5 keeps long boxes in
   * IndexedDB and a reference in the blob (src/services/storage/sideStore.h5.ts); elsewhere absent
   * (the blob carries the box itself).
   */
  resolve?: (sealed: string) => string
  /** Resolves once `resolve` can answer for every reference a read blob carries (never rejects). */
  ready?: () => Promise<void>
}

/** A box's text as `storage` keeps it (see {@link BlobStorage.resolve}). */
export const sealedText = (storage: Pick<BlobStorage, 'resolve'> | undefined, sealed: string) => (storage?.resolve ? storage.resolve(sealed) : sealed)

/** What differs between the persisted stores; everything else is {@link persistedOptions}'s. */
export interface PersistedConfig<S, P extends { version: number }> {
  /** Storage key, e.g. `certwallet.usage`. */
  name: string
  /** Taro storage in the app, memory in tests. */
  storage: BlobStorage
  /** Format version, written first in every blob and checked by `parse`. */
  version: P['version']
  /** What is written: never a secret in the clear, never what only the screen needs. */
  partialize: (s: S) => Omit<P, 'version'>
  /** The safe parse (schema + defaults): a bad or old blob never crashes the app. */
  parse: TryParse<P>
  /** State derived from what was read (e.g. sealed parts opened, `locked` from the lock record). */
  loaded?: (state: P) => Partial<S>
  /** State to set when the stored blob was not taken as it was (e.g. a coded error for the page). */
  onProblem?: (problem: string) => Partial<S>
}

/** Key under which a blob that could not be read as it was is kept (see {@link persistedOptions}). */
export const unreadableKey = (name: string) => `${name}.unreadable`

/**
 * zustand `persist` options for a store kept in `storage`: only `partialize`'s fields (with
 * `version`) are written, and on start the blob goes through `parse`, its problem (if any)
 * landing in `storageProblem` for the page to mention (and `onProblem`'s state set).
 *
 * Stored data is never lost to a bad read: a blob that is not JSON, or that `parse` did not take
 * as it was, is first copied as it was to {@link unreadableKey} (the store then writes its
 * defaults, or what it could read, over the original on its next change). A write that fails (a
 * full quota) throws from the store's `set`, and the storage keeps the previous blob.
 * @example persist(init, persistedOptions({ name: 'certwallet.settings', storage, version: 1, partialize: (s) => ({ careMode: s.careMode }), parse: tryParseSettings }))
 */
export function persistedOptions<S extends { storageProblem: string | null }, P extends { version: number }>(c: PersistedConfig<S, P>): PersistOptions<S, P> {
  const store = c.storage
  // The blob as stored at the last read, for merge (which runs right after getItem on hydration).
  let raw: unknown
  const storage: PersistStorage<P> = {
    getItem: (name) => {
      let value = (raw = store.getItem(name))
      try {
        if (typeof value === 'string') value = JSON.parse(value)
      } catch {}
      // '' and null are "nothing stored" on every platform. Anything that is not zustand's
      // `{ state, version }` (not JSON, an array …) goes to `parse` as it is, which reports it.
      return raw == null || raw === '' ? null : ((typeof value === 'object' && value !== null && 'state' in value ? value : { state: value }) as StorageValue<P>)
    },
    setItem: (name, value) => (store.setObject ? store.setObject(name, value) : store.setItem(name, JSON.stringify(value))),
    removeItem: (name) => store.removeItem(name)
  }
  return {
    name: c.name,
    storage,
    partialize: (s) => ({ version: c.version, ...c.partialize(s) }) as P,
    merge: (persisted, current) => {
      const { state, problem } = c.parse(persisted)
      if (problem !== null && raw != null) {
        // Kept as it was stored (best effort: with a full quota only the original stays, until the store's next write).
        try {
          store.setItem(unreadableKey(c.name), typeof raw === 'string' ? raw : JSON.stringify(raw))
        } catch {}
      }
      return { ...current, ...state, ...c.loaded?.(state), ...(problem !== null && c.onProblem?.(problem)), storageProblem: problem }
    }
  }
}
