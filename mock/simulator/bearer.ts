import { BEARER_PREMASKED, maskValue, signBearerCredential, type BearerUse, type ClaimValue } from '../coreImports'
import { DAY } from './clock'
import { capToDocument, currentStatus, holderCert } from './certificates'
import type { SimulatorContext } from './context'
import type { BearerRecord, CertRecord } from './state'
import { allocStatusIndex } from './status'
import { signingKey } from './trust'
import { SimulatorError } from './types'

/**
 * Bearer credentials (CWP1) shared by paper credentials and degree shares: signed by the issuing
 * authority, bound to no device, with a status entry of their own next to the certificate's.
 */

/** The few fields a bearer credential carries; on paper, masked fields are masked before signing. */
export function bearerClaims(ctx: SimulatorContext, rec: CertRecord, use: BearerUse): Record<string, ClaimValue> {
  const module = ctx.registry.require(rec.kind)
  const claims: Record<string, ClaimValue> = {}
  for (const name of ctx.registry.bearerFields(use, rec.kind) ?? []) {
    const v = rec.claims[name]
    const spec = module.fields.find((f) => f.name === name)!
    if (typeof v === 'string') claims[name] = BEARER_PREMASKED[use] && spec.sensitivity === 'masked' && spec.mask ? maskValue(spec.mask, v) : v
    else if (typeof v === 'number' || typeof v === 'boolean') claims[name] = v
  }
  return claims
}

/** A holder's own, usable certificate of a kind `use` allows (404 / 400 / 409 otherwise). */
export function usableCertFor(ctx: SimulatorContext, holderId: string, certId: string, use: BearerUse): CertRecord {
  const rec = holderCert(ctx, holderId, certId)
  if (!ctx.registry.bearerFields(use, rec.kind)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'kind')
  const st = currentStatus(ctx, rec)
  if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
  if (st === 'expired') throw new SimulatorError('ERR_CERT_EXPIRED', 409)
  if (st === 'suspended') throw new SimulatorError('ERR_CERT_SUSPENDED', 409)
  return rec
}

/** Signs and records a bearer credential named `ref`, living `days` but never past the document. */
export async function issueBearer(ctx: SimulatorContext, rec: CertRecord, use: BearerUse, ref: string, days: number): Promise<BearerRecord> {
  const iat = ctx.nowSec()
  const exp = capToDocument(iat + days * DAY, ctx.registry.require(rec.kind), rec.claims)
  const statusIdx = allocStatusIndex(ctx, rec.issuer.slug)
  const credential = await signBearerCredential(
    { use, kid: '', iat, exp, ref, status: { listId: rec.issuer.slug, ownIdx: statusIdx, certIdx: rec.statusIdx }, kind: rec.kind, claims: bearerClaims(ctx, rec, use) },
    signingKey(rec.issuer, iat).privateJwk,
    ctx.registry,
    ctx.backend
  )
  const b: BearerRecord = { ref, use, holderId: rec.holderId, certId: rec.certId, slug: rec.issuer.slug, statusIdx, credential, issuedAt: iat, expiresAt: exp, revokedAt: null }
  ctx.state.bearers.set(ref, b)
  return b
}

/** valid / expired / revoked; a share or paper of a cancelled (or reissued-away) certificate is revoked too. */
export function bearerStatus(ctx: SimulatorContext, b: BearerRecord): 'valid' | 'expired' | 'revoked' {
  const cert = ctx.state.certs.get(b.certId)
  if (b.revokedAt !== null || !cert || cert.status === 'revoked' || cert.status === 'superseded') return 'revoked'
  return ctx.nowSec() > b.expiresAt ? 'expired' : 'valid'
}

/** The holder's own bearer credential `ref` of `use`; 404 for anyone else's. */
export function ownBearer(ctx: SimulatorContext, holderId: string, ref: string, use: BearerUse): BearerRecord {
  const b = ctx.state.bearers.get(ref)
  if (!b || b.holderId !== holderId || b.use !== use) throw new SimulatorError('ERR_NOT_FOUND', 404, use)
  return b
}

/** The holder's bearer credentials of `use`, newest first. */
export function holderBearers(ctx: SimulatorContext, holderId: string, use: BearerUse): BearerRecord[] {
  return [...ctx.state.bearers.values()].filter((b) => b.holderId === holderId && b.use === use).sort((a, b) => b.issuedAt - a.issuedAt)
}

/** Revokes once; revoking again keeps the first time. */
export function revokeBearer(ctx: SimulatorContext, b: BearerRecord): BearerRecord {
  if (b.revokedAt === null) b.revokedAt = ctx.nowSec()
  return b
}
