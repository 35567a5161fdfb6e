import { p256 } from '@noble/curves/p256'
import { sha256 } from '@noble/hashes/sha256'
import { gcm } from '@noble/ciphers/aes'
import { WalletError } from '../errors'
import type { EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { jwkToPoint } from '../crypto/noble'
import { asciiBytes, base64urlDecode, base64urlEncode, concatBytes, isObject, parseB64uJson, utf8Encode } from '../encoding'

/**
 * Responses to a relying party are compact JWEs (RFC 7516) to its registered P-256 key:
 * `alg` ECDH-ES (direct key agreement, RFC 7518 §4.6: Concat KDF over SHA-256, no key wrap),
 * `enc` A256GCM — what OpenID4VP `direct_post.jwt` uses. One interface, two implementations, as
 * for signatures (src/services/crypto): jose (WebCrypto; H5 and Node, ./jwe.node.ts) and this
 * pure-JS one (@noble: the mini-programs, which have no WebCrypto). Tests hold the two to each other.
 */
export interface JweBackend {
  readonly name: 'jose' | 'noble'
  encrypt(recipient: EcPublicJwk, plaintext: Uint8Array): Promise<string>
  /** ERR_RP_RESPONSE_INVALID for anything that does not decrypt under `key` with exactly our alg/enc. */
  decrypt(key: EcPrivateJwk, jwe: string): Promise<Uint8Array>
}

export const JWE_ALG = 'ECDH-ES'
export const JWE_ENC = 'A256GCM'
export const MAX_JWE_LENGTH = 64 * 1024

const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])
const lenPrefixed = (b: Uint8Array) => concatBytes(u32(b.length), b)

/** Concat KDF (NIST SP 800-56A, RFC 7518 §4.6.2) for ECDH-ES direct with A256GCM, empty apu/apv. */
function concatKdf(z: Uint8Array): Uint8Array {
  const otherInfo = concatBytes(lenPrefixed(asciiBytes(JWE_ENC)), lenPrefixed(new Uint8Array(0)), lenPrefixed(new Uint8Array(0)), u32(256))
  return sha256(concatBytes(u32(1), z, otherInfo))
}

function pointOf(jwk: EcPublicJwk): Uint8Array {
  const point = jwkToPoint(jwk)
  if (!point) throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'key' })
  p256.ProjectivePoint.fromHex(point).assertValidity()
  return point
}

/** The pure-JS JWE backend; `randomBytes` is the platform's CSPRNG (src/services/platform/random). */
export function nobleJwe(randomBytes: (n: number) => Promise<Uint8Array>): JweBackend {
  return {
    name: 'noble',
    async encrypt(recipient, plaintext) {
      const theirs = pointOf(recipient)
      // An ephemeral key from 48 random bytes reduced mod n (negligible bias), as enrolDevice does.
      const seed = await randomBytes(48)
      let d = 0n
      for (const b of seed) d = (d << 8n) | BigInt(b)
      d = (d % (p256.CURVE.n - 1n)) + 1n
      const dBytes = new Uint8Array(32)
      for (let i = 31, t = d; i >= 0; i--, t >>= 8n) dBytes[i] = Number(t & 255n)
      const epkPoint = p256.getPublicKey(dBytes, false)
      const z = p256.getSharedSecret(dBytes, theirs, false).subarray(1, 33)
      const cek = concatKdf(z)
      const header = { alg: JWE_ALG, enc: JWE_ENC, epk: { kty: 'EC', crv: 'P-256', x: base64urlEncode(epkPoint.subarray(1, 33)), y: base64urlEncode(epkPoint.subarray(33, 65)) } }
      const h = base64urlEncode(utf8Encode(JSON.stringify(header)))
      const iv = await randomBytes(12)
      const sealed = gcm(cek, iv, asciiBytes(h)).encrypt(plaintext)
      return `${h}..${base64urlEncode(iv)}.${base64urlEncode(sealed.subarray(0, sealed.length - 16))}.${base64urlEncode(sealed.subarray(sealed.length - 16))}`
    },
    async decrypt(key, jwe) {
      const invalid = (detail: string) => new WalletError('ERR_RP_RESPONSE_INVALID', { detail })
      if (typeof jwe !== 'string' || jwe.length > MAX_JWE_LENGTH) throw invalid('size')
      const parts = jwe.split('.')
      if (parts.length !== 5 || parts[1] !== '') throw invalid('shape')
      let header: Record<string, unknown>
      try {
        header = parseB64uJson<Record<string, unknown>>(parts[0])
      } catch {
        throw invalid('header')
      }
      if (!isObject(header) || header.alg !== JWE_ALG || header.enc !== JWE_ENC || header.zip !== undefined || header.crit !== undefined) throw invalid('header')
      const epk = header.epk
      if (!isObject(epk) || epk.kty !== 'EC' || epk.crv !== 'P-256' || typeof epk.x !== 'string' || typeof epk.y !== 'string') throw invalid('epk')
      try {
        const theirs = pointOf({ kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y })
        const z = p256.getSharedSecret(base64urlDecode(key.d), theirs, false).subarray(1, 33)
        const iv = base64urlDecode(parts[2])
        if (iv.length !== 12) throw invalid('iv')
        return gcm(concatKdf(z), iv, asciiBytes(parts[0])).decrypt(concatBytes(base64urlDecode(parts[3]), base64urlDecode(parts[4])))
      } catch {
        throw invalid('decrypt')
      }
    }
  }
}
