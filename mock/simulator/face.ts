import { jwkThumbprint, normalizeResidentId, residentIdProblem, type EcPublicJwk } from '../coreImports'
import { hex } from './codes'
import { assertDeviceKey, registerDevice } from './devices'
import { authenticateHolder, mintHolderTokens } from './holderTokens'
import type { SimulatorContext } from './context'
import { normalizeSubject, proofOf, redeemFaceProof, simulateFaceCheck, subjectDigest } from './facePlatform'
import type { FaceSessionRecord } from './state'
import { SimulatorError, type Simulator } from './types'

/** How long a started face check may take. */
const FACE_SESSION_MS = 10 * 60000

const maskedName = (name: string) => (name.length > 2 ? name[0] + '*' + name.slice(2) : name[0] + '*')

function openSession(ctx: SimulatorContext, name: unknown, idNumber: unknown, purpose: FaceSessionRecord['purpose'], requestedBy: string | null): FaceSessionRecord {
  if (typeof name !== 'string' || typeof idNumber !== 'string' || !name.trim() || !idNumber.trim()) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'name/idNumber')
  // A mistyped number is said to be one, before any face is checked (a real platform does the same).
  if (residentIdProblem(idNumber)) throw new SimulatorError('ERR_ID_NUMBER_FORMAT', 400, residentIdProblem(idNumber) ?? undefined)
  const subject = normalizeSubject(name, normalizeResidentId(idNumber))
  const person = ctx.seedData.people.find((p) => p.name === subject.name && p.idNumber === subject.idNumber)
  const s: FaceSessionRecord = {
    sessionId: 'fs-' + hex(ctx.random(12)),
    status: 'pending',
    expiresAt: new Date(ctx.now().getTime() + FACE_SESSION_MS).toISOString(),
    holderId: person?.id ?? null,
    // Only digests are kept: enough to match the platform's answer, nothing to leak.
    nameDigest: subjectDigest(subject.name),
    idDigest: subjectDigest(subject.idNumber),
    purpose,
    requestedBy
  }
  ctx.state.sessions.set(s.sessionId, s)
  return s
}

/**
 * Redeems the platform's ticket for a pending session (mock/simulator/facePlatform.ts). The session
 * ends either way: passed, or failed when the ticket is refused.
 */
async function passSession(ctx: SimulatorContext, s: FaceSessionRecord, body: Record<string, unknown>): Promise<string> {
  const proof = proofOf(body)
  const { sessions } = ctx.state
  if (Date.parse(s.expiresAt) < ctx.now().getTime()) throw new SimulatorError('ERR_FACE_CHECK_FAILED', 400, 'expired')
  if (s.status !== 'pending') throw new SimulatorError('ERR_CONFLICT', 409, 'session-used')
  try {
    await redeemFaceProof(ctx, proof, s)
  } catch (e) {
    sessions.set(s.sessionId, { ...s, status: 'failed' })
    throw e
  }
  // A face that matches nobody on record fails like a face that does not match.
  if (!s.holderId) {
    sessions.set(s.sessionId, { ...s, status: 'failed' })
    throw new SimulatorError('ERR_FACE_CHECK_FAILED', 403)
  }
  sessions.set(s.sessionId, { ...s, status: 'passed' })
  return s.holderId
}

/**
 * 实名核验: the government API's face sessions. The platform's ticket (WeChat verifyResult, Alipay
 * zimId) is redeemed server-side (./facePlatform.ts, where the simulator plays WeChat/Alipay); a
 * bare `{ passed: true }` is refused. A sign-in session yields a holder token; a 亲情账户 consent
 * session yields nothing to the phone — only `takeFamilyConsent` (the link it creates) uses it.
 */
export function createFaceSessions(ctx: SimulatorContext): Pick<Simulator, 'startFaceSession' | 'completeFaceSession' | 'authenticateHolder' | 'simulateFaceCheck'> {
  return {
    startFaceSession(name, idNumber) {
      const s = openSession(ctx, name, idNumber, 'sign-in', null)
      return { sessionId: s.sessionId, status: s.status, expiresAt: s.expiresAt }
    },
    async completeFaceSession(sessionId, body, proofJkt) {
      const s = ctx.state.sessions.get(sessionId)
      if (!s) throw new SimulatorError('ERR_NOT_FOUND', 404, 'session')
      // A relative's consent never signs anyone in on the payer's phone.
      if (s.purpose !== 'sign-in') throw new SimulatorError('ERR_CONFLICT', 409, 'consent-session')
      // A bare outcome is refused first; then the device key the tokens will be bound to, before
      // the ticket is spent: it must be the key whose proof signed this call (whoever passes their
      // own face check cannot register a key they do not hold, such as someone else's future one),
      // and a deactivated phone signs nobody in.
      proofOf(body)
      const deviceKey = body.deviceKey as EcPublicJwk
      assertDeviceKey(deviceKey)
      const jkt = jwkThumbprint(deviceKey)
      if (typeof proofJkt !== 'string' || proofJkt !== jkt) throw new SimulatorError('ERR_DPOP_KEY_MISMATCH', 401)
      if (ctx.state.devices.get(jkt)?.status === 'deactivated') throw new SimulatorError('ERR_DEVICE_DEACTIVATED', 403)
      const holderId = await passSession(ctx, s, body)
      registerDevice(ctx, holderId, deviceKey)
      const name = ctx.seedData.people.find((p) => p.id === holderId)!.name
      return { status: 'passed', holderId, ...mintHolderTokens(ctx, holderId, jkt), displayName: maskedName(name) }
    },
    authenticateHolder: (call) => authenticateHolder(ctx, call),
    simulateFaceCheck: (req) => simulateFaceCheck(ctx, req)
  }
}

/** What a consent session is for: a 亲情账户 link (医保) or a 家人代办 link (certificates, issue #13). */
export type ConsentFor = 'family-consent' | 'delegation-consent'

/**
 * A consent session, opened by the payer (亲情账户) or the agent (家人代办) for the relative's own
 * face check; `scope` the purposes a delegation consent is asked for (kept on the session, so the
 * link gets exactly what the relative's face check consented to).
 */
export function startConsentSession(ctx: SimulatorContext, requesterHolderId: string, name: unknown, idNumber: unknown, consentFor: ConsentFor = 'family-consent', scope?: readonly string[]) {
  const s = openSession(ctx, name, idNumber, consentFor, requesterHolderId)
  if (scope) ctx.state.sessions.set(s.sessionId, { ...s, scope: [...scope] })
  return { sessionId: s.sessionId, status: s.status, expiresAt: s.expiresAt }
}

/**
 * The relative's consent: their ticket redeemed on a consent session this requester opened for
 * `consentFor`. Returns the relative's holder id (and the session's scope) to the link, never a
 * token. Someone else's session, or one opened for the other kind of link, is ERR_NOT_FOUND. The
 * one consent path of both 亲情账户 and 家人代办.
 */
export async function takeConsent(ctx: SimulatorContext, requesterHolderId: string, sessionId: string, body: Record<string, unknown>, consentFor: ConsentFor): Promise<{ relativeId: string; scope: string[] }> {
  const s = ctx.state.sessions.get(sessionId)
  if (!s || s.purpose !== consentFor || s.requestedBy !== requesterHolderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'consent-session')
  const relativeId = await passSession(ctx, s, body)
  // One link per consent.
  ctx.state.sessions.delete(sessionId)
  return { relativeId, scope: [...(s.scope ?? [])] }
}

/** The 亲情账户 consent (./medpayBridge.ts): {@link takeConsent} for a family link. */
export async function takeFamilyConsent(ctx: SimulatorContext, payerHolderId: string, sessionId: string, body: Record<string, unknown>): Promise<string> {
  return (await takeConsent(ctx, payerHolderId, sessionId, body, 'family-consent')).relativeId
}
