// jose JWE backend: WebCrypto underneath, so only for H5 and Node (the file name keeps it out of
// mini-program builds, as for crypto/jose.node.ts).
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose'
import { WalletError } from '../errors'
import { jwkToPoint } from '../crypto/noble'
import { parseB64uJson } from '../encoding'
import { JWE_ALG, JWE_ENC, MAX_JWE_LENGTH, type JweBackend } from './jweCore'

export const joseJwe: JweBackend = {
  name: 'jose',
  async encrypt(recipient, plaintext) {
    if (!jwkToPoint(recipient)) throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'key' })
    const key = await importJWK({ kty: 'EC', crv: 'P-256', x: recipient.x, y: recipient.y }, JWE_ALG)
    return new CompactEncrypt(plaintext).setProtectedHeader({ alg: JWE_ALG, enc: JWE_ENC }).encrypt(key)
  },
  async decrypt(key, jwe) {
    if (typeof jwe !== 'string' || jwe.length > MAX_JWE_LENGTH) throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'size' })
    try {
      const h = parseB64uJson<Record<string, unknown>>(jwe.split('.')[0] ?? '')
      if (h.zip !== undefined) throw new Error('zip')
      const k = await importJWK({ kty: 'EC', crv: 'P-256', x: key.x, y: key.y, d: key.d }, JWE_ALG)
      const { plaintext } = await compactDecrypt(jwe, k, { keyManagementAlgorithms: [JWE_ALG], contentEncryptionAlgorithms: [JWE_ENC] })
      return plaintext
    } catch {
      throw new WalletError('ERR_RP_RESPONSE_INVALID', { detail: 'decrypt' })
    }
  }
}
