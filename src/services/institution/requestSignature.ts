import { WalletError, isWalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { base64urlEncode, utf8Encode } from '../encoding'
import { assertSignedHeader, parseCompactJws, signJwt, verifyJwsSignature } from '../jws'

/**
 * Signed institution calls. Every call an institution makes (上报, 文件调用, 医保 visits,
 * settlements, refunds) carries a compact JWS in this header, signed with the key it enrolled:
 * header `{ alg: ES256, typ: INSTITUTION_REQUEST_TYP, kid: <统一社会信用代码> }`, payload
 * `{ htm, htu, bsh, iat, jti }` — method, path (from `/api/v1`, with any query), base64url
 * SHA-256 of the exact body text ('' when none), the time, and a single-use id. The server checks
 * it before it parses the body.
 */
export const INSTITUTION_SIGNATURE_HEADER = 'X-Institution-Signature'
export const INSTITUTION_REQUEST_TYP = 'inst-req+jwt'
/** How far `iat` may be from the server's clock, either way (seconds). */
export const INSTITUTION_SIGNATURE_MAX_AGE_SEC = 60
/** Longest header value we parse. */
const MAX_SIGNATURE_LENGTH = 2048
const JTI = /^[A-Za-z0-9_-]{16,64}$/

export interface InstitutionRequestClaims {
  htm: string
  htu: string
  bsh: string
  iat: number
  jti: string
}

export interface SignedRequestInput {
  method: string
  /** Path from `/api/v1` on, with the query string if any. */
  path: string
  /** The exact body text sent; '' when none. */
  body: string
}

export async function bodyHash(body: string, backend: CryptoBackend): Promise<string> {
  return base64urlEncode(await backend.sha256(utf8Encode(body)))
}

/** The header value for one request attempt (a new `jti` each time). */
export async function signInstitutionRequest(
  input: SignedRequestInput & { institutionId: string; privateJwk: EcPrivateJwk; nowSec: number; jti: string },
  backend: CryptoBackend
): Promise<string> {
  const claims: InstitutionRequestClaims = { htm: input.method.toUpperCase(), htu: input.path, bsh: await bodyHash(input.body, backend), iat: Math.floor(input.nowSec), jti: input.jti }
  const { d, x, y, kty, crv } = input.privateJwk
  return signJwt(claims, { typ: INSTITUTION_REQUEST_TYP, kid: input.institutionId }, { d, x, y, kty, crv }, backend)
}

/** Signs each request attempt of one enrolled institution. */
export interface InstitutionSigner {
  readonly institutionId: string
  sign(input: SignedRequestInput): Promise<string>
}

export function createInstitutionSigner(
  enrolment: { institutionId: string; privateJwk: EcPrivateJwk | (() => EcPrivateJwk) },
  deps: { backend: CryptoBackend; randomBytes: (n: number) => Promise<Uint8Array>; now: () => number }
): InstitutionSigner {
  return {
    institutionId: enrolment.institutionId,
    async sign(input) {
      const jti = base64urlEncode(await deps.randomBytes(18))
      const privateJwk = typeof enrolment.privateJwk === 'function' ? enrolment.privateJwk() : enrolment.privateJwk
      return signInstitutionRequest({ ...input, institutionId: enrolment.institutionId, privateJwk, nowSec: deps.now() / 1000, jti }, deps.backend)
    }
  }
}

/**
 * Checks a request's institution signature, in this order, each with its own code:
 * none → ERR_INSTITUTION_SIGNATURE_MISSING; unreadable, wrong alg/typ → ERR_INSTITUTION_SIGNATURE_INVALID;
 * `kid` not a registered institution with an enrolled key → ERR_INSTITUTION_UNKNOWN; signature,
 * method, path or body hash wrong → ERR_INSTITUTION_SIGNATURE_INVALID; `iat` more than 60 s off →
 * ERR_INSTITUTION_SIGNATURE_STALE. Single use of `jti` is the caller's (it holds the cache).
 * The key comes from the registry by `kid`; the token's `alg` chooses nothing.
 */
export async function verifyInstitutionRequest(
  signature: string | null | undefined,
  input: SignedRequestInput & { nowSec: number; keyFor: (institutionId: string) => EcPublicJwk | null },
  backend: CryptoBackend
): Promise<{ institutionId: string; claims: InstitutionRequestClaims }> {
  if (!signature) throw new WalletError('ERR_INSTITUTION_SIGNATURE_MISSING')
  let parsed
  try {
    parsed = parseCompactJws<InstitutionRequestClaims>(signature.trim(), MAX_SIGNATURE_LENGTH)
    assertSignedHeader(parsed.header)
  } catch (cause) {
    throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { cause, detail: isWalletError(cause) ? cause.code : 'parse' })
  }
  if (parsed.header.typ !== INSTITUTION_REQUEST_TYP) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'typ' })
  const kid = parsed.header.kid
  const key = typeof kid === 'string' ? input.keyFor(kid) : null
  if (!key || typeof kid !== 'string') throw new WalletError('ERR_INSTITUTION_UNKNOWN')
  try {
    await verifyJwsSignature(parsed, key, backend)
  } catch (cause) {
    throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { cause, detail: 'signature' })
  }
  const c = parsed.payload
  if (c.htm !== input.method.toUpperCase()) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'htm' })
  if (c.htu !== input.path) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'htu' })
  if (c.bsh !== (await bodyHash(input.body, backend))) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'body' })
  if (typeof c.jti !== 'string' || !JTI.test(c.jti)) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'jti' })
  if (typeof c.iat !== 'number' || !Number.isFinite(c.iat)) throw new WalletError('ERR_INSTITUTION_SIGNATURE_INVALID', { detail: 'iat' })
  if (Math.abs(input.nowSec - c.iat) > INSTITUTION_SIGNATURE_MAX_AGE_SEC) throw new WalletError('ERR_INSTITUTION_SIGNATURE_STALE')
  return { institutionId: kid, claims: c }
}
