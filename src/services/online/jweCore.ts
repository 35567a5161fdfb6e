import { WalletError } from '../errors'
import type { EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { asciiBytes, base64urlDecode, base64urlEncode, concatBytes, isObject, parseB64uJson, utf8Encode } from '../encoding'

/**
 * Responses to a relying party are compact JWEs (RFC 7516) to its registered P-256 key:
 * `alg` ECDH-ES (direct key agreement, RFC 7518 §4.6: Concat KDF over SHA-256, no key wrap),
 * `enc` A256GCM — what OpenID4VP `direct_post.jwt` uses. One interface, three implementations
 * sharing this file's format and KDF: pure JS (@noble, ./jwe.ts: the mini-programs and the H5 wallet, lazily), WebCrypto
 * (./jwe.webcrypto.ts: relying parties' pages, through src/verifier) and jose (./jwe.node.ts: Node, the RP).
 * Tests hold all three to each other.
 */
export interface JweBackend {
  readonly name: 'jose' | 'noble' | 'webcrypto'
  encrypt(recipient: EcPublicJwk, plaintext: Uint8Array): Promise<string>
  /** ERR_RP_RESPONSE_INVALID for anything that does not decrypt under `key` with exactly our alg/enc. */
  decrypt(key: EcPrivateJwk, jwe: string): Promise<Uint8Array>
}

export const JWE_ALG = 'ECDH-ES'
export const JWE_ENC = 'A256GCM'
export const MAX_JWE_LENGTH = 64 * 1024

/** The primitives a backend brings: P-256 ECDH (x coordinate), SHA-256, AES-256-GCM (ciphertext‖tag), randomness. */
export interface JwePrimitives {
  name: 'noble' | 'webcrypto'
  /** A fresh ephemeral key pair: its public JWK and the shared secret with `recipient`. */
  agree(recipient: EcPublicJwk): Promise<{ epk: EcPublicJwk; z: Uint8Array }>
  /** The shared secret of our private key with `epk`. */
  agreeWith(key: EcPrivateJwk, epk: EcPublicJwk): Promise<Uint8Array>
  sha256(data: Uint8Array): Promise<Uint8Array>
  seal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>
  open(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>
  randomBytes(n: number): Promise<Uint8Array>
}

const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])
const lenPrefixed = (b: Uint8Array) => concatBytes(u32(b.length), b)

/** Concat KDF (NIST SP 800-56A, RFC 7518 §4.6.2) for ECDH-ES direct with A256GCM, empty apu/apv. */
function concatKdf(z: Uint8Array, sha256: JwePrimitives['sha256']): Promise<Uint8Array> {
  const otherInfo = concatBytes(lenPrefixed(asciiBytes(JWE_ENC)), lenPrefixed(new Uint8Array(0)), lenPrefixed(new Uint8Array(0)), u32(256))
  return sha256(concatBytes(u32(1), z, otherInfo))
}

const B64U_32 = /^[A-Za-z0-9_-]{43}$/

export function jweFrom(p: JwePrimitives): JweBackend {
  return {
    name: p.name,
    async encrypt(recipient, plaintext) {
      if (recipient.kty !== 'EC' || recipient.crv !== 'P-256' || !B64U_32.test(recipient.x) || !B64U_32.test(recipient.y)) throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'key' })
      const { epk, z } = await p.agree(recipient)
      const cek = await concatKdf(z, p.sha256)
      const h = base64urlEncode(utf8Encode(JSON.stringify({ alg: JWE_ALG, enc: JWE_ENC, epk: { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y } })))
      const iv = await p.randomBytes(12)
      const sealed = await p.seal(cek, iv, asciiBytes(h), plaintext)
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
      if (!isObject(epk) || epk.kty !== 'EC' || epk.crv !== 'P-256' || typeof epk.x !== 'string' || !B64U_32.test(epk.x) || typeof epk.y !== 'string' || !B64U_32.test(epk.y)) throw invalid('epk')
      try {
        const z = await p.agreeWith(key, { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y })
        const iv = base64urlDecode(parts[2])
        if (iv.length !== 12) throw invalid('iv')
        return await p.open(await concatKdf(z, p.sha256), iv, asciiBytes(parts[0]), concatBytes(base64urlDecode(parts[3]), base64urlDecode(parts[4])))
      } catch {
        throw invalid('decrypt')
      }
    }
  }
}
