import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import { parsePersisted } from './schema'
import { persistedOptions, type BlobStorage } from './persisted'

/**
 * The holder's display settings: 关怀模式 (care mode: large type, high contrast, big buttons,
 * fewer controls). Not secret, so stored in plain Taro storage, apart from the wallet.
 */

/** What survives a restart. Bump `version` on any incompatible change. */
export interface PersistedSettings {
  version: 1
  careMode: boolean
}

export const SETTINGS_DEFAULTS: PersistedSettings = { version: 1, careMode: false }

export const PersistedSettingsSchema: v.GenericSchema<unknown, PersistedSettings> = /*#__PURE__*/ v.object({
  version: /*#__PURE__*/ v.picklist([1]),
  careMode: /*#__PURE__*/ v.boolean()
})

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults and is reported through
 * `problem`, never thrown (STYLE.md §5).
 */
export function tryParseSettings(value: unknown): { state: PersistedSettings; problem: string | null } {
  return parsePersisted(PersistedSettingsSchema, value, SETTINGS_DEFAULTS)
}

export interface SettingsState extends PersistedSettings {
  /** Set when the stored blob was unreadable and we fell back to defaults. */
  storageProblem: string | null
  setCareMode(on: boolean): void
}

export interface SettingsDeps {
  storage: BlobStorage
  storageKey?: string
}

export type SettingsStore = StoreApi<SettingsState>

/** The settings store: zustand + persist through Taro storage. */
export function createSettingsStore(deps: SettingsDeps): SettingsStore {
  return createStore<SettingsState>()(
    persist(
      (set) => ({
        ...SETTINGS_DEFAULTS,
        storageProblem: null,
        setCareMode(on) {
          set({ careMode: on })
        }
      }),
      persistedOptions<SettingsState, PersistedSettings>({
        name: deps.storageKey ?? 'certwallet.settings',
        storage: deps.storage,
        version: 1,
        partialize: (s) => ({ careMode: s.careMode }),
        parse: tryParseSettings
      })
    )
  )
}
