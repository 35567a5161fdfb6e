/**
 * 亮证 store against the real simulator handlers (msw/node) and the wallet store: purpose
 * credentials fetched and persisted while online, QR presentations made offline from stored
 * sets, each one verified as a verifier would (trust list from the simulator, checked against
 * the pinned root). Clock frozen; every failure asserts its code.
 */
import { DEMO_ADMIN_TOKEN } from '../../../mock/handlers'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../src/services/crypto'
import type { CryptoBackend } from '../../../src/services/crypto/types'
import { base64urlDecode } from '../../../src/services/encoding'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../src/services/trust/verifyTrustList'
import { base45Decode, decodeCredentialBody, ReplayCache, verifyPresentation } from '../../../src/services/presentation'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import {
  createPresentationStore,
  PRESENTATION_DEFAULTS,
  tryParsePresentation
} from '../../../src/store/presentationStore'
import { describeSet, parseVerifierChallenge, presentablePurposes, usableSetCount } from '../../../src/services/wallet/purposeCredentials'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
let nowMs = T0
const { sim, failures, server } = installMockApi({ now: () => new Date(nowMs) })
const code = (c: string) => expect.objectContaining({ code: c })

afterEach(() => {
  nowMs = T0
})

function setup(opts: { backend?: CryptoBackend; storage?: ReturnType<typeof memoryStorage>; follow?: boolean } = {}) {
  const backend = opts.backend ?? joseBackend
  const storage = opts.storage ?? memoryStorage()
  const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
  const wallet = createWalletStore({
    api,
    backend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage,
    pinIterations: 1000,
    pinSquarings: 100
  })
  const makePresentation = () =>
    createPresentationStore({
      api,
      wallet,
      backend,
      registry: certRegistry,
      rootKeys: PINNED_ROOT_KEYS,
      now: () => nowMs,
      randomBytes: async (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
      storage,
      followWalletSync: opts.follow ?? false
    })
  return { wallet, storage, makePresentation, presentation: makePresentation() }
}

async function claimAll(wallet: ReturnType<typeof setup>['wallet'], name = '张明华', idNumber = '44010619900315001X') {
  if (!wallet.getState().lock) expect((await wallet.getState().setupPin('135790', '135790')).ok).toBe(true)
  expect(await wallet.getState().beginFaceCheck(name, idNumber)).toBe(true)
  expect(await wallet.getState().finishFaceCheck(true)).toBe(true)
  const ids = wallet.getState().available.filter((a) => a.status === 'valid' || a.status === 'expired').map((a) => a.certId)
  const p = await wallet.getState().claim(ids, '求职学历核验')
  expect(p.failures).toEqual([])
}

/** A verifier's offline context: the simulator's trust list, checked against the pinned root. */
async function verifierCtx(backend: CryptoBackend = joseBackend, over: { nonce?: string; replay?: ReplayCache } = {}) {
  const now = Math.floor(nowMs / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, backend, now)
  return { trust, registry: certRegistry, backend, now, replay: over.replay ?? new ReplayCache(), nonce: over.nonce }
}

/** The purpose credentials inside a QR text (their raw bytes, base64 for comparison). */
function credentialsIn(text: string): string[] {
  const bytes = base45Decode(text.slice(4))
  const n = bytes[1]
  const out: string[] = []
  let o = 2
  for (let i = 0; i < n; i++) {
    let len = 0
    let shift = 0
    for (;;) {
      const b = bytes[o++]
      len |= (b & 0x7f) << shift
      shift += 7
      if (!(b & 0x80)) break
    }
    out.push(Buffer.from(bytes.subarray(o, o + len)).toString('base64'))
    o += len
  }
  return out
}

async function readyStore(backend: CryptoBackend = joseBackend) {
  const t = setup({ backend })
  await claimAll(t.wallet)
  const r = await t.presentation.getState().refresh()
  expect(r.failed).toEqual({})
  return t
}

describe('presentablePurposes', () => {
  it('offers a purpose only when its required kinds are in the wallet with status 有效', () => {
    expect(presentablePurposes([], certRegistry)).toEqual([])
    expect(presentablePurposes([{ kind: 'driving-licence', status: 'valid' }], certRegistry)).toEqual(['traffic-stop'])
    expect(presentablePurposes([{ kind: 'vehicle-licence', status: 'valid' }], certRegistry)).toEqual([])
    expect(presentablePurposes([{ kind: 'driving-licence', status: 'expired' }], certRegistry)).toEqual([])
    expect(presentablePurposes([{ kind: 'ctid', status: 'valid' }], certRegistry)).toEqual(['hotel', 'age-over-18'])
    expect(presentablePurposes([{ kind: 'id-card', status: 'revoked' }, { kind: 'medical-insurance', status: 'valid' }], certRegistry)).toEqual(['pharmacy'])
    // 用人单位 is not on the 亮证 picker.
    expect(presentablePurposes([{ kind: 'id-card', status: 'valid' }, { kind: 'social-security', status: 'valid' }], certRegistry)).toEqual(['hotel', 'age-over-18'])
  })

  it('reads a verifier challenge CWN1:<nonce> and refuses anything else with ERR_MALFORMED', () => {
    expect(parseVerifierChallenge('  CWN1:q3Zt8sLx0Va ')).toBe('q3Zt8sLx0Va')
    for (const bad of ['', 'CWN1:', 'CWN1:short', 'CW1:abcdefghij', 'CWN1:has space in', `CWN1:${'a'.repeat(129)}`]) {
      expect(() => parseVerifierChallenge(bad)).toThrow(code('ERR_MALFORMED'))
    }
  })
})

describe('presentation store on the simulator', () => {
  it('fetches 5 sets per purpose the holder can use, checks them and persists them', async () => {
    const t = setup()
    await claimAll(t.wallet)
    const r = await t.presentation.getState().refresh()
    expect(r.fetched.sort()).toEqual(['age-over-18', 'degree', 'hotel', 'pharmacy', 'traffic-stop'])
    const { batches } = t.presentation.getState()
    expect(batches['traffic-stop']?.sets).toHaveLength(5)
    expect(batches['traffic-stop']?.kinds).toEqual(['driving-licence', 'vehicle-licence'])
    expect(usableSetCount(batches.hotel, Math.floor(nowMs / 1000))).toBe(5)
    // Each set is freshly signed: no two sets share a credential.
    const creds = batches['traffic-stop']!.sets.map((s) => s.credentials[0])
    expect(new Set(creds).size).toBe(5)

    // Persisted: a new store over the same storage (an app restart) has them.
    const stored = JSON.parse(t.storage.data['certwallet.presentation'])
    expect(Object.keys(stored.state.batches).sort()).toEqual(['age-over-18', 'degree', 'hotel', 'pharmacy', 'traffic-stop'])
    const again = t.makePresentation()
    expect(again.getState().batches['traffic-stop']?.sets).toEqual(batches['traffic-stop']?.sets)
    expect(again.getState().storageProblem).toBeNull()
  })

  it('keeps purpose credentials sealed at rest; after a restart they open with the PIN, and a lock drops them', async () => {
    const t = await readyStore()
    const hotel = t.presentation.getState().batches.hotel!.sets[0].credentials[0]
    expect(hotel.length).toBeGreaterThan(50)
    const blob = t.storage.data['certwallet.presentation']
    expect(blob).not.toContain(hotel.slice(0, 40))
    expect(JSON.parse(blob).state.batches.hotel.sets[0].credentials).toEqual([])
    expect(typeof JSON.parse(blob).state.batches.hotel.sealed).toBe('string')

    // Restart: wallet locked, sets present but closed; no QR until the PIN.
    const r = setup({ storage: t.storage })
    expect(r.wallet.getState().locked).toBe(true)
    expect(r.presentation.getState().batches.hotel!.sets[0].credentials).toEqual([])
    expect(await r.presentation.getState().present('hotel')).toBeNull()
    expect(r.presentation.getState().error).toBe('ERR_LOCKED')
    expect((await r.wallet.getState().unlock('135790')).ok).toBe(true)
    expect(r.presentation.getState().batches.hotel!.sets[0].credentials[0]).toBe(hotel)
    const qr = await r.presentation.getState().present('hotel')
    expect(qr).not.toBeNull()
    expect((await verifyPresentation(qr!.text, await verifierCtx())).purpose).toBe('hotel')
    r.wallet.getState().lockNow()
    expect(r.presentation.getState().batches.hotel!.sets.every((x) => x.credentials.length === 0)).toBe(true)
    expect(r.presentation.getState().qr).toBeNull()
  })

  it('skips batches younger than maxAgeMs, and fetches again once they are older', async () => {
    const t = await readyStore()
    const first = t.presentation.getState().batches.hotel!.sets
    expect((await t.presentation.getState().refresh({ maxAgeMs: 600_000 })).fetched).toEqual([])
    nowMs += 601_000
    expect((await t.presentation.getState().refresh({ maxAgeMs: 600_000, purposes: ['hotel'] })).fetched).toEqual(['hotel'])
    expect(t.presentation.getState().batches.hotel!.sets).not.toEqual(first)
  })

  it('the consent view lists exactly the fields the stored set carries, and what it keeps back', async () => {
    const t = await readyStore()
    const traffic = describeSet(t.presentation.getState().batches['traffic-stop']!.sets[0], certRegistry)
    expect(traffic.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
    expect(traffic[0].shared.map((f) => f.label)).toEqual(['姓名', '初次领证日期', '证号', '准驾车型', '有效期至', '驾驶证状态', '照片'])
    expect(traffic[0].withheld).toContain('住址')
    expect(traffic[0].withheld).toContain('累积记分')
    const age = describeSet(t.presentation.getState().batches['age-over-18']!.sets[0], certRegistry)
    expect(age).toHaveLength(1)
    expect(age[0].shared).toEqual([{ name: 'age_over_18', label: '已满18周岁', value: true }])
    expect(age[0].withheld).toEqual(expect.arrayContaining(['姓名', '公民身份号码', '出生', '住址']))
  })

  it('presents offline from stored sets after the API fails (503), and the QR verifies', async () => {
    const t = await readyStore()
    const before = JSON.stringify(t.presentation.getState().batches)
    failures.set({ mode: 'server-error' })
    nowMs += 3600_000
    const r = await t.presentation.getState().refresh()
    expect(Object.values(r.failed).every((c) => c === 'ERR_SERVER')).toBe(true)
    expect(r.fetched).toEqual([])
    // A failed fetch never loses what was stored.
    expect(JSON.stringify(t.presentation.getState().batches)).toBe(before)
    expect(t.presentation.getState().fetchErrors['traffic-stop']).toBe('ERR_SERVER')

    const qr = await t.presentation.getState().present('traffic-stop')
    expect(qr?.text.startsWith('CW1:')).toBe(true)
    expect(t.presentation.getState().error).toBeNull()
    const v = await verifyPresentation(qr!.text, { ...(await verifierCtx()), purposes: ['traffic-stop'] })
    expect(v.purpose).toBe('traffic-stop')
    expect(v.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
    expect(v.certs[0].claims.name).toBe('张明华')
    for (const c of v.certs) {
      const preset = certRegistry.require(c.kind).presets.find((p) => p.purpose === 'traffic-stop')!
      expect(Object.keys(c.claims).every((k) => preset.fields.includes(k))).toBe(true)
    }
    expect(v.checks.nonce).toBe(false)
  })

  it('rotates through the stored sets, with a fresh proof every time', async () => {
    const t = await readyStore()
    const texts: string[] = []
    const indexes: number[] = []
    for (let i = 0; i < 6; i++) {
      nowMs += 30_000
      const qr = await t.presentation.getState().present('hotel')
      texts.push(qr!.text)
      indexes.push(qr!.setIndex)
      await verifyPresentation(qr!.text, { ...(await verifierCtx()), purposes: ['hotel'] })
    }
    expect(indexes).toEqual([0, 1, 2, 3, 4, 0])
    expect(new Set(texts).size).toBe(6)
    const firstCreds = texts.map((x) => credentialsIn(x)[0])
    expect(new Set(firstCreds.slice(0, 5)).size).toBe(5)
    expect(firstCreds[5]).toBe(firstCreds[0])
    // The rotation cursor survives a restart.
    expect(t.makePresentation().getState().batches.hotel?.cursor).toBe(1)
  })

  it('binds the next QR to the verifier nonce it scanned', async () => {
    const t = await readyStore()
    expect(t.presentation.getState().setChallenge('CWN1:n0nce-from-desk-42')).toBe(true)
    const qr = await t.presentation.getState().present('age-over-18')
    expect(qr?.nonce).toBe('n0nce-from-desk-42')
    const v = await verifyPresentation(qr!.text, await verifierCtx(joseBackend, { nonce: 'n0nce-from-desk-42' }))
    expect(v.checks.nonce).toBe(true)
    expect(v.certs[0].claims).toEqual({ age_over_18: true })
    await expect(verifyPresentation(qr!.text, await verifierCtx(joseBackend, { nonce: 'another-desk-nonce' }))).rejects.toThrow(code('ERR_KB_NONCE_MISMATCH'))

    // A bad challenge is refused and keeps the one bound before.
    expect(t.presentation.getState().setChallenge('https://example.com/x')).toBe(false)
    expect(t.presentation.getState().error).toBe('ERR_MALFORMED')
    expect(t.presentation.getState().challenge).toBe('n0nce-from-desk-42')
    t.presentation.getState().endPresentation()
    expect(t.presentation.getState().challenge).toBeNull()
    const plain = await t.presentation.getState().present('age-over-18')
    expect(plain?.nonce).toBeNull()
  })

  it('nothing stored and the API down: no QR, and the error code says why (ERR_SERVER)', async () => {
    const t = setup()
    await claimAll(t.wallet)
    failures.set({ mode: 'server-error' })
    const r = await t.presentation.getState().refresh()
    expect(r.failed['traffic-stop']).toBe('ERR_SERVER')
    expect(t.presentation.getState().batches).toEqual({})
    expect(await t.presentation.getState().present('traffic-stop')).toBeNull()
    expect(t.presentation.getState().error).toBe('ERR_SERVER')
    expect(t.presentation.getState().qr).toBeNull()
  })

  it('nothing stored and never fetched: ERR_NETWORK (联网后再试)', async () => {
    const t = setup()
    await claimAll(t.wallet)
    expect(await t.presentation.getState().present('hotel')).toBeNull()
    expect(t.presentation.getState().error).toBe('ERR_NETWORK')
  })

  it('a batch with a broken issuer signature is refused (ERR_SIGNATURE_INVALID) and the stored one kept', async () => {
    const t = await readyStore()
    const before = t.presentation.getState().batches.pharmacy
    failures.set({ mode: 'bad-signature', pathPrefix: '/holder/presentation-credentials' })
    nowMs += 86_400_000
    const r = await t.presentation.getState().refresh({ purposes: ['pharmacy'] })
    expect(r.failed).toEqual({ pharmacy: 'ERR_SIGNATURE_INVALID' })
    expect(t.presentation.getState().batches.pharmacy).toEqual(before)
  })

  it('refuses to present sets that have expired (ERR_CERT_EXPIRED)', async () => {
    const t = await readyStore()
    nowMs += 8 * 86_400_000
    expect(await t.presentation.getState().present('hotel')).toBeNull()
    expect(t.presentation.getState().error).toBe('ERR_CERT_EXPIRED')
  })

  it('a wallet sync tops the sets up in the background; a revoked licence drops its purpose', async () => {
    const t = setup({ follow: true })
    await claimAll(t.wallet)
    // The claim moved lastSyncAt: the store fetched on its own.
    await waitUntil(() => !t.presentation.getState().fetching && Object.keys(t.presentation.getState().batches).length === 5)
    const licence = t.wallet.getState().credentials.find((c) => c.kind === 'driving-licence')!
    const admin = createApiClient({ baseUrl: BASE, request: createFetchTransport() }).admin
    await admin.revoke(DEMO_ADMIN_TOKEN, licence.certId)
    nowMs += 60_000
    await t.wallet.getState().sync()
    expect(t.wallet.getState().credentials.find((c) => c.kind === 'driving-licence')?.status).toBe('revoked')
    await waitUntil(() => !t.presentation.getState().fetching)
    expect(t.presentation.getState().batches['traffic-stop']).toBeUndefined()
    expect(Object.keys(t.presentation.getState().batches).sort()).toEqual(['age-over-18', 'degree', 'hotel', 'pharmacy'])
    // Signing out of the wallet drops every stored set.
    t.wallet.getState().signOut()
    expect(t.presentation.getState().batches).toEqual({})
  })

  it('a refresh still running at sign-out stops there: nothing of it reaches the next person, and their refresh is their own', async () => {
    const t = setup({ follow: true })
    // Every purpose request is held 300 ms: the claim's background refresh is mid-way at sign-out.
    failures.set({ mode: 'slow', delayMs: 300, pathPrefix: '/holder/presentation-credentials' })
    const sent: string[] = []
    const count = ({ request }: { request: Request }) => {
      if (new URL(request.url).pathname.includes('/holder/presentation-credentials')) sent.push(request.url)
    }
    server.events.on('request:start', count)
    try {
      await claimAll(t.wallet)
      await waitUntil(() => sent.length === 1)
      t.wallet.getState().signOut()
      expect(t.presentation.getState().fetching).toBe(false)
      // 李秀英 signs in on the same phone while 张明华's first purpose request is still held.
      await claimAll(t.wallet, '李秀英', '330106195207080021')
      await waitUntil(() => !t.presentation.getState().fetching && sent.length > 1)
      await new Promise((r) => setTimeout(r, 400))
      const owner = t.presentation.getState().owner
      expect(owner?.holderId).toBe(t.wallet.getState().holder!.holderId)
      // 张明华's refresh sent its one request and no other; what came back for it was dropped.
      const hers = presentablePurposes(t.wallet.getState().credentials, certRegistry)
      expect(sent.length).toBe(1 + hers.length)
      expect(Object.keys(t.presentation.getState().batches).sort()).toEqual([...hers].sort())
      for (const b of Object.values(t.presentation.getState().batches)) {
        for (const set of b!.sets) expect(JSON.stringify(set.credentials)).not.toContain('张明华')
      }
    } finally {
      server.events.removeListener('request:start', count)
      failures.clear()
    }
  })

  it('a locked wallet shows no QR (ERR_LOCKED): the device proof needs the unlocked key', async () => {
    const t = await readyStore()
    t.wallet.getState().lockNow()
    expect(await t.presentation.getState().present('hotel')).toBeNull()
    expect(t.presentation.getState().error).toBe('ERR_LOCKED')
    // The stored sets are kept for after the unlock.
    expect(t.presentation.getState().batches.hotel).toBeDefined()
    expect((await t.wallet.getState().unlock('135790')).ok).toBe(true)
    expect(await t.presentation.getState().present('hotel')).not.toBeNull()
  })

  it('drops sets bound to another holder or device key', async () => {
    const t = await readyStore()
    t.wallet.setState({ devicePublicKey: { ...t.wallet.getState().devicePublicKey!, x: 'AAAA' } })
    expect(await t.presentation.getState().present('hotel')).toBeNull()
    expect(t.presentation.getState().batches).toEqual({})
  })

  it('storage: defaults parse; a bad blob or a bad batch falls back and is reported', () => {
    expect(tryParsePresentation(PRESENTATION_DEFAULTS)).toEqual({ state: PRESENTATION_DEFAULTS, problem: null })
    expect(tryParsePresentation({ version: 7 }).problem).toBe('version')
    const bad = tryParsePresentation({ version: 1, owner: null, batches: { hotel: { purpose: 'hotel', sets: 'x' } } })
    expect(bad).toEqual({ state: PRESENTATION_DEFAULTS, problem: 'batch-entries' })
    const t = setup({ storage: memoryStorage({ 'certwallet.presentation': '{not json' }) })
    expect(t.presentation.getState().batches).toEqual({})
  })
})

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('offline QR on %s', (_n, backend) => {
  it('fetched, then presented offline, verifies on both backends', async () => {
    const t = await readyStore(backend)
    failures.set({ mode: 'server-error' })
    const qr = await t.presentation.getState().present('pharmacy')
    for (const b of [joseBackend, nobleBackend]) {
      const v = await verifyPresentation(qr!.text, await verifierCtx(b))
      expect(v.purpose).toBe('pharmacy')
    }
    // Each set names its own key (issue #16), never the device key, and the proof is by that set's key.
    const sets = t.presentation.getState().batches.pharmacy!.sets
    const named = sets.map((s) => {
      const raw = base64urlDecode(s.credentials[0])
      return decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry)
    })
    expect(named.every((b) => b.layout === 2 && b.status.length === 0)).toBe(true)
    expect(new Set(named.map((b) => b.deviceKey.x)).size).toBe(sets.length)
    expect(named.map((b) => b.deviceKey.x)).not.toContain(t.wallet.getState().deviceKey!.x)
    expect(named[qr!.setIndex].deviceKey.x).toBe(sets[qr!.setIndex].key!.x)
  })
})

async function waitUntil(cond: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
