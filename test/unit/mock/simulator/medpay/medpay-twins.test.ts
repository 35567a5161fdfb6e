/**
 * Single use that holds against malleable twins and concurrency (issue 11, item 5), on both crypto
 * backends: a 医保码 and a QR are spent by the bytes the device signed, not by their signature, so the
 * s → n−s twin of a used code is refused; one code scanned at several counters at once, or one
 * Idempotency-Key sent several times at once, makes exactly one visit.
 */
import { createSimulator } from '../../../../../mock/simulator'
import { keyPairFromSecret, nobleBackend } from '../../../../../src/services/crypto'
import { joseBackend } from '../../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../../src/services/crypto/types'
import { base64urlDecode } from '../../../../../src/services/encoding'
import { createPresentation } from '../../../../../src/services/presentation'
import { cw1Twin } from '../../../../support/twins'

const NOW = Date.parse('2026-11-27T10:00:00+08:00')
const PHARMACY = 'P44010600512'
const CLINIC = 'H44010600087'
const POLICE = { id: '11440100MB2C3914XQ', name: '广州市公安局交通警察支队天河大队', role: 'police' as const, purposes: ['traffic-stop'] }
const ZHANG = ['张明华', '44010619900315001X'] as const
let keySeq = 0
const key = () => `twin-key-${String(++keySeq).padStart(6, '0')}`

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as { code: string }).code
  }
  throw new Error('expected a rejection')
}

async function setup(backend: CryptoBackend) {
  const sim = createSimulator({ now: () => new Date(NOW), backend })
  const holderId = sim.internals.tokenForTests(ZHANG[0], ZHANG[1]).holderId
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const fetch = async (purpose: 'pharmacy' | 'traffic-stop') => (await sim.issuePurposeCredentials(holderId, purpose, device.publicJwk, 2)).sets[0].credentials.map(base64urlDecode)
  const present = async (purpose: 'pharmacy' | 'traffic-stop') =>
    createPresentation({ credentials: await fetch(purpose), deviceKey: device.privateJwk, now: Math.floor(NOW / 1000) - 2, backend })
  return { sim, present }
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('on %s', (_n, backend) => {
  it('ERR_PAYCODE_USED: the s → n−s twin of a 医保码 already used for a visit (same counter and another)', async () => {
    const { sim, present } = await setup(backend)
    const code = await present('pharmacy')
    const twin = cw1Twin(code)
    await expect(sim.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key(), PHARMACY)).resolves.toMatchObject({ psnName: '张*华' })
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: twin, medinsNo: PHARMACY }, key(), PHARMACY))).toBe('ERR_PAYCODE_USED')
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: twin, medinsNo: CLINIC }, key(), CLINIC))).toBe('ERR_PAYCODE_USED')
  })

  it('the twin alone is a valid code (high-S is accepted); then the original is the used one', async () => {
    const { sim, present } = await setup(backend)
    const code = await present('pharmacy')
    await expect(sim.medpay.registerVisit({ paymentCode: cw1Twin(code), medinsNo: PHARMACY }, key(), PHARMACY)).resolves.toMatchObject({ psnName: '张*华' })
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key(), PHARMACY))).toBe('ERR_PAYCODE_USED')
  })

  it('one code scanned at five counters at once (and its twin): exactly one visit', async () => {
    const { sim, present } = await setup(backend)
    const code = await present('pharmacy')
    const tries = [code, code, cw1Twin(code), code, cw1Twin(code)].map((c, i) => sim.medpay.registerVisit({ paymentCode: c, medinsNo: i % 2 ? CLINIC : PHARMACY }, key(), i % 2 ? CLINIC : PHARMACY))
    const results = await Promise.allSettled(tries)
    const made = results.filter((r) => r.status === 'fulfilled')
    expect(made).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('ERR_PAYCODE_USED')
  })

  it('one Idempotency-Key sent five times at once: one visit, five equal answers; the code is then spent', async () => {
    const { sim, present } = await setup(backend)
    const code = await present('pharmacy')
    const k = key()
    const visits = await Promise.all(Array.from({ length: 5 }, () => sim.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, k, PHARMACY)))
    expect(new Set(visits.map((v) => v.mdtrtId)).size).toBe(1)
    for (const v of visits) expect(v).toEqual(visits[0])
    // Each settlement names its visit: one visit means exactly one settlement can be opened.
    const settle = (kk: string) => sim.medpay.submitSettlement({ mdtrtId: visits[0].mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: 'XN02BEA010A001010100451', cnt: 1 }] }, kk, PHARMACY)
    expect(settle(key())).toMatchObject({ status: 'pending' })
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key(), PHARMACY))).toBe('ERR_PAYCODE_USED')
  })

  it('a refused code is not spent: an unknown counter first, then the real one', async () => {
    const { sim, present } = await setup(backend)
    const code = await present('pharmacy')
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: code, medinsNo: 'P00000000000' }, key(), 'P00000000000'))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(sim.medpay.registerVisit({ paymentCode: 'CW1:NOT-BASE45!', medinsNo: PHARMACY }, key(), PHARMACY))).not.toBe('ERR_PAYCODE_USED')
    await expect(sim.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key(), PHARMACY)).resolves.toMatchObject({ psnName: '张*华' })
  })

  it('ERR_REPLAYED at /verifications: the s → n−s twin of a QR a registered verifier already checked', async () => {
    const { sim, present } = await setup(backend)
    const qr = await present('traffic-stop')
    await expect(sim.verify(qr, '交通执法检查', POLICE)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(cw1Twin(qr), '交通执法检查', POLICE)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    await expect(sim.verify(qr, '交通执法检查', POLICE)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    // An anonymous caller learns it was spent, too.
    await expect(sim.verify(cw1Twin(qr), '交通执法检查')).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })

  it('an anonymous check spends nothing: whoever merely saw a QR cannot burn it before the officer checks it', async () => {
    const { sim, present } = await setup(backend)
    const qr = await present('traffic-stop')
    await expect(sim.verify(qr, '交通执法检查')).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(cw1Twin(qr), '交通执法检查')).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(qr, '交通执法检查', POLICE)).resolves.toMatchObject({ ok: true, code: 'OK' })
    await expect(sim.verify(qr, '交通执法检查', POLICE)).resolves.toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
  })
})
