/**
 * A device-bound SD-JWT VC at the online /verifications is spent like a QR (issue 11, item 5), on
 * both crypto backends: keyed on the SHA-256 of its key-binding JWT's signing input (header and
 * payload: iat, aud, nonce and sd_hash, which pins the issuer-signed JWT and the disclosures in
 * their order), remembered for the key binding's freshness window. Only a registered verifier's
 * signed check spends it; an anonymous check reads the cache and spends nothing. A signature twin
 * of the key binding is the same presentation; a re-serialised one (another disclosure order) no
 * longer matches its key binding; a fresh key binding by the holder is a new presentation.
 */
import { createSimulator } from '../../../../mock/simulator'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { addKeyBinding } from '../../../../src/services/sdjwt/issue'
import { keyBindingAudience } from '../../../../mock/simulator/verification'
import { jwsTwin } from '../../../support/twins'

const T0 = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const ZHANG = ['张明华', '44010619900315001X'] as const
const HOTEL = { id: '91440101MA5TEST01X', name: '测试酒店', role: 'hotel' as const, purposes: ['hotel'] }
const OTHER_HOTEL = { id: '91440106MA9Y4TKP3T', name: '另一家酒店', role: 'hotel' as const, purposes: ['hotel'] }
const PURPOSE = '酒店入住登记'

async function setup(backend: CryptoBackend) {
  let now = T0
  const sim = createSimulator({ now: () => new Date(now * 1000), backend })
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const holderId = sim.internals.tokenForTests(ZHANG[0], ZHANG[1], device.publicJwk).holderId
  const idCard = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
  const { credential } = await sim.issueCredential(holderId, idCard.certId, device.publicJwk)
  /** The holder's presentation: the whole credential with a key binding made now, for HOTEL unless `aud` says otherwise. */
  const present = (over: { nonce?: string; aud?: unknown; iat?: number; sdJwt?: string } = {}) =>
    addKeyBinding(over.sdJwt ?? credential, device.privateJwk, { aud: (over.aud ?? keyBindingAudience(HOTEL)) as string, nonce: over.nonce ?? 'n-1', iat: over.iat ?? now - 5 }, backend)
  const records = () => sim.listUsageRecords(holderId).filter((r) => r.channel === 'verification')
  return { sim, present, credential, idCard, records, advance: (s: number) => void (now += s) }
}

/** The same key binding on the disclosures in another order (what the holder signed no longer matches). */
function reordered(presentation: string): string {
  const parts = presentation.split('~')
  const kb = parts.pop()!
  const [jwt, ...disclosures] = parts
  expect(disclosures.length).toBeGreaterThan(1)
  const out = [jwt, ...disclosures.reverse(), kb].join('~')
  expect(out).not.toBe(presentation)
  return out
}

/** The presentation with its key binding's signature swapped for the s → n − s twin. */
function kbTwin(presentation: string): string {
  const at = presentation.lastIndexOf('~') + 1
  const twin = presentation.slice(0, at) + jwsTwin(presentation.slice(at))
  expect(twin).not.toBe(presentation)
  return twin
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('/verifications, SD-JWT on %s', (_n, backend) => {
  it('ERR_REPLAYED: the same presentation checked twice by a registered verifier (another one is refused its audience); one accepted record', async () => {
    const { sim, present, records } = await setup(backend)
    const p = await present()
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true, code: 'OK', kind: 'id-card' })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    await expect(sim.verify(p, PURPOSE, OTHER_HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_AUDIENCE_MISMATCH' })
    // An anonymous caller learns it was spent, too.
    await expect(sim.verify(p, PURPOSE)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    expect(records().map((r) => r.outcome).sort()).toEqual(['accepted', 'rejected', 'rejected'])
  })

  it('ERR_REPLAYED: the s → n−s twin of the key binding, before or after the original', async () => {
    const { sim, present } = await setup(backend)
    const p = await present()
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(kbTwin(p), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    // The twin alone is a valid presentation (high-S is accepted); then the original is the spent one.
    const q = await present({ nonce: 'n-2' })
    await expect(sim.verify(kbTwin(q), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(q, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })

  it('ERR_KB_AUDIENCE_MISMATCH: verifier B posting a presentation made for verifier A is refused and spends nothing; A is accepted once', async () => {
    const { sim, present, records } = await setup(backend)
    const forA = await present()
    // B saw it (over A's shoulder, or A's system leaked it): refused, the twin too, as often as B tries.
    for (const x of [forA, kbTwin(forA), forA]) await expect(sim.verify(x, PURPOSE, OTHER_HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_AUDIENCE_MISMATCH' })
    // Nothing spent: an anonymous reader still sees it unspent, and A accepts it, once.
    await expect(sim.verify(forA, PURPOSE)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(forA, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(forA, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    await expect(sim.verify(forA, PURPOSE, OTHER_HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_AUDIENCE_MISMATCH' })
    // The holder's 用证记录: B's refusals under B's registered name, one acceptance under A's.
    const accepted = records().filter((r) => r.outcome === 'accepted')
    expect(accepted.map((r) => r.verifier?.name)).toEqual([HOTEL.name])
    expect(records().filter((r) => r.verifier?.name === OTHER_HOTEL.name).map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
  })

  it('the audience is the verifier’s 统一社会信用代码 exactly as registered: a name, another case, spaces, a list, none are refused and spend nothing', async () => {
    const { sim, present } = await setup(backend)
    for (const aud of [HOTEL.name, HOTEL.id.toLowerCase(), ` ${HOTEL.id}`, `${HOTEL.id} `, [HOTEL.id], '', 'verifier:online', `https://${HOTEL.id}`]) {
      const p = await present({ aud, nonce: `n-${JSON.stringify(aud)}` })
      await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_AUDIENCE_MISMATCH' })
      // An anonymous check decides nothing about the audience: it reads, and it still reads unspent.
      await expect(sim.verify(p, PURPOSE)).resolves.toMatchObject({ ok: true })
    }
    expect(keyBindingAudience(HOTEL)).toBe('91440101MA5TEST01X')
  })

  it('a re-serialised twin (disclosures in another order, or one dropped) is refused, before or after the original', async () => {
    const { sim, present, credential } = await setup(backend)
    const p = await present()
    // Before: refused by its key binding, and it spends nothing.
    await expect(sim.verify(reordered(p), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_SD_HASH_MISMATCH' })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(reordered(p), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_SD_HASH_MISMATCH' })
    const parts = p.split('~')
    const dropped = [...parts.slice(0, 1), ...parts.slice(2)].join('~')
    await expect(sim.verify(dropped, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_SD_HASH_MISMATCH' })
    // The holder's own re-serialisation, signed afresh, is a new presentation.
    const reorderedCredential = [credential.split('~')[0], ...credential.split('~').slice(1, -1).reverse()].join('~') + '~'
    await expect(sim.verify(await present({ sdJwt: reorderedCredential }), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
  })

  it('a fresh key binding (a new nonce, or the same nonce at another time) is accepted; the spent one stays spent', async () => {
    const { sim, present, advance } = await setup(backend)
    const p = await present()
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(await present({ nonce: 'n-2' }), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(await present({ aud: keyBindingAudience(OTHER_HOTEL) }), PURPOSE, OTHER_HOTEL)).resolves.toMatchObject({ ok: true })
    advance(10)
    await expect(sim.verify(await present(), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })

  it('an anonymous check spends nothing: whoever merely saw a presentation cannot burn it before the verifier checks it', async () => {
    const { sim, present, records } = await setup(backend)
    const p = await present()
    await expect(sim.verify(p, PURPOSE)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(kbTwin(p), PURPOSE)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    expect(records().map((r) => r.outcome)).toEqual(expect.arrayContaining(['accepted']))
    expect(records().filter((r) => r.outcome === 'accepted')).toHaveLength(1)
  })

  it('a refused check spends nothing: suspended first, then reinstated, the same presentation passes once', async () => {
    const { sim, present, idCard } = await setup(backend)
    const p = await present()
    sim.suspend(idCard.certId)
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_CERT_SUSPENDED' })
    sim.reinstate(idCard.certId)
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })

  it('five registered verifiers at once with one presentation (and its twin): exactly one accepted', async () => {
    const { sim, present } = await setup(backend)
    const p = await present()
    // Five counters of the one verifier it was made for (another verifier is refused its audience: below).
    const results = await Promise.all([p, p, kbTwin(p), p, kbTwin(p)].map((x) => sim.verify(x, PURPOSE, HOTEL)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    for (const r of results.filter((x) => !x.ok)) expect(r.code).toBe('ERR_REPLAYED')
  })

  it('still spent after the simulator restarts from its saved state (a JSON round trip)', async () => {
    const { sim, present } = await setup(backend)
    const p = await present()
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    const restarted = createSimulator({ now: () => new Date(T0 * 1000), backend })
    restarted.importState(JSON.parse(JSON.stringify(sim.exportState())))
    await expect(restarted.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    await expect(restarted.verify(await present({ nonce: 'n-2' }), PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
  })

  it('remembered as long as the key binding is fresh: near the end of its window still ERR_REPLAYED, after it ERR_KB_STALE', async () => {
    const { sim, present, advance } = await setup(backend)
    const p = await present({ iat: T0 })
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: true })
    // verifySdJwt's default key-binding age (300 s) plus its clock skew (120 s).
    advance(420)
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    advance(1)
    await expect(sim.verify(p, PURPOSE, HOTEL)).resolves.toMatchObject({ ok: false, code: 'ERR_KB_STALE' })
  })
})
