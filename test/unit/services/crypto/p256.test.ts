/**
 * src/services/crypto/p256.ts (P-256 without @noble/curves' nist.ts, issue #12 §3) is the same curve
 * as @noble/curves/p256: same parameters, keys, signatures both ways, ECDH, and the same refusals.
 */
import { p256 as nobleP256 } from '@noble/curves/p256'
import { sha256 } from '@noble/hashes/sha256'
import { randomBytes } from 'node:crypto'
import { p256 } from '../../../../src/services/crypto/p256'

it('has the parameters of NIST P-256', () => {
  expect(p256.CURVE.Fp.ORDER).toBe(nobleP256.CURVE.Fp.ORDER)
  expect(p256.CURVE.n).toBe(nobleP256.CURVE.n)
  expect(p256.CURVE.a).toBe(nobleP256.CURVE.a)
  expect(p256.CURVE.b).toBe(nobleP256.CURVE.b)
  expect(p256.CURVE.Gx).toBe(nobleP256.CURVE.Gx)
  expect(p256.CURVE.Gy).toBe(nobleP256.CURVE.Gy)
  expect(p256.CURVE.h).toBe(nobleP256.CURVE.h)
})

it('keys, signatures and ECDH agree with @noble/curves/p256 in both directions, and a changed message fails', () => {
  for (let i = 0; i < 5; i++) {
    const a = p256.utils.randomPrivateKey()
    const b = nobleP256.utils.randomPrivateKey()
    expect(p256.getPublicKey(a, true)).toEqual(nobleP256.getPublicKey(a, true))
    const msg = sha256(randomBytes(40))
    const ours = p256.sign(msg, a).toCompactRawBytes()
    const theirs = nobleP256.sign(msg, b).toCompactRawBytes()
    // RFC 6979 deterministic nonces: the same key and message give the same signature.
    expect(ours).toEqual(nobleP256.sign(msg, a).toCompactRawBytes())
    expect(nobleP256.verify(ours, msg, nobleP256.getPublicKey(a), { lowS: false })).toBe(true)
    expect(p256.verify(theirs, msg, nobleP256.getPublicKey(b))).toBe(true)
    const other = msg.slice()
    other[0] ^= 1
    expect(p256.verify(theirs, other, nobleP256.getPublicKey(b))).toBe(false)
    expect(p256.getSharedSecret(a, nobleP256.getPublicKey(b, true), true)).toEqual(nobleP256.getSharedSecret(b, p256.getPublicKey(a, true), true))
  }
  // An x coordinate beyond the field (2^256 − 1 > p) is no point: both refuse it.
  const bad = new Uint8Array(33).fill(0xff)
  bad[0] = 2
  expect(() => nobleP256.ProjectivePoint.fromHex(bad)).toThrow()
  expect(() => p256.ProjectivePoint.fromHex(bad)).toThrow()
})
