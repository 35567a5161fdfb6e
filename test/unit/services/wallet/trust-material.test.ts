/**
 * Verifiers and wallets cache the trust list and status lists and keep working offline from the
 * cache; a stale trust list past its hard limit is refused.
 */
import { createSimulator } from '../../../../mock/simulator'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { WalletError } from '../../../../src/services/errors'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { createStatusLookup, refreshTrustList, statusListIdFromUri } from '../../../../src/services/wallet/trustMaterial'
import { DAY, NOW } from '../../../support/credentialFixture'

const code = (c: string) => expect.objectContaining({ code: c })
const offline = { trustList: async () => Promise.reject(new WalletError('ERR_NETWORK')), statusList: async () => Promise.reject(new WalletError('ERR_NETWORK')) }

describe('trust material cache', () => {
  const sim = createSimulator({ now: () => new Date(NOW * 1000) })
  const online = { trustList: async () => ({ trustList: await sim.trustList() }), statusList: async (id: string) => ({ statusList: await sim.statusList(id) }) }

  it('uses the fresh list online, the cached one offline (with its fetch time), and refuses it past exp', async () => {
    const first = await refreshTrustList(online, { rootKeys: PINNED_ROOT_KEYS, backend: joseBackend, now: NOW, cached: null })
    expect(first.fresh).toBe(true)
    const cached = { jws: first.cached.jws, fetchedAt: first.cached.fetchedAt }
    const later = await refreshTrustList(offline, { rootKeys: PINNED_ROOT_KEYS, backend: joseBackend, now: NOW + 3 * DAY, cached })
    expect(later.fresh).toBe(false)
    expect(later.error?.code).toBe('ERR_NETWORK')
    expect(later.cached.fetchedAt).toBe(NOW)
    await expect(refreshTrustList(offline, { rootKeys: PINNED_ROOT_KEYS, backend: joseBackend, now: NOW + 31 * DAY, cached })).rejects.toEqual(code('ERR_TRUST_LIST_EXPIRED'))
    await expect(refreshTrustList(offline, { rootKeys: PINNED_ROOT_KEYS, backend: joseBackend, now: NOW, cached: null })).rejects.toEqual(code('ERR_NETWORK'))
  })

  const GD_GAT = '11440000006939001Y'
  const ZJ_GAT = '11330000002482002M'

  it('answers status offline from a stored list and says ERR_STATUS_LIST_UNAVAILABLE when it has none', async () => {
    const trust = (await refreshTrustList(online, { rootKeys: PINNED_ROOT_KEYS, backend: joseBackend, now: NOW, cached: null })).cached
    const uri = 'https://zwfw.certwallet.example/api/v1/status-lists/gd-gat'
    const fetched: Record<string, { jwt: string; fetchedAt: number }> = {}
    const onlineLookup = createStatusLookup({ api: online, trust, backend: joseBackend, now: NOW, stored: {}, onFetched: (u, e) => (fetched[u] = e) })
    await expect(onlineLookup({ uri, idx: 1, issuer: GD_GAT })).resolves.toBe('valid')
    expect(fetched[uri].fetchedAt).toBe(NOW)
    const offlineLookup = createStatusLookup({ trust, backend: joseBackend, now: NOW + 3600, stored: fetched })
    await expect(offlineLookup({ uri, idx: 1, issuer: GD_GAT })).resolves.toBe('valid')
    // The list speaks only for 广东省公安厅's credentials: for another issuer's it is refused.
    await expect(offlineLookup({ uri, idx: 1, issuer: ZJ_GAT })).rejects.toEqual(expect.objectContaining({ code: 'ERR_STATUS_LIST_INVALID', detail: 'issuer' }))
    const empty = createStatusLookup({ trust, backend: joseBackend, now: NOW, stored: {} })
    await expect(empty({ uri, idx: 1, issuer: GD_GAT })).rejects.toEqual(code('ERR_STATUS_LIST_UNAVAILABLE'))
  })

  it('refuses a status-list URI that is not a plain list id', () => {
    expect(statusListIdFromUri('https://x/api/v1/status-lists/gd-gat')).toBe('gd-gat')
    expect(() => statusListIdFromUri('https://x/status-lists/gd%2F..%2Fadmin')).toThrow(code('ERR_STATUS_LIST_INVALID'))
  })
})
