import { p256 } from '@noble/curves/p256'
import { sha256 } from '@noble/hashes/sha256'
import { asciiBytes, base64urlDecode, base64urlEncode, utf8Encode } from '../encoding'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from './types'

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

// Precomputed points are the expensive part of verification: cache per issuer key.
const pointCache = new Map<string, InstanceType<typeof p256.ProjectivePoint>>()

function publicPoint(key: EcPublicJwk) {
  const id = key.x + '.' + key.y
  let point = pointCache.get(id)
  if (!point) {
    const bytes = jwkToPoint(key)
    if (!bytes) throw new Error('not a P-256 key')
    point = p256.ProjectivePoint.fromHex(bytes) // throws when the point is not on the curve
    point.assertValidity()
    if (pointCache.size > 256) pointCache.clear()
    pointCache.set(id, point)
  }
  return point
}

/** Pure-JS ES256 for the mini-program runtimes: no WebCrypto, no TextEncoder, no atob. */
export const nobleBackend: CryptoBackend = {
  name: 'noble',
  async sha256(data) {
    return sha256(data)
  },
  async verifyEs256(key, protectedB64, payloadB64, signature) {
    if (signature.length !== 64) return false
    try {
      const digest = sha256(asciiBytes(protectedB64 + '.' + payloadB64))
      // NOTE: lowS:false — WebCrypto (and so jose) emits high-S signatures half the time.
      return p256.verify(signature, digest, publicPoint(key).toRawBytes(false), { lowS: false, prehash: false })
    } catch {
      return false
    }
  },
  async signJws(key: EcPrivateJwk, header: JwsHeader, payload: Uint8Array) {
    const h = base64urlEncode(utf8Encode(JSON.stringify(header)))
    const p = base64urlEncode(payload)
    const digest = sha256(asciiBytes(h + '.' + p))
    const sig = p256.sign(digest, base64urlDecode(key.d), { prehash: false }) // RFC 6979, no randomness needed
    return `${h}.${p}.${base64urlEncode(sig.toCompactRawBytes())}`
  }
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
