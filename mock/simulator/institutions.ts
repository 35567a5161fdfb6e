import {
  jwsAlgOf,
  assertUscc,
  INSTITUTION_REGISTRY_TYP,
  institutionMay,
  signJwt,
  toWalletError,
  verifyInstitutionRequest,
  type EcPublicJwk,
  type InstitutionRegistry,
  type RegisteredInstitution
} from '../coreImports'
import { DAY } from './clock'
import type { SimulatorContext } from './context'
import { deriveBytes } from './keys'
import { SEED_INSTITUTIONS, type SeedInstitution } from './institutionSeed'
import { relyingPartiesPayload } from './relyingParties'
import { SimulatorError, type InstitutionPrincipal, type Simulator } from './types'

/** One registered institution as the platform keeps it. */
export interface InstitutionRecord extends SeedInstitution {
  key: { jwk: EcPublicJwk; enrolledAt: number } | null
  /** The code that enrols a device now; spent by the enrolment. Never listed in the registry. */
  activationCode: string | null
}

/** Activation codes: 12 symbols without 0/O/1/I, shown as XXXX-XXXX-XXXX. */
const ACTIVATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
function formatCode(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < 12; i++) s += ACTIVATION_ALPHABET[bytes[i] % 32]
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`
}
const normalizeCode = (code: string) => String(code ?? '').toUpperCase().replace(/[\s-]/g, '')

/**
 * The seeded activation code of each institution, derived from the simulator seed (so `npm run mock`
 * prints the same ones every time and the README can list the default seed's). Demo only: a real
 * platform hands codes out through its own enrolment desk.
 */
export function seedActivationCodes(seed: string, institutions: readonly SeedInstitution[] = SEED_INSTITUTIONS): { id: string; name: string; role: string; activationCode: string }[] {
  return institutions.map((i) => ({ id: i.id, name: i.name, role: i.role, activationCode: formatCode(deriveBytes(seed, 'activation:' + i.id)) }))
}

export function buildInstitutions(seed: string): Map<string, InstitutionRecord> {
  const codes = new Map(seedActivationCodes(seed).map((c) => [c.id, c.activationCode]))
  for (const i of SEED_INSTITUTIONS) assertUscc(i.id, 'institution-id')
  return new Map(SEED_INSTITUTIONS.map((i) => [i.id, { ...i, purposes: [...i.purposes], key: null, activationCode: codes.get(i.id)! }]))
}

export function institutionRegistryPayload(ctx: SimulatorContext): InstitutionRegistry {
  const iat = ctx.nowSec()
  const institutions: RegisteredInstitution[] = [...ctx.state.institutions.values()].map((i) => ({
    id: i.id,
    name: i.name,
    role: i.role,
    purposes: [...i.purposes],
    ...(i.medinsNo ? { medinsNo: i.medinsNo } : {}),
    ...(i.key ? { key: { alg: jwsAlgOf(i.key.jwk)!, jwk: i.key.jwk, enrolledAt: i.key.enrolledAt } } : {})
  }))
  return { iss: 'CN-GOV-ROOT', iat, exp: iat + 7 * DAY, version: 1, institutions, relyingParties: relyingPartiesPayload(ctx) }
}

const principalOf = (i: InstitutionRecord): InstitutionPrincipal => ({ id: i.id, name: i.name, role: i.role, purposes: [...i.purposes], ...(i.medinsNo ? { medinsNo: i.medinsNo } : {}) })

function isPublicJwk(v: unknown): v is EcPublicJwk {
  const k = v as Record<string, unknown>
  return typeof k === 'object' && k !== null && k.kty === 'EC' && (k.crv === 'P-256' || k.crv === 'SM2') && typeof k.x === 'string' && /^[A-Za-z0-9_-]{43}$/.test(k.x) && typeof k.y === 'string' && /^[A-Za-z0-9_-]{43}$/.test(k.y) && k.d === undefined
}

/** Seconds a used `jti` is remembered: past this its `iat` is stale anyway. */
const JTI_MEMORY_SEC = 2 * 60 + 5

/**
 * 用证单位 / 定点医药机构: the root-signed registry, enrolment with an activation code, and the
 * check every institution call passes before its body is parsed (signature from the registered
 * key, fresh `iat`, single-use `jti`, role allowed for the call).
 */
export function createInstitutions(ctx: SimulatorContext): Pick<Simulator, 'institutionRegistry' | 'enrolInstitution' | 'issueActivationCode' | 'authenticateInstitution'> {
  return {
    institutionRegistry: () => signJwt(institutionRegistryPayload(ctx), { typ: INSTITUTION_REGISTRY_TYP, kid: ctx.rootKey.kid }, ctx.rootKey.privateJwk, ctx.backend),

    enrolInstitution(activationCode, publicKey) {
      if (typeof activationCode !== 'string' || !isPublicJwk(publicKey)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'enrolment')
      const code = normalizeCode(activationCode)
      const rec = code.length === 12 ? [...ctx.state.institutions.values()].find((i) => i.activationCode !== null && normalizeCode(i.activationCode) === code) : undefined
      if (!rec) throw new SimulatorError('ERR_ACTIVATION_CODE_INVALID', 403)
      // A key already registered to another institution is refused: one key, one registration.
      if ([...ctx.state.institutions.values()].some((i) => i !== rec && i.key?.jwk.x === publicKey.x)) throw new SimulatorError('ERR_CONFLICT', 409, 'key-in-use')
      const enrolledAt = ctx.nowSec()
      // An SM2 key (suite SM2SM3) is as welcome as a P-256 one: the registry pins its suite.
      rec.key = { jwk: { kty: 'EC', crv: publicKey.crv, x: publicKey.x, y: publicKey.y, kid: rec.id }, enrolledAt }
      rec.activationCode = null
      return { ...principalOf(rec), enrolledAt: new Date(enrolledAt * 1000).toISOString() }
    },

    issueActivationCode(institutionId) {
      const rec = ctx.state.institutions.get(institutionId)
      if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'institution')
      rec.activationCode = formatCode(ctx.random(12))
      return { institutionId: rec.id, name: rec.name, activationCode: rec.activationCode }
    },

    async authenticateInstitution({ signature, method, path, body, call }) {
      const nowSec = ctx.nowSec()
      let verified
      try {
        verified = await verifyInstitutionRequest(signature, { method, path, body, nowSec, keyFor: (id) => ctx.state.institutions.get(id)?.key?.jwk ?? null }, ctx.backend)
      } catch (e) {
        throw new SimulatorError(toWalletError(e).code, 401)
      }
      const rec = ctx.state.institutions.get(verified.institutionId)!
      // Single use: the jti is remembered (per institution) for as long as its iat could pass.
      const seen = ctx.state.institutionJtis
      for (const [k, until] of seen) if (until < nowSec) seen.delete(k)
      const jtiKey = `${rec.id}|${verified.claims.jti}`
      if (seen.has(jtiKey)) throw new SimulatorError('ERR_INSTITUTION_REPLAYED', 401)
      seen.set(jtiKey, nowSec + JTI_MEMORY_SEC)
      if (!institutionMay(rec.role, call)) throw new SimulatorError('ERR_INSTITUTION_FORBIDDEN', 403, call)
      return principalOf(rec)
    }
  }
}
