import { createJSONStorage, type PersistOptions, type StateStorage } from 'zustand/middleware'

/**
 * How a store reads back what it wrote: the state (defaults when the blob was bad or old) and why
 * it was not taken as it was (null when it was).
 */
export type TryParse<P> = (value: unknown) => { state: P; problem: string | null }

/** What differs between the persisted stores; everything else is {@link persistedOptions}'s. */
export interface PersistedConfig<S, P extends { version: number }> {
  /** Storage key, e.g. `certwallet.usage`. */
  name: string
  /** Taro storage in the app, memory in tests. */
  storage: StateStorage
  /** Format version, written first in every blob and checked by `parse`. */
  version: P['version']
  /** What is written: never a secret in the clear, never what only the screen needs. */
  partialize: (s: S) => Omit<P, 'version'>
  /** The safe parse (schema + defaults): a bad or old blob never crashes the app. */
  parse: TryParse<P>
  /** State derived from what was read (e.g. sealed parts opened, `locked` from the lock record). */
  loaded?: (state: P) => Partial<S>
}

/**
 * zustand `persist` options for a store kept as JSON in `storage`: only `partialize`'s fields
 * (with `version`) are written, and on start the blob goes through `parse`, its problem (if any)
 * landing in `storageProblem` for the page to mention.
 * @example persist(init, persistedOptions({ name: 'certwallet.settings', storage, version: 1, partialize: (s) => ({ careMode: s.careMode }), parse: tryParseSettings }))
 */
export function persistedOptions<S extends { storageProblem: string | null }, P extends { version: number }>(c: PersistedConfig<S, P>): PersistOptions<S, P> {
  return {
    name: c.name,
    storage: createJSONStorage(() => c.storage),
    partialize: (s) => ({ version: c.version, ...c.partialize(s) }) as P,
    merge: (persisted, current) => {
      const { state, problem } = c.parse(persisted)
      return { ...current, ...state, ...c.loaded?.(state), storageProblem: problem }
    }
  }
}
