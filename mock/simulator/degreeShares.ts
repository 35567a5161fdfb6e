import { DEGREE_SHARE_MAX_DAYS, DEGREE_SHARE_MIN_DAYS } from '../coreImports'
import { isoOfSec } from './clock'
import { bearerClaims, bearerStatus, holderBearers, issueBearer, ownBearer, revokeBearer, usableCertFor } from './bearer'
import { normalizeShareCode, readableCode } from './codes'
import type { SimulatorContext } from './context'
import type { BearerRecord } from './state'
import { SimulatorError, type DegreeShare, type Simulator } from './types'

function shareView(ctx: SimulatorContext, b: BearerRecord): DegreeShare {
  return {
    code: b.ref,
    certId: b.certId,
    createdAt: isoOfSec(b.issuedAt),
    expiresAt: isoOfSec(b.expiresAt),
    status: bearerStatus(ctx, b),
    ...(b.revokedAt !== null ? { revokedAt: isoOfSec(b.revokedAt) } : {})
  }
}

/** 学历分享: 学信网-style verification codes for a degree, and the public look-up of a code. */
export function createDegreeShares(ctx: SimulatorContext): Pick<Simulator, 'createDegreeShare' | 'listDegreeShares' | 'revokeDegreeShare' | 'checkDegreeShare'> {
  return {
    async createDegreeShare(holderId, certId, validDays) {
      if (!Number.isInteger(validDays) || validDays < DEGREE_SHARE_MIN_DAYS || validDays > DEGREE_SHARE_MAX_DAYS) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'validDays')
      const rec = usableCertFor(ctx, holderId, certId, 'degree-share')
      return shareView(ctx, await issueBearer(ctx, rec, 'degree-share', readableCode(ctx.random, 16), validDays))
    },
    listDegreeShares(holderId) {
      return holderBearers(ctx, holderId, 'degree-share').map((b) => shareView(ctx, b))
    },
    revokeDegreeShare(holderId, code) {
      return shareView(ctx, revokeBearer(ctx, ownBearer(ctx, holderId, normalizeShareCode(code), 'degree-share')))
    },
    async checkDegreeShare(code) {
      const b = ctx.state.bearers.get(normalizeShareCode(code))
      if (!b || b.use !== 'degree-share') throw new SimulatorError('ERR_NOT_FOUND', 404, 'share')
      const status = bearerStatus(ctx, b)
      const rec = ctx.state.certs.get(b.certId)!
      // The holder sees in 用证记录 that someone looked the code up (who, the public page cannot say).
      ctx.usage.record({
        holderId: b.holderId,
        at: ctx.now().toISOString(),
        channel: 'verification',
        certIds: [b.certId],
        kinds: [rec.kind],
        purpose: '学历验证码查验',
        verifier: null,
        fields: status === 'valid' ? Object.keys(bearerClaims(ctx, rec, 'degree-share')) : [],
        outcome: status === 'valid' ? 'accepted' : 'rejected'
      })
      return { code: b.ref, status, expiresAt: isoOfSec(b.expiresAt), checkedAt: ctx.now().toISOString(), ...(status === 'valid' ? { credential: b.credential } : {}) }
    }
  }
}
