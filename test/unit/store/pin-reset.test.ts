/**
 * The holder's way out of a forgotten PIN and the plain-words rules around sign-in: an ID number
 * with a wrong format is refused before any face check, a busy service's Retry-After reaches the
 * UI, and 忘记密码 (face check through the simulator's face platform → new PIN → certificates
 * claimed again) replaces the old vault only after it succeeded. Clock frozen; real msw handlers.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { jwkThumbprint } from '../../../src/services/crypto/thumbprint'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
const { failures } = installMockApi({ now: () => new Date(T0) })
const PIN = '135790'
const NEW_PIN = '246813'
const ID_NUMBER = '44010619900315001X'

/** Every request path the wallet sent, to prove what was (not) asked of the service. */
let sent: string[] = []
afterEach(() => {
  sent = []
})

/** A second client, to look at the service from outside the store. */
const probe = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })

function makeStore(storage = memoryStorage()) {
  const transport = createFetchTransport()
  const api = createApiClient({
    baseUrl: BASE,
    request: (req) => {
      sent.push(new URL(req.url).pathname)
      return transport(req)
    },
    sleep: async () => {},
    maxRetries: 1,
    maxRetryAfterSeconds: 5
  })
  return createWalletStore({
    api,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => T0,
    storage,
    pinIterations: 1000
  })
}

async function claimedWallet(storage = memoryStorage()) {
  const store = makeStore(storage)
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await store.getState().beginFaceCheck('张明华', ID_NUMBER)
  expect(await store.getState().finishFaceCheck(true)).toBe(true)
  const ids = store.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  expect((await store.getState().claim(ids, '求职学历核验')).failures).toEqual([])
  return { store, storage }
}

describe('ID number format before the face check', () => {
  it.each([
    ['a wrong check character', '440106199003150011'],
    ['16 digits', '4401061990031500'],
    ['a birth date that does not exist', '440106199002300017'],
    ['letters inside', '44010619900A15001X']
  ])('%s → ERR_ID_NUMBER_FORMAT, and no face session is opened', async (_, id) => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    sent = []
    expect(await store.getState().beginFaceCheck('张明华', id)).toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_ID_NUMBER_FORMAT', faceSessionId: null, holder: null })
    expect(sent).toEqual([])
  })

  it('the service refuses it too (a client that skips the check)', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    const res = await fetch(`${BASE}/api/v1/auth/face-sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '张明华', idNumber: '440106199003150011' }) })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('ERR_ID_NUMBER_FORMAT')
  })

  it('a lower-case x and spaces are read as the same number', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    expect(await store.getState().beginFaceCheck('张明华', '440106 19900315 001x')).toBe(true)
    expect(await store.getState().finishFaceCheck(true)).toBe(true)
    expect(store.getState().holder?.displayName).toBeTruthy()
  })
})

describe('Retry-After', () => {
  it('a 429 with Retry-After longer than the client waits keeps the wait for the words', async () => {
    const store = makeStore()
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    failures.set({ mode: 'rate-limit', retryAfterSeconds: 120, pathPrefix: '/api/v1/auth' })
    expect(await store.getState().beginFaceCheck('张明华', ID_NUMBER)).toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_RATE_LIMITED', errorRetryAfter: 120 })
    store.getState().clearError()
    expect(store.getState()).toMatchObject({ error: null, errorRetryAfter: null })
  })
})

describe('忘记密码', () => {
  it('face check → new PIN → certificates claimed again; no wrong PIN is spent', async () => {
    const { store } = await claimedWallet()
    const before = store.getState()
    const oldDevice = before.devicePublicKey!
    const holderId = before.holder!.holderId
    store.getState().lockNow()
    expect((await store.getState().unlock('975310')).code).toBe('ERR_PIN_WRONG')

    store.getState().askPinReset()
    expect(store.getState().pinReset).toBe('explain')
    sent = []
    expect(await store.getState().beginPinReset('张明华', ID_NUMBER)).toBe(true)
    expect(store.getState().pinReset).toBe('face')
    // The face check goes to the platform (simulated) and its ticket to the service, as sign-in does.
    expect(await store.getState().finishFaceCheck(true)).toBe(true)
    expect(sent.some((p) => p.includes('face-sessions'))).toBe(true)
    expect(store.getState().pinReset).toBe('pin')
    // Until the new PIN is set nothing changed: the old vault, the cards and the count stay.
    expect(store.getState().devicePublicKey).toEqual(oldDevice)
    expect(store.getState().credentials.length).toBe(before.credentials.length)
    expect(store.getState().lock!.pin.failures).toBe(1)
    expect(store.getState().locked).toBe(true)

    // A weak new PIN is refused and changes nothing.
    expect(await store.getState().completePinReset('123456', '123456')).toMatchObject({ ok: false, code: 'ERR_PIN_WEAK' })
    expect(store.getState().devicePublicKey).toEqual(oldDevice)

    expect(await store.getState().completePinReset(NEW_PIN, NEW_PIN)).toMatchObject({ ok: true })
    const after = store.getState()
    expect(after).toMatchObject({ pinReset: null, pinResetDone: true, locked: false, credentials: [] })
    expect(after.holder!.holderId).toBe(holderId)
    expect(after.devicePublicKey!.x).not.toBe(oldDevice.x)
    expect(after.lock!.pin.failures).toBe(0)
    // The old device key is deactivated on the service: a copy of the old storage cannot act for her.
    const devices = (await probe.listDevices(await store.getState().holderAuth())).items
    expect(devices.find((d) => d.deviceId === jwkThumbprint(oldDevice))).toMatchObject({ status: 'deactivated' })
    expect(devices.find((d) => d.deviceId === jwkThumbprint(after.devicePublicKey!))?.status ?? 'active').toBe('active')
    // Claimed again: the list came back, the cards come back under the new vault.
    const ids = after.available.filter((a) => a.status === 'valid').map((a) => a.certId)
    expect(ids.length).toBeGreaterThan(0)
    expect((await store.getState().claim(ids, '求职学历核验')).failures).toEqual([])
    expect(store.getState().credentials.length).toBe(before.credentials.length)
    // The new PIN opens it; the old one does not.
    store.getState().lockNow()
    expect((await store.getState().unlock(PIN)).code).toBe('ERR_PIN_WRONG')
    expect((await store.getState().unlock(NEW_PIN)).ok).toBe(true)
  })

  it('a failed face check leaves the wallet exactly as it was', async () => {
    const { store, storage } = await claimedWallet()
    store.getState().lockNow()
    const blob = storage.data['certwallet.wallet']
    store.getState().askPinReset()
    expect(await store.getState().beginPinReset('张明华', ID_NUMBER)).toBe(true)
    expect(await store.getState().finishFaceCheck(false)).toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_FACE_CHECK_FAILED', pinReset: 'explain' })
    expect(await store.getState().completePinReset(NEW_PIN, NEW_PIN)).toMatchObject({ ok: false })
    expect(storage.data['certwallet.wallet']).toBe(blob)
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
  })

  it("someone else's face cannot take the wallet over", async () => {
    const { store } = await claimedWallet()
    const oldDevice = store.getState().devicePublicKey
    store.getState().lockNow()
    store.getState().askPinReset()
    expect(await store.getState().beginPinReset('李秀英', '330106195207080021')).toBe(true)
    expect(await store.getState().finishFaceCheck(true)).toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_PIN_RESET_OTHER_PERSON', pinReset: null })
    expect(await store.getState().completePinReset(NEW_PIN, NEW_PIN)).toMatchObject({ ok: false })
    expect(store.getState().devicePublicKey).toEqual(oldDevice)
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
  })

  it('a wrong ID number format is refused before the face check; 取消 changes nothing', async () => {
    const { store } = await claimedWallet()
    store.getState().lockNow()
    store.getState().askPinReset()
    sent = []
    expect(await store.getState().beginPinReset('张明华', '440106199003150011')).toBe(false)
    expect(store.getState().error).toBe('ERR_ID_NUMBER_FORMAT')
    expect(sent).toEqual([])
    store.getState().cancelPinReset()
    expect(store.getState().pinReset).toBeNull()
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
  })
})
