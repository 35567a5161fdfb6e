import { joseBackend } from '../../src/services/crypto/jose.node'
import type { CryptoBackend, EcPrivateJwk } from '../../src/services/crypto/types'
import { base64urlEncode } from '../../src/services/encoding'
import { signFileGrant, type FileGrantClaims } from '../../src/services/fileGrant'

const DAY = 86400

/**
 * A 文件调用 grant signed with `key` (a test phone's device key) as the wallet signs one: defaults
 * iat = nbf = `nowSec`, a 7-day period and a fresh nonce; any claim can be overridden.
 */
export function grantFor(
  key: EcPrivateJwk,
  claims: Pick<FileGrantClaims, 'sub' | 'cid' | 'org' | 'pur'> & Partial<FileGrantClaims>,
  nowSec: number,
  backend: CryptoBackend = joseBackend
): Promise<string> {
  const nonce = claims.nonce ?? base64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(16)))
  return signFileGrant({ iat: nowSec, nbf: nowSec, exp: nowSec + 7 * DAY, ...claims, nonce }, key, backend)
}
