/**
 * Issue #16, "Unlinkable by default": the wallet's purpose credentials (layout 2) are bound to a
 * fresh key per set and carry no status index, so two QR presentations from different sets share
 * no byte string of 8 or more bytes beyond the format's constants (header, the issuer's kid, the
 * lifetime and grace) and the disclosed claims. Revocation reaches them at the next refresh: a
 * revoked licence cannot refresh, and its last set is accepted until its 24 h end, then with the
 * warning "凭证 N 小时未更新" until 72 h, then refused (ERR_CREDENTIAL_NOT_REFRESHED). Real simulator
 * handlers over msw, the wallet and presentation stores, frozen clock, both crypto backends.
 */
import { DEMO_ADMIN_TOKEN } from '../../../mock/handlers'
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../src/services/crypto'
import type { CryptoBackend } from '../../../src/services/crypto/types'
import { base64urlDecode } from '../../../src/services/encoding'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../src/services/trust/verifyTrustList'
import { verifyDeviceRevocations } from '../../../src/services/trust/deviceRevocations'
import { jwkThumbprint } from '../../../src/services/crypto/thumbprint'
import { base45Decode, createPresentation, decodeCredentialBody, ReplayCache, verifyPresentation } from '../../../src/services/presentation'
import { ByteReader } from '../../../src/services/presentation/bytes'
import { certRegistry } from '../../../src/certs/registry'
import type { PurposeId } from '../../../src/certs/types'
import { createWalletStore } from '../../../src/store/walletStore'
import { createPresentationStore } from '../../../src/store/presentationStore'
import { buildResultView } from '../../../src/subpackages/verifier/model/resultView'
import { findRole } from '../../../src/vocabulary/roles'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T04:00:00Z')
const HOUR = 3_600_000
let nowMs = T0
const { sim } = installMockApi({ now: () => new Date(nowMs) })
const code = (c: string) => expect.objectContaining({ code: c })

afterEach(() => {
  nowMs = T0
})

async function readyWallet(backend: CryptoBackend, batchSize: number) {
  const storage = memoryStorage()
  const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 1 })
  const randomBytes = async (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
  const deps = { api, backend, registry: certRegistry, rootKeys: PINNED_ROOT_KEYS, now: () => nowMs, storage, randomBytes }
  const wallet = createWalletStore({ ...deps, pinIterations: 1000, pinSquarings: 100 })
  const presentation = createPresentationStore({ ...deps, wallet, batchSize, followWalletSync: false })
  expect((await wallet.getState().setupPin('135790', '135790')).ok).toBe(true)
  expect(await wallet.getState().beginFaceCheck('张明华', '44010619900315001X')).toBe(true)
  expect(await wallet.getState().finishFaceCheck(true)).toBe(true)
  const ids = wallet.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  expect((await wallet.getState().claim(ids, '亮证')).failures).toEqual([])
  return { wallet, presentation, api }
}

async function verifierCtx(backend: CryptoBackend, revokedKeys?: Set<string>) {
  const now = Math.floor(nowMs / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, backend, now)
  return { trust, registry: certRegistry, backend, now, replay: new ReplayCache(), ...(revokedKeys ? { isDeviceDeactivated: (x: string) => revokedKeys.has(x) } : {}) }
}

/**
 * A QR's bytes with the format's constants masked: the header bytes, each credential's length,
 * format byte, purpose, the issuer's kid, lifetime and grace (the same for every holder), and the
 * disclosed claims (allowed to link: the holder chose to show them). What is left is everything
 * that could identify a set: iat, the set key, the issuer signature, the time, the nonce, the proof.
 */
function maskedQr(text: string): { bytes: Uint8Array; masked: boolean[] } {
  const bytes = base45Decode(text.slice(4))
  const masked = new Array<boolean>(bytes.length).fill(false)
  const mask = (from: number, to: number) => {
    for (let i = from; i < to; i++) masked[i] = true
  }
  const r = new ByteReader(bytes)
  r.u8()
  const n = r.u8()
  mask(0, 2)
  for (let i = 0; i < n; i++) {
    const lenAt = r.pos
    const len = r.varint()
    const start = r.pos
    mask(lenAt, start)
    const c = new ByteReader(bytes.subarray(start, start + len))
    c.u8()
    c.u8()
    c.str()
    mask(start, start + c.pos)
    c.varint() // iat: not masked
    const lifeAt = c.pos
    c.varint()
    c.varint()
    mask(start + lifeAt, start + c.pos)
    c.bytes(33) // the set key: not masked
    const claimsAt = c.pos
    mask(start + claimsAt, start + len - 64)
    r.bytes(len)
  }
  return { bytes, masked }
}

/** Hex of every 8-byte window that touches no masked byte. */
function windowsOf(q: { bytes: Uint8Array; masked: boolean[] }): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + 8 <= q.bytes.length; i++) {
    if (q.masked.slice(i, i + 8).some(Boolean)) continue
    out.add(Buffer.from(q.bytes.subarray(i, i + 8)).toString('hex'))
  }
  return out
}

/** Windows found in more than one of `texts`. */
function repeatedAcross(texts: string[]): string[] {
  const seen = new Map<string, number>()
  for (const t of texts) for (const w of windowsOf(maskedQr(t))) seen.set(w, (seen.get(w) ?? 0) + 1)
  return [...seen].filter(([, k]) => k > 1).map(([w]) => w)
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('unlinkable QR on %s', (_n, backend) => {
  it.each(['age-over-18', 'hotel'] as PurposeId[])('20 presentations of %s from 20 sets share no 8-byte string beyond the constants and claims', async (purpose) => {
    const t = await readyWallet(backend, 20)
    expect((await t.presentation.getState().refresh({ purposes: [purpose] })).failed).toEqual({})
    const texts: string[] = []
    const setIndexes = new Set<number>()
    const ctx = await verifierCtx(backend)
    const keys = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const qr = await t.presentation.getState().present(purpose)
      expect(qr).not.toBeNull()
      texts.push(qr!.text)
      setIndexes.add(qr!.setIndex)
      // Each verifies (fresh: no warning) and names a key that is not the device key.
      const v = await verifyPresentation(qr!.text, { ...ctx, now: Math.floor(nowMs / 1000) })
      expect(v).toMatchObject({ purpose, staleHours: null, checks: { status: 'short-lived' } })
      const text = qr!.text
      const bytes = base45Decode(text.slice(4))
      const r = new ByteReader(bytes)
      r.u8()
      r.u8()
      const raw = r.lenBytes()
      keys.add(decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry).deviceKey.x)
      nowMs += 30_000
    }
    expect(setIndexes.size).toBe(20)
    expect(keys.size).toBe(20)
    expect(keys.has(t.wallet.getState().devicePublicKey!.x)).toBe(false)
    expect(repeatedAcross(texts)).toEqual([])
    // The check can fail: the 21st QR goes round to the first set again, and is found sharing its
    // key and issuer signature with the first.
    const again = await t.presentation.getState().present(purpose)
    expect(again!.setIndex).toBe(texts.length % 20)
    expect(repeatedAcross([texts[0], again!.text]).length).toBeGreaterThan(30)
  })
})

it('the older layout (sets bound to the device key, with status indexes) is linkable: the same check finds the key', async () => {
  const t = await readyWallet(nobleBackend, 1)
  const device = t.wallet.getState().deviceKey!
  const holderId = t.wallet.getState().holder!.holderId
  const batch = await sim.issuePurposeCredentials(holderId, 'age-over-18', t.wallet.getState().devicePublicKey!, 2)
  const texts = await Promise.all(batch.sets.map((s) => createPresentation({ credentials: s.credentials.map(base64urlDecode), deviceKey: device, now: Math.floor(nowMs / 1000), backend: nobleBackend })))
  const raw = base64urlDecode(batch.sets[0].credentials[0])
  expect(decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry)).toMatchObject({ layout: 1 })
  // Layout 1's status list id and index sit where layout 2 has its grace: the mask above does not
  // fit it, so compare the 33-byte device key directly.
  const key = Buffer.from(decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry).deviceKey.x, 'base64url').toString('hex')
  for (const text of texts) expect(Buffer.from(base45Decode(text.slice(4))).toString('hex')).toContain(key)
})

describe('revocation reaches short-lived credentials at the next refresh', () => {
  it('a revoked licence cannot refresh; its last set passes till 24 h, warns inside the grace, is refused after 72 h', async () => {
    const t = await readyWallet(joseBackend, 2)
    expect((await t.presentation.getState().refresh({ purposes: ['traffic-stop'] })).failed).toEqual({})
    const licence = t.wallet.getState().credentials.find((c) => c.kind === 'driving-licence')!
    // Online, the platform looks up the certificates behind the set key (the credential has no index).
    const first = await t.presentation.getState().present('traffic-stop')
    await expect(sim.verify(first!.text, '路面执法')).resolves.toMatchObject({ ok: true, code: 'OK' })
    await createApiClient({ baseUrl: BASE, request: createFetchTransport() }).admin.revoke(DEMO_ADMIN_TOKEN, licence.certId)

    // The platform refuses to refresh: the stored sets stay (a failed fetch never loses them).
    nowMs += HOUR
    const before = t.presentation.getState().batches['traffic-stop']
    expect((await t.presentation.getState().refresh({ purposes: ['traffic-stop'] })).failed).toEqual({ 'traffic-stop': 'ERR_CERT_REVOKED' })
    expect(t.presentation.getState().batches['traffic-stop']).toEqual(before)

    // Inside its 24 h (minus the up-to-1-h iat jitter): accepted, no warning. A verifier has no status index to look up.
    nowMs = T0 + 22 * HOUR
    let qr = await t.presentation.getState().present('traffic-stop')
    let v = await verifyPresentation(qr!.text, await verifierCtx(joseBackend))
    expect(v.staleHours).toBeNull()
    expect(v.checks.status).toBe('short-lived')
    // ...while a verifier that reports online learns of the revocation at once.
    await expect(sim.verify(qr!.text, '路面执法')).resolves.toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })

    // Inside the grace: accepted with the hours since issue, which the verifier's screen shows.
    nowMs = T0 + 30 * HOUR
    qr = await t.presentation.getState().present('traffic-stop')
    v = await verifyPresentation(qr!.text, await verifierCtx(nobleBackend))
    expect(v.staleHours).toBeGreaterThanOrEqual(30)
    expect(v.staleHours).toBeLessThanOrEqual(31)
    const view = buildResultView(v, findRole('police')!, certRegistry)
    expect(view.staleHours).toBe(v.staleHours)

    // After 72 h from issue: the wallet has nothing to show, and a QR made anyway is refused with its own code.
    nowMs = T0 + 73 * HOUR
    expect(await t.presentation.getState().present('traffic-stop')).toBeNull()
    expect(t.presentation.getState().error).toBe('ERR_CERT_EXPIRED')
    const set = t.presentation.getState().batches['traffic-stop']!.sets[0]
    const late = await createPresentation({ credentials: set.credentials.map(base64urlDecode), deviceKey: set.key!, now: Math.floor(nowMs / 1000), backend: joseBackend })
    await expect(verifyPresentation(late, await verifierCtx(joseBackend))).rejects.toEqual(code('ERR_CREDENTIAL_NOT_REFRESHED'))
  })

  it("a lost phone's sets are refused through the device revocation list, which lists its live set keys", async () => {
    const t = await readyWallet(nobleBackend, 5)
    const r = await t.presentation.getState().refresh()
    expect(r.failed).toEqual({})
    const purposes = Object.keys(t.presentation.getState().batches) as PurposeId[]
    const qr = await t.presentation.getState().present('hotel')
    const device = t.wallet.getState().devicePublicKey!
    // The phone is reported lost (from the holder's own session here; 我的设备 on a new phone in real life).
    sim.deactivateDevice(t.wallet.getState().holder!.holderId, jwkThumbprint(device))
    const now = Math.floor(nowMs / 1000)
    const list = await verifyDeviceRevocations(await sim.deviceRevocations(), PINNED_ROOT_KEYS, nobleBackend, now)
    // The device key plus every set key it asked for whose sets are still acceptable: 5 per purpose.
    expect(list.keys.size).toBe(1 + 5 * purposes.length)
    expect(list.keys.has(device.x)).toBe(true)
    await expect(verifyPresentation(qr!.text, await verifierCtx(nobleBackend, list.keys))).rejects.toEqual(code('ERR_DEVICE_DEACTIVATED'))
    // Past the last second a verifier would accept those sets (72 h after issue), they leave the list.
    nowMs += 73 * HOUR
    const later = await verifyDeviceRevocations(await sim.deviceRevocations(), PINNED_ROOT_KEYS, nobleBackend, Math.floor(nowMs / 1000))
    expect([...later.keys]).toEqual([device.x])
  })
})
