import type { EcPublicJwk } from '../crypto/types'
import { jweFrom, type JweBackend } from './jweCore'

// WebCrypto JWE (H5 in a secure context): ECDH and AES-GCM from crypto.subtle, the format and KDF
// from ./jweCore.ts. Neither jose's JWE nor a pure-JS AES enter the H5 bundle (its 1.5 MB budget).
const subtle = () => globalThis.crypto.subtle
const pub = (k: EcPublicJwk) => subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: k.x, y: k.y, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, [])
const bits = async (priv: CryptoKey, theirs: CryptoKey) => new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: theirs }, priv, 256))
const aes = (key: Uint8Array, use: KeyUsage) => subtle().importKey('raw', key as unknown as ArrayBuffer, 'AES-GCM', false, [use])
const buf = (b: Uint8Array) => b as unknown as ArrayBuffer

export const webCryptoJwe: JweBackend = jweFrom({
  name: 'webcrypto',
  async agree(recipient) {
    const pair = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])
    const jwk = await subtle().exportKey('jwk', pair.publicKey)
    return { epk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! }, z: await bits(pair.privateKey, await pub(recipient)) }
  },
  async agreeWith(key, epk) {
    const priv = await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: key.x, y: key.y, d: key.d, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])
    return bits(priv, await pub(epk))
  },
  sha256: async (data) => new Uint8Array(await subtle().digest('SHA-256', buf(data))),
  seal: async (key, iv, aad, plaintext) => new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) }, await aes(key, 'encrypt'), buf(plaintext))),
  open: async (key, iv, aad, sealed) => new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) }, await aes(key, 'decrypt'), buf(sealed))),
  randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))
})

