// jose backend: WebCrypto underneath, so only for H5 and Node. The file name ends in `.node.ts`
// so that mini-program code can never reach it by accident (see backend.weapp.ts).
import { CompactSign, flattenedVerify, importJWK } from 'jose'
import { asciiBytes, base64urlDecode, base64urlEncode, utf8Encode } from '../encoding'
import { normalizeLowS } from './lowS'
import type { CryptoBackend, EcPublicJwk } from './types'
import { jwkToPoint, withKeyAlg } from './noble'
import { sm2Sign, sm2Verify } from './sm2'

type Key = Awaited<ReturnType<typeof importJWK>>
const keyCache = new Map<string, Promise<Key>>()

function importKey(jwk: EcPublicJwk & { d?: string }): Promise<Key> {
  const id = `${jwk.x}.${jwk.y}.${jwk.d ? 'private' : 'public'}`
  let key = keyCache.get(id)
  if (!key) {
    const { kty, crv, x, y, d } = jwk
    key = importJWK(d ? { kty, crv, x, y, d } : { kty, crv, x, y }, 'ES256')
    key.catch(() => keyCache.delete(id))
    if (keyCache.size > 256) keyCache.clear()
    keyCache.set(id, key)
  }
  return key
}

export const joseBackend: CryptoBackend = {
  name: 'jose',
  async sha256(data) {
    const digest = await globalThis.crypto.subtle.digest('SHA-256', data as unknown as ArrayBuffer)
    return new Uint8Array(digest)
  },
  async verify(key, protectedB64, payloadB64, signature) {
    if (signature.length !== 64) return false
    // NOTE: WebCrypto has no SM2 (no browser, no Node): SM2 keys take the same pure-JS path as on the mini-programs.
    if (key.crv === 'SM2') return sm2Verify(key, asciiBytes(protectedB64 + '.' + payloadB64), signature)
    try {
      // The key's coordinates as the noble backend reads them: strict base64url, 32 bytes each.
      // WebCrypto's JWK import skips whitespace and padding, so `"y": "Rv0P… 4zHO…"` would verify
      // here and fail on the mini-programs (found by npm run fuzz); both backends now refuse it.
      if (!jwkToPoint(key)) return false
      await flattenedVerify(
        { protected: protectedB64, payload: payloadB64, signature: base64urlEncode(signature) },
        await importKey(key),
        { algorithms: ['ES256'] }
      )
      return true
    } catch {
      return false
    }
  },
  async signJws(key, header, payload) {
    if (key.crv === 'SM2') {
      const h = base64urlEncode(utf8Encode(JSON.stringify(withKeyAlg(header, key))))
      const p = base64urlEncode(payload)
      // Hedged (RFC 6979 §3.6): WebCrypto's CSPRNG is here, so SM2 signatures vary like its ES256 ones.
      const extra = globalThis.crypto.getRandomValues(new Uint8Array(32))
      return `${h}.${p}.${base64urlEncode(sm2Sign(key, asciiBytes(h + '.' + p), extra))}`
    }
    header = withKeyAlg(header, key)
    const jws = await new CompactSign(payload).setProtectedHeader(header).sign(await importKey(key))
    // WebCrypto returns a high-S signature half the time: we only ever hand out the low-S form.
    const dot = jws.lastIndexOf('.')
    return jws.slice(0, dot + 1) + base64urlEncode(normalizeLowS(base64urlDecode(jws.slice(dot + 1))))
  }
}
