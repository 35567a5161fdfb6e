/**
 * 亮证 end to end, offline: the simulator issues purpose credentials while "online"; the holder
 * makes a QR presentation; a verifier checks it with cached trust and status material only.
 * Every rejection asserts its code, on both crypto backends.
 */
import QRCode from 'qrcode'
import { createSimulator } from '../../../../mock/simulator'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlDecode, base64urlEncode } from '../../../../src/services/encoding'
import { certRegistry } from '../../../../src/certs/registry'
import type { PurposeId } from '../../../../src/certs/types'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import {
  createPresentation,
  decodeCredentialBody,
  ReplayCache,
  signPurposeCredential,
  verifyPresentation,
  type PresentationContext
} from '../../../../src/services/presentation'
import { base45Decode, base45Encode } from '../../../../src/services/presentation/base45'
import { cw1Twin } from '../../../support/twins'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const code = (c: string) => expect.objectContaining({ code: c })
const PEOPLE = { zhang: ['张明华', '44010619900315001X'], chen: ['陈静', '110105199304120049'], wang: ['王建国', '510104197809210030'] } as const

async function setup(backend: CryptoBackend) {
  const sim = createSimulator({ now: () => new Date(NOW * 1000) })
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, backend, NOW)
  const holder = (who: keyof typeof PEOPLE) => {
    return sim.internals.tokenForTests(PEOPLE[who][0], PEOPLE[who][1]).holderId
  }
  const fetchCreds = async (who: keyof typeof PEOPLE, purpose: PurposeId, count = 1) => {
    const batch = await sim.issuePurposeCredentials(holder(who), purpose, device.publicJwk, count)
    return { batch, sets: batch.sets.map((s) => s.credentials.map(base64urlDecode)) }
  }
  // The verifier's offline status material: lists downloaded earlier, verified once.
  const lists = new Map<string, Awaited<ReturnType<typeof verifyStatusListJwt>>>()
  const snapshotStatus = async () => {
    for (const id of ['gd-gat', 'mps-tmb', 'nhsa', 'chesicc', 'sc-gat']) lists.set(id, await verifyStatusListJwt(await sim.statusList(id), { trust, backend, nowSeconds: NOW }))
  }
  await snapshotStatus()
  const ctx = (over: Partial<PresentationContext> = {}): PresentationContext => ({
    trust,
    registry: certRegistry,
    backend,
    now: NOW,
    status: async ({ listId, idx }) => lists.get(listId)?.list.statusAt(idx) ?? 'unknown',
    replay: new ReplayCache(),
    ...over
  })
  const present = (creds: Uint8Array[], over: { now?: number; nonce?: string; key?: typeof device.privateJwk } = {}) =>
    createPresentation({ credentials: creds, deviceKey: over.key ?? device.privateJwk, now: over.now ?? NOW - 3, nonce: over.nonce, backend })
  return { sim, device, trust, fetchCreds, ctx, present, snapshotStatus, holder }
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('presentations on %s', (_n, backend) => {
  it.each([
    ['traffic-stop', 'zhang', ['driving-licence', 'vehicle-licence'], ['vehicle_class', 'plate_number']],
    ['hotel', 'zhang', ['id-card'], ['name', 'id_number']],
    ['age-over-18', 'zhang', ['id-card'], ['age_over_18']],
    ['pharmacy', 'zhang', ['medical-insurance'], ['voucher_id']],
    ['degree', 'chen', ['degree'], ['school', 'degree_type']]
  ] as const)('%s: verifies offline with exactly the purpose fields', async (purpose, who, kinds, someFields) => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds(who, purpose)
    const qr = await t.present(sets[0])
    const v = await verifyPresentation(qr, t.ctx({ purposes: [purpose] }))
    expect(v.purpose).toBe(purpose)
    expect(v.certs.map((c) => c.kind)).toEqual(kinds)
    const fields = v.certs.flatMap((c) => Object.keys(c.claims))
    for (const f of someFields) expect(fields).toContain(f)
    for (const c of v.certs) {
      const preset = certRegistry.require(c.kind).presets.find((p) => p.purpose === purpose)!
      expect(Object.keys(c.claims).every((k) => preset.fields.includes(k))).toBe(true)
    }
    if (purpose === 'age-over-18') expect(v.certs[0].claims).toEqual({ age_over_18: true })
    expect(v.checks).toMatchObject({ deviceProof: true, status: 'valid', replay: 'checked' })
  })

  it('ERR_REPLAYED: the same QR (a screenshot) shown twice', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'traffic-stop')
    const qr = await t.present(sets[0])
    const ctx = t.ctx()
    await verifyPresentation(qr, ctx)
    await expect(verifyPresentation(qr, ctx)).rejects.toEqual(code('ERR_REPLAYED'))
  })

  it('ERR_REPLAYED: the s → n−s twin of an accepted QR (same signed bytes, another valid signature)', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'traffic-stop')
    const qr = await t.present(sets[0])
    const twin = cw1Twin(qr)
    // The twin is a valid presentation on its own: the signature check accepts high-S.
    await expect(verifyPresentation(twin, t.ctx())).resolves.toMatchObject({ purpose: 'traffic-stop' })
    const ctx = t.ctx()
    await verifyPresentation(qr, ctx)
    await expect(verifyPresentation(twin, ctx)).rejects.toEqual(code('ERR_REPLAYED'))
    // And the other way round.
    const ctx2 = t.ctx()
    await verifyPresentation(twin, ctx2)
    await expect(verifyPresentation(qr, ctx2)).rejects.toEqual(code('ERR_REPLAYED'))
  })

  it('ERR_KB_STALE: a proof older than 60 s (what the QR screen says); valid at the last second', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const qr = await t.present(sets[0], { now: NOW - 60 })
    await expect(verifyPresentation(qr, t.ctx())).resolves.toBeTruthy()
    await expect(verifyPresentation(qr, t.ctx({ now: NOW + 1 }))).rejects.toEqual(code('ERR_KB_STALE'))
    // The screenshot of the issue: 70 s old, on a fresh verifier phone (no replay cache).
    const screenshot = await t.present(sets[0], { now: NOW - 70 })
    await expect(verifyPresentation(screenshot, t.ctx())).rejects.toEqual(code('ERR_KB_STALE'))
  })

  it('ERR_KB_NONCE_MISMATCH: the verifier challenged with another nonce', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    await expect(verifyPresentation(await t.present(sets[0], { nonce: 'N-1' }), t.ctx({ nonce: 'N-1' }))).resolves.toMatchObject({ checks: { nonce: true } })
    await expect(verifyPresentation(await t.present(sets[0], { nonce: 'N-2' }), t.ctx({ nonce: 'N-1' }))).rejects.toEqual(code('ERR_KB_NONCE_MISMATCH'))
  })

  it('ERR_KB_SIGNATURE_INVALID: the credentials presented by another phone', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const thief = keyPairFromSecret(new Uint8Array(32).fill(11))
    await expect(verifyPresentation(await t.present(sets[0], { key: thief.privateJwk }), t.ctx())).rejects.toEqual(code('ERR_KB_SIGNATURE_INVALID'))
  })

  it('ERR_DEVICE_DEACTIVATED: a presentation from a phone reported lost', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const qr = await t.present(sets[0])
    await expect(verifyPresentation(qr, t.ctx({ isDeviceDeactivated: (x) => x === t.device.publicJwk.x }))).rejects.toEqual(code('ERR_DEVICE_DEACTIVATED'))
  })

  it('ERR_CERT_REVOKED: revoked after the purpose credentials were fetched, and reissued-away', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'traffic-stop')
    const { sets: idSets } = await t.fetchCreds('zhang', 'hotel')
    const holderId = t.holder('zhang')
    const licence = t.sim.listCertificates(holderId).find((c) => c.kind === 'driving-licence')!
    const idCard = t.sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
    t.sim.revoke(licence.certId)
    t.sim.reissue(idCard.certId)
    await t.snapshotStatus() // the verifier's cached lists were refreshed while online
    await expect(verifyPresentation(await t.present(sets[0]), t.ctx())).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(verifyPresentation(await t.present(idSets[0]), t.ctx())).rejects.toEqual(code('ERR_CERT_REVOKED'))
  })

  it('ERR_SIGNATURE_INVALID: a tampered field', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const raw = sets[0][0].slice()
    const name = new TextEncoder().encode('张明华')
    const at = raw.findIndex((_, i) => name.every((b, j) => raw[i + j] === b))
    raw.set(new TextEncoder().encode('李明华'), at)
    await expect(verifyPresentation(await t.present([raw]), t.ctx())).rejects.toEqual(code('ERR_SIGNATURE_INVALID'))
  })

  it('ERR_PURPOSE_MISMATCH: a field outside the purpose, even when the issuer signed it; and a verifier role that does not take the purpose', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'age-over-18')
    const body = decodeCredentialBody(sets[0][0].subarray(0, sets[0][0].length - 64), certRegistry)
    body.certs[0].claims.address = '广东省广州市天河区天河路385号'
    const key = t.sim.internals.issuerKey('gd-gat', 2026)
    const overshared = await signPurposeCredential(body, key.privateJwk, certRegistry, joseBackend)
    await expect(verifyPresentation(await t.present([overshared]), t.ctx())).rejects.toEqual(code('ERR_PURPOSE_MISMATCH'))
    await expect(verifyPresentation(await t.present(sets[0]), t.ctx({ purposes: ['hotel'] }))).rejects.toEqual(code('ERR_PURPOSE_MISMATCH'))
  })

  it('ERR_KID_UNKNOWN: an issuer not in the trust list', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const body = decodeCredentialBody(sets[0][0].subarray(0, sets[0][0].length - 64), certRegistry)
    const rogue = keyPairFromSecret(new Uint8Array(32).fill(42))
    const forged = await signPurposeCredential(body, { ...rogue.privateJwk, kid: 'rogue-2026' }, certRegistry, joseBackend)
    await expect(verifyPresentation(await t.present([forged]), t.ctx())).rejects.toEqual(code('ERR_KID_UNKNOWN'))
  })

  it('ERR_TRUST_LIST_EXPIRED: the verifier’s cached trust list past its hard limit', async () => {
    const t = await setup(backend)
    await expect(verifyTrustList(await t.sim.trustList(), PINNED_ROOT_KEYS, backend, NOW + 31 * 86400)).rejects.toEqual(code('ERR_TRUST_LIST_EXPIRED'))
  })

  it('ERR_MALFORMED / ERR_BASE64 / ERR_TOO_LARGE on bad QR text', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const qr = await t.present(sets[0])
    await expect(verifyPresentation(qr.slice(0, qr.length - 30), t.ctx())).rejects.toEqual(code('ERR_MALFORMED'))
    await expect(verifyPresentation('CW1:abc', t.ctx())).rejects.toEqual(code('ERR_BASE64'))
    await expect(verifyPresentation('https://example.com', t.ctx())).rejects.toEqual(code('ERR_MALFORMED'))
    await expect(verifyPresentation('CW1:' + 'A'.repeat(5000), t.ctx())).rejects.toEqual(code('ERR_TOO_LARGE'))
  })

  it('layout 2: a grace reaching past 72 h is ERR_CLAIM_INVALID, a grace of 0 ends in ERR_CERT_EXPIRED, an unknown layout is ERR_MALFORMED', async () => {
    const t = await setup(backend)
    const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40)))
    const batch = await t.sim.issuePurposeCredentials(t.holder('zhang'), 'age-over-18', t.device.publicJwk, [setKey.publicJwk])
    const raw = base64urlDecode(batch.sets[0].credentials[0])
    const body = decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry)
    expect(body).toMatchObject({ layout: 2, status: [] })
    const key = t.sim.internals.issuerKey('gd-gat', 2026)
    const resign = (over: Partial<typeof body>) => signPurposeCredential({ ...body, ...over }, key.privateJwk, certRegistry, joseBackend)
    const presentAt = (cred: Uint8Array, now: number) => createPresentation({ credentials: [cred], deviceKey: setKey.privateJwk, now, backend })
    // Signed by the issuer, but asking verifiers for more than 72 h after iat.
    const greedy = await resign({ grace: 72 * 3600 })
    await expect(verifyPresentation(await presentAt(greedy, NOW - 3), t.ctx())).rejects.toEqual(expect.objectContaining({ code: 'ERR_CLAIM_INVALID', detail: 'lifetime' }))
    // Grace 0 (the document's own end came first): past exp it is expired, not "not refreshed".
    const hard = await resign({ grace: 0 })
    const later = body.exp + 3600
    await expect(verifyPresentation(await presentAt(hard, later), t.ctx({ now: later }))).rejects.toEqual(code('ERR_CERT_EXPIRED'))
    // The same credential with its grace passes then, with the hours since issue.
    await expect(verifyPresentation(await presentAt(raw, later), t.ctx({ now: later }))).resolves.toMatchObject({ staleHours: Math.floor((later - body.iat) / 3600) })
    // Layout 4 (the low nibble) does not exist (3 is 代为出示, issue #13).
    const bumped = Uint8Array.from(raw)
    bumped[0] = (bumped[0] & 0xf0) | 0x04
    await expect(verifyPresentation(await presentAt(bumped, NOW - 3), t.ctx())).rejects.toEqual(expect.objectContaining({ code: 'ERR_MALFORMED', detail: 'credential-version' }))
  })

  it('a 交警 暂扣 stops the refresh (layout 2 carries no status entry): ERR_CERT_SUSPENDED names the licence, until it is reinstated', async () => {
    const t = await setup(backend)
    const licence = t.sim.listCertificates(t.holder('zhang')).find((c) => c.kind === 'driving-licence')!
    t.sim.suspend(licence.certId)
    // The 行驶证 in the same purpose is fine: the detail names the licence only.
    await expect(t.fetchCreds('zhang', 'traffic-stop')).rejects.toEqual(expect.objectContaining({ code: 'ERR_CERT_SUSPENDED', detail: 'driving-licence' }))
    t.sim.reinstate(licence.certId)
    const { sets } = await t.fetchCreds('zhang', 'traffic-stop')
    await expect(verifyPresentation(await t.present(sets[0]), t.ctx())).resolves.toMatchObject({ purpose: 'traffic-stop' })
  })

  it('ERR_CERT_EXPIRED: purpose credentials past their 7 days', async () => {
    const t = await setup(backend)
    const { sets } = await t.fetchCreds('zhang', 'hotel')
    const later = NOW + 8 * 86400
    const qr = await t.present(sets[0], { now: later })
    await expect(verifyPresentation(qr, t.ctx({ now: later }))).rejects.toEqual(code('ERR_CERT_EXPIRED'))
  })
})

describe('purpose credentials from the simulator', () => {
  it('refuses a purpose whose certificate is revoked or missing, with codes', async () => {
    const t = await setup(joseBackend)
    await expect(t.sim.issuePurposeCredentials(t.holder('wang'), 'traffic-stop', t.device.publicJwk, 1)).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(t.sim.issuePurposeCredentials(t.holder('chen'), 'traffic-stop', t.device.publicJwk, 1)).rejects.toEqual(code('ERR_NOT_FOUND'))
  })

  it('batches are independently signed copies', async () => {
    const t = await setup(joseBackend)
    const { sets } = await t.fetchCreds('zhang', 'hotel', 3)
    expect(sets).toHaveLength(3)
    expect(new Set(sets.map((s) => base64urlEncode(s[0]))).size).toBe(3)
  })

  it('the 交警查验 QR fits version 16 at level M', async () => {
    const t = await setup(joseBackend)
    const { sets } = await t.fetchCreds('zhang', 'traffic-stop')
    const qr = await t.present(sets[0], { nonce: '' })
    expect(QRCode.create(qr, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(16)
  })
})

describe('base45 (RFC 9285)', () => {
  it('matches the RFC examples and round-trips', () => {
    expect(base45Encode(new TextEncoder().encode('AB'))).toBe('BB8')
    expect(base45Encode(new TextEncoder().encode('Hello!!'))).toBe('%69 VD92EX0')
    expect(new TextDecoder().decode(base45Decode('QED8WEX0'))).toBe('ietf!')
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(257))
    expect(Array.from(base45Decode(base45Encode(bytes)))).toEqual(Array.from(bytes))
    expect(() => base45Decode('GGW')).toThrow(code('ERR_BASE64'))
  })
})
