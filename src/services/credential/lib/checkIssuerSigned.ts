import { WalletError } from '../../errors'
import type { CryptoBackend, JwsHeader, SignatureAlg } from '../../crypto/types'
import { assertKeyUsable, findIssuerKey } from '../../trust/verifyTrustList'
import type { TrustList, TrustedIssuer, TrustedKey } from '../../trust/types'
import { verifyDetached } from '../../presentation/purposeCredential'

/** An issuer-signed body as the binary formats carry it (CW1 purpose credential, CWP1 bearer). */
export interface IssuerSignedParts {
  /** The issuer key's id, read from the (not yet trusted) body. */
  kid: string
  /** The suite the body's format byte claims; must be the trust list's pinned `alg` for `kid`. */
  alg: SignatureAlg
  /** Exactly the bytes the issuer signed. */
  bytes: Uint8Array
  /** The 64-byte detached signature (raw r‖s, ES256 or SM2SM3). */
  signature: Uint8Array
  /** The protected header the signature covers (its `typ` separates the formats). */
  header: JwsHeader
  /** Seconds since epoch. */
  iat: number
  exp: number
  /** Every certificate kind the body speaks for: the issuer must be listed for each. */
  kinds: readonly string[]
}

export interface IssuerCheckOptions {
  trust: TrustList
  backend: CryptoBackend
  /** Seconds since epoch. */
  now: number
  /** Clock slack for `iat` in the future and, unless `strictExpiry`, for `exp` in the past. */
  skewSeconds: number
  /** True when storing (the holder's side): a credential that has expired is refused without slack. */
  strictExpiry?: boolean
  /** Longest `exp − iat` accepted; longer is ERR_CLAIM_INVALID (detail `lifetime`). */
  maxLifetimeSeconds?: number
}

/**
 * The one issuer check of every binary credential, in this order (each step only after the
 * previous passed; the signature before anything the body claims is believed):
 * kid → key in the trust list → the format byte's suite is the key's pinned one → signature → key window (and not compromised) → iat / exp →
 * lifetime → issuer listed for each kind.
 *
 * `verifyPresentation` (CW1 at a verifier), `checkPurposeBatch` (CW1 before the wallet stores it)
 * and `verifyBearerCredential` (CWP1) all call it, so a fix to this sequence is made once.
 *
 * @example
 * const { issuer } = await checkIssuerSigned({ kid, alg, bytes, signature, header: CRED_HEADER, iat, exp, kinds }, { trust, backend, now, skewSeconds: 30 })
 */
export async function checkIssuerSigned(parts: IssuerSignedParts, opts: IssuerCheckOptions): Promise<{ issuer: TrustedIssuer; key: TrustedKey }> {
  const found = findIssuerKey(opts.trust, parts.kid)
  if (!found) throw new WalletError('ERR_KID_UNKNOWN')
  // The key pins the suite: bytes claiming the other one (an SM2 key's credential flagged ES256, or
  // the reverse) are refused before any signature arithmetic.
  if (parts.alg !== found.key.alg) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'format-alg' })
  if (!(await verifyDetached(parts.bytes, parts.signature, parts.header, found.key.jwk, opts.backend))) throw new WalletError('ERR_SIGNATURE_INVALID')
  assertKeyUsable(found.key, parts.iat)
  if (parts.iat > opts.now + opts.skewSeconds) throw new WalletError('ERR_CERT_NOT_YET_VALID')
  if (opts.strictExpiry ? parts.exp <= opts.now : opts.now > parts.exp + opts.skewSeconds) throw new WalletError('ERR_CERT_EXPIRED')
  if (opts.maxLifetimeSeconds !== undefined && parts.exp - parts.iat > opts.maxLifetimeSeconds) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'lifetime' })
  for (const kind of parts.kinds) {
    if (!found.issuer.kinds.includes(kind)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'issuer-not-listed-for-kind' })
  }
  return found
}
