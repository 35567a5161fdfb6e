/**
 * The wallet's lock: PIN on first run, secrets sealed at rest, unlock, wrong-PIN delays and the
 * wipe, biometric unlock, auto-lock, sync while locked, and the v1 → v2 upgrade. Clock frozen;
 * the wallet runs against the real msw handlers and the seeded simulator.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import type { BiometricAdapter } from '../../../src/services/auth/biometric.types'
import { seal, type PinRecord } from '../../../src/services/lock/pinLock'
import { base64urlDecode, base64urlEncode } from '../../../src/services/encoding'
import { pbkdf2 } from '@noble/hashes/pbkdf2'
import { sha256 } from '@noble/hashes/sha256'
import { installMockApi } from '../../support/mockApi'
import { SimulatorError } from '../../../mock/simulator'
import { memoryStorage } from '../../support/memoryStorage'
import { ZHANG_CARD_COUNT } from '../../support/demoHolder'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
let nowMs = T0
const { sim, server } = installMockApi({ now: () => new Date(nowMs) })
const KEY = 'certwallet.wallet'
const PIN = '135790'
const ID_NUMBER = '44010619900315001X'

afterEach(() => {
  nowMs = T0
})

function makeStore(storage = memoryStorage(), biometric?: BiometricAdapter, randomBytes = async (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))) {
  const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
  return createWalletStore({
    api,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes,
    now: () => nowMs,
    storage,
    pinIterations: 1000,
    pinSquarings: 100,
    biometric
  })
}

async function claimedWallet(storage = memoryStorage(), biometric?: BiometricAdapter) {
  const store = makeStore(storage, biometric)
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await store.getState().beginFaceCheck('张明华', ID_NUMBER)
  await store.getState().finishFaceCheck(true)
  const ids = store.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  const p = await store.getState().claim(ids, '求职学历核验')
  expect(p.failures).toEqual([])
  return { store, storage }
}

describe('PIN setup', () => {
  it('refuses weak and mismatched PINs with their codes, and claiming before a PIN exists', async () => {
    const store = makeStore()
    expect(await store.getState().setupPin('123456', '123456')).toEqual({ ok: false, code: 'ERR_PIN_WEAK' })
    expect(await store.getState().setupPin('111111', '111111')).toEqual({ ok: false, code: 'ERR_PIN_WEAK' })
    expect(await store.getState().setupPin('13579', '13579')).toEqual({ ok: false, code: 'ERR_PIN_WEAK' })
    expect(await store.getState().setupPin(PIN, '135791')).toEqual({ ok: false, code: 'ERR_PIN_MISMATCH' })
    expect(store.getState().lock).toBeNull()
    // No PIN, no device key: nothing to bind a holder session to, so no sign-in (and no face check).
    await store.getState().beginFaceCheck('张明华', ID_NUMBER)
    expect(await store.getState().finishFaceCheck(true)).toBe(false)
    expect(store.getState()).toMatchObject({ error: 'ERR_PIN_NOT_SET', holder: null })
    const p = await store.getState().claim(['1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'])
    expect(p.failures).toEqual([])
    expect(store.getState().error).toBe('ERR_UNAUTHORIZED')
    expect(store.getState().credentials).toEqual([])
  })
})

describe('encryption at rest', () => {
  it('stores no ID number, address, credential or device private key in the clear', async () => {
    const { store, storage } = await claimedWallet()
    const full = store.getState().credentials.find((c) => c.kind === 'id-card')!
    expect(full.claims.id_number).toBe(ID_NUMBER)
    const blob = storage.data[KEY]
    expect(blob).not.toContain(ID_NUMBER)
    expect(blob).not.toContain(String(full.claims.address))
    expect(blob).not.toContain(full.credential.slice(0, 40))
    expect(blob).not.toContain(store.getState().deviceKey!.d)
    // What is on disk still draws the home page: masked values and each card's status.
    const disk = JSON.parse(blob).state
    const idCard = disk.credentials.find((c: { kind: string }) => c.kind === 'id-card')
    expect(idCard.claims.id_number).toBe('440106********001X')
    expect(idCard.credential).toBe('')
    expect(disk.credentials).toHaveLength(ZHANG_CARD_COUNT)
  })

  it('a restart is locked; the right PIN brings every secret back, and lockNow drops them again', async () => {
    const { store, storage } = await claimedWallet()
    const deviceX = store.getState().deviceKey!.x
    const again = makeStore(storage)
    expect(again.getState().locked).toBe(true)
    expect(again.getState().deviceKey).toBeNull()
    expect(again.getState().credentials.every((c) => c.credential === '')).toBe(true)
    const r = await again.getState().unlock(PIN)
    expect(r.ok).toBe(true)
    expect(again.getState().locked).toBe(false)
    expect(again.getState().deviceKey!.x).toBe(deviceX)
    expect(again.getState().credentials.find((c) => c.kind === 'id-card')!.claims.id_number).toBe(ID_NUMBER)
    again.getState().lockNow()
    expect(again.getState().locked).toBe(true)
    expect(again.getState().deviceKey).toBeNull()
    expect(again.getState().credentials.find((c) => c.kind === 'id-card')!.claims.id_number).toBe('440106********001X')
  })
})

describe('the 电子证照原件 (#14 §2)', () => {
  it('is fetched at claim for every card, rests only sealed (never on disk), comes back with the PIN, and verifies offline', async () => {
    const { store, storage } = await claimedWallet()
    const cards = store.getState().credentials
    expect(cards.every((c) => typeof c.original === 'string' && c.original.length > 1000)).toBe(true)
    const idCard = cards.find((c) => c.kind === 'id-card')!
    const disk = JSON.parse(storage.data[KEY]).state
    for (const c of disk.credentials) expect(c.original).toBe('')
    expect(storage.data[KEY]).not.toContain(idCard.original!.slice(100, 160))
    const again = makeStore(storage)
    expect(again.getState().credentials.every((c) => c.original === '')).toBe(true)
    expect((await again.getState().unlock(PIN)).ok).toBe(true)
    const back = again.getState().credentials.find((c) => c.kind === 'id-card')!
    expect(back.original).toBe(idCard.original)
    const { verifyOriginal } = await import('../../../src/services/ofd')
    const { verifyTrustList } = await import('../../../src/services/trust/verifyTrustList')
    const trust = await verifyTrustList(again.getState().trust.trustList!.jws, PINNED_ROOT_KEYS, joseBackend, nowMs / 1000)
    const v = await verifyOriginal(base64urlDecode(back.original!), { trust, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now: nowMs / 1000 })
    expect(v.metadata.certId).toBe(back.certId)
    again.getState().lockNow()
    expect(again.getState().credentials.find((c) => c.kind === 'id-card')!.original).toBe('')
  })

  it('a 原件 the service cannot give does not cost the holder the card', async () => {
    const original = sim.issueOriginal
    sim.issueOriginal = () => {
      throw new SimulatorError('ERR_SERVER', 503, 'ofd-down')
    }
    try {
      const { store } = await claimedWallet()
      expect(store.getState().credentials).toHaveLength(ZHANG_CARD_COUNT)
      expect(store.getState().credentials.every((c) => c.original === undefined)).toBe(true)
    } finally {
      sim.issueOriginal = original
    }
  })
})

describe('wrong PINs', () => {
  it('costs nothing four times, then delays, warns from the seventh, and wipes at the tenth', async () => {
    const { storage } = await claimedWallet()
    const store = makeStore(storage)
    for (let i = 1; i <= 4; i++) {
      const r = await store.getState().unlock('246801')
      expect(r).toMatchObject({ ok: false, code: 'ERR_PIN_WRONG', remaining: 10 - i, retryAt: null })
    }
    const fifth = await store.getState().unlock('246801')
    expect(fifth).toMatchObject({ ok: false, code: 'ERR_PIN_LOCKED', remaining: 5, retryAt: T0 + 30_000 })
    // During the delay even the right PIN is not checked.
    expect(await store.getState().unlock(PIN)).toMatchObject({ ok: false, code: 'ERR_PIN_LOCKED' })
    expect(store.getState().locked).toBe(true)
    // The count survives a restart (stored before the holder is told).
    const restarted = makeStore(storage)
    expect(restarted.getState().lock!.pin.failures).toBe(5)
    nowMs += 30_000
    const sixth = await restarted.getState().unlock('246801')
    expect(sixth).toMatchObject({ code: 'ERR_PIN_LOCKED', remaining: 4, retryAt: nowMs + 60_000, warn: false })
    nowMs += 60_000
    expect(await restarted.getState().unlock('246801')).toMatchObject({ remaining: 3, warn: true, retryAt: nowMs + 300_000 })
    nowMs += 300_000
    expect(await restarted.getState().unlock('246801')).toMatchObject({ remaining: 2, warn: true })
    nowMs += 900_000
    expect(await restarted.getState().unlock('246801')).toMatchObject({ remaining: 1, warn: true })
    nowMs += 3_600_000
    const tenth = await restarted.getState().unlock('246801')
    expect(tenth).toEqual({ ok: false, code: 'ERR_WIPED', remaining: 0 })
    expect(restarted.getState().credentials).toEqual([])
    expect(restarted.getState().holder).toBeNull()
    expect(restarted.getState().lock).toBeNull()
    expect(JSON.parse(storage.data[KEY]).state.credentials).toEqual([])
  })

  it('the right PIN resets the count', async () => {
    const { storage } = await claimedWallet()
    const store = makeStore(storage)
    await store.getState().unlock('246801')
    await store.getState().unlock('246801')
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
    expect(store.getState().lock!.pin.failures).toBe(0)
  })
})

describe('bounded counters (issue #11 item 9)', () => {
  it.each([-100, 1e9, 2.5, 10])('a failure count edited to %p leaves one try: the next wrong PIN wipes', async (edited) => {
    const { store, storage } = await claimedWallet()
    const blob = JSON.parse(storage.data['certwallet.wallet'])
    blob.state.lock.pin.failures = edited
    storage.data['certwallet.wallet'] = JSON.stringify(blob)
    const again = makeStore(storage)
    expect(again.getState().lock!.pin.failures).toBe(9)
    expect(again.getState().credentials.length).toBe(store.getState().credentials.length)
    expect(await again.getState().unlock('000001')).toMatchObject({ ok: false, code: 'ERR_WIPED' })
  })

  it('the wipe also removes a kept copy of an unreadable blob (src/store/persisted.ts)', async () => {
    const { storage } = await claimedWallet()
    const blob = JSON.parse(storage.data['certwallet.wallet'])
    blob.state.lock.pin.failures = 9
    storage.data['certwallet.wallet'] = JSON.stringify(blob)
    storage.data['certwallet.wallet.unreadable'] = JSON.stringify(blob)
    const again = makeStore(storage)
    expect(await again.getState().unlock('000001')).toMatchObject({ ok: false, code: 'ERR_WIPED' })
    expect(storage.data['certwallet.wallet.unreadable']).toBeUndefined()
    expect(JSON.parse(storage.data['certwallet.wallet']).state.credentials).toEqual([])
  })

  it('the right PIN still opens after an edited count', async () => {
    const { storage } = await claimedWallet()
    const blob = JSON.parse(storage.data['certwallet.wallet'])
    blob.state.lock.pin.failures = -5
    storage.data['certwallet.wallet'] = JSON.stringify(blob)
    const again = makeStore(storage)
    expect((await again.getState().unlock(PIN)).ok).toBe(true)
    expect(again.getState().lock!.pin.failures).toBe(0)
  })
})

describe('PIN record v1 (PBKDF2 only: every wallet before) → v2 (PBKDF2 + square chain)', () => {
  it('a stored v1 record opens with its PIN, is re-wrapped as v2 once, and the v2 opens after a restart; wrong PINs still count', async () => {
    // setupPin draws one pool whose first 32 bytes are the data key: keep them to write a v1 record.
    let dek: Uint8Array | null = null
    const keepFirst = async (n: number) => {
      const b = globalThis.crypto.getRandomValues(new Uint8Array(n))
      if (!dek) dek = b.slice(0, 32)
      return b
    }
    const storage = memoryStorage()
    const first = makeStore(storage, undefined, keepFirst)
    expect((await first.getState().setupPin(PIN, PIN)).ok).toBe(true)
    const deviceX = first.getState().deviceKey!.x
    expect(first.getState().lock!.pin).toMatchObject({ v: 2, iterations: 1000, squarings: 100 })
    // What a wallet made before v2 has on disk: KEK = PBKDF2-SHA256(PIN) by noble's pbkdf2.
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(16))
    const rnd = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
    const v1: PinRecord = { v: 1, salt: base64urlEncode(salt), iterations: 1000, wrapped: seal(pbkdf2(sha256, PIN, salt, { c: 1000, dkLen: 32 }), dek!, rnd), failures: 0, lockedUntil: null }
    const blob = JSON.parse(storage.data[KEY])
    blob.state.lock.pin = v1
    storage.data[KEY] = JSON.stringify(blob)

    const again = makeStore(storage)
    expect(again.getState().lock!.pin.v).toBe(1)
    expect(await again.getState().unlock('135791')).toMatchObject({ ok: false, code: 'ERR_PIN_WRONG', remaining: 9 })
    expect(JSON.parse(storage.data[KEY]).state.lock.pin).toMatchObject({ v: 1, failures: 1 })
    expect((await again.getState().unlock(PIN)).ok).toBe(true)
    expect(again.getState().deviceKey!.x).toBe(deviceX)
    const upgraded = JSON.parse(storage.data[KEY]).state.lock.pin
    expect(upgraded).toMatchObject({ v: 2, iterations: 1000, squarings: 100, failures: 0, lockedUntil: null })
    expect(upgraded.wrapped).not.toBe(v1.wrapped)

    const restarted = makeStore(storage)
    expect(restarted.getState().locked).toBe(true)
    expect(await restarted.getState().unlock('135791')).toMatchObject({ ok: false, code: 'ERR_PIN_WRONG' })
    expect((await restarted.getState().unlock(PIN)).ok).toBe(true)
    expect(restarted.getState().deviceKey!.x).toBe(deviceX)
    expect(restarted.getState().lock!.pin.wrapped).toBe(upgraded.wrapped) // already current: not re-wrapped
  })

  it('a record that does not open its vault is never replaced', async () => {
    const { storage } = await claimedWallet()
    const blob = JSON.parse(storage.data[KEY])
    // The PIN record of another wallet (right PIN, other data key): the PIN "opens" it, the vault does not.
    const rnd = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
    const salt = rnd(16)
    blob.state.lock.pin = { v: 1, salt: base64urlEncode(salt), iterations: 1000, wrapped: seal(pbkdf2(sha256, PIN, salt, { c: 1000, dkLen: 32 }), rnd(32), rnd), failures: 0, lockedUntil: null }
    storage.data[KEY] = JSON.stringify(blob)
    const again = makeStore(storage)
    expect(await again.getState().unlock(PIN)).toMatchObject({ ok: false, code: 'ERR_STORAGE_CORRUPT' })
    expect(JSON.parse(storage.data[KEY]).state.lock.pin.v).toBe(1)
  })
})

describe('biometric', () => {
  const fake = (answer: boolean, supported: 'fingerPrint' | null = 'fingerPrint'): BiometricAdapter & { calls: number } => {
    const a = { calls: 0, supported: async () => supported, authenticate: async () => (a.calls++, answer) }
    return a
  }

  it('is a gate, not a key: after a PIN unlock it reopens the auto-locked wallet; a failed check does not', async () => {
    const bio = fake(true)
    const { store } = await claimedWallet(memoryStorage(), bio)
    expect(await store.getState().setBiometric(true)).toEqual({ ok: true })
    expect(store.getState().biometricEnabled()).toBe(true)
    store.getState().lockNow()
    expect(store.getState()).toMatchObject({ locked: true, deviceKey: null, biometricArmed: true })
    const refusedOnce = fake(false)
    const wrongFinger = await (async () => {
      const saved = { ...bio }
      Object.assign(bio, { authenticate: refusedOnce.authenticate })
      const r = await store.getState().unlockWithBiometric()
      Object.assign(bio, { authenticate: saved.authenticate })
      return r
    })()
    expect(wrongFinger).toEqual({ ok: false, code: 'ERR_BIOMETRIC_FAILED' })
    expect(store.getState().locked).toBe(true)
    const r = await store.getState().unlockWithBiometric()
    expect(r.ok).toBe(true)
    expect(r.grant).toEqual(expect.any(String))
    expect(store.getState().deviceKey).not.toBeNull()
  })

  it('nothing on disk opens the vault: after a restart (or past the gate time) only the PIN does', async () => {
    const bio = fake(true)
    const { store, storage } = await claimedWallet(memoryStorage(), bio)
    await store.getState().setBiometric(true)
    const blob = storage.data['certwallet.wallet']
    expect(JSON.parse(blob).state.lock.bio).toEqual({ enabled: true })
    const again = makeStore(storage, bio)
    expect(again.getState().biometricArmed).toBe(false)
    expect(await again.getState().unlockWithBiometric()).toEqual({ ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE', detail: 'pin-first' })
    expect(again.getState().locked).toBe(true)
    expect(bio.calls).toBe(1) // only the turn-on check: no prompt that could not open anything
    expect((await again.getState().unlock(PIN)).ok).toBe(true)
    again.getState().lockNow()
    nowMs += 12 * 3600_000 + 1000
    expect(await again.getState().unlockWithBiometric()).toEqual({ ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE', detail: 'pin-first' })
  })

  it('an older blob that kept a biometric key beside the wrapped data key is read without the key', async () => {
    const bio = fake(true)
    const { store, storage } = await claimedWallet(memoryStorage(), bio)
    await store.getState().setBiometric(true)
    const blob = JSON.parse(storage.data['certwallet.wallet'])
    blob.state.lock.bio = { key: 'AAAA', wrapped: 'BBBB' }
    storage.data['certwallet.wallet'] = JSON.stringify(blob)
    const again = makeStore(storage, bio)
    expect(again.getState().lock?.bio).toEqual({ enabled: true })
    expect(again.getState().storageProblem).toBeNull()
    expect((await again.getState().unlockWithBiometric()).ok).toBe(false)
  })

  it('is unavailable without hardware or when not turned on, and cannot be turned on while locked', async () => {
    const { store, storage } = await claimedWallet(memoryStorage(), fake(true, null))
    expect(await store.getState().setBiometric(true)).toEqual({ ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' })
    const again = makeStore(storage, fake(true))
    expect(await again.getState().unlockWithBiometric()).toEqual({ ok: false, code: 'ERR_BIOMETRIC_UNAVAILABLE' })
    expect(await again.getState().setBiometric(true)).toEqual({ ok: false, code: 'ERR_LOCKED' })
  })
})

describe('auto-lock', () => {
  it('locks after the inactivity time the holder chose, not before; 0 means never', async () => {
    const { store } = await claimedWallet()
    store.getState().setAutoLock(60)
    store.getState().noteActivity()
    nowMs += 59_000
    expect(store.getState().checkAutoLock()).toBe(false)
    store.getState().noteActivity()
    nowMs += 59_000
    expect(store.getState().checkAutoLock()).toBe(false)
    nowMs += 1_000
    expect(store.getState().checkAutoLock()).toBe(true)
    expect(store.getState().locked).toBe(true)
    expect(store.getState().deviceKey).toBeNull()
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
    store.getState().setAutoLock(0)
    nowMs += 24 * 3600_000
    expect(store.getState().checkAutoLock()).toBe(false)
  })
})

describe('sync while locked', () => {
  it('marks a revoked card without unlocking, and leaves the holder calls (the reissued card) to the next unlock', async () => {
    const { storage } = await claimedWallet()
    const store = makeStore(storage)
    expect(store.getState().locked).toBe(true)
    const idCard = store.getState().credentials.find((c) => c.kind === 'id-card')!
    const licence = store.getState().credentials.find((c) => c.kind === 'driving-licence')!
    const { newCertId } = sim.reissue(idCard.certId)
    sim.revoke(licence.certId)
    // Past the stored status lists' exp (a day), so the locked sync fetches them again; and past the
    // access token's 15 minutes, so the unlocked sync below first refreshes it (DPoP-bound, rotated).
    nowMs += 86_401_000
    const holderBefore = store.getState().holder!
    const calls: string[] = []
    const seen = (e: { request: Request }) => calls.push(new URL(e.request.url).pathname)
    server.events.on('request:start', seen)
    await store.getState().sync()
    server.events.removeListener('request:start', seen)
    expect(store.getState().error).toBeNull()
    // Locked: trust list and status lists only (they need no holder); no holder call, since the
    // DPoP proof it needs is made by the device key, which is sealed until the PIN opens it.
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.filter((p) => p.includes('/holder/'))).toEqual([])
    expect(store.getState().credentials.find((c) => c.kind === 'driving-licence')!.status).toBe('revoked')
    expect(store.getState().credentials.find((c) => c.kind === 'id-card')!.certId).toBe(idCard.certId)
    expect(JSON.parse(storage.data[KEY]).state.credentials.find((c: { kind: string }) => c.kind === 'id-card').claims.id_number).toBe('440106********001X')
    // Unlocked, the next sync asks the service and replaces the reissued card.
    expect((await store.getState().unlock(PIN)).ok).toBe(true)
    await store.getState().sync()
    expect(store.getState().error).toBeNull()
    const fresh = store.getState().credentials.find((c) => c.kind === 'id-card')!
    expect(fresh.certId).toBe(newCertId)
    expect(fresh.replacedCertId).toBe(idCard.certId)
    expect(fresh.claims.id_number).toBe(ID_NUMBER)
    expect(fresh.credential.length).toBeGreaterThan(100)
    const holderAfter = store.getState().holder!
    expect(holderAfter.token).not.toBe(holderBefore.token)
    expect(holderAfter.refreshToken).not.toBe(holderBefore.refreshToken)
    expect(holderAfter.expiresAt).toBe(nowMs + 900_000)
  })
})

describe('upgrade from v1 (credentials stored in the clear)', () => {
  it('keeps everything until a PIN is set, then seals it', async () => {
    const { store } = await claimedWallet()
    const s = store.getState()
    const v1 = {
      state: { version: 1, holder: s.holder, deviceKey: s.deviceKey, credentials: s.credentials.map(({ sealed: _s, statusRef: _r, ...c }) => c), trust: s.trust, lastSyncAt: s.lastSyncAt },
      version: 0
    }
    const storage = memoryStorage({ [KEY]: JSON.stringify(v1) })
    const old = makeStore(storage)
    expect(old.getState().storageProblem).toBeNull()
    expect(old.getState().lock).toBeNull()
    expect(old.getState().credentials).toHaveLength(ZHANG_CARD_COUNT)
    expect(old.getState().deviceKey!.x).toBe(s.deviceKey!.x)
    old.getState().noteActivity()
    // Not yet protected: the old data stays on disk as it was rather than being lost.
    expect(storage.data[KEY]).toContain(ID_NUMBER)
    expect((await old.getState().setupPin(PIN, PIN)).ok).toBe(true)
    expect(storage.data[KEY]).not.toContain(ID_NUMBER)
    expect(old.getState().devicePublicKey!.x).toBe(s.deviceKey!.x)
    const reopened = makeStore(storage)
    expect((await reopened.getState().unlock(PIN)).ok).toBe(true)
    expect(reopened.getState().credentials.find((c) => c.kind === 'id-card')!.claims.id_number).toBe(ID_NUMBER)
  })
})
