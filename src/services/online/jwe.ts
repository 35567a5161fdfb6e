import { p256 } from '../crypto/p256'
import { sha256 } from '@noble/hashes/sha256'
import { gcm } from '@noble/ciphers/aes'
import type { EcPublicJwk } from '../crypto/types'
import { jwkToPoint } from '../crypto/noble'
import { base64urlDecode, base64urlEncode } from '../encoding'
import { jweFrom, type JweBackend } from './jweCore'

function pointOf(jwk: EcPublicJwk): Uint8Array {
  const point = jwkToPoint(jwk)
  if (!point) throw new Error('not a P-256 key')
  p256.ProjectivePoint.fromHex(point).assertValidity()
  return point
}

/** The pure-JS JWE backend (mini-programs: no WebCrypto); `randomBytes` is the platform's CSPRNG. */
export function nobleJwe(randomBytes: (n: number) => Promise<Uint8Array>): JweBackend {
  return jweFrom({
    name: 'noble',
    async agree(recipient) {
      const theirs = pointOf(recipient)
      // An ephemeral key from 48 random bytes reduced mod n (negligible bias), as enrolDevice does.
      let d = 0n
      for (const b of await randomBytes(48)) d = (d << 8n) | BigInt(b)
      d = (d % (p256.CURVE.n - 1n)) + 1n
      const dBytes = new Uint8Array(32)
      for (let i = 31, t = d; i >= 0; i--, t >>= 8n) dBytes[i] = Number(t & 255n)
      const pub = p256.getPublicKey(dBytes, false)
      return { epk: { kty: 'EC', crv: 'P-256', x: base64urlEncode(pub.subarray(1, 33)), y: base64urlEncode(pub.subarray(33, 65)) }, z: p256.getSharedSecret(dBytes, theirs, false).subarray(1, 33) }
    },
    async agreeWith(key, epk) {
      return p256.getSharedSecret(base64urlDecode(key.d), pointOf(epk), false).subarray(1, 33)
    },
    sha256: async (data) => sha256(data),
    seal: async (key, iv, aad, plaintext) => gcm(key, iv, aad).encrypt(plaintext),
    open: async (key, iv, aad, sealed) => gcm(key, iv, aad).decrypt(sealed),
    randomBytes
  })
}
