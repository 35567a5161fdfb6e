/**
 * The verifier's pure parts: what each role sees, the purpose read off a wrong-role QR, the
 * challenge nonce and its QR (painted as the page paints it, read back with jsQR), the replay
 * cache that survives a restart, and QR images decoded from pixels.
 */
import QRCode from 'qrcode'
import { PNG } from 'pngjs'
import { createSimulator, SEED_PEOPLE } from '../../../../mock/simulator'
import { certRegistry } from '../../../../src/certs/registry'
import type { PurposeId } from '../../../../src/certs/types'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation, verifyPresentation } from '../../../../src/services/presentation'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { parseVerifierChallenge } from '../../../../src/services/wallet/purposeCredentials'
import { findQrText } from '../../../../src/services/platform/qrImagePixels'
import { decodeQrImage } from '../../../../src/services/platform/qrImage'
import { makeChallenge, NONCE_BYTES } from '../../../../src/subpackages/verifier/model/challenge'
import { PersistedReplayCache } from '../../../../src/subpackages/verifier/model/persistedReplay'
import { buildResultView, peekPurpose } from '../../../../src/subpackages/verifier/model/resultView'
import { findRole, VERIFIER_ROLES, type VerifierRoleId } from '../../../../src/vocabulary/roles'
import { clockText, dayText, logTimeText } from '../../../../src/subpackages/verifier/model/clockText'
import { paintChallengeQr } from '../../../../src/subpackages/verifier/components/ChallengeQr'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const ZHANG = SEED_PEOPLE.find((p) => p.id === 'p-zhang')!
const sim = createSimulator({ now: () => new Date(NOW * 1000) })

async function verified(purpose: PurposeId, person = ZHANG) {
  const { holderId } = sim.internals.tokenForTests(person.name, person.idNumber)
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const batch = await sim.issuePurposeCredentials(holderId, purpose, device.publicJwk, 1)
  const text = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: NOW, backend: joseBackend })
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, NOW)
  return { text, v: await verifyPresentation(text, { trust, registry: certRegistry, backend: joseBackend, now: NOW }) }
}

const view = async (purpose: PurposeId, role: VerifierRoleId) => buildResultView((await verified(purpose)).v, findRole(role)!, certRegistry)
const field = (r: Awaited<ReturnType<typeof view>>, name: string) => r.certs.flatMap((c) => c.fields).find((f) => f.name === name)

describe('roles and what they see', () => {
  it('every role accepts at least one purpose, and every purpose has a role', () => {
    for (const r of VERIFIER_ROLES) expect(r.purposes.length).toBeGreaterThan(0)
    const covered = new Set(VERIFIER_ROLES.flatMap((r) => r.purposes))
    expect([...covered].sort()).toEqual(['age-over-18', 'degree', 'employment', 'hotel', 'pharmacy', 'traffic-stop'])
  })

  it('reveals only fields that some purpose of the role discloses and its module masks', () => {
    for (const r of VERIFIER_ROLES) {
      for (const name of r.reveal) {
        const masked = certRegistry.modules.some((m) => m.fields.some((f) => f.name === name && f.sensitivity === 'masked') && m.presets.some((p) => r.purposes.includes(p.purpose) && p.fields.includes(name)))
        expect([r.id, name, masked]).toEqual([r.id, name, true])
      }
    }
  })

  it('the hotel sees the full ID number and address (registration); portrait noted, never shown', async () => {
    const r = await view('hotel', 'hotel')
    expect(field(r, 'id_number')).toMatchObject({ value: ZHANG.idNumber, revealed: true })
    expect(field(r, 'address')?.value).toBe('广东省广州市天河区天河路385号')
    expect(field(r, 'portrait_hash')).toBeUndefined()
    expect(r.portrait).toBe(true)
  })

  it('the pharmacy keeps voucher and person numbers masked', async () => {
    const r = await view('pharmacy', 'pharmacy')
    expect(field(r, 'voucher_id')).toMatchObject({ value: '**************4718', revealed: false })
    expect(field(r, 'insured_person_number')?.value).not.toContain('19900315')
    expect(field(r, 'personal_account_flag')?.value).toBe('是')
    expect(r.portrait).toBe(false)
  })

  it('the officer sees the licence number and VIN in full; the employer the ID number', async () => {
    const t = await view('traffic-stop', 'police')
    expect(field(t, 'licence_number')?.value).toBe(ZHANG.idNumber)
    expect(field(t, 'vin')?.value).toBe('LGXCE4CB9N0123456')
    const e = await view('employment', 'employer')
    expect(field(e, 'id_number')?.value).toBe(ZHANG.idNumber)
    expect(e.certs.map((c) => c.label)).toEqual(['居民身份证电子证照', '电子社保卡', '职业资格证书'])
  })

  it('an age check answers with one boolean, and flags "no"', async () => {
    const r = await view('age-over-18', 'hotel')
    expect(r.certs[0].fields).toEqual([{ name: 'age_over_18', label: '已满18周岁', value: '是', revealed: false }])
    expect(r.under18).toBe(false)
  })

  it('reads the purpose of a presentation without verifying it (for a wrong-role answer), and nothing from junk', async () => {
    for (const p of ['traffic-stop', 'hotel', 'pharmacy'] as const) expect(peekPurpose((await verified(p)).text)).toBe(p)
    expect(peekPurpose('CW1:')).toBeNull()
    expect(peekPurpose('hello')).toBeNull()
    expect(peekPurpose('CW1:%%%%')).toBeNull()
  })
})

describe('challenge nonce', () => {
  it('is 160 CSPRNG bits as 32 Crockford base32 characters the wallet accepts', async () => {
    const fixed = await makeChallenge(async (n) => new Uint8Array(n).fill(0xff))
    expect(fixed.nonce).toBe('Z'.repeat(32))
    const zero = await makeChallenge(async (n) => new Uint8Array(n))
    expect(zero.text).toBe('CWN1:' + '0'.repeat(32))
    const a = await makeChallenge(async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
    expect(parseVerifierChallenge(a.text)).toBe(a.nonce)
    expect(a.nonce).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/)
    await expect(makeChallenge(async () => new Uint8Array(NONCE_BYTES - 1))).rejects.toMatchObject({ code: 'ERR_UNKNOWN' })
  })

  it('is painted as a QR (alphanumeric, level M) that jsQR reads back', async () => {
    const { text } = await makeChallenge(async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
    const size = 300
    const rgba = new Uint8ClampedArray(size * size * 4)
    let fill = 255
    const ctx = {
      set fillStyle(v: unknown) {
        fill = v === '#000000' ? 0 : 255
      },
      get fillStyle() {
        return fill
      },
      fillRect(x: number, y: number, w: number, h: number) {
        for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) rgba.set([fill, fill, fill, 255], (r * size + c) * 4)
      }
    }
    const { version } = paintChallengeQr(ctx, size, text)
    expect(version).toBeLessThanOrEqual(3)
    expect(findQrText(rgba, size, size)).toBe(text)
  })
})

describe('replay cache that survives a restart', () => {
  it('restores live entries only and snapshots what it accepted', () => {
    const c = new PersistedReplayCache({ old: 99, live: 200 }, 100)
    expect(() => c.check('live', 100, 200)).toThrow(expect.objectContaining({ code: 'ERR_REPLAYED' }))
    c.check('old', 100, 190)
    c.check('new', 100, 190)
    expect(c.snapshot(100)).toEqual({ live: 200, old: 190, new: 190 })
    expect(c.snapshot(195)).toEqual({ live: 200 })
  })
})

describe('QR images', () => {
  it('finds the text of a CW1 QR in a PNG, also inverted (dark mode)', async () => {
    const { text } = await verified('traffic-stop')
    const png = PNG.sync.read(await QRCode.toBuffer([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' }))
    const rgba = new Uint8ClampedArray(png.data)
    expect(findQrText(rgba, png.width, png.height)).toBe(text)
    for (let i = 0; i < rgba.length; i += 4) for (let k = 0; k < 3; k++) rgba[i + k] = 255 - rgba[i + k]
    expect(findQrText(rgba, png.width, png.height)).toBe(text)
    expect(findQrText(new Uint8ClampedArray(100 * 100 * 4).fill(255), 100, 100)).toBeNull()
  })

  it('has no image decoder outside H5 (mini-programs scan with the camera)', async () => {
    await expect(decodeQrImage(new Blob([]))).rejects.toMatchObject({ code: 'ERR_UNKNOWN' })
  })
})

describe('times in China time', () => {
  it('formats the check, the log and the day', () => {
    const t = Date.parse('2026-11-27T10:35:07Z')
    expect(clockText(t)).toBe('18:35:07')
    expect(logTimeText(t, t + 3600_000)).toBe('18:35:07')
    expect(logTimeText(t, t + 86400_000)).toBe('11月27日 18:35:07')
    expect(dayText(t)).toBe('11月27日')
  })
})
