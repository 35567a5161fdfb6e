import { sha256 } from '@noble/hashes/sha256'
import { base64urlEncode, jwkThumbprint, keyPairFromSecret, parseCompactJws, signJwt, utf8Encode, verifyJwsSignature, type Api, type EcPublicJwk } from '../coreImports'
import { hex } from './codes'
import type { SimulatorContext } from './context'
import { deriveKey } from './keys'
import { SimulatorError } from './types'

/*
 * The WeChat / Alipay face-check back end, SIMULATED.
 *
 * In production the phone runs the platform's own face UI and gets a one-time ticket:
 *   WeChat  wx.startFacialRecognitionVerify({ name, idCardNumber }) → success.verifyResult
 *   Alipay  my.ap.faceVerify({ bizId: <our sessionId>, bizType: '2' })  → success.zimId
 *           (Alipay's newer 实人认证 flow calls the same ticket `certifyId`; it goes in `zimId`.)
 * The phone hands the ticket, untouched, to POST /auth/face-sessions/{id}/complete (or to the
 * 亲情账户 consent). THE REAL GOVERNMENT BACK END THEN REDEEMS IT SERVER-TO-SERVER with the
 * platform (WeChat: the 人脸核身 back-end query with `verify_result`; Alipay: the face-verify /
 * certify query with `zimId` / `certifyId`), which answers whether the face passed, for which
 * identity (the platform returns digests of the name and ID number it checked) and when. That
 * redemption is `redeemFaceProof` below: replace its body with the platform call and keep what it
 * returns, and nothing else changes — the API contract (the ticket's field names, the error codes)
 * stays as it is.
 *
 * We cannot call WeChat or Alipay here, so this simulator plays the platform: its face page
 * (POST /__mock/face-checks, and `simulateFaceCheck` for tests) issues the ticket itself, as a
 * compact JWS signed (ES256) by a simulator "platform" key and carrying what the real platform
 * would answer on redemption:
 *   { iss: 'sim-wechat-face' | 'sim-alipay-face', sid, nh, ih, iat, exp, jti }
 * sid = the face session, nh / ih = base64url(SHA-256) of the name / ID number checked,
 * exp = iat + 5 min, jti = single-use id. Redeeming it checks, each with its own code:
 *   signature, key, issuer, shape  → 403 ERR_FACE_PROOF_INVALID   (forged)
 *   exp passed                     → 403 ERR_FACE_PROOF_EXPIRED
 *   jti redeemed before            → 409 ERR_FACE_PROOF_REPLAYED  (single use)
 *   sid ≠ this session             → 403 ERR_FACE_PROOF_SESSION   (another session's ticket)
 *   name / ID ≠ this session's     → 403 ERR_FACE_PROOF_SUBJECT   (another person's face)
 * A real WeChat ticket names no session of ours: there the session binding is that a ticket is
 * redeemed once, on the session it is presented to, and must post-date that session's start.
 */

/** How long a ticket may wait before it is redeemed. */
export const FACE_PROOF_TTL_SEC = 5 * 60
/** Clock skew allowed on `iat`. */
const SKEW_SEC = 60
const FACE_PROOF_TYP = 'face-proof+jwt'
const FACE_PLATFORM_KID = 'sim-face-platform-2026'

export type FacePlatform = 'wechat' | 'alipay'
const ISSUER: Record<FacePlatform, string> = { wechat: 'sim-wechat-face', alipay: 'sim-alipay-face' }

/** The ticket as it travels: WeChat's `verifyResult` or Alipay's `zimId`. */
export type FaceProof = { verifyResult: string } | { zimId: string }

interface ProofClaims {
  iss: string
  sid: string
  nh: string
  ih: string
  iat: number
  exp: number
  jti: string
}

/** Normalised as the government session stores them: name trimmed, ID number upper-case. */
export function normalizeSubject(name: string, idNumber: string): { name: string; idNumber: string } {
  return { name: name.trim(), idNumber: idNumber.trim().toUpperCase() }
}

/** base64url(SHA-256) of a name or ID number, as sessions and tickets carry them. */
export function subjectDigest(text: string): string {
  return base64urlEncode(sha256(utf8Encode(text)))
}

const platformKey = (ctx: SimulatorContext) => deriveKey(ctx.seed, FACE_PLATFORM_KID)

/**
 * The platform's face page (simulated): the tester picks the outcome. A pass is a ticket bound to
 * the session, the name and the ID number; a fail is 403 ERR_FACE_CHECK_FAILED, as is a name and
 * number the 公安 photo database (here: the seeded people) does not know.
 */
export async function simulateFaceCheck(ctx: SimulatorContext, req: Api.SimulatedFaceCheckRequest): Promise<Api.SimulatedFaceCheckResult> {
  const subject = normalizeSubject(req.name, req.idNumber)
  const known = ctx.seedData.people.some((p) => p.name === subject.name && p.idNumber === subject.idNumber)
  if (!req.passed || !known) throw new SimulatorError('ERR_FACE_CHECK_FAILED', 403)
  const platform: FacePlatform = req.platform ?? 'wechat'
  const iat = ctx.nowSec()
  const claims: ProofClaims = {
    iss: ISSUER[platform],
    sid: req.sessionId,
    nh: subjectDigest(subject.name),
    ih: subjectDigest(subject.idNumber),
    iat,
    exp: iat + FACE_PROOF_TTL_SEC,
    jti: hex(ctx.random(16))
  }
  const key = platformKey(ctx)
  const ticket = await signJwt(claims, { typ: FACE_PROOF_TYP, kid: key.kid }, key.privateJwk, ctx.backend)
  return platform === 'wechat' ? { verifyResult: ticket } : { zimId: ticket }
}

/** The ticket of a completion body; a body without one (e.g. `{ passed: true }`) is 400 ERR_FACE_PROOF_REQUIRED. */
export function proofOf(body: Record<string, unknown>): { platform: FacePlatform; ticket: string } {
  const wx = body.verifyResult
  const ali = body.zimId
  if (typeof wx === 'string' && wx && ali === undefined) return { platform: 'wechat', ticket: wx }
  if (typeof ali === 'string' && ali && wx === undefined) return { platform: 'alipay', ticket: ali }
  throw new SimulatorError('ERR_FACE_PROOF_REQUIRED', 400)
}

/** What a face session must match. */
export interface FaceBinding {
  sessionId: string
  nameDigest: string
  idDigest: string
}

/**
 * Redeems a ticket for `session` (see the header of this file: this is where the real platform
 * is called). Single use: a ticket whose signature and lifetime check out is spent on its first
 * presentation, whatever happens next.
 */
export async function redeemFaceProof(ctx: SimulatorContext, proof: { platform: FacePlatform; ticket: string }, session: FaceBinding): Promise<void> {
  const invalid = (detail: string) => new SimulatorError('ERR_FACE_PROOF_INVALID', 403, detail)
  let jws
  try {
    jws = parseCompactJws<Partial<ProofClaims>>(proof.ticket, 4096)
  } catch {
    throw invalid('shape')
  }
  const key = platformKey(ctx)
  if (jws.header.alg !== 'ES256' || jws.header.kid !== key.kid || jws.header.typ !== FACE_PROOF_TYP) throw invalid('header')
  try {
    await verifyJwsSignature(jws, key.publicJwk, ctx.backend)
  } catch {
    throw invalid('signature')
  }
  const c = jws.payload
  const now = ctx.nowSec()
  if (c.iss !== ISSUER[proof.platform]) throw invalid('issuer')
  if (typeof c.sid !== 'string' || typeof c.nh !== 'string' || typeof c.ih !== 'string' || typeof c.jti !== 'string') throw invalid('claims')
  if (typeof c.iat !== 'number' || typeof c.exp !== 'number' || c.iat > now + SKEW_SEC || c.exp - c.iat > FACE_PROOF_TTL_SEC) throw invalid('time')
  if (c.exp < now) throw new SimulatorError('ERR_FACE_PROOF_EXPIRED', 403)
  // Keyed on the signed id, not on the signature: a malleable (r, n−s) twin is the same ticket.
  const used = ctx.state.usedFaceProofs
  if (used.has(c.jti)) throw new SimulatorError('ERR_FACE_PROOF_REPLAYED', 409)
  used.set(c.jti, c.exp)
  for (const [jti, exp] of used) if (exp < now) used.delete(jti)
  if (c.sid !== session.sessionId) throw new SimulatorError('ERR_FACE_PROOF_SESSION', 403)
  if (c.nh !== session.nameDigest || c.ih !== session.idDigest) throw new SimulatorError('ERR_FACE_PROOF_SUBJECT', 403)
}

/**
 * Tools and tests: a whole sign-in on the simulator (session, the simulated platform's ticket,
 * redemption), as the app does it over HTTP.
 */
export async function simulatedSignIn(
  sim: Pick<import('./types').Simulator, 'startFaceSession' | 'simulateFaceCheck' | 'completeFaceSession'>,
  name: string,
  idNumber: string,
  platform: FacePlatform = 'wechat',
  /** The device key the tokens are bound to; default a fresh throwaway key (for callers that only need the holder id). */
  deviceKey: EcPublicJwk = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32))).publicJwk
): Promise<Api.FaceSessionResult> {
  const s = sim.startFaceSession(name, idNumber)
  const ticket = await sim.simulateFaceCheck({ platform, sessionId: s.sessionId, name, idNumber, passed: true })
  // In process there is no request to sign: the caller stands for the phone that holds `deviceKey`.
  return sim.completeFaceSession(s.sessionId, { ...(ticket as Record<string, unknown>), deviceKey }, jwkThumbprint(deviceKey))
}
