import { checkDpopProof, DPOP_MAX_SKEW_SEC, toWalletError, type Api, type ErrorCode } from '../coreImports'
import { DAY } from './clock'
import { hex } from './codes'
import type { SimulatorContext } from './context'
import { SimulatorError } from './types'

/** Access tokens live 15 minutes; the unlocked wallet refreshes them. */
export const ACCESS_TOKEN_TTL_SEC = 15 * 60
/** Refresh tokens live 30 days and are spent on use (rotation). */
export const REFRESH_TOKEN_TTL_SEC = 30 * DAY

/** A token the service issued: bound to the device key's thumbprint (RFC 9449 `cnf.jkt`). */
export interface TokenRecord {
  holderId: string
  /** RFC 7638 thumbprint of the device key; also the device id (mock/simulator/devices.ts). */
  jkt: string
  kind: 'access' | 'refresh'
  exp: number
  /** One sign-in's tokens, through every rotation: a reused refresh token ends them all. */
  family: string
  /** A refresh token already traded in (kept until `exp` to spot reuse). */
  spent?: boolean
  /** Ended by a deactivation, a rotation or a reuse (kept until `exp`, to answer ERR_TOKEN_REVOKED). */
  revoked?: boolean
}

/** What a holder call arrives with: the two headers and the request line. */
export interface HolderCallInput {
  authorization: string | null
  dpop: string | null
  method: string
  /** Path from /api/v1 on (the proof's `htu`). */
  path: string
}

const unauthorized = (code: ErrorCode, detail?: string) => new SimulatorError(code, 401, detail)

/** A fresh access + refresh token pair for `holderId`, bound to the key with thumbprint `jkt`. */
export function mintHolderTokens(ctx: SimulatorContext, holderId: string, jkt: string, family = hex(ctx.random(12))): Api.HolderTokens {
  const now = ctx.nowSec()
  for (const [t, r] of ctx.state.tokens) if (r.exp <= now) ctx.state.tokens.delete(t)
  const holderToken = 'ht-' + hex(ctx.random(24))
  const refreshToken = 'rt-' + hex(ctx.random(24))
  ctx.state.tokens.set(holderToken, { holderId, jkt, kind: 'access', exp: now + ACCESS_TOKEN_TTL_SEC, family })
  ctx.state.tokens.set(refreshToken, { holderId, jkt, kind: 'refresh', exp: now + REFRESH_TOKEN_TTL_SEC, family })
  return { holderToken, tokenType: 'DPoP', expiresIn: ACCESS_TOKEN_TTL_SEC, refreshToken, refreshExpiresIn: REFRESH_TOKEN_TTL_SEC }
}

/** Drops every token bound to the device key `jkt` (a phone deactivated as lost). */
export function revokeTokensOfDevice(ctx: SimulatorContext, jkt: string): void {
  for (const [t, r] of ctx.state.tokens) if (r.jkt === jkt) ctx.state.tokens.set(t, { ...r, revoked: true })
}

function revokeFamily(ctx: SimulatorContext, family: string, kind?: TokenRecord['kind']): void {
  for (const [t, r] of ctx.state.tokens) if (r.family === family && (!kind || r.kind === kind)) ctx.state.tokens.set(t, { ...r, revoked: true })
}

/**
 * Checks a DPoP proof (./dpop in the shared core) for this request and spends its `jti`. The key
 * it returns is the one that signed; the caller holds it to the token's binding.
 */
async function checkedProof(ctx: SimulatorContext, dpop: string | null, req: { htm: string; htu: string; token?: string }) {
  const now = ctx.nowSec()
  let proof
  try {
    proof = await checkDpopProof(dpop, req, { backend: ctx.backend, nowSec: now })
  } catch (e) {
    const coded = toWalletError(e)
    throw unauthorized(coded.code === 'ERR_UNKNOWN' ? 'ERR_DPOP_INVALID' : coded.code, coded.detail)
  }
  // Single use, per key: remembered a little longer than a proof can be fresh.
  const used = ctx.state.usedDpopJtis
  for (const [k, exp] of used) if (exp < now) used.delete(k)
  const key = `${proof.jkt}:${proof.jti}`
  if (used.has(key)) throw unauthorized('ERR_DPOP_REPLAYED')
  used.set(key, now + 2 * DPOP_MAX_SKEW_SEC + 1)
  return proof
}

function deviceDeactivated(ctx: SimulatorContext, jkt: string): boolean {
  return ctx.state.devices.get(jkt)?.status === 'deactivated'
}

/**
 * The holder behind a call: `Authorization: DPoP <token>` plus a `DPoP` proof by the key the token
 * is bound to. Checked before the body is read; every refusal is a 401 with its own code.
 */
export async function authenticateHolder(ctx: SimulatorContext, call: HolderCallInput): Promise<string> {
  const match = /^DPoP\s+(\S+)$/.exec(call.authorization ?? '')
  if (!match) throw unauthorized('ERR_UNAUTHORIZED', call.authorization ? 'scheme' : undefined)
  const token = match[1]
  const rec = ctx.state.tokens.get(token)
  if (!rec || rec.kind !== 'access') throw unauthorized('ERR_UNAUTHORIZED')
  if (rec.revoked || deviceDeactivated(ctx, rec.jkt)) throw unauthorized('ERR_TOKEN_REVOKED')
  if (rec.exp <= ctx.nowSec()) throw unauthorized('ERR_TOKEN_EXPIRED')
  const proof = await checkedProof(ctx, call.dpop, { htm: call.method, htu: call.path, token })
  if (proof.jkt !== rec.jkt) throw unauthorized('ERR_DPOP_KEY_MISMATCH')
  return rec.holderId
}

/**
 * A proof by a key alone, for a POST with no access token (no `ath`): the refresh call, and sign-in
 * (`completeFaceSession`), whose proof is by the device key the tokens will be bound to. Checked
 * before the body is read; the `jti` is spent here.
 */
export function checkKeyProof(ctx: SimulatorContext, dpop: string | null, path: string) {
  return checkedProof(ctx, dpop, { htm: 'POST', htu: path })
}

/**
 * Trades a refresh token for a new pair (the old one is spent). The proof's key must be the one
 * the refresh token is bound to. A spent token presented again ends the whole family: whoever
 * holds a copy and whoever holds the original both sign in again.
 */
export function refreshHolderTokens(ctx: SimulatorContext, refreshToken: string, proofJkt: string): Api.HolderTokens {
  const rec = ctx.state.tokens.get(refreshToken)
  if (!rec || rec.kind !== 'refresh') throw unauthorized('ERR_UNAUTHORIZED')
  if (rec.spent) {
    revokeFamily(ctx, rec.family)
    throw unauthorized('ERR_REFRESH_REUSED')
  }
  if (rec.revoked || deviceDeactivated(ctx, rec.jkt)) throw unauthorized('ERR_TOKEN_REVOKED')
  if (rec.exp <= ctx.nowSec()) throw unauthorized('ERR_TOKEN_EXPIRED')
  if (proofJkt !== rec.jkt) throw unauthorized('ERR_DPOP_KEY_MISMATCH')
  ctx.state.tokens.set(refreshToken, { ...rec, spent: true })
  // The access tokens of the family before this one end with the rotation.
  revokeFamily(ctx, rec.family, 'access')
  return mintHolderTokens(ctx, rec.holderId, rec.jkt, rec.family)
}
