import { WalletError } from '../errors'
import type { CryptoBackend } from '../crypto/types'
import { checkIssuerSigned } from '../credential/lib/checkIssuerSigned'
import type { TrustList, TrustedIssuer } from '../trust/types'
import { CRED_HEADER, type PurposeCredentialBody } from './purposeCredential'

/**
 * The QR refreshes every 30 s; a proof is accepted for 30 s plus 30 s for the two phones' clocks:
 * at most 60 s after it was made by the verifier's clock, which is what the screen says
 * ("二维码 60 秒内有效"). A 70-second-old screenshot is refused (issue #13).
 */
export const PROOF_WINDOW_SECONDS = 30
export const PROOF_SKEW_SECONDS = 30
/**
 * Longest life of a layout-1 purpose credential (exp − iat): a back-dated one from a retired key
 * cannot live on. Layout 1 carried status entries, so a revocation reached it through the lists.
 */
export const PURPOSE_CREDENTIAL_MAX_SECONDS = 7 * 86400
/**
 * Layout 2 (issue #16): no status entries, so its life is what bounds the revocation delay. The
 * platform issues it for 24 h and refuses to refresh a revoked or suspended certificate.
 */
export const PURPOSE_CREDENTIAL_LIFETIME_SECONDS = 24 * 3600
/**
 * Layout 2: a verifier accepts a credential up to 72 h after its `iat` (its `exp` plus the grace
 * it carries, never more), past `exp` with the warning "凭证 N 小时未更新"; later is
 * ERR_CREDENTIAL_NOT_REFRESHED. Also the longest `exp + grace − iat` the issuer may sign.
 */
export const PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS = 72 * 3600

/**
 * The window a purpose credential is usable in, from its decoded body: `exp` (no warning before it)
 * and `until` (the last second anyone accepts it). Layout 1: until = exp.
 */
export function purposeCredentialWindow(body: Pick<PurposeCredentialBody, 'iat' | 'exp' | 'grace' | 'layout'>): { exp: number; until: number } {
  if (body.layout === 1) return { exp: body.exp, until: body.exp }
  return { exp: body.exp, until: Math.min(body.exp + (body.grace ?? 0), body.iat + PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS) }
}

/** Checks one purpose credential's issuer part (layout 1 or 2; see docs/presentation-format.md). */
export async function checkPurposeCredentialIssuer(
  body: PurposeCredentialBody,
  bodyBytes: Uint8Array,
  signature: Uint8Array,
  opts: { trust: TrustList; backend: CryptoBackend; now: number; strictExpiry?: boolean }
): Promise<{ issuer: TrustedIssuer; staleHours: number | null }> {
  const legacy = body.layout === 1
  const { exp, until } = purposeCredentialWindow(body)
  let found
  try {
    found = await checkIssuerSigned(
      { kid: body.kid, alg: body.alg ?? 'ES256', bytes: bodyBytes, signature, header: CRED_HEADER, iat: body.iat, exp: opts.strictExpiry ? exp : until, kinds: body.certs.map((c) => c.kind) },
      {
        trust: opts.trust,
        backend: opts.backend,
        now: opts.now,
        skewSeconds: PROOF_SKEW_SECONDS,
        strictExpiry: opts.strictExpiry,
        maxLifetimeSeconds: legacy ? PURPOSE_CREDENTIAL_MAX_SECONDS : PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS
      }
    )
  } catch (e) {
    // Past its grace a refreshable credential was not refreshed: its own code, not "证照已过期".
    if (e instanceof WalletError && e.code === 'ERR_CERT_EXPIRED' && !opts.strictExpiry && until > exp) throw new WalletError('ERR_CREDENTIAL_NOT_REFRESHED')
    throw e
  }
  // Only now (signature checked) is the grace believed: asking for more than 72 h after iat is refused.
  if (!legacy && body.exp + (body.grace ?? 0) - body.iat > PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'lifetime' })
  const stale = !opts.strictExpiry && opts.now > exp + PROOF_SKEW_SECONDS
  return { issuer: found.issuer, staleHours: stale ? Math.floor((opts.now - body.iat) / 3600) : null }
}

