import { pbkdf2 } from '@noble/hashes/pbkdf2'
import { sha256 } from '@noble/hashes/sha256'
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { pbkdf2Sha256 } from '../../../../src/services/lock/pbkdf2Sha256'
import { seal, unlockWithPin, type PinRecord } from '../../../../src/services/lock/pinLock'
import { base64urlEncode, utf8Encode } from '../../../../src/services/encoding'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const te = (s: string) => utf8Encode(s)

describe('pbkdf2Sha256 (the PIN KDF written for an interpreter)', () => {
  it('gives the RFC 7914 §11 PBKDF2-HMAC-SHA256 test vectors', () => {
    expect(hex(pbkdf2Sha256(te('passwd'), te('salt'), 1, 64))).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783'
    )
    expect(hex(pbkdf2Sha256(te('Password'), te('NaCl'), 80_000, 64))).toBe(
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d'
    )
  })

  it('matches noble and node:crypto for random PINs, salts, lengths and counts (keys longer than a block too)', () => {
    for (let i = 0; i < 40; i++) {
      const pw = randomBytes(i === 0 ? 100 : 1 + (i % 70))
      const salt = randomBytes(i % 3 === 0 ? 0 : 1 + ((i * 7) % 80))
      const c = 1 + ((i * 37) % 300)
      const len = 1 + ((i * 13) % 90)
      const want = hex(pbkdf2Sync(pw, salt, c, len, 'sha256'))
      expect(hex(pbkdf2Sha256(pw, salt, c, len))).toBe(want)
      expect(hex(pbkdf2(sha256, pw, salt, { c, dkLen: len }))).toBe(want)
    }
  })

  it('refuses a zero or fractional count and an impossible length (RangeError, nothing derived)', () => {
    expect(() => pbkdf2Sha256(te('1'), te('s'), 0, 32)).toThrow(RangeError)
    expect(() => pbkdf2Sha256(te('1'), te('s'), 1.5, 32)).toThrow(RangeError)
    expect(() => pbkdf2Sha256(te('1'), te('s'), 1, 0)).toThrow(RangeError)
  })

  it('a PIN record wrapped with noble’s pbkdf2 (every wallet made before) opens with the same PIN and only with it', () => {
    const rnd = (n: number) => new Uint8Array(randomBytes(n))
    const salt = rnd(16)
    const dek = rnd(32)
    // Exactly what createPinRecord stored before the switch: noble's pbkdf2 as the KEK.
    const old: PinRecord = {
      v: 1,
      salt: base64urlEncode(salt),
      iterations: 1000,
      wrapped: seal(pbkdf2(sha256, te('480315'), salt, { c: 1000, dkLen: 32 }), dek, rnd),
      failures: 0,
      lockedUntil: null
    }
    const r = unlockWithPin(old, '480315', 0)
    expect(r.ok && hex(r.dek)).toBe(hex(dek))
    const wrong = unlockWithPin(old, '480316', 0)
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.code).toBe('ERR_PIN_WRONG')
      })
})
