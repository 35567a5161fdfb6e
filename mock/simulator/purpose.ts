import {
  base64urlEncode,
  PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS,
  PURPOSE_CREDENTIAL_LIFETIME_SECONDS,
  signPurposeCredential,
  type ClaimValue,
  type EcPublicJwk,
  type PurposeAgent,
  type PurposeId
} from '../coreImports'
import { DAY, isoOfSec } from './clock'
import { ageOver18, capToDocument, currentStatus } from './certificates'
import type { SimulatorContext } from './context'
import { assertDeviceKey, recordSetKeys, registerDevice } from './devices'
import type { CertRecord } from './state'
import { signingKey } from './trust'
import { SimulatorError, type PurposeCredentialBatch, type Simulator } from './types'

/** Layout-1 purpose credentials (a wallet from before set keys) live 7 days, never past the document. */
const PURPOSE_CREDENTIAL_DAYS = 7
const MAX_SETS = 20
/**
 * Layout 2: each set's `iat` is moved back by a random 0–59 min, so the sets of one batch do not
 * share an issue time to the second (it would join them as surely as a shared key).
 */
const IAT_JITTER_SECONDS = 3600

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

const publicOf = ({ kty, crv, x, y }: EcPublicJwk): EcPublicJwk => ({ kty, crv, x, y })

/** `min(exp, the document's own end)` over the chosen certificates. */
function capAll(ctx: SimulatorContext, chosen: CertRecord[], exp: number): number {
  for (const rec of chosen) exp = capToDocument(exp, ctx.registry.require(rec.kind), rec.claims)
  return exp
}

/**
 * 亮证 purpose credentials of `holderId`'s certificates, one credential per issuer in each set.
 * - `keys` a list (issue #16): one set per key, set i bound to keys[i] (fresh keys the phone made;
 *   the caller authenticated the request with `deviceKey`'s DPoP proof, so the platform records them
 *   as that device's set keys). Layout 2: 24 h, no status index, a grace to 72 h after `iat` (both
 *   never past the document's own end), `iat` jittered per set.
 * - `keys` a number (a wallet from before set keys): that many layout-1 sets bound to `deviceKey`
 *   itself, 7 days, with the certificates' status entries.
 * A revoked or suspended certificate in a required slot is refused here: that refusal is how a
 * revocation reaches layout-2 credentials. `register` false: `deviceKey` is the payer's phone (家庭共济:
 * a relative's 医保码 on it), registered to the payer already; set keys are recorded as that phone's,
 * with the relative's certificates' status entries, so a revocation or a lost phone reaches them too.
 */
export async function purposeBatch(
  ctx: SimulatorContext,
  holderId: string,
  purpose: string,
  deviceKey: EcPublicJwk,
  keys: number | readonly EcPublicJwk[],
  register: boolean,
  delegated?: { agent: PurposeAgent }
): Promise<PurposeCredentialBatch> {
  // 代为出示 (issue #13): set keys only (layout 3 is layout 2 plus the agent block).
  if (delegated && typeof keys === 'number') throw new SimulatorError('ERR_BAD_REQUEST', 400, 'setKeys')
  if (!ctx.registry.slots(purpose).length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purpose')
  const count = typeof keys === 'number' ? keys : Array.isArray(keys) ? keys.length : NaN
  if (!Number.isInteger(count) || count < 1 || count > MAX_SETS) throw new SimulatorError('ERR_BAD_REQUEST', 400, typeof keys === 'number' ? 'count' : 'setKeys')
  assertDeviceKey(deviceKey)
  const setKeys = typeof keys === 'number' ? null : keys.map(publicOf)
  if (setKeys) {
    for (const k of setKeys) {
      try {
        assertDeviceKey(k)
      } catch {
        throw new SimulatorError('ERR_BAD_REQUEST', 400, 'setKeys')
      }
    }
    if (new Set(setKeys.map((k) => k.x)).size !== setKeys.length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'setKeys')
  }
  const now = ctx.nowSec()
  const chosen = chooseCertificates(ctx, holderId, purpose)
  if (register) registerDevice(ctx, holderId, deviceKey)
  const byIssuer = new Map<string, CertRecord[]>()
  for (const rec of chosen) byIssuer.set(rec.issuer.slug, [...(byIssuer.get(rec.issuer.slug) ?? []), rec])

  const sets: { credentials: string[] }[] = []
  let earliest = Infinity
  if (setKeys) {
    const status = chosen.map((r) => ({ slug: r.issuer.slug, idx: r.statusIdx }))
    recordSetKeys(ctx, deviceKey, setKeys, capAll(ctx, chosen, now + PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS), status, delegated?.agent.linkId)
  }
  for (let i = 0; i < count; i++) {
    const jitter = setKeys ? ((ctx.random(2)[0] << 8) | ctx.random(1)[0]) % IAT_JITTER_SECONDS : 0
    const iat = now - jitter
    const exp = setKeys ? capAll(ctx, chosen, iat + PURPOSE_CREDENTIAL_LIFETIME_SECONDS) : capAll(ctx, chosen, now + PURPOSE_CREDENTIAL_DAYS * DAY)
    const until = capAll(ctx, chosen, iat + PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS)
    earliest = Math.min(earliest, exp)
    const credentials: string[] = []
    for (const recs of byIssuer.values()) {
      const body = {
        purpose: purpose as PurposeId,
        kid: '',
        iat,
        exp,
        ...(setKeys
          ? { layout: 2 as const, grace: Math.max(0, until - exp), status: [], deviceKey: setKeys[i] }
          : { layout: 1 as const, status: recs.map((r) => ({ listId: r.issuer.slug, idx: r.statusIdx })), deviceKey: publicOf(deviceKey) }),
        certs: recs.map((r) => ({ kind: r.kind, claims: presetClaims(ctx, r, purpose, now) })),
        ...(delegated ? { agent: delegated.agent } : {})
      }
      credentials.push(base64urlEncode(await signPurposeCredential(body, signingKey(recs[0].issuer, iat).privateJwk, ctx.registry, ctx.backend)))
    }
    sets.push({ credentials })
  }
  return { purpose: purpose as PurposeId, sets, kinds: chosen.map((r) => r.kind), expiresAt: isoOfSec(earliest) }
}

/** 亮证: batches of short-lived purpose credentials for the holder's own phone. */
export function createPurposeCredentials(ctx: SimulatorContext): Pick<Simulator, 'issuePurposeCredentials'> {
  return {
    issuePurposeCredentials: (holderId, purpose, deviceKey, keys) => purposeBatch(ctx, holderId, purpose, deviceKey, keys, true)
  }
}
