import { DAY } from './clock'
import { currentStatus, getCert } from './certificates'
import { hex } from './codes'
import type { SimulatorContext } from './context'
import { SimulatorError, type Simulator } from './types'

/** How long a 加注件 download link stays open. */
const FILE_LINK_DAYS = 90

/** 文件调用: an organisation fetches the whole document, watermarked with who and why. */
export function createFileRetrieval(ctx: SimulatorContext): Pick<Simulator, 'retrieveFile'> {
  return {
    async retrieveFile({ certId, purpose, institution, holderId }) {
      if (!purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      // Who retrieves is the signed caller's registration, never a name in the body.
      const verifierName = institution.name
      const rec = getCert(ctx, certId)
      if (holderId && rec.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
      const st = currentStatus(ctx, rec)
      if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      const at = ctx.now()
      const id = 'fr-' + hex(ctx.random(10))
      const day = at.toISOString().slice(0, 10)
      const module = ctx.registry.require(rec.kind)
      // A file copy is the whole document: every field the certificate has goes out.
      ctx.usage.record({
        holderId: rec.holderId,
        at: at.toISOString(),
        channel: 'file-retrieval',
        certIds: [certId],
        kinds: [rec.kind],
        purpose: purpose.trim(),
        verifier: { name: verifierName, role: institution.role },
        fields: module.fields.filter((f) => rec.claims[f.name] !== undefined).map((f) => f.name),
        outcome: 'accepted'
      })
      return {
        retrievalId: id,
        certId,
        purpose: purpose.trim(),
        verifierName: verifierName,
        watermark: `仅供${verifierName}用于${purpose.trim()} ${day}`,
        fileUrl: `/api/v1/files/${id}`,
        expiresAt: new Date(at.getTime() + FILE_LINK_DAYS * DAY * 1000).toISOString()
      }
    }
  }
}
