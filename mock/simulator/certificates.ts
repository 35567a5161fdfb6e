import { parseCertId, type CertModule } from '../coreImports'
import { dateSec, DAY, isPast, isYmd } from './clock'
import type { SimulatorContext } from './context'
import type { CertRecord } from './state'
import { SimulatorError, type CertStatus } from './types'

/** The document's own last valid day (yyyy-mm-dd or 长期), if its kind has one. */
export function documentValidUntil(module: CertModule, claims: Record<string, unknown>): unknown {
  return module.validity.validUntilField ? claims[module.validity.validUntilField] : undefined
}

/** `exp` cut back to the end of the document's last valid day: no credential outlives its document. */
export function capToDocument(exp: number, module: CertModule, claims: Record<string, unknown>): number {
  const until = documentValidUntil(module, claims)
  return isYmd(until) ? Math.min(exp, dateSec(until) + DAY) : exp
}

/** The record's status now: a valid record past its document's last day is expired. */
export function currentStatus(ctx: SimulatorContext, rec: CertRecord): CertStatus {
  if (rec.status !== 'valid') return rec.status
  return isPast(documentValidUntil(ctx.registry.require(rec.kind), rec.claims), ctx.nowSec()) ? 'expired' : 'valid'
}

/** The certificate a 证照标识 names: 400 for a malformed one, 404 for an unknown one. */
export function getCert(ctx: SimulatorContext, certId: string): CertRecord {
  parseCertId(certId) // ERR_IDENTIFIER_FORMAT / ERR_IDENTIFIER_CHECK → 400
  const rec = ctx.state.certs.get(certId)
  if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
  return rec
}

/** `getCert`, but someone else's certificate is as unknown as a missing one. */
export function holderCert(ctx: SimulatorContext, holderId: string, certId: string): CertRecord {
  const rec = getCert(ctx, certId)
  if (rec.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
  return rec
}

/** Which certificate (and so which holder) a status entry belongs to: a certificate's own, a paper's or a share's. */
export function certForStatusEntry(ctx: SimulatorContext, slug: string, idx: number): CertRecord | null {
  for (const rec of ctx.state.certs.values()) if (rec.issuer.slug === slug && rec.statusIdx === idx) return rec
  for (const b of ctx.state.bearers.values()) if (b.slug === slug && b.statusIdx === idx) return ctx.state.certs.get(b.certId) ?? null
  return null
}

/** 18+ from a birth date, or from the 18-digit ID number's yyyymmdd when there is none. */
export function ageOver18(claims: Record<string, unknown>, nowSec: number): boolean | undefined {
  let birth = typeof claims.birth_date === 'string' ? claims.birth_date : undefined
  if (!birth && typeof claims.id_number === 'string' && claims.id_number.length === 18) {
    const n = claims.id_number
    birth = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`
  }
  if (!birth) return undefined
  const [y, m, d] = birth.split('-').map(Number)
  return dateSec(`${y + 18}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) <= nowSec
}
