import { PAPER_DAYS } from '../coreImports'
import { isoOfSec } from './clock'
import { bearerStatus, holderBearers, issueBearer, ownBearer, revokeBearer, usableCertFor } from './bearer'
import { readableCode } from './codes'
import type { SimulatorContext } from './context'
import type { BearerRecord } from './state'
import { type PaperCredential, type Simulator } from './types'

function paperView(ctx: SimulatorContext, b: BearerRecord): PaperCredential {
  return {
    paperId: b.ref,
    certId: b.certId,
    kind: ctx.state.certs.get(b.certId)!.kind,
    credential: b.credential,
    issuedAt: isoOfSec(b.issuedAt),
    expiresAt: isoOfSec(b.expiresAt),
    status: bearerStatus(ctx, b),
    ...(b.revokedAt !== null ? { revokedAt: isoOfSec(b.revokedAt) } : {})
  }
}

/** A paper credential of `holderId`'s own usable certificate (the holder's, or a relative's through 家人代办). */
export async function issuePaperOf(ctx: SimulatorContext, holderId: string, certId: string): Promise<PaperCredential> {
  const rec = usableCertFor(ctx, holderId, certId, 'paper')
  return paperView(ctx, await issueBearer(ctx, rec, 'paper', 'P' + readableCode(ctx.random, 9), PAPER_DAYS))
}

/** 纸质凭证: a printable bearer credential for people without a smartphone, revocable by the holder. */
export function createPaperCredentials(ctx: SimulatorContext): Pick<Simulator, 'issuePaperCredential' | 'listPaperCredentials' | 'revokePaperCredential'> {
  return {
    issuePaperCredential: (holderId, certId) => issuePaperOf(ctx, holderId, certId),
    listPaperCredentials(holderId) {
      return holderBearers(ctx, holderId, 'paper').map((b) => paperView(ctx, b))
    },
    revokePaperCredential(holderId, paperId) {
      return paperView(ctx, revokeBearer(ctx, ownBearer(ctx, holderId, paperId, 'paper')))
    }
  }
}
