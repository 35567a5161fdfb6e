import { joseBackend } from '../../src/services/crypto/jose.node'
import type { CryptoBackend, EcPublicJwk } from '../../src/services/crypto/types'
import { signJwt } from '../../src/services/jws'
import { issueSdJwt } from '../../src/services/sdjwt/issue'
import { UsageLog, toApiUsageRecord } from './usage'
import { verifySdJwt } from '../../src/services/sdjwt/verify'
import { encodeStatusList, STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from '../../src/services/status/statusList'
import { STATUS_LIST_TYP } from '../../src/services/status/verifyStatusList'
import { STATUS_LIST_URI_BASE } from '../../src/services/status/statusUri'
import { DEVICE_REVOCATIONS_TYP } from '../../src/services/trust/deviceRevocations'
import { jwkThumbprint } from '../../src/services/crypto/thumbprint'
import type { DeviceInfo } from './types'
import { TRUST_LIST_TYP } from '../../src/services/trust/verifyTrustList'
import type { TrustList, TrustedIssuer } from '../../src/services/trust/types'
import { toWalletError } from '../../src/services/errors'
import { certRegistry } from '../../src/certs/registry'
import { generateCertId, nextVersion, parseCertId } from '../../src/certs/identifier'
import type { PurposeId } from '../../src/certs/types'
import { signPurposeCredential, type ClaimValue } from '../../src/services/presentation/purposeCredential'
import { signBearerCredential, verifyBearerCredential, BEARER_PREFIX } from '../../src/services/presentation/bearerCredential'
import { ReplayCache } from '../../src/services/presentation/presentation'
import { BEARER_PREMASKED, DEGREE_SHARE_MAX_DAYS, DEGREE_SHARE_MIN_DAYS, PAPER_DAYS, type BearerUse } from '../../src/vocabulary/bearerUses'
import { maskValue } from '../../src/certs/mask'
import type { DegreeShare, PaperCredential } from '../../src/services/api/types'
import { base64urlEncode } from '../../src/services/encoding'
import { base45Decode, decodeCredentialBody, verifyPresentation, PRESENTATION_PREFIX } from '../../src/services/presentation'
import { ByteReader } from '../../src/services/presentation/bytes'
import { createMedpayService, type InsuredPerson, type MedpayService } from './medpay/service'
import { DEFAULT_SEED, deriveBytes, deriveKey, type SeededKey } from './keys'
import { SEED_ISSUERS, SEED_PEOPLE, type SeedIssuer } from './seed'
import {
  SimulatorError,
  type CertStatus,
  type CertificateChange,
  type CertificateSummary,
  type FaceSession,
  type PurposeCredentialBatch,
  type Simulator,
  type VerificationResult
} from './types'

export * from './types'
export { DEFAULT_SEED } from './keys'
export { SEED_PEOPLE, SEED_ISSUERS } from './seed'
export { UsageLog } from './usage'
export type { UsageRecord, NewUsageRecord, UsageChannel, DeletionStatus } from './usage'

/** Canonical base of the URIs inside tokens; clients fetch by the last path segment from their own base. */
export const STATUS_URI_BASE = STATUS_LIST_URI_BASE
export const ROOT_KID = 'cn-root-2026'
/** Entries per status list: large enough that one index says little about who it is (herd privacy). */
export const STATUS_LIST_SIZE = 131072

const DAY = 86400
const toSec = (d: Date) => Math.floor(d.getTime() / 1000)
const dateSec = (ymd: string) => Math.floor(Date.parse(`${ymd}T00:00:00+08:00`) / 1000)

interface IssuerState extends SeedIssuer {
  keys: { key: SeededKey; notBefore: number; notAfter: number; compromisedAt?: number }[]
}

interface CertRecord {
  certId: string
  kind: string
  holderId: string
  issuer: IssuerState
  claims: Record<string, unknown>
  status: CertStatus
  statusIdx: number
}

/** A paper credential or a degree share: a bearer credential with its own status entry. */
interface BearerRecord {
  ref: string
  use: BearerUse
  holderId: string
  certId: string
  slug: string
  statusIdx: number
  credential: string
  issuedAt: number
  expiresAt: number
  revokedAt: number | null
}

/** Share codes and paper ids: no 0/O, 1/I; 32 symbols, so a byte mod 32 is unbiased. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

interface ChangeRecord extends CertificateChange {
  holderId: string
}

export interface SimulatorOptions {
  seed?: string
  now?: () => Date
  backend?: CryptoBackend
  /** CSPRNG for salts and tokens; defaults to crypto.getRandomValues. */
  random?: (n: number) => Uint8Array
}

const defaultRandom = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

/** Share codes are shown in groups (ABCD-EFGH-…) and typed by people: case, spaces and dashes do not count. */
export function normalizeShareCode(code: string): string {
  return String(code ?? '').toUpperCase().replace(/[\s-]/g, '')
}

function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

/** Whether `ymd` (or 长期) is already past at `now`. */
function isPast(validUntil: unknown, nowSec: number): boolean {
  return typeof validUntil === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(validUntil) && dateSec(validUntil) + DAY <= nowSec
}

/** 18+ from a birth date, or from the 18-digit ID number's yyyymmdd when there is none. */
function ageOver18(claims: Record<string, unknown>, nowSec: number): boolean | undefined {
  let birth = typeof claims.birth_date === 'string' ? claims.birth_date : undefined
  if (!birth && typeof claims.id_number === 'string' && claims.id_number.length === 18) {
    const n = claims.id_number
    birth = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`
  }
  if (!birth) return undefined
  const [y, m, d] = birth.split('-').map(Number)
  return dateSec(`${y + 18}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) <= nowSec
}

/**
 * The government certificate-sharing service, simulated: seeded issuers (keys derived from
 * `seed`), people and certificates, in memory.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator & { readonly seed: string; readonly usage: UsageLog; internals: SimulatorInternals } {
  const seed = options.seed ?? DEFAULT_SEED
  const now = options.now ?? (() => new Date())
  const backend = options.backend ?? joseBackend
  const random = options.random ?? defaultRandom
  const rootKey = deriveKey(seed, ROOT_KID)
  /** 用证记录 kept for holders (核验, 文件调用, reported results). */
  const usage = new UsageLog()

  let issuers: Map<string, IssuerState>
  let certs: Map<string, CertRecord>
  let changes: ChangeRecord[]
  let sessions: Map<string, FaceSession & { holderId: string | null }>
  let tokens: Map<string, string>
  let devices: Map<string, DeviceInfo & { holderId: string }>
  let bearers: Map<string, BearerRecord>
  /** Proofs the online 核验 accepted: a screenshot does not pass twice here either. */
  let serverReplay: ReplayCache

  function build() {
    issuers = new Map(
      SEED_ISSUERS.map((i) => [
        i.slug,
        {
          ...i,
          keys: [
            // Rotated out at the end of 2025: still verifies what it signed in its window.
            { key: deriveKey(seed, `${i.slug}-2024`), notBefore: dateSec('2024-01-01'), notAfter: dateSec('2025-12-31') },
            { key: deriveKey(seed, `${i.slug}-2026`), notBefore: dateSec('2025-10-01'), notAfter: dateSec('2028-12-31') }
          ]
        }
      ])
    )
    certs = new Map()
    changes = []
    sessions = new Map()
    tokens = new Map()
    devices = new Map()
    bearers = new Map()
    serverReplay = new ReplayCache()
    const used = new Map<string, Set<number>>()
    const allocIdx = (issuerSlug: string, certId: string) => {
      const taken = used.get(issuerSlug) ?? new Set<number>()
      used.set(issuerSlug, taken)
      const b = deriveBytes(seed, 'idx:' + certId)
      let idx = ((b[0] << 16) | (b[1] << 8) | b[2]) % STATUS_LIST_SIZE
      while (taken.has(idx)) idx = (idx + 1) % STATUS_LIST_SIZE
      taken.add(idx)
      return idx
    }
    for (const person of SEED_PEOPLE) {
      for (const c of person.certificates) {
        const issuer = issuers.get(c.issuer)
        const module = certRegistry.require(c.kind)
        if (!issuer) throw new Error(`seed: unknown issuer ${c.issuer}`)
        let certId = generateCertId({ typeCode: module.typeCode, issuerCode: issuer.id, serial: c.serial, version: 1 })
        if (c.history === 'reissued') {
          // The card was replaced: version 001 is superseded by 002.
          const old: CertRecord = { certId, kind: c.kind, holderId: person.id, issuer, claims: c.claims, status: 'superseded', statusIdx: allocIdx(issuer.slug, certId) }
          certs.set(certId, old)
          const newId = nextVersion(certId)
          changes.push({ holderId: person.id, certId, change: 'reissued', newCertId: newId, at: new Date(dateSec(String(c.claims.valid_from)) * 1000).toISOString() })
          certId = newId
        }
        const rec: CertRecord = { certId, kind: c.kind, holderId: person.id, issuer, claims: c.claims, status: 'valid', statusIdx: allocIdx(issuer.slug, certId) }
        if (c.history === 'revoked') {
          rec.status = 'revoked'
          changes.push({ holderId: person.id, certId, change: 'revoked', at: '2026-06-01T02:00:00.000Z' })
        }
        certs.set(certId, rec)
      }
    }
  }
  build()

  const currentStatus = (rec: CertRecord): CertStatus => {
    if (rec.status !== 'valid') return rec.status
    const module = certRegistry.require(rec.kind)
    const until = module.validity.validUntilField ? rec.claims[module.validity.validUntilField] : undefined
    return isPast(until, toSec(now())) ? 'expired' : 'valid'
  }

  const summary = (rec: CertRecord): CertificateSummary => {
    const module = certRegistry.require(rec.kind)
    const untilField = module.validity.validUntilField
    return {
      certId: rec.certId,
      kind: rec.kind,
      title: module.label,
      issuerId: rec.issuer.id,
      issuerName: rec.issuer.name,
      status: currentStatus(rec),
      version: parseCertId(rec.certId).version,
      validUntil: untilField ? String(rec.claims[untilField] ?? '长期') : '长期',
      // 学历 and 社保 records are released only with a stated 用证事由 (as 学信网 asks for one).
      purposeRequired: rec.kind === 'degree'
    }
  }

  const signingKey = (issuer: IssuerState, atSec: number) => {
    const k = [...issuer.keys].reverse().find((x) => atSec >= x.notBefore && atSec <= x.notAfter && x.compromisedAt === undefined)
    if (!k) throw new SimulatorError('ERR_SERVER', 503, 'no-signing-key')
    return k.key
  }

  const trustListPayload = (): TrustList => {
    const iat = toSec(now())
    const list: TrustedIssuer[] = [...issuers.values()].map((i) => ({
      id: i.id,
      name: i.name,
      region: i.region,
      authority: i.authority,
      kinds: i.kinds,
      keys: i.keys.map((k) => ({ kid: k.key.kid, alg: 'ES256' as const, jwk: k.key.publicJwk, notBefore: k.notBefore, notAfter: k.notAfter, ...(k.compromisedAt !== undefined ? { compromisedAt: k.compromisedAt } : {}) }))
    }))
    return { iss: 'CN-GOV-ROOT', iat, exp: iat + 30 * DAY, version: 1, issuers: list }
  }

  const statusValues = (slug: string): Uint8Array => {
    const values = new Uint8Array(STATUS_LIST_SIZE)
    for (const rec of certs.values()) {
      if (rec.issuer.slug !== slug) continue
      values[rec.statusIdx] = rec.status === 'revoked' || rec.status === 'superseded' ? STATUS_INVALID : rec.status === 'suspended' ? STATUS_SUSPENDED : STATUS_VALID
    }
    for (const b of bearers.values()) if (b.slug === slug) values[b.statusIdx] = b.revokedAt === null ? STATUS_VALID : STATUS_INVALID
    return values
  }

  const getCert = (certId: string): CertRecord => {
    parseCertId(certId) // ERR_IDENTIFIER_FORMAT / ERR_IDENTIFIER_CHECK → 400
    const rec = certs.get(certId)
    if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
    return rec
  }

  /** Remembers the phone asking for credentials; a deactivated one gets nothing more. */
  const registerDevice = (holderId: string, key: EcPublicJwk) => {
    const deviceId = jwkThumbprint(key)
    const at = now().toISOString()
    const known = devices.get(deviceId)
    if (known && known.holderId !== holderId) throw new SimulatorError('ERR_CONFLICT', 409, 'device-of-another-holder')
    if (known?.status === 'deactivated') throw new SimulatorError('ERR_DEVICE_DEACTIVATED', 403)
    devices.set(deviceId, known ? { ...known, lastSeenAt: at } : { deviceId, keyX: key.x, holderId, firstSeenAt: at, lastSeenAt: at, status: 'active' })
  }
  const randomCode = (n: number) => {
    let out = ''
    for (const b of random(n)) out += CODE_ALPHABET[b % 32]
    return out
  }

  /** The few fields a bearer credential carries; on paper, masked fields are masked before signing. */
  const bearerClaims = (rec: CertRecord, use: BearerUse): Record<string, ClaimValue> => {
    const module = certRegistry.require(rec.kind)
    const claims: Record<string, ClaimValue> = {}
    for (const name of certRegistry.bearerFields(use, rec.kind) ?? []) {
      const v = rec.claims[name]
      const spec = module.fields.find((f) => f.name === name)!
      if (typeof v === 'string') claims[name] = BEARER_PREMASKED[use] && spec.sensitivity === 'masked' && spec.mask ? maskValue(spec.mask, v) : v
      else if (typeof v === 'number' || typeof v === 'boolean') claims[name] = v
    }
    return claims
  }

  /** A holder's own, usable certificate of a kind `use` allows (404 / 400 / 409 otherwise). */
  const usableCertFor = (holderId: string, certId: string, use: BearerUse): CertRecord => {
    const rec = getCert(certId)
    if (rec.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
    if (!certRegistry.bearerFields(use, rec.kind)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'kind')
    const st = currentStatus(rec)
    if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
    if (st === 'expired') throw new SimulatorError('ERR_CERT_EXPIRED', 409)
    if (st === 'suspended') throw new SimulatorError('ERR_CERT_SUSPENDED', 409)
    return rec
  }

  const issueBearer = async (rec: CertRecord, use: BearerUse, ref: string, days: number): Promise<BearerRecord> => {
    const iat = toSec(now())
    let exp = iat + days * DAY
    const module = certRegistry.require(rec.kind)
    const until = module.validity.validUntilField ? rec.claims[module.validity.validUntilField] : undefined
    if (typeof until === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(until)) exp = Math.min(exp, dateSec(until) + DAY)
    const statusIdx = allocFresh(rec.issuer.slug)
    const credential = await signBearerCredential(
      { use, kid: '', iat, exp, ref, status: { listId: rec.issuer.slug, ownIdx: statusIdx, certIdx: rec.statusIdx }, kind: rec.kind, claims: bearerClaims(rec, use) },
      signingKey(rec.issuer, iat).privateJwk,
      certRegistry,
      backend
    )
    const b: BearerRecord = { ref, use, holderId: rec.holderId, certId: rec.certId, slug: rec.issuer.slug, statusIdx, credential, issuedAt: iat, expiresAt: exp, revokedAt: null }
    bearers.set(ref, b)
    return b
  }

  /** valid / expired / revoked; a share or paper of a cancelled (or reissued-away) certificate is revoked too. */
  const bearerStatus = (b: BearerRecord): 'valid' | 'expired' | 'revoked' => {
    const cert = certs.get(b.certId)
    if (b.revokedAt !== null || !cert || cert.status === 'revoked' || cert.status === 'superseded') return 'revoked'
    return toSec(now()) > b.expiresAt ? 'expired' : 'valid'
  }
  const iso = (sec: number) => new Date(sec * 1000).toISOString()
  const paperView = (b: BearerRecord): PaperCredential => ({
    paperId: b.ref,
    certId: b.certId,
    kind: certs.get(b.certId)!.kind,
    credential: b.credential,
    issuedAt: iso(b.issuedAt),
    expiresAt: iso(b.expiresAt),
    status: bearerStatus(b),
    ...(b.revokedAt !== null ? { revokedAt: iso(b.revokedAt) } : {})
  })
  const shareView = (b: BearerRecord): DegreeShare => ({
    code: b.ref,
    certId: b.certId,
    createdAt: iso(b.issuedAt),
    expiresAt: iso(b.expiresAt),
    status: bearerStatus(b),
    ...(b.revokedAt !== null ? { revokedAt: iso(b.revokedAt) } : {})
  })
  const ownBearer = (holderId: string, ref: string, use: BearerUse): BearerRecord => {
    const b = bearers.get(ref)
    if (!b || b.holderId !== holderId || b.use !== use) throw new SimulatorError('ERR_NOT_FOUND', 404, use)
    return b
  }
  const holderBearers = (holderId: string, use: BearerUse) =>
    [...bearers.values()].filter((b) => b.holderId === holderId && b.use === use).sort((a, b) => b.issuedAt - a.issuedAt)

  /** Which certificates (and so which holder) a status entry belongs to: a certificate, a paper or a share. */
  const certForStatusEntry = (slug: string, idx: number): CertRecord | null => {
    for (const rec of certs.values()) if (rec.issuer.slug === slug && rec.statusIdx === idx) return rec
    for (const b of bearers.values()) if (b.slug === slug && b.statusIdx === idx) return certs.get(b.certId) ?? null
    return null
  }

  const publicDevice = ({ holderId: _h, ...d }: DeviceInfo & { holderId: string }): DeviceInfo => d

  /** The device key x a CW1 presentation's credentials name (all name the same one once verified). */
  const presentationDeviceX = (text: string): string => {
    const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
    const r = new ByteReader(all.subarray(0, all.length - 64))
    r.u8()
    r.u8()
    const raw = r.lenBytes(2048)
    return decodeCredentialBody(raw.subarray(0, raw.length - 64), certRegistry).deviceKey.x
  }

  const medpay: MedpayService = createMedpayService({
    now,
    async verifyCode(text) {
      const verified = await verifyPresentation(text, {
        trust: trustListPayload(),
        registry: certRegistry,
        backend,
        now: toSec(now()),
        purposes: ['pharmacy'],
        status: async ({ listId, idx }) => {
          if (!issuers.has(listId)) return 'unknown'
          const v = statusValues(listId)[idx]
          return v === STATUS_VALID ? 'valid' : v === STATUS_INVALID ? 'invalid' : v === STATUS_SUSPENDED ? 'suspended' : 'unknown'
        },
        isDeviceDeactivated: (x) => [...devices.values()].some((d) => d.keyX === x && d.status === 'deactivated')
      })
      const cert = verified.certs.find((c) => c.kind === 'medical-insurance')
      if (!cert) throw new SimulatorError('ERR_PURPOSE_MISMATCH', 400, 'no-medical-insurance')
      return { claims: cert.claims, deviceKeyX: presentationDeviceX(text) }
    },
    holderOfDevice: (x) => [...devices.values()].find((d) => d.keyX === x && d.status === 'active')?.holderId ?? null,
    insured: (): InsuredPerson[] =>
      [...certs.values()]
        .filter((r) => r.kind === 'medical-insurance' && r.status !== 'superseded')
        .map((r) => {
          const c = r.claims
          const type = String(c.insurance_type ?? '')
          return {
            holderId: r.holderId,
            psnNo: String(c.insured_person_number),
            name: String(c.name),
            region: String(c.insured_region),
            insutype: type.includes('居民') ? '390' : '310',
            retired: type.includes('退休'),
            active: currentStatus(r) === 'valid' && c.insured_status === '正常参保',
            mutualAid: c.family_mutual_aid_flag === true
          }
        }),
    takePassedFaceSession(sessionId) {
      const s = sessions.get(sessionId)
      if (!s || s.status !== 'passed' || !s.holderId) return null
      sessions.delete(sessionId)
      return s.holderId
    },
    issueRelativeCredentials: (relativeHolderId, deviceKey, count) => purposeBatch(relativeHolderId, 'pharmacy', deviceKey, count, false)
  })

  const sim: Simulator & { readonly seed: string; readonly usage: UsageLog; internals: SimulatorInternals } = {
    seed,
    now,
    startFaceSession(name, idNumber) {
      if (typeof name !== 'string' || typeof idNumber !== 'string' || !name || !idNumber) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'name/idNumber')
      const person = SEED_PEOPLE.find((p) => p.name === name.trim() && p.idNumber === idNumber.trim().toUpperCase())
      const s = { sessionId: 'fs-' + hex(random(12)), status: 'pending' as const, expiresAt: new Date(now().getTime() + 10 * 60000).toISOString(), holderId: person?.id ?? null }
      sessions.set(s.sessionId, s)
      return { sessionId: s.sessionId, status: s.status, expiresAt: s.expiresAt }
    },
    completeFaceSession(sessionId, passed) {
      const s = sessions.get(sessionId)
      if (!s) throw new SimulatorError('ERR_NOT_FOUND', 404, 'session')
      if (Date.parse(s.expiresAt) < now().getTime()) throw new SimulatorError('ERR_FACE_CHECK_FAILED', 400, 'expired')
      // A face that matches nobody on record fails like a face that does not match.
      if (!passed || !s.holderId) {
        sessions.set(sessionId, { ...s, status: 'failed' })
        throw new SimulatorError('ERR_FACE_CHECK_FAILED', 403)
      }
      const token = 'ht-' + hex(random(24))
      tokens.set(token, s.holderId)
      sessions.set(sessionId, { ...s, status: 'passed' })
      const name = SEED_PEOPLE.find((p) => p.id === s.holderId)!.name
      return { status: 'passed', holderId: s.holderId, holderToken: token, displayName: name.length > 2 ? name[0] + '*' + name.slice(2) : name[0] + '*' }
    },
    holderForToken(token) {
      const id = tokens.get(token)
      if (!id) throw new SimulatorError('ERR_UNAUTHORIZED', 401)
      return id
    },
    listCertificates(holderId) {
      return [...certs.values()].filter((r) => r.holderId === holderId && r.status !== 'superseded').map(summary)
    },
    async issueCredential(holderId, certId, deviceKey: EcPublicJwk, purpose) {
      const rec = getCert(certId)
      if (rec.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
      if (!deviceKey || deviceKey.kty !== 'EC' || deviceKey.crv !== 'P-256' || typeof deviceKey.x !== 'string' || typeof deviceKey.y !== 'string') {
        throw new SimulatorError('ERR_BAD_REQUEST', 400, 'deviceKey')
      }
      if (summary(rec).purposeRequired && !purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      const st = currentStatus(rec)
      if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      registerDevice(holderId, deviceKey)
      const module = certRegistry.require(rec.kind)
      const iat = toSec(now())
      let exp = iat + module.validity.credentialLifetimeDays * DAY
      const until = module.validity.validUntilField ? rec.claims[module.validity.validUntilField] : undefined
      if (typeof until === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(until)) exp = Math.min(exp, dateSec(until) + DAY)
      const disclosable: Record<string, unknown> = { cert_id: rec.certId }
      for (const f of module.fields) if (rec.claims[f.name] !== undefined) disclosable[f.name] = rec.claims[f.name]
      if (module.fields.some((f) => f.name === 'age_over_18')) {
        const over = ageOver18(rec.claims, iat)
        if (over !== undefined) disclosable.age_over_18 = over
      }
      const { kty, crv, x, y } = deviceKey
      const credential = await issueSdJwt({
        payload: {
          iss: rec.issuer.id,
          iat,
          nbf: iat,
          exp,
          vct: module.vct,
          cnf: { jwk: { kty, crv, x, y } },
          status: { status_list: { idx: rec.statusIdx, uri: STATUS_URI_BASE + rec.issuer.slug } }
        },
        disclosable,
        issuerKey: signingKey(rec.issuer, iat).privateJwk,
        backend,
        random
      })
      return { certId: rec.certId, kind: rec.kind, credential, issuedAt: new Date(iat * 1000).toISOString() }
    },
    changesSince(holderId, since) {
      const nowSec = toSec(now())
      const out: CertificateChange[] = changes.filter((c) => c.holderId === holderId).map(({ holderId: _h, ...c }) => c)
      for (const rec of certs.values()) {
        if (rec.holderId !== holderId || rec.status !== 'valid') continue
        const module = certRegistry.require(rec.kind)
        const until = module.validity.validUntilField ? rec.claims[module.validity.validUntilField] : undefined
        if (isPast(until, nowSec)) out.push({ certId: rec.certId, change: 'expired', at: new Date((dateSec(String(until)) + DAY) * 1000).toISOString() })
      }
      return out.filter((c) => !since || Date.parse(c.at) > since.getTime()).sort((a, b) => a.at.localeCompare(b.at))
    },
    async trustList() {
      return signJwt(trustListPayload(), { typ: TRUST_LIST_TYP, kid: rootKey.kid }, rootKey.privateJwk, backend)
    },
    async statusList(listId) {
      const issuer = issuers.get(listId)
      if (!issuer) throw new SimulatorError('ERR_NOT_FOUND', 404, 'status-list')
      const iat = toSec(now())
      const payload = { sub: STATUS_URI_BASE + listId, iat, exp: iat + DAY, ttl: 3600, status_list: encodeStatusList(statusValues(listId), 2) }
      return signJwt(payload, { typ: STATUS_LIST_TYP, kid: signingKey(issuer, iat).kid }, signingKey(issuer, iat).privateJwk, backend)
    },
    issuePurposeCredentials(holderId, purpose, deviceKey, count) {
      return purposeBatch(holderId, purpose, deviceKey, count, true)
    },
    listDevices(holderId) {
      return [...devices.values()].filter((d) => d.holderId === holderId).map(publicDevice)
    },
    deactivateDevice(holderId, deviceId) {
      const d = devices.get(deviceId)
      if (!d || d.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'device')
      if (d.status === 'active') devices.set(deviceId, { ...d, status: 'deactivated', deactivatedAt: now().toISOString() })
      return publicDevice(devices.get(deviceId)!)
    },
    async deviceRevocations() {
      const iat = toSec(now())
      const keys = [...devices.values()].filter((d) => d.status === 'deactivated').map((d) => d.keyX)
      return signJwt({ iss: 'CN-GOV-ROOT', iat, exp: iat + DAY, keys }, { typ: DEVICE_REVOCATIONS_TYP, kid: rootKey.kid }, rootKey.privateJwk, backend)
    },
    listUsageRecords(holderId, certId) {
      return usage.list(holderId, certId).map(toApiUsageRecord)
    },
    requestUsageDeletion(holderId, recordId) {
      const rec = usage.requestDeletion(holderId, recordId)
      if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'usage-record')
      return toApiUsageRecord(rec)
    },
    async verify(presentation, purpose, verifier) {
      const checkedAt = now().toISOString()
      if (!purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      const nowSec = toSec(now())
      const text = typeof presentation === 'string' ? presentation.trim() : ''
      // Status entries the verification looked up: they name the certificates, so the holder.
      const seen: { slug: string; idx: number }[] = []
      const lookup = async (slug: string, idx: number) => {
        seen.push({ slug, idx })
        if (!issuers.has(slug)) return 'unknown' as const
        const v = statusValues(slug)[idx]
        return v === STATUS_VALID ? ('valid' as const) : v === STATUS_INVALID ? ('invalid' as const) : v === STATUS_SUSPENDED ? ('suspended' as const) : ('unknown' as const)
      }
      let result: VerificationResult
      let fields: string[] = []
      try {
        const trust = trustListPayload()
        if (text.startsWith(PRESENTATION_PREFIX)) {
          const deactivated = new Set([...devices.values()].filter((d) => d.status === 'deactivated').map((d) => d.keyX))
          const v = await verifyPresentation(text, {
            trust,
            registry: certRegistry,
            backend,
            now: nowSec,
            status: ({ listId, idx }) => lookup(listId, idx),
            replay: serverReplay,
            isDeviceDeactivated: (x) => deactivated.has(x)
          })
          fields = v.certs.flatMap((c) => Object.keys(c.claims))
          result = { ok: true, code: 'OK', kind: v.certs[0].kind, issuerName: v.certs[0].issuer.name, checkedAt }
        } else if (text.startsWith(BEARER_PREFIX)) {
          const v = await verifyBearerCredential(text, { trust, registry: certRegistry, backend, now: nowSec, status: ({ listId, idx }) => lookup(listId, idx) })
          fields = Object.keys(v.claims)
          result = { ok: true, code: 'OK', kind: v.kind, issuerName: v.issuer.name, checkedAt }
        } else {
          const v = await verifySdJwt(text, {
            trust,
            backend,
            now: nowSec,
            status: async ({ uri, idx }) => lookup(uri.startsWith(STATUS_URI_BASE) ? uri.slice(STATUS_URI_BASE.length) : '', idx)
          })
          const module = certRegistry.findByVct(v.payload.vct)
          if (!module) throw new SimulatorError('ERR_UNKNOWN_KIND', 400)
          fields = v.disclosed.filter((f) => f !== 'cert_id')
          result = { ok: true, code: 'OK', kind: module.kind, issuerName: v.issuer.name, checkedAt }
        }
      } catch (e) {
        result = { ok: false, code: e instanceof SimulatorError ? e.code : toWalletError(e).code, checkedAt }
      }
      // Only entries of issuer-signed credentials reach the lookup, so the holder is known for sure.
      const recs = [...new Map(seen.map((r) => certForStatusEntry(r.slug, r.idx)).filter((r): r is CertRecord => r !== null).map((r) => [r.certId, r])).values()]
      if (recs.length > 0) {
        usage.record({
          holderId: recs[0].holderId,
          at: checkedAt,
          channel: 'verification',
          certIds: recs.map((r) => r.certId),
          kinds: [...new Set(recs.map((r) => r.kind))],
          purpose: purpose.trim(),
          verifier: verifier?.name?.trim() ? { name: verifier.name.trim(), role: verifier.role?.trim() || null } : null,
          fields: [...new Set(fields)],
          outcome: result.ok ? 'accepted' : 'rejected'
        })
      }
      return result
    },
    async issuePaperCredential(holderId, certId) {
      const rec = usableCertFor(holderId, certId, 'paper')
      return paperView(await issueBearer(rec, 'paper', 'P' + randomCode(9), PAPER_DAYS))
    },
    listPaperCredentials(holderId) {
      return holderBearers(holderId, 'paper').map(paperView)
    },
    revokePaperCredential(holderId, paperId) {
      const b = ownBearer(holderId, paperId, 'paper')
      if (b.revokedAt === null) b.revokedAt = toSec(now())
      return paperView(b)
    },
    async createDegreeShare(holderId, certId, validDays) {
      if (!Number.isInteger(validDays) || validDays < DEGREE_SHARE_MIN_DAYS || validDays > DEGREE_SHARE_MAX_DAYS) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'validDays')
      const rec = usableCertFor(holderId, certId, 'degree-share')
      return shareView(await issueBearer(rec, 'degree-share', randomCode(16), validDays))
    },
    listDegreeShares(holderId) {
      return holderBearers(holderId, 'degree-share').map(shareView)
    },
    revokeDegreeShare(holderId, code) {
      const b = ownBearer(holderId, normalizeShareCode(code), 'degree-share')
      if (b.revokedAt === null) b.revokedAt = toSec(now())
      return shareView(b)
    },
    async checkDegreeShare(code) {
      const b = bearers.get(normalizeShareCode(code))
      if (!b || b.use !== 'degree-share') throw new SimulatorError('ERR_NOT_FOUND', 404, 'share')
      const status = bearerStatus(b)
      const rec = certs.get(b.certId)!
      // The holder sees in 用证记录 that someone looked the code up (who, the public page cannot say).
      usage.record({
        holderId: b.holderId,
        at: now().toISOString(),
        channel: 'verification',
        certIds: [b.certId],
        kinds: [rec.kind],
        purpose: '学历验证码查验',
        verifier: null,
        fields: status === 'valid' ? Object.keys(bearerClaims(rec, 'degree-share')) : [],
        outcome: status === 'valid' ? 'accepted' : 'rejected'
      })
      return { code: b.ref, status, expiresAt: iso(b.expiresAt), checkedAt: now().toISOString(), ...(status === 'valid' ? { credential: b.credential } : {}) }
    },
    async retrieveFile({ certId, purpose, verifierName, holderId }) {
      if (!purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      if (!verifierName?.trim()) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'verifierName')
      const rec = getCert(certId)
      if (holderId && rec.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
      const st = currentStatus(rec)
      if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      const at = now()
      const id = 'fr-' + hex(random(10))
      const day = at.toISOString().slice(0, 10)
      const module = certRegistry.require(rec.kind)
      // A file copy is the whole document: every field the certificate has goes out.
      usage.record({
        holderId: rec.holderId,
        at: at.toISOString(),
        channel: 'file-retrieval',
        certIds: [certId],
        kinds: [rec.kind],
        purpose: purpose.trim(),
        verifier: { name: verifierName.trim(), role: null },
        fields: module.fields.filter((f) => rec.claims[f.name] !== undefined).map((f) => f.name),
        outcome: 'accepted'
      })
      return {
        retrievalId: id,
        certId,
        purpose: purpose.trim(),
        verifierName: verifierName.trim(),
        watermark: `仅供${verifierName.trim()}用于${purpose.trim()} ${day}`,
        fileUrl: `/api/v1/files/${id}`,
        expiresAt: new Date(at.getTime() + 90 * DAY * 1000).toISOString()
      }
    },
    reissue(certId) {
      const rec = getCert(certId)
      if (rec.status === 'superseded' || rec.status === 'revoked') throw new SimulatorError('ERR_CONFLICT', 409, rec.status)
      const newId = nextVersion(certId)
      rec.status = 'superseded'
      const fresh: CertRecord = { ...rec, certId: newId, status: 'valid', statusIdx: allocFresh(rec.issuer.slug) }
      certs.set(newId, fresh)
      changes.push({ holderId: rec.holderId, certId, change: 'reissued', newCertId: newId, at: now().toISOString() })
      return { oldCertId: certId, newCertId: newId }
    },
    revoke(certId) {
      const rec = getCert(certId)
      if (rec.status === 'superseded' || rec.status === 'revoked') throw new SimulatorError('ERR_CONFLICT', 409, rec.status)
      rec.status = 'revoked'
      changes.push({ holderId: rec.holderId, certId, change: 'revoked', at: now().toISOString() })
      return { certId, status: 'revoked' }
    },
    medpay,
    reset() {
      build()
      usage.clear()
      medpay.reset()
    },
    usage,
    internals: {
      rootPublicKey: () => rootKey.publicJwk,
      trustListPayload,
      issuerKey: (slug, year) => deriveKey(seed, `${slug}-${year}`),
      setCompromised: (kid, at) => {
        for (const i of issuers.values()) for (const k of i.keys) if (k.key.kid === kid) k.compromisedAt = at
      },
      personByToken: (token) => tokens.get(token) ?? null
    }
  }

  /**
   * 亮证 purpose credentials of `holderId`'s certificates bound to `deviceKey`. `register` false:
   * the key is a relative's phone (家庭共济), registered to that relative already.
   */
  async function purposeBatch(holderId: string, purpose: string, deviceKey: EcPublicJwk, count: number, register: boolean): Promise<PurposeCredentialBatch> {
    const slots = certRegistry.slots(purpose)
    if (!slots.length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purpose')
    if (!Number.isInteger(count) || count < 1 || count > 20) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'count')
    if (!deviceKey || deviceKey.kty !== 'EC' || deviceKey.crv !== 'P-256') throw new SimulatorError('ERR_BAD_REQUEST', 400, 'deviceKey')
    const iat = toSec(now())
    const mine = [...certs.values()].filter((r) => r.holderId === holderId && r.status !== 'superseded')
    const chosen: CertRecord[] = []
    for (const slot of slots) {
      const candidates = slot.kinds.flatMap((k) => mine.filter((r) => r.kind === k))
      const usable = candidates.find((r) => currentStatus(r) === 'valid')
      if (usable) chosen.push(usable)
      else if (slot.required) {
        const st = candidates[0] ? currentStatus(candidates[0]) : null
        if (st === 'expired') throw new SimulatorError('ERR_CERT_EXPIRED', 409)
        if (st === 'revoked' || st === 'suspended') throw new SimulatorError('ERR_CERT_REVOKED', 409)
        throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate-for-purpose')
      }
    }
    if (register) registerDevice(holderId, deviceKey)
    // Purpose credentials live 7 days, never past the document's own validity.
    let exp = iat + 7 * DAY
    for (const rec of chosen) {
      const module = certRegistry.require(rec.kind)
      const until = module.validity.validUntilField ? rec.claims[module.validity.validUntilField] : undefined
      if (typeof until === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(until)) exp = Math.min(exp, dateSec(until) + DAY)
    }
    const byIssuer = new Map<string, CertRecord[]>()
    for (const rec of chosen) byIssuer.set(rec.issuer.slug, [...(byIssuer.get(rec.issuer.slug) ?? []), rec])
    const { kty, crv, x, y } = deviceKey
    const sets: { credentials: string[] }[] = []
    for (let i = 0; i < count; i++) {
      const credentials: string[] = []
      for (const recs of byIssuer.values()) {
        const issuer = recs[0].issuer
        const body = {
          purpose: purpose as PurposeId,
          kid: '',
          iat,
          exp,
          status: recs.map((r) => ({ listId: r.issuer.slug, idx: r.statusIdx })),
          deviceKey: { kty, crv, x, y },
          certs: recs.map((r) => {
            const module = certRegistry.require(r.kind)
            const preset = module.presets.find((p) => p.purpose === purpose)!
            const claims: Record<string, ClaimValue> = {}
            for (const f of preset.fields) {
              const v = f === 'age_over_18' ? ageOver18(r.claims, iat) : r.claims[f]
              if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') claims[f] = v
            }
            return { kind: r.kind, claims }
          })
        }
        credentials.push(base64urlEncode(await signPurposeCredential(body, signingKey(issuer, iat).privateJwk, certRegistry, backend)))
      }
      sets.push({ credentials })
    }
    return { purpose: purpose as PurposeId, sets, kinds: chosen.map((r) => r.kind), expiresAt: new Date(exp * 1000).toISOString() }
  }

  function allocFresh(slug: string): number {
    const taken = new Set([...certs.values()].filter((r) => r.issuer.slug === slug).map((r) => r.statusIdx))
    for (const b of bearers.values()) if (b.slug === slug) taken.add(b.statusIdx)
    const b = random(3)
    let idx = ((b[0] << 16) | (b[1] << 8) | b[2]) % STATUS_LIST_SIZE
    while (taken.has(idx)) idx = (idx + 1) % STATUS_LIST_SIZE
    return idx
  }

  return sim
}

/** Test and tooling hooks; never reached through HTTP. */
export interface SimulatorInternals {
  rootPublicKey(): EcPublicJwk
  trustListPayload(): TrustList
  issuerKey(slug: string, year: 2024 | 2026): SeededKey
  setCompromised(kid: string, at: number): void
  personByToken(token: string): string | null
}
