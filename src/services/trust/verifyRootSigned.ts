import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { assertSignedHeader, parseCompactJws, verifyJwsSignature } from '../jws'

/**
 * The one check of a JWS signed by the national root (the trust list, the list of deactivated
 * phones): ES256 header, the expected `typ`, a pinned root key by `kid`, the signature. Any
 * failure of the root signature is ERR_TRUST_LIST_SIGNATURE, whatever else is wrong; a wrong
 * `typ` is ERR_TYP_INVALID (detail `what`). Returns the payload, still unchecked in shape.
 */
export async function verifyRootSigned<T>(jws: string, expected: { typ: string; what: string }, rootKeys: readonly EcPublicJwk[], backend: CryptoBackend): Promise<T> {
  const parsed = parseCompactJws<T>(jws)
  assertSignedHeader(parsed.header)
  if (parsed.header.typ !== expected.typ) throw new WalletError('ERR_TYP_INVALID', { detail: expected.what })
  const root = rootKeys.find((k) => k.kid === parsed.header.kid)
  if (!root) throw new WalletError('ERR_TRUST_LIST_SIGNATURE', { detail: 'root-kid' })
  try {
    await verifyJwsSignature(parsed, root, backend)
  } catch (cause) {
    throw new WalletError('ERR_TRUST_LIST_SIGNATURE', { cause })
  }
  return parsed.payload
}
