import { P256_N, p256 } from './p256'
import { invert, mod } from '@noble/curves/abstract/modular'
import { sha256 } from '@noble/hashes/sha256'
import { asciiBytes, base64urlDecode, base64urlEncode, utf8Encode } from '../encoding'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from './types'
import { sm2Sign, sm2Verify } from './sm2'
import { jwsAlgOf } from './suite'

/** Uncompressed SEC1 point 0x04‖x‖y from a JWK; null when the JWK is not a P-256 key. */
export function jwkToPoint(key: EcPublicJwk): Uint8Array | null {
  if (key.kty !== 'EC' || key.crv !== 'P-256') return null
  const x = base64urlDecode(key.x)
  const y = base64urlDecode(key.y)
  if (x.length !== 32 || y.length !== 32) return null
  const out = new Uint8Array(65)
  out[0] = 4
  out.set(x, 1)
  out.set(y, 33)
  return out
}

// Parsed points, and use counts: a key seen again (an issuer's) gets precomputed multiples, which
// make every later verification ~4× faster; a key seen once (a holder's device key in a key
// binding) is not worth the precomputation.
const pointCache = new Map<string, { point: InstanceType<typeof p256.ProjectivePoint>; uses: number }>()
/** wNAF window for precomputed issuer keys: 2^(w-1)·⌈256/w⌉ points kept per key. */
const PRECOMPUTE_WINDOW = 6

function publicPoint(key: EcPublicJwk) {
  const id = key.x + '.' + key.y
  let entry = pointCache.get(id)
  if (!entry) {
    const bytes = jwkToPoint(key)
    if (!bytes) throw new Error('not a P-256 key')
    const point = p256.ProjectivePoint.fromHex(bytes) // throws when the point is not on the curve
    point.assertValidity()
    if (pointCache.size > 256) pointCache.clear()
    entry = { point, uses: 0 }
    pointCache.set(id, entry)
  }
  if (++entry.uses === 2) entry.point.precompute(PRECOMPUTE_WINDOW, false)
  return entry.point
}

const N = P256_N

function toBig(bytes: Uint8Array): bigint {
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  return v
}

/**
 * ECDSA verification (SEC 1 §4.1.4) against a cached, precomputed public point. p256.verify()
 * re-parses the key on every call and so cannot reuse precomputation; this is its arithmetic,
 * unchanged. Both low-S and high-S signatures pass (like p256.verify with lowS:false): WebCrypto,
 * and so jose, emits high-S signatures half the time.
 */
function verifyDigest(signature: Uint8Array, digest: Uint8Array, P: InstanceType<typeof p256.ProjectivePoint>): boolean {
  const r = toBig(signature.subarray(0, 32))
  const s = toBig(signature.subarray(32, 64))
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false
  const h = mod(toBig(digest), N) // SHA-256 output is exactly the order's bit length
  const w = invert(s, N)
  const R = p256.ProjectivePoint.BASE.multiplyAndAddUnsafe(P, mod(h * w, N), mod(r * w, N))
  if (!R) return false
  return mod(R.toAffine().x, N) === r
}

/** Pure-JS ES256 and SM2SM3 for the mini-program runtimes: no WebCrypto, no TextEncoder, no atob. */
export const nobleBackend: CryptoBackend = {
  name: 'noble',
  async sha256(data) {
    return sha256(data)
  },
  async verify(key, protectedB64, payloadB64, signature) {
    if (signature.length !== 64) return false
    if (key.crv === 'SM2') return sm2Verify(key, asciiBytes(protectedB64 + '.' + payloadB64), signature)
    try {
      const digest = sha256(asciiBytes(protectedB64 + '.' + payloadB64))
      return verifyDigest(signature, digest, publicPoint(key))
    } catch {
      return false
    }
  },
  async signJws(key: EcPrivateJwk, header: JwsHeader, payload: Uint8Array) {
    const h = base64urlEncode(utf8Encode(JSON.stringify(withKeyAlg(header, key))))
    const p = base64urlEncode(payload)
    if (key.crv === 'SM2') return `${h}.${p}.${base64urlEncode(sm2Sign(key, asciiBytes(h + '.' + p)))}`
    const digest = sha256(asciiBytes(h + '.' + p))
    const sig = p256.sign(digest, base64urlDecode(key.d), { prehash: false, lowS: true }) // RFC 6979, no randomness needed; low-S (never the malleable twin)
    return `${h}.${p}.${base64urlEncode(sig.toCompactRawBytes())}`
  }
}

/** The header with `alg` set to the key's suite (the key decides, never the caller's header). */
export function withKeyAlg(header: JwsHeader, key: EcPublicJwk): JwsHeader {
  const alg = jwsAlgOf(key) ?? 'ES256'
  return header.alg === alg ? header : { ...header, alg }
}

/** P-256 key pair from 32 secret bytes (a CSPRNG's output, or a seed-derived scalar in the simulator). */
export function keyPairFromSecret(secret: Uint8Array): { privateJwk: EcPrivateJwk; publicJwk: EcPublicJwk } {
  // Reduce into [1, n-1] so any 32 bytes give a valid scalar.
  const n = p256.CURVE.n
  let d = 0n
  for (const b of secret) d = (d << 8n) | BigInt(b)
  d = (d % (n - 1n)) + 1n
  const dBytes = new Uint8Array(32)
  let t = d
  for (let i = 31; i >= 0; i--) {
    dBytes[i] = Number(t & 255n)
    t >>= 8n
  }
  const pub = p256.getPublicKey(dBytes, false)
  const publicJwk: EcPublicJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(pub.subarray(1, 33)),
    y: base64urlEncode(pub.subarray(33, 65))
  }
  return { publicJwk, privateJwk: { ...publicJwk, d: base64urlEncode(dBytes) } }
}
