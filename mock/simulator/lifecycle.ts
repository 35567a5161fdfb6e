import { nextVersion } from '../coreImports'
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

/**
 * A certificate's life after issue: 补换领 (reissue, a new version), 注销 (revoke), and expiry, as
 * the changes a holder's wallet syncs.
 */
export function createLifecycle(ctx: SimulatorContext): Pick<Simulator, 'changesSince' | 'reissue' | 'revoke'> {
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
    reissue(certId) {
      const rec = getCert(ctx, certId)
      assertLive(rec)
      const newId = nextVersion(certId)
      rec.status = 'superseded'
      ctx.state.certs.set(newId, { ...rec, certId: newId, status: 'valid', statusIdx: allocStatusIndex(ctx, rec.issuer.slug) })
      ctx.state.changes.push({ holderId: rec.holderId, certId, change: 'reissued', newCertId: newId, at: ctx.now().toISOString() })
      return { oldCertId: certId, newCertId: newId }
    },
    revoke(certId) {
      const rec = getCert(ctx, certId)
      assertLive(rec)
      rec.status = 'revoked'
      ctx.state.changes.push({ holderId: rec.holderId, certId, change: 'revoked', at: ctx.now().toISOString() })
      return { certId, status: 'revoked' }
    }
  }
}
