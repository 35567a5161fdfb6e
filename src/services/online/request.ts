import { WalletError, isWalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'
import { isObject } from '../encoding'
import { assertSignedHeader, parseCompactJws, signJwt, verifyJwsSignature } from '../jws'
import { isPurposeId } from '../../vocabulary/purposes'
import type { CertModule, PurposeId } from '../../certs/types'
import { findRelyingParty, httpOrigin, isResponseUri } from './registry'
import { IDENTIFYING_CLAIMS, type AuthorizationRequestClaims, type ConsentView, type DcqlQuery, type RegisteredRelyingParty } from './types'

/** `typ` of a signed authorisation request (RFC 9101 §10.8). */
export const AUTHZ_REQUEST_TYP = 'oauth-authz-req+jwt'
/** Prefix of the request's QR text; the rest is the compact JWS itself (byte mode). */
export const REQUEST_PREFIX = 'CWR1:'
/** Longest request text the wallet reads. */
export const MAX_REQUEST_LENGTH = 4096
/** Longest life of a request (exp − iat), seconds. */
export const REQUEST_MAX_LIFETIME_SEC = 600
const CLOCK_SKEW_SEC = 60
const NONCE = /^[A-Za-z0-9_-]{16,64}$/
const STATE = /^[A-Za-z0-9_-]{1,128}$/

/** The DCQL-style query for `purpose` asking for `claims`. */
export function dcqlFor(purpose: PurposeId, claims: readonly string[]): DcqlQuery {
  return { credentials: [{ id: purpose, format: 'cw1-purpose', meta: { purpose }, claims: claims.map((c) => ({ path: [c] as [string] })) }] }
}

/** RP side: signs a request with the key it registered (`kid` = its client_id). */
export function signAuthorizationRequest(
  input: { clientId: string; responseUri: string; purpose: PurposeId; claims: readonly string[]; nonce: string; state: string; iat: number; lifetimeSec?: number },
  key: EcPrivateJwk,
  backend: CryptoBackend
): Promise<string> {
  const claims: AuthorizationRequestClaims = {
    iss: input.clientId,
    aud: 'https://self-issued.me/v2',
    client_id: input.clientId,
    response_type: 'vp_token',
    response_mode: 'direct_post.jwt',
    response_uri: input.responseUri,
    purpose: input.purpose,
    dcql_query: dcqlFor(input.purpose, input.claims),
    nonce: input.nonce,
    state: input.state,
    iat: input.iat,
    exp: input.iat + (input.lifetimeSec ?? 300)
  }
  const { kty, crv, x, y, d } = key
  return signJwt(claims, { typ: AUTHZ_REQUEST_TYP, kid: input.clientId }, { kty, crv, x, y, d }, backend)
}

/** The QR / link text of a signed request. */
export const requestText = (jws: string): string => REQUEST_PREFIX + jws

/** The compact JWS inside a scanned, pasted or linked text (`CWR1:…`, or an `openid4vp://?request=…` link). */
export function requestJwsOf(text: unknown): string {
  if (typeof text !== 'string') throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'type' })
  const t = text.trim()
  if (t.length > MAX_REQUEST_LENGTH + 64) throw new WalletError('ERR_TOO_LARGE', { detail: 'request' })
  if (t.startsWith(REQUEST_PREFIX)) return t.slice(REQUEST_PREFIX.length)
  if (/^openid4vp:\/\//i.test(t)) {
    const request = queryOf(t).request
    if (request) return request
  }
  throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'prefix' })
}

/**
 * The by-reference form for the QR (OpenID4VP `request_uri`): `openid4vp://?client_id=<id>&request_uri=<url>`.
 * The full request signs to ~810 characters, a version-20 QR (docs/BENCHMARKS.md); this text is
 * ~110, a version-6 one, and the wallet fetches the signed request from the RP.
 */
export function requestUriText(clientId: string, requestUri: string): string {
  return `openid4vp://?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(requestUri)}`
}

/** `{ clientId, requestUri }` of a by-reference text; null for any other text (then `requestJwsOf` reads it). */
export function requestUriOf(text: unknown): { clientId: string; requestUri: string } | null {
  if (typeof text !== 'string') return null
  const t = text.trim()
  if (!/^openid4vp:\/\//i.test(t) || t.length > 2048) return null
  const params = queryOf(t)
  const clientId = params.client_id
  const requestUri = params.request_uri
  if (!requestUri) return null
  if (!clientId) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'client_id' })
  if (!isResponseUri(requestUri)) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'request_uri' })
  return { clientId, requestUri }
}

/**
 * After a by-reference request verified: it came from the RP it names (client_id of the link = the
 * signed one) and from the origin of its registered response endpoint — a link cannot borrow
 * another RP's request.
 */
export function assertRequestSource(view: Pick<ConsentView, 'rp' | 'responseUri'>, ref: { clientId: string; requestUri: string }): void {
  if (ref.clientId !== view.rp.id) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'client_id' })
  const from = httpOrigin(ref.requestUri)
  if (!from || from.origin !== httpOrigin(view.responseUri)?.origin) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'request_uri' })
}

/** The query parameters of a link, decoded (no URLSearchParams: the mini-programs have none). */
function queryOf(link: string): Record<string, string> {
  const out: Record<string, string> = {}
  const q = link.indexOf('?')
  if (q < 0) return out
  for (const pair of link.slice(q + 1).split('#')[0].split('&')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    try {
      out[decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '))] = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '))
    } catch {
      throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'link' })
    }
  }
  return out
}

function claimsOf(q: unknown, purpose: string): string[] {
  const bad = () => new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'dcql' })
  if (!isObject(q) || !Array.isArray(q.credentials) || q.credentials.length !== 1) throw bad()
  const c = q.credentials[0]
  if (!isObject(c) || c.format !== 'cw1-purpose' || !isObject(c.meta) || c.meta.purpose !== purpose || !Array.isArray(c.claims) || c.claims.length < 1 || c.claims.length > 16) throw bad()
  const names = c.claims.map((x) => (isObject(x) && Array.isArray(x.path) && x.path.length === 1 && typeof x.path[0] === 'string' ? x.path[0] : null))
  if (names.some((n) => n === null) || new Set(names).size !== names.length) throw bad()
  return names as string[]
}

/**
 * The wallet's check of a request, before anything is shown. Order: shape → our signature suites
 * and `typ` → the RP by `kid` in the verified registry (ERR_RP_UNKNOWN) → its signature with the
 * registered key (ERR_RP_REQUEST_INVALID) → client_id / iss match the kid, response_uri is the
 * registered one → time (ERR_RP_REQUEST_EXPIRED) → nonce/state → purpose registered and each claim
 * allowed, identifying claims only with the flag (ERR_RP_OVER_ASKING, detail the first claim too
 * many). The consent view names the RP by its registered name.
 */
export async function verifyAuthorizationRequest(
  text: string,
  ctx: { registry: { relyingParties?: RegisteredRelyingParty[] }; backend: CryptoBackend; nowSec: number }
): Promise<ConsentView> {
  const jws = requestJwsOf(text)
  let parsed
  try {
    parsed = parseCompactJws<Record<string, unknown>>(jws, MAX_REQUEST_LENGTH)
    assertSignedHeader(parsed.header)
  } catch (cause) {
    throw new WalletError('ERR_RP_REQUEST_INVALID', { cause, detail: isWalletError(cause) ? cause.code : 'parse' })
  }
  if (parsed.header.typ !== AUTHZ_REQUEST_TYP) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'typ' })
  const rp = findRelyingParty(ctx.registry, parsed.header.kid)
  if (!rp) throw new WalletError('ERR_RP_UNKNOWN')
  try {
    await verifyJwsSignature(parsed, rp.key!.jwk, ctx.backend)
  } catch (cause) {
    throw new WalletError('ERR_RP_REQUEST_INVALID', { cause, detail: 'signature' })
  }
  const c = parsed.payload
  if (c.client_id !== rp.id || c.iss !== rp.id) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'client_id' })
  if (c.response_type !== 'vp_token' || c.response_mode !== 'direct_post.jwt') throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'response_mode' })
  if (c.response_uri !== rp.responseUri) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'response_uri' })
  if (typeof c.iat !== 'number' || typeof c.exp !== 'number' || c.exp - c.iat > REQUEST_MAX_LIFETIME_SEC || c.iat > ctx.nowSec + CLOCK_SKEW_SEC) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'time' })
  if (ctx.nowSec > c.exp) throw new WalletError('ERR_RP_REQUEST_EXPIRED')
  if (typeof c.nonce !== 'string' || !NONCE.test(c.nonce) || typeof c.state !== 'string' || !STATE.test(c.state)) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'nonce' })
  if (!isPurposeId(c.purpose)) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'purpose' })
  const purpose = c.purpose
  const claims = claimsOf(c.dcql_query, purpose)
  // The ID number first: the holder is told the plainest reason.
  const identifying = claims.find((x) => IDENTIFYING_CLAIMS.includes(x))
  if (identifying && !rp.mayReceiveIdNumber) throw new WalletError('ERR_RP_OVER_ASKING', { detail: identifying })
  const allowed = rp.purposes[purpose]
  if (!allowed) throw new WalletError('ERR_RP_OVER_ASKING', { detail: 'purpose' })
  const extra = claims.find((x) => !allowed.includes(x))
  if (extra) throw new WalletError('ERR_RP_OVER_ASKING', { detail: extra })
  return { rp: { id: rp.id, name: rp.name, ...(rp.miniPrograms ? { miniPrograms: rp.miniPrograms } : {}) }, purpose, claims, nonce: c.nonce, state: c.state, responseUri: rp.responseUri!, encKey: rp.encKey!, exp: c.exp }
}

/**
 * What leaves when the holder answers with a purpose set of `kinds`: each kind's preset fields.
 * ERR_RP_QUERY_UNSUPPORTED (detail the field) when a field would leave that was not asked for —
 * a set is issuer-signed as a whole and cannot be cut down, so the wallet refuses instead.
 */
export function disclosurePlan(view: Pick<ConsentView, 'purpose' | 'claims'>, kinds: readonly string[], registry: { modules: readonly CertModule[] }): { kind: string; label: string; fields: string[] }[] {
  return kinds.map((kind) => {
    const m = registry.modules.find((x) => x.kind === kind)
    const preset = m?.presets.find((p) => p.purpose === view.purpose)
    if (!m || !preset) throw new WalletError('ERR_RP_QUERY_UNSUPPORTED', { detail: kind })
    const unasked = preset.fields.find((f) => !view.claims.includes(f))
    if (unasked) throw new WalletError('ERR_RP_QUERY_UNSUPPORTED', { detail: unasked })
    return { kind, label: m.label, fields: [...preset.fields] }
  })
}
