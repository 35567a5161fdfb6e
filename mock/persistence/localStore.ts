/**
 * The in-page simulator's state in the browser's localStorage (the H5 demo on static hosting):
 * reloading the page must not make the simulated government forget the holder's session, or the
 * wallet would show a false 登录已失效 / ERR_UNAUTHORIZED. One document
 * (mock/simulator/snapshot.ts) under one key, rewritten after every answered request.
 *
 * Several tabs of the same origin each run their own simulator: a `storage` event (another tab
 * saved) loads that tab's state here, so the tabs act as one government instead of overwriting
 * each other's sign-ins.
 *
 * A stored document that cannot be loaded is never dropped silently: it is copied to
 * `<key>.unreadable` (the one kept before it is replaced), the page's console says what happened
 * and where the copy is, and the simulator starts from the seeded state.
 */
import { SimulatorStateError, SIMULATOR_STATE_TEXT } from '../simulator/snapshot'
import type { PersistableSimulator } from '../simulator'

export const LOCAL_STATE_KEY = 'certwallet.simulator'

/** The part of the Web Storage API used here (a test passes a Map-backed one). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

export interface LocalStateStore {
  /** 'restored' from storage, 'fresh' (nothing stored), or the code of a document that could not be loaded (kept at `<key>.unreadable`). */
  readonly loaded: 'restored' | 'fresh' | SimulatorStateError['code']
  /** Writes the current state (skipped when nothing changed). False when storage refused it (full, disabled). */
  save(): boolean
  /** Loads what another tab saved (the `storage` event's new value). */
  adopt(text: string | null): void
}

export interface LocalStateStoreOptions {
  storage: KeyValueStorage
  key?: string
  /** Where to say what went wrong; default console.error. */
  report?: (message: string) => void
}

export function openLocalStateStore(sim: PersistableSimulator, options: LocalStateStoreOptions): LocalStateStore {
  const { storage } = options
  const key = options.key ?? LOCAL_STATE_KEY
  const report = options.report ?? ((m: string) => console.error(m))
  let lastWritten: string | null = null

  let loaded: LocalStateStore['loaded'] = 'fresh'
  const text = storage.getItem(key)
  if (text !== null) {
    try {
      let doc: unknown
      try {
        doc = JSON.parse(text)
      } catch (e) {
        throw new SimulatorStateError('ERR_STATE_CORRUPT', 'not JSON', e)
      }
      sim.importState(doc)
      loaded = 'restored'
    } catch (e) {
      if (!(e instanceof SimulatorStateError)) throw e
      loaded = e.code
      let kept = true
      try {
        storage.setItem(`${key}.unreadable`, text)
      } catch {
        kept = false
      }
      report(
        `[模拟政务平台] ${SIMULATOR_STATE_TEXT[e.code]}（${e.code}${e.detail ? `: ${e.detail}` : ''}）。` +
          (kept ? `原数据已另存为 localStorage「${key}.unreadable」，` : '原数据无法另存（存储空间不足），') +
          '模拟平台从初始演示数据重新开始：请在钱包里重新领证。'
      )
    }
  }

  let refused = false
  const store: LocalStateStore = {
    loaded,
    save() {
      const doc = sim.exportState()
      const { savedAt: _at, ...content } = doc
      const now = JSON.stringify(content)
      if (now === lastWritten) return true
      try {
        storage.setItem(key, JSON.stringify(doc))
        lastWritten = now
        refused = false
        return true
      } catch (e) {
        if (!refused) report(`[模拟政务平台] ${SIMULATOR_STATE_TEXT.ERR_STATE_WRITE}（ERR_STATE_WRITE: ${(e as Error).message}）：刷新页面后模拟平台会忘记这之后的操作。`)
        refused = true
        return false
      }
    },
    adopt(other) {
      if (other === null) return
      try {
        sim.importState(JSON.parse(other))
        const { savedAt: _at, ...content } = sim.exportState()
        lastWritten = JSON.stringify(content)
      } catch {
        // Another tab wrote something this one cannot read: keep ours; our next save is the one kept.
      }
    }
  }
  return store
}
