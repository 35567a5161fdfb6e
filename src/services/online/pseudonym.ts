import { WalletError, isWalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { jwkThumbprint } from '../crypto/thumbprint'
import { assertSignedHeader, parseCompactJws, verifyJwsSignature } from '../jws'
import type { TrustList } from '../trust/types'

/**
 * 网号-style pairwise subject: the platform (the trust list's `platform` entry) signs, for one
 * person at one relying party, `sub` = a pairwise id (HMAC of the person under a platform secret and
 * the RP's id: stable per person and RP, unlinkable across RPs), bound to the key of the
 * presentation it travels with (`cnf.jkt`) and to the RP (`aud`). Short-lived: one per response.
 */
export const PAIRWISE_SUBJECT_TYP = 'pairwise-sub+jwt'
/** Longest life of a pairwise subject token (exp − iat), seconds. */
export const PAIRWISE_SUBJECT_MAX_SEC = 600
const SKEW_SEC = 60
const SUB = /^pw-[A-Za-z0-9_-]{22}$/

export interface PairwiseSubjectClaims {
  iss: string
  sub: string
  aud: string
  cnf: { jkt: string }
  iat: number
  exp: number
}

/**
 * Checks a pairwise subject token: our suites and `typ` → the platform key by `kid` from the
 * (verified) trust list → signature → `iss` the platform, `aud` this RP, `cnf.jkt` the thumbprint
 * of the presentation's device key, the time. Every failure is ERR_PSEUDONYM_INVALID with a detail.
 */
export async function verifyPairwiseSubject(
  jws: unknown,
  ctx: { trust: TrustList; clientId: string; deviceKey: EcPublicJwk; nowSec: number; backend: CryptoBackend }
): Promise<PairwiseSubjectClaims> {
  const invalid = (detail: string, cause?: unknown) => new WalletError('ERR_PSEUDONYM_INVALID', { detail, cause })
  if (typeof jws !== 'string') throw invalid('type')
  let parsed
  try {
    parsed = parseCompactJws<Record<string, unknown>>(jws, 2048)
    assertSignedHeader(parsed.header)
  } catch (cause) {
    throw invalid(isWalletError(cause) ? cause.code : 'parse', cause)
  }
  if (parsed.header.typ !== PAIRWISE_SUBJECT_TYP) throw invalid('typ')
  const platform = ctx.trust.platform
  const key = platform?.keys.find((k) => k.kid === parsed.header.kid)
  if (!platform || !key) throw invalid('kid')
  try {
    await verifyJwsSignature(parsed, key.jwk, ctx.backend)
  } catch (cause) {
    throw invalid('signature', cause)
  }
  const c = parsed.payload
  if (c.iss !== platform.id) throw invalid('iss')
  if (c.aud !== ctx.clientId) throw invalid('aud')
  if (typeof c.sub !== 'string' || !SUB.test(c.sub)) throw invalid('sub')
  const cnf = c.cnf as { jkt?: unknown } | undefined
  if (!cnf || cnf.jkt !== jwkThumbprint(ctx.deviceKey)) throw invalid('cnf')
  if (typeof c.iat !== 'number' || typeof c.exp !== 'number' || c.exp - c.iat > PAIRWISE_SUBJECT_MAX_SEC || c.iat > ctx.nowSec + SKEW_SEC || ctx.nowSec > c.exp + SKEW_SEC) throw invalid('time')
  if (ctx.nowSec < key.notBefore || c.iat > key.notAfter || key.compromisedAt !== undefined) throw invalid('key-window')
  return { iss: c.iss, sub: c.sub, aud: c.aud, cnf: { jkt: cnf.jkt as string }, iat: c.iat, exp: c.exp }
}
