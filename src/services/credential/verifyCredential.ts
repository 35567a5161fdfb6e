import { WalletError } from '../errors'
import type { CryptoBackend } from '../crypto/types'
import { verifySdJwt, type KeyBindingExpectation, type StatusLookup, type VerifiedSdJwt } from '../sdjwt/verify'
import type { TrustList } from '../trust/types'
import type { CertModule } from '../../certs/types'
import { parseCertId } from '../../certs/identifier'

/** Issuers round their times: a credential may outlive its kind's lifetime by this much. */
const LIFETIME_SLACK_SECONDS = 300

/** What a verifier needs to check a credential; passed in, never global (STYLE.md §1). */
export interface VerificationContext {
  registry: { findByVct(vct: string): CertModule | null }
  trust: TrustList
  backend: CryptoBackend
  /** Seconds since epoch. */
  now: number
  status?: StatusLookup
  /** Omitted: a device-bound credential must carry its key binding; `'not-required'` opts out explicitly. */
  keyBinding?: KeyBindingExpectation | 'not-required'
  acceptExpired?: boolean
}

export interface VerifiedCredential extends VerifiedSdJwt {
  kind: string
  module: CertModule
  /** 证照标识, when disclosed. */
  certId: string | null
  expiresAt: number | null
}

/**
 * Verifies an SD-JWT VC as one of our certificate types: the SD-JWT checks, then the type (by
 * `vct`), that the issuer is listed for that type, and the 证照标识: its check characters, and its
 * type and issuer codes against the module's `typeCode` and `iss` (ERR_CLAIM_INVALID, detail
 * `cert_id-type` / `cert_id-issuer`).
 */
export async function verifyCredential(text: string, ctx: VerificationContext): Promise<VerifiedCredential> {
  const result = await verifySdJwt(text, { trust: ctx.trust, backend: ctx.backend, now: ctx.now, status: ctx.status, keyBinding: ctx.keyBinding, acceptExpired: ctx.acceptExpired })
  const module = ctx.registry.findByVct(result.payload.vct)
  if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: result.payload.vct })
  if (!result.issuer.kinds.includes(module.kind)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'issuer-not-listed-for-kind' })
  // exp − iat capped per kind: a retired key with a back-dated iat cannot mint a credential that lives on.
  const exp = result.payload.exp
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'exp' })
  if (exp - result.payload.iat > module.validity.credentialLifetimeDays * 86400 + LIFETIME_SLACK_SECONDS) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'lifetime' })
  const certId = typeof result.claims.cert_id === 'string' ? result.claims.cert_id : null
  if (certId !== null) {
    // The 证照标识 names its type and its 发证机关: both must be the credential's own (`vct`, `iss`),
    // or one issuer's identifier could be carried under another's signature.
    const id = parseCertId(certId)
    if (id.issuerCode !== result.payload.iss) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id-issuer' })
    if (id.typeCode !== module.typeCode) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id-type' })
  }
  return { ...result, kind: module.kind, module, certId, expiresAt: exp }
}
