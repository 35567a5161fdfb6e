/**
 * The persisted stores' blob format on H5 (src/store/persisted.ts over
 * src/services/storage/taroStorage.h5.ts): blobs written as objects inside Taro's `{"data": …}`
 * wrapper (one JSON parse on start), blobs written before as JSON strings inside it still read
 * identically, and a blob that cannot be read, or a write the quota refuses, never loses what was
 * stored.
 */
import { createWalletStore } from '../../../src/store/walletStore'
import { createSettingsStore } from '../../../src/store/settingsStore'
import { unreadableKey } from '../../../src/store/persisted'
import { taroStorage as h5Storage } from '../../../src/services/storage/taroStorage.h5'
import type { StoredCredential } from '../../../src/store/schema'
import { certRegistry } from '../../../src/certs/registry'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { createApiClient, createFetchTransport } from '../../../src/services/api'

/** localStorage as the browser has it: strings only, and a quota that makes setItem throw. */
class FakeLocalStorage {
  readonly map = new Map<string, string>()
  quota = Infinity
  getItem(k: string) {
    return this.map.has(k) ? this.map.get(k)! : null
  }
  setItem(k: string, v: string) {
    let size = v.length
    for (const [key, value] of this.map) if (key !== k) size += value.length
    if (size > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    this.map.set(k, String(v))
  }
  removeItem(k: string) {
    this.map.delete(k)
  }
}

let ls: FakeLocalStorage
beforeEach(() => {
  ls = new FakeLocalStorage()
  ;(globalThis as { localStorage?: unknown }).localStorage = ls
})
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage
})

const NOW = Date.parse('2026-11-27T04:00:00Z')
/** How the app wrote blobs before this format: a JSON string, which Taro's H5 storage wraps as `{"data": "<string>"}`. */
const legacyStorage = { getItem: h5Storage.getItem, setItem: h5Storage.setItem, removeItem: h5Storage.removeItem }

function walletOn(storage: Parameters<typeof createWalletStore>[0]['storage']) {
  return createWalletStore({
    api: createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 }),
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => NOW,
    storage
  })
}

const card = (i: number): StoredCredential => ({
  certId: `cert-${i}`,
  kind: 'id-card',
  title: '居民身份证',
  issuerName: '某市公安局',
  credential: `eyJ.fake-${i}.sig~disclosure-"quoted"\\~`,
  claims: { name: '张明华', idNumber: '11010519491231002X', note: 'line\nbreak' },
  issuedAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  status: 'valid',
  checkedAt: NOW - i,
  sealed: 'x'.repeat(2000) + i,
  statusRef: { uri: 'https://sim.test/status/1', idx: i, issuer: 'gd-gat' }
})

/** A wallet's persisted part, as a returning user has it (no PIN, so it is stored as it is). */
function fillWallet(store: ReturnType<typeof walletOn>) {
  store.setState({
    holder: { holderId: 'p-zhang', token: 'tok', displayName: '张明华', refreshToken: 'r', expiresAt: NOW + 1000, refreshExpiresAt: NOW + 2000 },
    credentials: [card(1), card(2), card(3)],
    lastSyncAt: NOW - 5000,
    autoLockSeconds: 300
  })
}

const persistedPart = (s: ReturnType<ReturnType<typeof walletOn>['getState']>) => ({
  holder: s.holder,
  credentials: s.credentials,
  trust: s.trust,
  lastSyncAt: s.lastSyncAt,
  lock: s.lock,
  locked: s.locked,
  autoLockSeconds: s.autoLockSeconds,
  devicePublicKey: s.devicePublicKey,
  deviceKeySealed: s.deviceKeySealed,
  storageProblem: s.storageProblem,
  error: s.error
})

describe('persisted blob format on H5', () => {
  it('writes an object inside Taro’s wrapper: one JSON.parse gives the state', () => {
    const store = walletOn(h5Storage)
    fillWallet(store)
    const wrapped = JSON.parse(ls.getItem('certwallet.wallet')!) as { data: unknown }
    expect(typeof wrapped.data).toBe('object')
    const data = wrapped.data as { state: { version: number; credentials: StoredCredential[]; holder: { holderId: string } } }
    expect(data.state.version).toBe(2)
    expect(data.state.holder.holderId).toBe('p-zhang')
    expect(data.state.credentials.map((c) => c.certId)).toEqual(['cert-1', 'cert-2', 'cert-3'])
  })

  it('reads a blob in the old format (a JSON string inside the wrapper) identically, and rewrites it as an object on the next change', () => {
    const old = walletOn(legacyStorage)
    fillWallet(old)
    const before = ls.getItem('certwallet.wallet')!
    expect(typeof (JSON.parse(before) as { data: unknown }).data).toBe('string')
    const expected = persistedPart(walletOn(legacyStorage).getState())
    expect(expected.credentials).toHaveLength(3)

    const now = walletOn(h5Storage)
    expect(persistedPart(now.getState())).toEqual(expected)
    expect(now.getState().storageProblem).toBeNull()
    // Reading changes nothing stored.
    expect(ls.getItem('certwallet.wallet')).toBe(before)

    now.getState().clearError()
    expect(typeof (JSON.parse(ls.getItem('certwallet.wallet')!) as { data: unknown }).data).toBe('object')
    expect(persistedPart(walletOn(h5Storage).getState())).toEqual(expected)
    // Taro's own H5 reader (getStorageSync: JSON.parse, then `.data`) still finds it.
    expect((JSON.parse(ls.getItem('certwallet.wallet')!) as { data: { state: { holder: { holderId: string } } } }).data.state.holder.holderId).toBe('p-zhang')
  })

  it.each([
    // what is stored, and what the copy under `.unreadable` holds (inside Taro's wrapper)
    ['not JSON inside the wrapper', JSON.stringify({ data: '{"state":{"version":2,' }), '{"state":{"version":2,'],
    ['not Taro’s wrapper at all', '{"state":{"version":2,"holder"', '{"state":{"version":2,"holder"'],
    ['a wrapper around something else', JSON.stringify({ data: [1, 2, 3] }), '[1,2,3]']
  ])('a corrupt blob (%s): defaults, ERR_STORAGE_CORRUPT, and the blob kept as it was', (_what, raw, kept) => {
    ls.setItem('certwallet.wallet', raw)
    const store = walletOn(h5Storage)
    expect(store.getState().credentials).toEqual([])
    expect(store.getState().holder).toBeNull()
    expect(store.getState().storageProblem).toBe('version')
    expect(store.getState().error).toBe('ERR_STORAGE_CORRUPT')
    // Nothing is lost, even after the store writes its defaults over the original.
    store.getState().clearError()
    expect(ls.getItem('certwallet.wallet')).not.toBe(raw)
    expect(JSON.parse(ls.getItem(unreadableKey('certwallet.wallet'))!)).toEqual({ data: kept })
  })

  it('a readable blob the schema refuses (a wrong version) is reported and kept too', () => {
    const blob = { state: { version: 99, holder: { holderId: 'p-zhang' } }, version: 0 }
    ls.setItem('certwallet.wallet', JSON.stringify({ data: blob }))
    const store = walletOn(h5Storage)
    expect(store.getState().storageProblem).toBe('version')
    expect(store.getState().error).toBe('ERR_STORAGE_CORRUPT')
    store.getState().clearError()
    expect(JSON.parse(ls.getItem(unreadableKey('certwallet.wallet'))!)).toEqual({ data: JSON.stringify(blob) })
  })

  it('signing out removes the kept copy too: nothing of the wallet stays behind', () => {
    ls.setItem('certwallet.wallet', '{"state":{"version":2,"holder"')
    const store = walletOn(h5Storage)
    expect(ls.getItem(unreadableKey('certwallet.wallet'))).not.toBeNull()
    store.getState().signOut()
    expect(ls.getItem(unreadableKey('certwallet.wallet'))).toBeNull()
  })

  it('a well-formed blob is not copied aside and raises no error', () => {
    fillWallet(walletOn(h5Storage))
    const store = walletOn(h5Storage)
    expect(store.getState().storageProblem).toBeNull()
    expect(store.getState().error).toBeNull()
    expect(ls.getItem(unreadableKey('certwallet.wallet'))).toBeNull()
  })

  it('a write the quota refuses throws and leaves the previous blob, which still reads back', () => {
    const store = walletOn(h5Storage)
    fillWallet(store)
    const good = ls.getItem('certwallet.wallet')!
    const expected = persistedPart(walletOn(h5Storage).getState())
    ls.quota = good.length + 100
    expect(() => store.setState({ credentials: [...store.getState().credentials, card(4), card(5)] })).toThrow(/quota/i)
    expect(ls.getItem('certwallet.wallet')).toBe(good)
    expect(persistedPart(walletOn(h5Storage).getState())).toEqual(expected)
  })

  it('other stores take the same format (settings: old string blob read, object written)', () => {
    ls.setItem('certwallet.settings', JSON.stringify({ data: JSON.stringify({ state: { version: 1, careMode: true }, version: 0 }) }))
    const settings = createSettingsStore({ storage: h5Storage })
    expect(settings.getState().careMode).toBe(true)
    expect(settings.getState().storageProblem).toBeNull()
    settings.getState().setCareMode(false)
    expect(JSON.parse(ls.getItem('certwallet.settings')!)).toEqual({ data: { state: { version: 1, careMode: false }, version: 0 } })
    expect(createSettingsStore({ storage: h5Storage }).getState().careMode).toBe(false)
  })
})
