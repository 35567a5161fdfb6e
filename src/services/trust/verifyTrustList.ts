import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { isObject } from '../encoding'
import { jwsAlgOf } from '../crypto/suite'
import { verifyRootSigned } from './verifyRootSigned'
import type { TrustList, TrustedIssuer, TrustedKey } from './types'

export const TRUST_LIST_TYP = 'trustlist+jwt'

/**
 * Verifies the trust list against the pinned national root keys (by `kid`), then its shape and
 * expiry. A bad root signature is ERR_TRUST_LIST_SIGNATURE, whatever else is wrong.
 * @example const list = await verifyTrustList(jws, PINNED_ROOT_KEYS, backend, Date.now() / 1000)
 */
export async function verifyTrustList(
  jws: string,
  rootKeys: readonly EcPublicJwk[],
  backend: CryptoBackend,
  nowSeconds: number
): Promise<TrustList> {
  const list = await verifyRootSigned<TrustList>(jws, { typ: TRUST_LIST_TYP, what: 'trust-list' }, rootKeys, backend)
  if (!Array.isArray(list.issuers) || typeof list.exp !== 'number' || typeof list.iat !== 'number' || !Number.isInteger(list.version)) {
    throw new WalletError('ERR_MALFORMED', { detail: 'trust-list' })
  }
  if (nowSeconds > list.exp) throw new WalletError('ERR_TRUST_LIST_EXPIRED')
  for (const issuer of list.issuers) {
    if (!isObject(issuer) || typeof issuer.id !== 'string' || !Array.isArray(issuer.keys)) {
      throw new WalletError('ERR_MALFORMED', { detail: 'trust-list-issuer' })
    }
  }
  return list
}

/** The issuer and key for a `kid`, or null. */
export function findIssuerKey(list: TrustList, kid: unknown): { issuer: TrustedIssuer; key: TrustedKey } | null {
  if (typeof kid !== 'string') return null
  for (const issuer of list.issuers) {
    const key = issuer.keys.find((k) => k.kid === kid)
    if (key) return { issuer, key }
  }
  return null
}

/**
 * Key rotation: a key is usable for a token signed at `signedAt` if that time lies in the key's
 * window — even after the window closed — unless the key is listed as compromised.
 */
export function assertKeyUsable(key: TrustedKey, signedAt: number): void {
  if (key.alg !== jwsAlgOf(key.jwk)) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'pinned-alg' })
  if (key.compromisedAt !== undefined) throw new WalletError('ERR_KEY_COMPROMISED', { detail: key.kid })
  if (!(signedAt >= key.notBefore && signedAt <= key.notAfter)) {
    throw new WalletError('ERR_KEY_OUTSIDE_WINDOW', { detail: key.kid })
  }
}
