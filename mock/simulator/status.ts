import { encodeStatusList, signJwt, STATUS_INVALID, STATUS_LIST_TYP, STATUS_LIST_URI_BASE, STATUS_SUSPENDED, STATUS_VALID } from '../coreImports'
import { DAY } from './clock'
import type { SimulatorContext } from './context'
import { freshStatusIndex, STATUS_LIST_SIZE } from './statusIndex'
import { signingKey } from './trust'
import { SimulatorError, type Simulator } from './types'

/** Canonical base of the URIs inside tokens; clients fetch by the last path segment from their own base. */
export const STATUS_URI_BASE = STATUS_LIST_URI_BASE

/** What a verifier reads from a status entry. */
export type StatusAnswer = 'valid' | 'invalid' | 'suspended' | 'unknown'

/** Every entry of issuer `slug`'s list: its certificates, then its papers and shares. */
export function statusValues(ctx: SimulatorContext, slug: string): Uint8Array {
  const values = new Uint8Array(STATUS_LIST_SIZE)
  for (const rec of ctx.state.certs.values()) {
    if (rec.issuer.slug !== slug) continue
    values[rec.statusIdx] = rec.status === 'revoked' || rec.status === 'superseded' ? STATUS_INVALID : rec.status === 'suspended' ? STATUS_SUSPENDED : STATUS_VALID
  }
  for (const b of ctx.state.bearers.values()) if (b.slug === slug) values[b.statusIdx] = b.revokedAt === null ? STATUS_VALID : STATUS_INVALID
  return values
}

/**
 * One entry as the server itself looks it up (online 核验, 医保码): no signed list in between.
 * `issuerId` is the credential's issuer: a list answers only for its own issuer's credentials.
 */
export function statusAnswer(ctx: SimulatorContext, slug: string, idx: number, issuerId: string): StatusAnswer {
  const owner = ctx.state.issuers.get(slug)
  if (!owner) return 'unknown'
  if (owner.id !== issuerId) throw new SimulatorError('ERR_STATUS_LIST_INVALID', 400, 'issuer')
  const v = statusValues(ctx, slug)[idx]
  return v === STATUS_VALID ? 'valid' : v === STATUS_INVALID ? 'invalid' : v === STATUS_SUSPENDED ? 'suspended' : 'unknown'
}

/** Indexes already used in issuer `slug`'s list. */
export function takenStatusIndexes(ctx: SimulatorContext, slug: string): Set<number> {
  const taken = new Set([...ctx.state.certs.values()].filter((r) => r.issuer.slug === slug).map((r) => r.statusIdx))
  for (const b of ctx.state.bearers.values()) if (b.slug === slug) taken.add(b.statusIdx)
  return taken
}

/** 状态列表: each issuer's Token Status List, signed by the issuer's current key. */
export function createStatusLists(ctx: SimulatorContext): Pick<Simulator, 'statusList'> {
  return {
    async statusList(listId) {
      const issuer = ctx.state.issuers.get(listId)
      if (!issuer) throw new SimulatorError('ERR_NOT_FOUND', 404, 'status-list')
      const iat = ctx.nowSec()
      const payload = { sub: STATUS_URI_BASE + listId, iat, exp: iat + DAY, ttl: 3600, status_list: encodeStatusList(statusValues(ctx, listId), 2) }
      const key = signingKey(issuer, iat)
      return signJwt(payload, { typ: STATUS_LIST_TYP, kid: key.kid }, key.privateJwk, ctx.backend)
    }
  }
}

/** A free entry in issuer `slug`'s list for a credential issued now (a reissued card, a paper, a share). */
export function allocStatusIndex(ctx: SimulatorContext, slug: string): number {
  return freshStatusIndex(ctx.random, takenStatusIndexes(ctx, slug))
}
