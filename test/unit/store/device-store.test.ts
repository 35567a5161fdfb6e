/**
 * 我的设备 store against the simulator: this phone marked, another phone deactivated (and it then
 * gets no credentials), this phone never deactivated from itself, errors with codes.
 */
import { createStore } from 'zustand/vanilla'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { keyPairFromSecret } from '../../../src/services/crypto'
import { jwkThumbprint } from '../../../src/services/crypto/thumbprint'
import { createDeviceStore, otherDevices, thisDeviceId } from '../../../src/store/deviceStore'
import { installMockApi } from '../../support/mockApi'
import { signInOverApi } from '../../support/faceSignIn'
import { dpopSigner, type HolderAuth } from '../../../src/services/api/holderAuth'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { WalletError } from '../../../src/services/errors'
import { errorText } from '../../../src/components/errorText'

let nowMs = Date.parse('2026-11-27T04:00:00Z')
const { sim, failures } = installMockApi({ now: () => new Date(nowMs) })
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

const phoneA = keyPairFromSecret(new Uint8Array(32).fill(31))
const phoneB = keyPairFromSecret(new Uint8Array(32).fill(32))

async function phone(key: typeof phoneA) {
  const device = { ...key, sign: dpopSigner(key.privateJwk, { backend: joseBackend, now: () => nowMs, randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)) }) }
  const login = await signInOverApi(api, '张明华', '44010619900315001X', device)
  await api.issuePurposeCredentials(login.auth, 'hotel', key.publicJwk, 1)
  const wallet = createStore<{ holder: { holderId: string; token: string; displayName: string } | null; deviceKey: typeof key.privateJwk; holderAuth(): Promise<HolderAuth> }>()((_set, get) => ({
    holder: { holderId: login.holderId, token: login.holderToken, displayName: login.displayName },
    deviceKey: key.privateJwk,
    async holderAuth() {
      if (!get().holder) throw new WalletError('ERR_UNAUTHORIZED')
      return login.auth
    }
  }))
  return { wallet, store: createDeviceStore({ api, wallet, now: () => nowMs }), token: login.auth }
}

test('lists both phones of the person; B deactivates lost A; A then gets nothing more', async () => {
  const a = await phone(phoneA)
  nowMs += 60_000
  const b = await phone(phoneB)
  await expect(b.store.getState().load()).resolves.toBe(true)
  const idA = jwkThumbprint(phoneA.publicJwk)
  const idB = thisDeviceId(b.wallet.getState())
  expect(idB).toBe(jwkThumbprint(phoneB.publicJwk))
  expect(b.store.getState().devices!.map((d) => d.deviceId)).toEqual([idB, idA]) // last seen first
  expect(otherDevices(b.store.getState().devices, idB).map((d) => d.deviceId)).toEqual([idA])
  expect(b.store.getState().fetchedAt).toBe(nowMs)

  await expect(b.store.getState().deactivate(idA)).resolves.toBe(true)
  expect(b.store.getState().devices!.find((d) => d.deviceId === idA)).toMatchObject({ status: 'deactivated', deactivatedAt: new Date(nowMs).toISOString() })
  await expect(api.issuePurposeCredentials(a.token, 'hotel', phoneA.publicJwk, 1)).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' })
})

test('this phone is never deactivated from itself; an unknown device is ERR_NOT_FOUND; a failed load keeps the list', async () => {
  const b = await phone(phoneB)
  await b.store.getState().load()
  await expect(b.store.getState().deactivate(jwkThumbprint(phoneB.publicJwk))).resolves.toBe(false)
  expect(b.store.getState().error).toBe('ERR_CONFLICT')
  expect(sim.listDevices('p-zhang')[0].status).toBe('active')
  await expect(b.store.getState().deactivate('no-such-device')).resolves.toBe(false)
  expect(b.store.getState().error).toBe('ERR_NOT_FOUND')
  failures.set({ mode: 'server-error' })
  await expect(b.store.getState().load()).resolves.toBe(false)
  expect(b.store.getState()).toMatchObject({ error: 'ERR_SERVER', busy: null })
  expect(b.store.getState().devices).toHaveLength(1)
})

test('a phone with no holder cannot list: ERR_UNAUTHORIZED; signing out clears the list', async () => {
  const b = await phone(phoneB)
  await b.store.getState().load()
  b.wallet.setState({ holder: null } as never)
  expect(b.store.getState().devices).toBeNull()
  await expect(b.store.getState().load()).resolves.toBe(false)
  expect(b.store.getState().error).toBe('ERR_UNAUTHORIZED')
})

test('an answer for a session that ended meanwhile is dropped: the next sign-in sees no stale "other phones"', async () => {
  const b = await phone(phoneB)
  const loading = b.store.getState().load()
  // Signed out while the list was on its way.
  b.wallet.setState({ holder: null })
  await expect(loading).resolves.toBe(false)
  expect(b.store.getState()).toMatchObject({ devices: null, busy: null })
})

test('the same person signing out and in again (a new PIN, a new key) never sees the old session\'s answer as "another phone"', async () => {
  const b = await phone(phoneB)
  const before = b.wallet.getState().holder
  b.wallet.setState({ devicePublicKey: phoneA.publicJwk } as never)
  const loading = b.store.getState().load()
  // Signed out and back in as 张明华 with a new key before the list arrived.
  b.wallet.setState({ holder: null })
  b.wallet.setState({ holder: before, devicePublicKey: phoneB.publicJwk } as never)
  await expect(loading).resolves.toBe(false)
  expect(b.store.getState()).toMatchObject({ devices: null, busy: null })
  await expect(b.store.getState().load()).resolves.toBe(true)
  expect(otherDevices(b.store.getState().devices, thisDeviceId(b.wallet.getState()))).toEqual([])
})

test('a 429 keeps the service\'s Retry-After, and the words say how long to wait', async () => {
  const b = await phone(phoneB)
  failures.set({ mode: 'rate-limit', retryAfterSeconds: 120, pathPrefix: '/api/v1/holder/devices' })
  await expect(b.store.getState().load()).resolves.toBe(false)
  expect(b.store.getState()).toMatchObject({ error: 'ERR_RATE_LIMITED', errorRetryAfter: 120 })
  expect(errorText('ERR_RATE_LIMITED', { retryAfterSeconds: b.store.getState().errorRetryAfter })).toContain('2 分钟后再试')
  failures.clear()
  await expect(b.store.getState().load()).resolves.toBe(true)
  expect(b.store.getState().error).toBeNull()
})
