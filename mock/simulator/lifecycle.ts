import { generateCertId, nextVersion, type CertModule } from '../coreImports'
import { dateSec, DAY, isoOfSec, isPast } from './clock'
import { documentValidUntil, getCert } from './certificates'
import type { SimulatorContext } from './context'
import type { CertRecord } from './state'
import { allocStatusIndex } from './status'
import { SimulatorError, type CertificateChange, type Simulator } from './types'

/** The card was cancelled or replaced already: neither can happen twice. */
function assertLive(rec: CertRecord): void {
  if (rec.status === 'superseded' || rec.status === 'revoked') throw new SimulatorError('ERR_CONFLICT', 409, rec.status)
}

/** Claims an admin call may set: the kind's own, shown or masked (never a hidden one), plain values. */
function checkedClaims(module: CertModule, claims: unknown): Record<string, string | number | boolean> {
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'claims')
  for (const [name, value] of Object.entries(claims)) {
    const field = module.fields.find((f) => f.name === name)
    if (!field || field.sensitivity === 'hidden' || !['string', 'number', 'boolean'].includes(typeof value)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'claims')
  }
  return claims as Record<string, string | number | boolean>
}

/**
 * A certificate's life after issue: 补换领 (reissue, a new version), 注销 (revoke), and expiry, as
 * the changes a holder's wallet syncs.
 */
export function createLifecycle(ctx: SimulatorContext): Pick<Simulator, 'changesSince' | 'reissue' | 'revoke' | 'suspend' | 'reinstate' | 'issueCertificate'> {
  return {
    changesSince(holderId, since) {
      const nowSec = ctx.nowSec()
      const out: CertificateChange[] = ctx.state.changes.filter((c) => c.holderId === holderId).map(({ holderId: _h, ...c }) => c)
      for (const rec of ctx.state.certs.values()) {
        if (rec.holderId !== holderId || rec.status !== 'valid') continue
        const until = documentValidUntil(ctx.registry.require(rec.kind), rec.claims)
        if (isPast(until, nowSec)) out.push({ certId: rec.certId, change: 'expired', at: isoOfSec(dateSec(String(until)) + DAY) })
      }
      return out.filter((c) => !since || Date.parse(c.at) > since.getTime()).sort((a, b) => a.at.localeCompare(b.at))
    },
    reissue(certId, changes) {
      const rec = getCert(ctx, certId)
      assertLive(rec)
      const changed = changes === undefined ? {} : checkedClaims(ctx.registry.require(rec.kind), changes)
      const newId = nextVersion(certId)
      rec.status = 'superseded'
      ctx.state.certs.set(newId, { ...rec, certId: newId, claims: { ...rec.claims, ...changed }, status: 'valid', statusIdx: allocStatusIndex(ctx, rec.issuer.slug) })
      ctx.state.changes.push({ holderId: rec.holderId, certId, change: 'reissued', newCertId: newId, at: ctx.now().toISOString() })
      return { oldCertId: certId, newCertId: newId }
    },
    revoke(certId) {
      const rec = getCert(ctx, certId)
      assertLive(rec)
      rec.status = 'revoked'
      ctx.state.changes.push({ holderId: rec.holderId, certId, change: 'revoked', at: ctx.now().toISOString() })
      return { certId, status: 'revoked' }
    },
    suspend(certId) {
      const rec = getCert(ctx, certId)
      if (rec.status !== 'valid') throw new SimulatorError('ERR_CONFLICT', 409, rec.status)
      rec.status = 'suspended'
      ctx.state.changes.push({ holderId: rec.holderId, certId, change: 'suspended', at: ctx.now().toISOString() })
      return { certId, status: 'suspended' }
    },
    reinstate(certId) {
      const rec = getCert(ctx, certId)
      if (rec.status !== 'suspended') throw new SimulatorError('ERR_CONFLICT', 409, rec.status)
      rec.status = 'valid'
      return { certId, status: 'valid' }
    },
    issueCertificate(holderId, input) {
      if (!ctx.seedData.people.some((p) => p.id === holderId)) throw new SimulatorError('ERR_NOT_FOUND', 404, 'holder')
      const module = ctx.registry.find(input.kind)
      if (!module) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'kind')
      const issuer = ctx.state.issuers.get(input.issuer)
      // The trust list names the kinds each issuer signs: only a kind it is listed for.
      if (!issuer || issuer.authority !== module.authority || !issuer.kinds.includes(module.kind)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'issuer')
      const claims = checkedClaims(module, input.claims)
      let certId: string
      do {
        const serial = Array.from(ctx.random(10), (b) => String(b % 10)).join('')
        certId = generateCertId({ typeCode: module.typeCode, issuerCode: issuer.id, serial, version: 1 })
      } while (ctx.state.certs.has(certId))
      ctx.state.certs.set(certId, { certId, kind: module.kind, holderId, issuer, claims, status: 'valid', statusIdx: allocStatusIndex(ctx, issuer.slug) })
      return { certId }
    }
  }
}
