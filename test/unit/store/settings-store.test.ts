import { createSettingsStore, SETTINGS_DEFAULTS, tryParseSettings } from '../../../src/store/settingsStore'
import { memoryStorage } from '../../support/memoryStorage'

describe('settings store (关怀模式)', () => {
  it('defaults parse to themselves', () => {
    expect(tryParseSettings(SETTINGS_DEFAULTS)).toEqual({ state: SETTINGS_DEFAULTS, problem: null })
    expect(tryParseSettings(undefined)).toEqual({ state: SETTINGS_DEFAULTS, problem: null })
  })

  it('remembers care mode across a restart (a new store on the same storage)', () => {
    const storage = memoryStorage()
    const first = createSettingsStore({ storage })
    expect(first.getState().careMode).toBe(false)
    first.getState().setCareMode(true)
    expect(JSON.parse(storage.data['certwallet.settings']).state).toEqual({ version: 1, careMode: true })
    const second = createSettingsStore({ storage })
    expect(second.getState().careMode).toBe(true)
    expect(second.getState().storageProblem).toBeNull()
  })

  it.each([
    ['not JSON of ours', JSON.stringify({ state: 'garbage', version: 0 }), 'version'],
    ['an old version', JSON.stringify({ state: { version: 0, careMode: true }, version: 0 }), 'version'],
    ['a wrong type', JSON.stringify({ state: { version: 1, careMode: 'yes' }, version: 0 }), 'careMode']
  ])('falls back to defaults on %s and reports it', (_name, blob, problem) => {
    const store = createSettingsStore({ storage: memoryStorage({ 'certwallet.settings': blob }) })
    expect(store.getState().careMode).toBe(false)
    expect(store.getState().storageProblem).toBe(problem)
  })
})
