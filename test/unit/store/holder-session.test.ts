/**
 * #11 item 3, the holder session on the phone. The tokens rest in the clear, but both are bound to
 * the device key (RFC 9449 DPoP) whose private half is sealed under the PIN: a copy of the storage
 * blob alone cannot make the proof any holder call needs, so every holder operation answers 401.
 * The 10th wrong PIN wipes the session; a locked wallet makes no holder call; the unlocked wallet
 * refreshes the access token when it nears expiry (one refresh at a time). Both crypto backends.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { holderAuthOf } from '../../../src/services/api/holderAuth'
import { API_PREFIX, operations } from '../../../src/services/api/operations'
import { nobleBackend } from '../../../src/services/crypto'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../src/services/crypto/types'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import type { HttpRequest } from '../../../src/services/api/transport'
import { parseB64uJson } from '../../../src/services/encoding'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { testDevice } from '../../support/holderAuth'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
let nowMs = T0
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})
const KEY = 'certwallet.wallet'
const PIN = '135790'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

function makeStore(backend: CryptoBackend, storage = memoryStorage(), sent: HttpRequest[] = []) {
  const transport = createFetchTransport()
  return createWalletStore({
    api: createApiClient({ baseUrl: BASE, request: (r) => (sent.push(r), transport(r)), sleep: async () => {}, maxRetries: 1 }),
    backend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage,
    pinIterations: 1000,
    pinSquarings: 100
  })
}

async function signedInWallet(backend: CryptoBackend) {
  const storage = memoryStorage()
  const store = makeStore(backend, storage)
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await store.getState().beginFaceCheck('张明华', '44010619900315001X')
  expect(await store.getState().finishFaceCheck(true)).toBe(true)
  return { store, storage }
}

/** Every operation that acts as the holder: /holder/* (文件调用 grants among them) and the token refresh. */
const HOLDER_OPS = Object.entries(operations).filter(([id, op]) => op.path.startsWith('/holder/') || id === 'refreshHolderToken')

/** Calls `op` as someone holding only the blob: its tokens, and a key of their own for proofs. */
async function asCopyHolder(op: (typeof operations)[keyof typeof operations], blob: { token: string; refreshToken: string }, how: 'no-proof' | 'own-key' | 'bearer') {
  const path = API_PREFIX + op.path.replace(/\{\w+\}/g, 'x0000000001')
  const thief = testDevice({ now: () => nowMs })
  const refresh = op.path === '/auth/token'
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (how === 'bearer') headers.Authorization = `Bearer ${refresh ? blob.refreshToken : blob.token}`
  else if (!refresh) headers.Authorization = `DPoP ${blob.token}`
  if (how === 'own-key') headers.DPoP = await thief.sign(op.method, path, refresh ? undefined : blob.token)
  const body = op.method === 'GET' ? undefined : JSON.stringify(refresh ? { grantType: 'refresh_token', refreshToken: blob.refreshToken } : {})
  const res = await fetch(BASE + path, { method: op.method, headers, body })
  return { status: res.status, code: ((await res.json()) as { code: string }).code }
}

describe.each([
  ['jose', joseBackend],
  ['noble', nobleBackend]
] as const)('wallet on %s', (_n, backend) => {
  test('a copy of the storage blob alone gets 401 from every holder operation', async () => {
    const { store, storage } = await signedInWallet(backend)
    store.getState().lockNow()
    const copy = JSON.parse(storage.data[KEY]) as { state: { holder: { token: string; refreshToken: string }; deviceKeySealed: string } }
    // What rests on disk: the bound tokens, the device key sealed — no private key in the clear.
    expect(copy.state.holder.token).toMatch(/^ht-/)
    expect(copy.state.deviceKeySealed).toEqual(expect.any(String))
    expect(storage.data[KEY]).not.toMatch(/"d":/)
    expect(HOLDER_OPS.length).toBeGreaterThanOrEqual(25)
    const answers: string[] = []
    for (const [id, op] of HOLDER_OPS) {
      for (const how of ['no-proof', 'own-key', 'bearer'] as const) {
        const r = await asCopyHolder(op, copy.state.holder, how)
        if (r.status !== 401) answers.push(`${id} ${how}: ${r.status} ${r.code}`)
      }
    }
    expect(answers).toEqual([])
    // The phone itself, unlocked, still works: the copy's attempts spent nothing of its own.
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
    await store.getState().loadAvailable()
    expect(store.getState().error).toBeNull()
    expect(store.getState().available.length).toBeGreaterThan(0)
  })

  test('the 10th wrong PIN wipes the session: nothing on the phone can call the API', async () => {
    const { store, storage } = await signedInWallet(backend)
    const before = JSON.parse(storage.data[KEY]) as { state: { holder: { token: string; refreshToken: string } } }
    store.getState().lockNow()
    for (let i = 0; i < 10; i++) {
      nowMs += 3_600_000
      await store.getState().unlock('246801')
    }
    expect(store.getState().holder).toBeNull()
    expect(store.getState().deviceKey).toBeNull()
    const after = JSON.parse(storage.data[KEY]) as { state: Record<string, unknown> }
    expect(after.state.holder).toBeNull()
    expect(after.state.deviceKeySealed).toBeNull()
    expect(storage.data[KEY]).not.toContain(before.state.holder.token)
    expect(storage.data[KEY]).not.toContain(before.state.holder.refreshToken)
    await expect(store.getState().holderAuth()).rejects.toMatchObject({ code: 'ERR_UNAUTHORIZED' })
    // And a copy taken before the wipe is no better than above.
    nowMs = T0 + 60_000
    expect(await asCopyHolder(operations.listCertificates, before.state.holder, 'own-key')).toEqual({ status: 401, code: 'ERR_DPOP_KEY_MISMATCH' })
  })

  test('sign-in is proved by the wallet’s own device key; a locked wallet completes no face check (nothing sent)', async () => {
    const sent: HttpRequest[] = []
    const store = makeStore(backend, memoryStorage(), sent)
    expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
    const own = store.getState().devicePublicKey!
    await store.getState().beginFaceCheck('张明华', '44010619900315001X')
    expect(await store.getState().finishFaceCheck(true)).toBe(true)
    const completion = sent.find((r) => r.url.endsWith('/complete'))!
    const proofHeader = parseB64uJson<{ typ: string; jwk: { x: string } }>(completion.headers.DPoP.split('.')[0])
    expect(proofHeader).toMatchObject({ typ: 'dpop+jwt', jwk: { x: own.x } })
    expect(JSON.parse(completion.body!).deviceKey.x).toBe(own.x)
    expect(sim.listDevices('p-zhang').map((d) => d.keyX)).toContain(own.x)

    // Locked (the private key is sealed): the face check is not completed, no key is offered.
    const lockedSent: HttpRequest[] = []
    const locked = makeStore(backend, memoryStorage(), lockedSent)
    expect((await locked.getState().setupPin(PIN, PIN)).ok).toBe(true)
    locked.getState().lockNow()
    await locked.getState().beginFaceCheck('张明华', '44010619900315001X')
    expect(await locked.getState().finishFaceCheck(true)).toBe(false)
    expect(locked.getState()).toMatchObject({ error: 'ERR_HOLDER_LOCKED', holder: null })
    expect(lockedSent.filter((r) => r.url.endsWith('/complete'))).toEqual([])
    expect(sim.listDevices('p-zhang').map((d) => d.keyX)).not.toContain(locked.getState().devicePublicKey!.x)
  })

  test('locked: holder calls are refused on the phone (no key to prove with), and none is sent', async () => {
    const { store } = await signedInWallet(backend)
    store.getState().lockNow()
    await expect(store.getState().holderAuth()).rejects.toMatchObject({ code: 'ERR_HOLDER_LOCKED' })
    await store.getState().loadAvailable()
    expect(store.getState().error).toBe('ERR_HOLDER_LOCKED')
  })

  test('the unlocked wallet refreshes a token near expiry, once for concurrent calls, and keeps working', async () => {
    const { store } = await signedInWallet(backend)
    const first = store.getState().holder!
    nowMs += 14.5 * 60_000 // less than a minute left
    const [a, b] = await Promise.all([store.getState().holderAuth(), store.getState().holderAuth()])
    expect(a.token).toBe(b.token)
    expect(a.token).not.toBe(first.token)
    expect((await api.listCertificates(a)).items.length).toBeGreaterThan(0)
    // The old access token was ended by the rotation; the old refresh token is spent.
    await expect(api.listCertificates(holderAuthOf(first.token, async () => 'x'))).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' })
  })

  test('a session the service ended (phone deactivated elsewhere) asks for a new sign-in', async () => {
    const { store } = await signedInWallet(backend)
    const other = testDevice({ now: () => nowMs, backend })
    const { signInOverApi } = await import('../../support/faceSignIn')
    const elsewhere = await signInOverApi(api, '张明华', '44010619900315001X', other)
    const devices = (await api.listDevices(elsewhere.auth)).items
    const mine = devices.find((d) => d.keyX === store.getState().devicePublicKey!.x)!
    await api.deactivateDevice(elsewhere.auth, mine.deviceId)
    await store.getState().loadAvailable()
    expect(store.getState().error).toBe('ERR_TOKEN_REVOKED')
    nowMs += 15 * 60_000
    await expect(store.getState().holderAuth()).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' })
    expect(store.getState().holder).toBeNull()
  })
})
