import { createDiffieHellman } from 'node:crypto'
import { sha256 } from '@noble/hashes/sha256'
import { squareChain, SQUARE_CHAIN_BYTES, SQUARE_CHAIN_MODULUS } from '../../../../src/services/lock/squareChain'
import { createPinRecord, DEFAULT_PIN_COST, PBKDF2_ITERATIONS, PBKDF2_ITERATIONS_V1, PIN_SQUARINGS, unlockWithPin, upgradePinRecord } from '../../../../src/services/lock/pinLock'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** The chain's start as squareChain computes it, rebuilt here from its definition. */
function start(seed: Uint8Array): Buffer {
  const parts = Array.from({ length: 9 }, (_, i) => Buffer.from(sha256(Buffer.concat([seed, Buffer.from([i])]))))
  return Buffer.from((BigInt('0x' + Buffer.concat(parts).toString('hex')) % BigInt(SQUARE_CHAIN_MODULUS)).toString(16).padStart(512, '0'), 'hex')
}

describe('square chain (record v2 of the PIN KDF)', () => {
  it('N is the RSA-2048 challenge number: 617 digits, 2048 bits, digit sum 2738, hex c7970cee…361cc7e5', () => {
    const n = BigInt(SQUARE_CHAIN_MODULUS)
    expect(SQUARE_CHAIN_MODULUS).toHaveLength(617)
    expect(n.toString(2)).toHaveLength(2048)
    expect([...SQUARE_CHAIN_MODULUS].reduce((a, c) => a + Number(c), 0)).toBe(2738)
    expect(n.toString(16).startsWith('c7970ceedcc3b075')).toBe(true)
    expect(n.toString(16).endsWith('399d48c6361cc7e5')).toBe(true)
  })

  it.each([0, 1, 2, 777])('x^(2^%i) mod N equals OpenSSL’s modular exponentiation', (t) => {
    const seed = sha256(Buffer.from('seed ' + t))
    const dh = createDiffieHellman(Buffer.from(BigInt(SQUARE_CHAIN_MODULUS).toString(16), 'hex'), start(seed))
    const exponent = Buffer.from((BigInt(1) << BigInt(t)).toString(16).padStart(2 * Math.ceil((t + 1) / 8), '0'), 'hex')
    dh.setPrivateKey(exponent)
    const want = dh.generateKeys()
    const got = squareChain(seed, t)
    expect(got).toHaveLength(SQUARE_CHAIN_BYTES)
    expect(hex(got)).toBe(want.toString('hex').padStart(512, '0'))
  })

  it('depends on every bit of the seed and on the count', () => {
    const seed = new Uint8Array(32).fill(9)
    const other = seed.slice()
    other[31] ^= 1
    expect(hex(squareChain(seed, 50))).not.toBe(hex(squareChain(other, 50)))
    expect(hex(squareChain(seed, 50))).not.toBe(hex(squareChain(seed, 51)))
    expect(() => squareChain(seed, -1)).toThrow(RangeError)
    expect(() => squareChain(seed, 0.5)).toThrow(RangeError)
  })

  it('the default cost keeps v1’s offline bound: iterations + 2 × squarings ≥ 50,000 PBKDF2 iterations', () => {
    expect(DEFAULT_PIN_COST).toEqual({ iterations: PBKDF2_ITERATIONS, squarings: PIN_SQUARINGS })
    expect(PBKDF2_ITERATIONS + 2 * PIN_SQUARINGS).toBeGreaterThanOrEqual(PBKDF2_ITERATIONS_V1)
  })

  it('a v2 record of another cost is re-wrapped to the current one; a current one is left alone', () => {
    const rnd = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
    const dek = rnd(32)
    const cheap = createPinRecord('480315', dek, rnd, { iterations: 10, squarings: 10 })
    const current = { iterations: 20, squarings: 30 }
    const up = upgradePinRecord(cheap, '480315', dek, rnd, current)!
    expect(up).toMatchObject({ v: 2, iterations: 20, squarings: 30, failures: 0 })
    const r = unlockWithPin(up, '480315', 0)
    expect(r.ok && hex(r.dek)).toBe(hex(dek))
    expect(upgradePinRecord(up, '480315', dek, rnd, current)).toBeNull()
    // A v2 record with its cost field gone opens nothing (and counts as a wrong PIN).
    const broken = { ...up, squarings: undefined }
    expect(unlockWithPin(broken, '480315', 0)).toMatchObject({ ok: false })
  })
})
