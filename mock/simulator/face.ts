import { hex } from './codes'
import type { SimulatorContext } from './context'
import { SimulatorError, type Simulator } from './types'

/** How long a started face check may take. */
const FACE_SESSION_MS = 10 * 60000

const maskedName = (name: string) => (name.length > 2 ? name[0] + '*' + name.slice(2) : name[0] + '*')

/** A passed face session's holder, consumed (one consent per check); null when not usable. */
export function takePassedFaceSession(ctx: SimulatorContext, sessionId: string): string | null {
  const s = ctx.state.sessions.get(sessionId)
  if (!s || s.status !== 'passed' || !s.holderId) return null
  ctx.state.sessions.delete(sessionId)
  return s.holderId
}

/**
 * 实名核验: the simulator plays the WeChat/Alipay face-check back end too. A passed check of a
 * seeded person yields a holder token.
 */
export function createFaceSessions(ctx: SimulatorContext): Pick<Simulator, 'startFaceSession' | 'completeFaceSession' | 'holderForToken'> {
  return {
    startFaceSession(name, idNumber) {
      if (typeof name !== 'string' || typeof idNumber !== 'string' || !name || !idNumber) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'name/idNumber')
      const person = ctx.seedData.people.find((p) => p.name === name.trim() && p.idNumber === idNumber.trim().toUpperCase())
      const s = { sessionId: 'fs-' + hex(ctx.random(12)), status: 'pending' as const, expiresAt: new Date(ctx.now().getTime() + FACE_SESSION_MS).toISOString(), holderId: person?.id ?? null }
      ctx.state.sessions.set(s.sessionId, s)
      return { sessionId: s.sessionId, status: s.status, expiresAt: s.expiresAt }
    },
    completeFaceSession(sessionId, passed) {
      const { sessions, tokens } = ctx.state
      const s = sessions.get(sessionId)
      if (!s) throw new SimulatorError('ERR_NOT_FOUND', 404, 'session')
      if (Date.parse(s.expiresAt) < ctx.now().getTime()) throw new SimulatorError('ERR_FACE_CHECK_FAILED', 400, 'expired')
      // A face that matches nobody on record fails like a face that does not match.
      if (!passed || !s.holderId) {
        sessions.set(sessionId, { ...s, status: 'failed' })
        throw new SimulatorError('ERR_FACE_CHECK_FAILED', 403)
      }
      const token = 'ht-' + hex(ctx.random(24))
      tokens.set(token, s.holderId)
      sessions.set(sessionId, { ...s, status: 'passed' })
      const name = ctx.seedData.people.find((p) => p.id === s.holderId)!.name
      return { status: 'passed', holderId: s.holderId, holderToken: token, displayName: maskedName(name) }
    },
    holderForToken(token) {
      const id = ctx.state.tokens.get(token)
      if (!id) throw new SimulatorError('ERR_UNAUTHORIZED', 401)
      return id
    }
  }
}
