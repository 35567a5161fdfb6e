import { WalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, JwsHeader, SignatureAlg } from '../crypto/types'
import { jwsAlgOf } from '../crypto/suite'
import { readFormatByte, writeFormatByte } from './formatByte'
import { checkIssuerSigned } from '../credential/lib/checkIssuerSigned'
import type { TrustList, TrustedIssuer } from '../trust/types'
import type { CertModule } from '../../certs/types'
import { bearerFields } from '../../certs/bearerFields'
import { BEARER_MAX_DAYS, BEARER_USE_BY_CODE, BEARER_USE_CODES, type BearerUse } from '../../vocabulary/bearerUses'
import { base45Decode, base45Encode } from './base45'
import { ByteReader, ByteWriter } from './bytes'
import { readCertClaims, signDetached, writeCertClaims, type ClaimValue, type Registry } from './purposeCredential'
import type { StatusAnswer } from './presentation'

/**
 * Bearer credential (CWP1): one certificate's few fields, signed by its issuing authority, bound
 * to no device — a printed paper credential or a degree share. See docs/presentation-format.md.
 */
export const BEARER_PREFIX = 'CWP1:'
export const BEARER_HEADER: JwsHeader = { alg: 'ES256', typ: 'cw-bearer' }
const MAX_BEARER_LENGTH = 2048
const SKEW_SECONDS = 30
const DAY = 86400

export interface BearerCredentialBody {
  /** The issuer's suite, as the format byte says (set from the issuer key when signing). */
  alg?: SignatureAlg
  use: BearerUse
  kid: string
  iat: number
  exp: number
  /** The paper's id or the share code: how holder and issuer name it. */
  ref: string
  /** One issuer list: the bearer credential's own entry first, then the certificate's. */
  status: { listId: string; ownIdx: number; certIdx: number }
  kind: string
  claims: Record<string, ClaimValue>
}

export function encodeBearerBody(body: BearerCredentialBody, registry: Registry): Uint8Array {
  if (body.exp < body.iat) throw new WalletError('ERR_MALFORMED', { detail: 'exp' })
  const w = new ByteWriter().u8(writeFormatByte(body.alg ?? 'ES256')).u8(BEARER_USE_CODES[body.use]).str(body.kid).varint(body.iat).varint(body.exp - body.iat)
  w.str(body.ref).str(body.status.listId).varint(body.status.ownIdx).varint(body.status.certIdx)
  writeCertClaims(w, { kind: body.kind, claims: body.claims }, registry)
  return w.finish()
}

export function decodeBearerBody(bytes: Uint8Array, registry: Registry): BearerCredentialBody {
  const r = new ByteReader(bytes)
  const format = readFormatByte(r.u8(), 'bearer-version', false)
  const use = BEARER_USE_BY_CODE[r.u8()]
  if (!use) throw new WalletError('ERR_MALFORMED', { detail: 'bearer-use' })
  const kid = r.str(64)
  const iat = r.varint()
  const exp = iat + r.varint()
  const ref = r.str(32)
  const status = { listId: r.str(64), ownIdx: r.varint(), certIdx: r.varint() }
  const { kind, claims } = readCertClaims(r, registry)
  if (!r.done) throw new WalletError('ERR_MALFORMED', { detail: 'trailing-bytes' })
  return { alg: format.issuer, use, kid, iat, exp, ref, status, kind, claims }
}

/** The QR text: `CWP1:` + Base45(body ‖ 64-byte signature by the issuer, ES256 or SM2SM3). */
export async function signBearerCredential(body: BearerCredentialBody, issuerKey: EcPrivateJwk & { kid: string }, registry: Registry, backend: CryptoBackend): Promise<string> {
  const bytes = encodeBearerBody({ ...body, kid: issuerKey.kid, alg: jwsAlgOf(issuerKey) ?? 'ES256' }, registry)
  const sig = await signDetached(bytes, BEARER_HEADER, issuerKey, backend)
  const all = new Uint8Array(bytes.length + 64)
  all.set(bytes)
  all.set(sig, bytes.length)
  return BEARER_PREFIX + base45Encode(all)
}

export function isBearerText(text: string): boolean {
  return typeof text === 'string' && text.trim().startsWith(BEARER_PREFIX)
}

export interface BearerContext {
  trust: TrustList
  registry: { modules: readonly CertModule[] }
  backend: CryptoBackend
  /** Seconds since epoch. */
  now: number
  /** Status of an entry of the issuer's list (cached lists when offline); omitted = not checked. */
  /** Status of an entry; `issuer` is the credential's issuer id, whose own list it must be. */
  status?: (ref: { listId: string; idx: number; issuer: string }) => Promise<StatusAnswer>
  /** What this verifier accepts (a hotel desk: paper ID cards); omitted = any. */
  accepts?: (use: BearerUse, kind: string) => boolean
}

export interface VerifiedBearer {
  use: BearerUse
  ref: string
  kind: string
  label: string
  issuer: TrustedIssuer
  claims: Record<string, ClaimValue>
  issuedAt: number
  expiresAt: number
  checks: { issuerSignature: true; status: 'valid' | 'not-checked' }
}

/** Splits and decodes without verifying: for explaining a red screen, and for the issuer's own records. */
export function readBearerCredential(text: string, registry: Registry): { body: BearerCredentialBody; bodyBytes: Uint8Array; sig: Uint8Array } {
  if (!isBearerText(text)) throw new WalletError('ERR_MALFORMED', { detail: 'prefix' })
  const t = text.trim()
  if (t.length > MAX_BEARER_LENGTH) throw new WalletError('ERR_TOO_LARGE')
  const all = base45Decode(t.slice(BEARER_PREFIX.length))
  if (all.length < 64 + 8) throw new WalletError('ERR_MALFORMED', { detail: 'truncated' })
  const bodyBytes = all.subarray(0, all.length - 64)
  return { body: decodeBearerBody(bodyBytes, registry), bodyBytes, sig: all.subarray(all.length - 64) }
}

/**
 * Verifies a bearer credential offline. Order: size → encoding → shape → kid → issuer signature →
 * key window → validity (and a lifetime no longer than its use allows) → issuer listed for the
 * kind → only the use's fields → the verifier accepts it → status: its own entry (the holder
 * revoked the paper or the share → ERR_CERT_REVOKED, detail `bearer-revoked`), then the
 * certificate's (cancelled or reissued → ERR_CERT_REVOKED, detail `cert-revoked`).
 * No replay check: a bearer credential is meant to be shown again; no device proof: paper cannot sign.
 */
export async function verifyBearerCredential(text: string, ctx: BearerContext): Promise<VerifiedBearer> {
  const { body, bodyBytes, sig } = readBearerCredential(text, ctx.registry)
  const found = await checkIssuerSigned(
    { kid: body.kid, alg: body.alg ?? 'ES256', bytes: bodyBytes, signature: sig, header: BEARER_HEADER, iat: body.iat, exp: body.exp, kinds: [body.kind] },
    { trust: ctx.trust, backend: ctx.backend, now: ctx.now, skewSeconds: SKEW_SECONDS, maxLifetimeSeconds: BEARER_MAX_DAYS[body.use] * DAY }
  )
  const allowed = bearerFields(ctx.registry.modules, body.use, body.kind)
  if (!allowed) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: body.kind })
  const extra = Object.keys(body.claims).filter((k) => !allowed.includes(k))
  if (extra.length) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: extra.join(',') })
  if (ctx.accepts && !ctx.accepts(body.use, body.kind)) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'verifier-role' })
  if (ctx.status) {
    for (const [idx, which] of [[body.status.ownIdx, 'bearer-revoked'], [body.status.certIdx, 'cert-revoked']] as const) {
      const s = await ctx.status({ listId: body.status.listId, idx, issuer: found.issuer.id })
      if (s === 'invalid') throw new WalletError('ERR_CERT_REVOKED', { detail: which })
      if (s === 'suspended') throw new WalletError('ERR_CERT_SUSPENDED', { detail: which })
      if (s !== 'valid') throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'value' })
    }
  }
  const module = ctx.registry.modules.find((m) => m.kind === body.kind)!
  return {
    use: body.use,
    ref: body.ref,
    kind: body.kind,
    label: module.label,
    issuer: found.issuer,
    claims: body.claims,
    issuedAt: body.iat,
    expiresAt: body.exp,
    checks: { issuerSignature: true, status: ctx.status ? 'valid' : 'not-checked' }
  }
}
