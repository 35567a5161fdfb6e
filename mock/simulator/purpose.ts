import { base64urlEncode, signPurposeCredential, type ClaimValue, type EcPublicJwk, type PurposeId } from '../coreImports'
import { DAY, isoOfSec } from './clock'
import { ageOver18, capToDocument, currentStatus } from './certificates'
import type { SimulatorContext } from './context'
import { assertDeviceKey, registerDevice } from './devices'
import type { CertRecord } from './state'
import { signingKey } from './trust'
import { SimulatorError, type PurposeCredentialBatch, type Simulator } from './types'

/** Purpose credentials live 7 days (refreshed online), never past the document's own validity. */
const PURPOSE_CREDENTIAL_DAYS = 7
const MAX_SETS = 20

/** The holder's certificates that fill the purpose's slots; throws when a required slot stays empty. */
function chooseCertificates(ctx: SimulatorContext, holderId: string, purpose: string): CertRecord[] {
  // The slots come from the kinds' presets, extra kinds included (a 户口簿 fills the ones it names).
  const slots = ctx.registry.slots(purpose)
  if (!slots.length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purpose')
  const mine = [...ctx.state.certs.values()].filter((r) => r.holderId === holderId && r.status !== 'superseded')
  const chosen: CertRecord[] = []
  for (const slot of slots) {
    const candidates = slot.kinds.flatMap((k) => mine.filter((r) => r.kind === k))
    const usable = candidates.find((r) => currentStatus(ctx, r) === 'valid')
    if (usable) chosen.push(usable)
    else if (slot.required) {
      const st = candidates[0] ? currentStatus(ctx, candidates[0]) : null
      if (st === 'expired') throw new SimulatorError('ERR_CERT_EXPIRED', 409)
      if (st === 'revoked') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      // 暂扣: said as such (detail: the kind), not as a cancellation.
      if (st === 'suspended') throw new SimulatorError('ERR_CERT_SUSPENDED', 409, candidates[0].kind)
      throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate-for-purpose')
    }
  }
  return chosen
}

/** One certificate's claims for the purpose: exactly its kind's preset, `age_over_18` computed now. */
function presetClaims(ctx: SimulatorContext, rec: CertRecord, purpose: string, iat: number): Record<string, ClaimValue> {
  const preset = ctx.registry.require(rec.kind).presets.find((p) => p.purpose === purpose)!
  const claims: Record<string, ClaimValue> = {}
  for (const f of preset.fields) {
    const v = f === 'age_over_18' ? ageOver18(rec.claims, iat) : rec.claims[f]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') claims[f] = v
  }
  return claims
}

/**
 * 亮证 purpose credentials of `holderId`'s certificates bound to `deviceKey`: `count` sets, one
 * credential per issuer in each. `register` false: the key is a relative's phone (家庭共济),
 * registered to that relative already.
 */
export async function purposeBatch(ctx: SimulatorContext, holderId: string, purpose: string, deviceKey: EcPublicJwk, count: number, register: boolean): Promise<PurposeCredentialBatch> {
  if (!ctx.registry.slots(purpose).length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purpose')
  if (!Number.isInteger(count) || count < 1 || count > MAX_SETS) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'count')
  assertDeviceKey(deviceKey)
  const iat = ctx.nowSec()
  const chosen = chooseCertificates(ctx, holderId, purpose)
  if (register) registerDevice(ctx, holderId, deviceKey)
  let exp = iat + PURPOSE_CREDENTIAL_DAYS * DAY
  for (const rec of chosen) exp = capToDocument(exp, ctx.registry.require(rec.kind), rec.claims)
  const byIssuer = new Map<string, CertRecord[]>()
  for (const rec of chosen) byIssuer.set(rec.issuer.slug, [...(byIssuer.get(rec.issuer.slug) ?? []), rec])
  const { kty, crv, x, y } = deviceKey
  const sets: { credentials: string[] }[] = []
  for (let i = 0; i < count; i++) {
    const credentials: string[] = []
    for (const recs of byIssuer.values()) {
      const body = {
        purpose: purpose as PurposeId,
        kid: '',
        iat,
        exp,
        status: recs.map((r) => ({ listId: r.issuer.slug, idx: r.statusIdx })),
        deviceKey: { kty, crv, x, y },
        certs: recs.map((r) => ({ kind: r.kind, claims: presetClaims(ctx, r, purpose, iat) }))
      }
      credentials.push(base64urlEncode(await signPurposeCredential(body, signingKey(recs[0].issuer, iat).privateJwk, ctx.registry, ctx.backend)))
    }
    sets.push({ credentials })
  }
  return { purpose: purpose as PurposeId, sets, kinds: chosen.map((r) => r.kind), expiresAt: isoOfSec(exp) }
}

/** 亮证: batches of short-lived purpose credentials for the holder's own phone. */
export function createPurposeCredentials(ctx: SimulatorContext): Pick<Simulator, 'issuePurposeCredentials'> {
  return {
    issuePurposeCredentials: (holderId, purpose, deviceKey, count) => purposeBatch(ctx, holderId, purpose, deviceKey, count, true)
  }
}
