import { weierstrassN } from '@noble/curves/abstract/weierstrass'
import { invert, mod } from '@noble/curves/abstract/modular'
import { bytesToNumberBE, createHmacDrbg, numberToBytesBE } from '@noble/curves/abstract/utils'
import { hmac } from '@noble/hashes/hmac'
import { asciiBytes, base64urlDecode, base64urlEncode, concatBytes } from '../encoding'
import { sm3 } from './sm3'
import type { EcPrivateJwk, EcPublicJwk } from './types'

/**
 * SM2 digital signatures (GB/T 32918.2-2016, GM/T 0003.2) with SM3 and the signer ID of
 * GM/T 0009-2012 §10 (`1234567812345678`). The curve arithmetic is @noble/curves'
 * (`weierstrassN` with the parameters of GB/T 32918.5 / GM/T 0003.5); this file holds only the
 * signature scheme's equations (as noble.ts does for ECDSA), the Z value and key handling.
 * Pure JS, no WebCrypto: the same code runs on H5, Node and both mini-programs.
 */

/** The recommended curve sm2p256v1 (GB/T 32918.5). */
export const SM2_CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n
} as const

/** Default signer ID (GM/T 0009-2012): what OpenSSL's `distid:1234567812345678` names. */
export const SM2_DEFAULT_ID = asciiBytes('1234567812345678')

const buildPoint = () => weierstrassN<bigint>(SM2_CURVE)
let builtPoint: ReturnType<typeof buildPoint> | undefined
/** The curve's point class, built on first use (not at load: the first screen signs and checks nothing). */
export const sm2Point = (): ReturnType<typeof buildPoint> => (builtPoint ??= buildPoint())
type Point = InstanceType<ReturnType<typeof buildPoint>>
const N = SM2_CURVE.n

const toBig = bytesToNumberBE
const toBytes32 = (v: bigint): Uint8Array => numberToBytesBE(v, 32)

/** Uncompressed point 0x04‖x‖y from an SM2 JWK; null when the JWK is not an SM2 key of the right size. */
export function sm2JwkToPoint(key: EcPublicJwk): Uint8Array | null {
  if (key.kty !== 'EC' || key.crv !== 'SM2') return null
  const x = base64urlDecode(key.x)
  const y = base64urlDecode(key.y)
  if (x.length !== 32 || y.length !== 32) return null
  return concatBytes(new Uint8Array([4]), x, y)
}

/**
 * Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) (GB/T 32918.2 §5.5), for the default ID.
 */
export function sm2Z(publicPoint: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  const bits = id.length * 8
  return sm3(
    concatBytes(
      new Uint8Array([(bits >> 8) & 255, bits & 255]),
      id,
      toBytes32(SM2_CURVE.a),
      toBytes32(SM2_CURVE.b),
      toBytes32(SM2_CURVE.Gx),
      toBytes32(SM2_CURVE.Gy),
      publicPoint.subarray(1, 33),
      publicPoint.subarray(33, 65)
    )
  )
}

// Parsed keys with their Z: a key seen twice (an issuer's, the root's) gets precomputed multiples,
// as noble.ts does for P-256.
const keyCache = new Map<string, { point: Point; z: Uint8Array; uses: number }>()
const PRECOMPUTE_WINDOW = 6

function publicKey(key: EcPublicJwk): { point: Point; z: Uint8Array } {
  const id = key.x + '.' + key.y
  let entry = keyCache.get(id)
  if (!entry) {
    const bytes = sm2JwkToPoint(key)
    if (!bytes) throw new Error('not an SM2 key')
    const point = sm2Point().fromHex(bytes) // throws when the point is not on the curve
    point.assertValidity()
    if (keyCache.size > 256) keyCache.clear()
    entry = { point, z: sm2Z(bytes), uses: 0 }
    keyCache.set(id, entry)
  }
  if (++entry.uses === 2) entry.point.precompute(PRECOMPUTE_WINDOW, false)
  return entry
}

/**
 * Verifies a raw 64-byte r‖s SM2 signature over `message` (GB/T 32918.2 §7.1). r and s must lie
 * in [1, n−1]: (r, s + n) would otherwise pass as a second encoding of the same signature.
 * Returns false for any bad signature or key.
 */
export function sm2Verify(key: EcPublicJwk, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  try {
    const { point, z } = publicKey(key)
    const r = toBig(signature.subarray(0, 32))
    const s = toBig(signature.subarray(32, 64))
    if (r < 1n || r >= N || s < 1n || s >= N) return false
    const t = mod(r + s, N)
    if (t === 0n) return false
    const e = toBig(sm3(concatBytes(z, message)))
    const R = sm2Point().BASE.multiplyAndAddUnsafe(point, s, t) // s·G + t·P
    if (!R) return false
    return mod(e + R.toAffine().x, N) === r
  } catch {
    return false
  }
}

const drbg = createHmacDrbg<Uint8Array>(32, 32, (k, ...m) => hmac(sm3, k, concatBytes(...m)))

/**
 * Signs `message` with SM2 (GB/T 32918.2 §6.1) and returns raw r‖s (64 bytes). The per-signature
 * k comes from an HMAC-SM3 DRBG seeded with the key and the message digest, as RFC 6979 does for
 * ECDSA: no randomness is needed at signing time (WeChat's is asynchronous, Alipay's lives in a
 * Worker), and a weak random source can never leak the key through k. `extraEntropy` (fresh
 * random bytes, where a synchronous CSPRNG exists) hedges it, as RFC 6979 §3.6 allows: the
 * signature then differs on every call, as WebCrypto's ES256 does.
 */
export function sm2Sign(privateKey: EcPrivateJwk, message: Uint8Array, extraEntropy?: Uint8Array): Uint8Array {
  const dBytes = base64urlDecode(privateKey.d)
  const d = toBig(dBytes)
  if (dBytes.length !== 32 || d < 1n || d > N - 2n) throw new Error('not an SM2 private key')
  const pub = sm2JwkToPoint(privateKey)
  if (!pub) throw new Error('not an SM2 key')
  const e = toBig(sm3(concatBytes(sm2Z(pub), message)))
  const dInv = invert(1n + d, N)
  return drbg(concatBytes(dBytes, toBytes32(mod(e, N)), extraEntropy ?? new Uint8Array(0)), (kBytes) => {
    const k = toBig(kBytes)
    if (k < 1n || k >= N) return undefined
    const x1 = sm2Point().BASE.multiply(k).toAffine().x
    const r = mod(e + x1, N)
    if (r === 0n || r + k === N) return undefined
    const s = mod(dInv * (k - r * d), N)
    if (s === 0n) return undefined
    return concatBytes(toBytes32(r), toBytes32(s))
  })
}

/** SM2 key pair from 32 secret bytes (a CSPRNG's output, or a seed-derived scalar in the simulator). */
export function sm2KeyPairFromSecret(secret: Uint8Array): { privateJwk: EcPrivateJwk; publicJwk: EcPublicJwk } {
  // d in [1, n−2]: 1 + d must be invertible mod n.
  const d = (toBig(secret) % (N - 2n)) + 1n
  const pub = sm2Point().BASE.multiply(d).toRawBytes(false)
  const publicJwk: EcPublicJwk = { kty: 'EC', crv: 'SM2', x: base64urlEncode(pub.subarray(1, 33)), y: base64urlEncode(pub.subarray(33, 65)) }
  return { publicJwk, privateJwk: { ...publicJwk, d: base64urlEncode(toBytes32(d)) } }
}

/** Compressed SEC1 form (0x02/0x03 ‖ x) of an SM2 public key back to a JWK; throws when not on the curve. */
export function sm2DecompressPublicKey(bytes: Uint8Array): EcPublicJwk {
  const p = sm2Point().fromHex(bytes).toRawBytes(false)
  return { kty: 'EC', crv: 'SM2', x: base64urlEncode(p.subarray(1, 33)), y: base64urlEncode(p.subarray(33, 65)) }
}
