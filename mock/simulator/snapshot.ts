import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex } from '@noble/hashes/utils'
import { utf8Encode } from '../coreImports'
import type { SimulatorContext } from './context'
import type { MedpayService, MedpayState } from './medpay/service'
import { buildState, type BearerRecord, type CertRecord, type ChangeRecord, type DeviceRecord, type FaceSessionRecord, type SimulatorState } from './state'
import type { FileGrantRecord, FileRetrievalRecordState } from './fileGrants'
import type { OriginalLinkRecord } from './originalLinks'
import type { DelegationRecord } from './delegation'
import type { TokenRecord } from './holderTokens'
import type { UsageRecord } from './usage'
import type { RelyingPartyRecord } from './relyingParties'

/**
 * The simulator's state as one versioned, JSON-safe document: what `npm start` / `npm run mock`
 * keep in their data folder (mock/persistence/fileStore.ts) and the in-page simulator keeps in
 * localStorage (mock/persistence/localStore.ts), so a restart or a reload forgets nobody.
 *
 * Key material is never in it. Every issuer key and the national root are derived from the seed
 * (./keys.ts), which is configuration, not state: the document carries a digest of the seed and of
 * the public keys derived from it, and refuses to load under others (ERR_STATE_SEED), because every credential, token and
 * status entry it holds was made under the first seed's keys. What is kept of the keys is only
 * what happened to them (an issuer key marked compromised). Institutions' enrolled keys are public
 * keys; their private halves live on the counter's and verifier's phones.
 */

export const SNAPSHOT_FORMAT = 'certwallet-simulator-state'
/** Bump when the shape changes; an older file is refused with ERR_STATE_VERSION (no silent reset). */
export const SNAPSHOT_VERSION = 3

export type SimulatorStateErrorCode =
  /** The file or blob is not a state document this program wrote (unreadable JSON, wrong shape). */
  | 'ERR_STATE_CORRUPT'
  /** A state document of another format version. */
  | 'ERR_STATE_VERSION'
  /** Written by a simulator with another seed or another list of certificate kinds. */
  | 'ERR_STATE_SEED'
  /** Another running simulator holds the data folder. */
  | 'ERR_STATE_LOCKED'
  /** The state could not be written (disk full, no permission). */
  | 'ERR_STATE_WRITE'

/** What the operator reads (Chinese, as the rest of the demo's console output). */
export const SIMULATOR_STATE_TEXT: Record<SimulatorStateErrorCode, string> = {
  ERR_STATE_CORRUPT: '模拟政务平台的数据文件已损坏或不是本程序写的，无法读取',
  ERR_STATE_VERSION: '模拟政务平台的数据文件来自另一个版本，本版本无法读取',
  ERR_STATE_SEED: '模拟政务平台的数据文件由另一套密钥种子或证照类型生成，与当前配置不符',
  ERR_STATE_LOCKED: '另一个模拟政务平台正在使用这个数据目录',
  ERR_STATE_WRITE: '模拟政务平台的数据无法写入磁盘'
}

/** A state document that cannot be loaded or saved; `code` says why, `detail` where. */
export class SimulatorStateError extends Error {
  constructor(
    readonly code: SimulatorStateErrorCode,
    readonly detail?: string,
    readonly cause?: unknown
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`)
    this.name = 'SimulatorStateError'
  }
}

type Stored<T> = Omit<T, 'issuer'> & { issuer: string }

/**
 * A certificate as the document keeps it: only those that differ from the seed (a new status, a
 * new version), and the claims only when the seed does not hold them already (`claimsOf` names the
 * seeded certificate whose claims they are; a reissue keeps the claims). So the people's seeded
 * data never lands in the state file or in the browser's storage.
 */
export type StoredCert = Omit<Stored<CertRecord>, 'claims'> & ({ claims: Record<string, unknown>; claimsOf?: undefined } | { claims?: undefined; claimsOf: string })

/** The document, version 3 (2: the relying parties of 线上核验; 3: 家人代办 links). */
export interface SimulatorSnapshot {
  format: typeof SNAPSHOT_FORMAT
  version: typeof SNAPSHOT_VERSION
  /** SHA-256 of the seed, the kinds in registry order and the derived public keys (hex): see {@link configDigest}. */
  configDigest: string
  savedAt: string
  state: {
    /** Only what happened to the derived keys: kid → compromised since (seconds). */
    compromisedKeys: [string, number][]
    /** Only certificates that differ from the seeded ones (see {@link StoredCert}). */
    certs: StoredCert[]
    changes: ChangeRecord[]
    sessions: [string, FaceSessionRecord][]
    tokens: [string, TokenRecord][]
    usedDpopJtis: [string, number][]
    devices: [string, DeviceRecord][]
    bearers: [string, BearerRecord][]
    serverReplay: [string, number][]
    /** Only what enrolment changes: the registered key and the open activation code. */
    institutions: [string, { key: { jwk: { kty: 'EC'; crv: 'P-256' | 'SM2'; x: string; y: string; kid?: string }; enrolledAt: number } | null; activationCode: string | null }][]
    institutionJtis: [string, number][]
    /** Only what registration changes: keys, endpoint, the open code. */
    relyingParties: [string, Pick<RelyingPartyRecord, 'key' | 'encKey' | 'responseUri' | 'registrationCode'>][]
    usedFaceProofs: [string, number][]
    fileGrants: [string, FileGrantRecord][]
    /** Absent in documents written before the 原件 download links (#14): read as none. */
    originalLinks?: [string, OriginalLinkRecord][]
    fileGrantNonces: string[]
    fileRetrievals: FileRetrievalRecordState[]
    /** Absent in documents written before 家人代办 (#13): read as none. */
    delegations?: [string, DelegationRecord][]
  }
  usage: { records: UsageRecord[]; seq: number }
  medpay: MedpayState
}

/**
 * What the document's records were made under: the seed, the kinds in registry order, and the
 * public keys derived from the seed (root and every issuer key). A change of key derivation with
 * the same seed string (P-256 → SM2 for the root, say) changes it too: credentials and bearer
 * codes in the file were signed by the old keys and would no longer verify.
 */
const digests = new WeakMap<object, string>()

export function configDigest(ctx: Pick<SimulatorContext, 'seed' | 'registry' | 'rootKey' | 'seedData'>): string {
  // The inputs never change for a simulator (a reset keeps seed, kinds and keys): once each.
  const known = digests.get(ctx)
  if (known) return known
  const kinds = ctx.registry.modules.map((m) => m.kind).join(',')
  const keyOf = (k: { kid: string; crv?: string; x?: string; y?: string }) => `${k.kid}:${k.crv}:${k.x}:${k.y}`
  const issuerKeys = [...buildIssuerKeys(ctx)].join(',')
  const digest = bytesToHex(sha256(utf8Encode(`${ctx.seed}\n${kinds}\n${keyOf(ctx.rootKey.publicJwk)}\n${issuerKeys}`)))
  digests.set(ctx, digest)
  return digest

  function* buildIssuerKeys(c: Pick<SimulatorContext, 'seed' | 'registry' | 'seedData'>) {
    for (const i of buildState(c.seed, c.seedData, c.registry).issuers.values()) for (const k of i.keys) yield keyOf(k.key.publicJwk)
  }
}

interface SeedIndex {
  /** certId → the seeded record as the document would write it. */
  records: Map<string, string>
  /** holderId|kind|claims → certId of the seeded certificate with those claims. */
  claims: Map<string, string>
  certs: Map<string, CertRecord>
}
const seedIndexes = new WeakMap<SimulatorContext, SeedIndex>()
const recordKey = (c: CertRecord) => JSON.stringify([c.kind, c.holderId, c.issuer.slug, c.status, c.statusIdx, c.claims])
const claimsKey = (c: Pick<CertRecord, 'holderId' | 'kind' | 'claims'>) => `${c.holderId}|${c.kind}|${JSON.stringify(c.claims)}`

/** The seeded certificates (deterministic from the seed), built once per simulator. */
function seedIndex(ctx: SimulatorContext): SeedIndex {
  let index = seedIndexes.get(ctx)
  if (!index) {
    const certs = buildState(ctx.seed, ctx.seedData, ctx.registry).certs
    index = { records: new Map(), claims: new Map(), certs }
    for (const c of certs.values()) {
      index.records.set(c.certId, recordKey(c))
      if (!index.claims.has(claimsKey(c))) index.claims.set(claimsKey(c), c.certId)
    }
    seedIndexes.set(ctx, index)
  }
  return index
}

function storedCerts(ctx: SimulatorContext): StoredCert[] {
  const index = seedIndex(ctx)
  const out: StoredCert[] = []
  for (const c of ctx.state.certs.values()) {
    if (index.records.get(c.certId) === recordKey(c)) continue
    const { issuer, claims, ...rest } = c
    const claimsOf = index.claims.get(claimsKey(c))
    out.push(claimsOf ? { ...rest, issuer: issuer.slug, claimsOf } : { ...rest, issuer: issuer.slug, claims })
  }
  return out
}

/** The whole state as a document; `JSON.stringify` it as is. */
export function exportSnapshot(ctx: SimulatorContext, medpay: MedpayService): SimulatorSnapshot {
  const s = ctx.state
  const compromisedKeys: [string, number][] = []
  for (const i of s.issuers.values()) for (const k of i.keys) if (k.compromisedAt !== undefined) compromisedKeys.push([k.key.kid, k.compromisedAt])
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    configDigest: configDigest(ctx),
    savedAt: ctx.now().toISOString(),
    state: {
      compromisedKeys,
      certs: storedCerts(ctx),
      changes: s.changes,
      sessions: [...s.sessions],
      tokens: [...s.tokens],
      usedDpopJtis: [...s.usedDpopJtis],
      devices: [...s.devices],
      bearers: [...s.bearers],
      serverReplay: s.serverReplay.toEntries(),
      institutions: [...s.institutions].map(([id, i]) => [id, { key: i.key, activationCode: i.activationCode }] as SimulatorSnapshot['state']['institutions'][number]),
      institutionJtis: [...s.institutionJtis],
      relyingParties: [...s.relyingParties].map(([id, r]) => [id, { key: r.key, encKey: r.encKey, responseUri: r.responseUri, registrationCode: r.registrationCode }] as SimulatorSnapshot['state']['relyingParties'][number]),
      usedFaceProofs: [...s.usedFaceProofs],
      fileGrants: [...s.fileGrants],
      fileGrantNonces: [...s.fileGrantNonces],
      fileRetrievals: s.fileRetrievals,
      originalLinks: [...s.originalLinks],
      delegations: [...s.delegations]
    },
    usage: ctx.usage.exportState(),
    medpay: medpay.exportState()
  } satisfies SimulatorSnapshot)
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isPairs = (v: unknown, value: (x: unknown) => boolean = isObj): v is [string, unknown][] =>
  Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && value(e[1]))
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v)

/**
 * Checks a parsed document and returns it typed; throws SimulatorStateError. It checks the format,
 * the version and the configuration first, then the shape of every collection (not every field of
 * every record: the document is ours, this catches truncation and hand edits, not forgery).
 */
export function parseSnapshot(raw: unknown, ctx: Pick<SimulatorContext, 'seed' | 'registry' | 'rootKey' | 'seedData'>): SimulatorSnapshot {
  const corrupt = (where: string): never => {
    throw new SimulatorStateError('ERR_STATE_CORRUPT', where)
  }
  if (!isObj(raw) || raw.format !== SNAPSHOT_FORMAT) return corrupt('format')
  if (raw.version !== SNAPSHOT_VERSION) throw new SimulatorStateError('ERR_STATE_VERSION', `version ${String(raw.version)}, expected ${SNAPSHOT_VERSION}`)
  if (raw.configDigest !== configDigest(ctx)) throw new SimulatorStateError('ERR_STATE_SEED')
  const s = raw.state
  if (!isObj(s)) return corrupt('state')
  if (!isPairs(s.compromisedKeys, isNum)) corrupt('compromisedKeys')
  const certOk = (c: unknown) =>
    isObj(c) && typeof c.certId === 'string' && typeof c.issuer === 'string' && typeof c.kind === 'string' && typeof c.holderId === 'string' && isNum(c.statusIdx) && (isObj(c.claims) !== (typeof c.claimsOf === 'string'))
  if (!Array.isArray(s.certs) || !s.certs.every(certOk))
    corrupt('certs')
  if (!Array.isArray(s.changes) || !s.changes.every(isObj)) corrupt('changes')
  for (const name of ['sessions', 'tokens', 'devices', 'bearers', 'institutions', 'relyingParties'] as const) if (!isPairs(s[name])) corrupt(name)
  for (const name of ['usedDpopJtis', 'serverReplay', 'institutionJtis', 'usedFaceProofs'] as const) if (!isPairs(s[name], isNum)) corrupt(name)
  if (!isPairs(s.fileGrants)) corrupt('fileGrants')
  if (s.delegations !== undefined && !isPairs(s.delegations)) corrupt('delegations')
  if (!Array.isArray(s.fileGrantNonces) || !s.fileGrantNonces.every((n) => typeof n === 'string')) corrupt('fileGrantNonces')
  if (!Array.isArray(s.fileRetrievals) || !s.fileRetrievals.every(isObj)) corrupt('fileRetrievals')
  if (s.originalLinks !== undefined && !isPairs(s.originalLinks)) corrupt('originalLinks')
  const u = raw.usage
  if (!isObj(u) || !Array.isArray(u.records) || !u.records.every(isObj) || !isNum(u.seq)) corrupt('usage')
  const m = raw.medpay
  if (!isObj(m) || !Array.isArray(m.usedCodes)) corrupt('medpay')
  const mp = m as Record<string, unknown>
  for (const name of ['accounts', 'visits', 'settlements', 'idempotent', 'links']) if (!isPairs(mp[name])) corrupt(`medpay.${name}`)
  return raw as unknown as SimulatorSnapshot
}

/**
 * Replaces the simulator's state with a document's (checked by {@link parseSnapshot}; throws
 * SimulatorStateError and leaves the state as it was when the document does not fit).
 */
export function importSnapshot(ctx: SimulatorContext, medpay: MedpayService, raw: unknown): void {
  const doc = structuredClone(parseSnapshot(raw, ctx))
  const fresh: SimulatorState = buildState(ctx.seed, ctx.seedData, ctx.registry)
  const keyOf = new Map<string, { compromisedAt?: number }>()
  for (const i of fresh.issuers.values()) for (const k of i.keys) keyOf.set(k.key.kid, k)
  for (const [kid, at] of doc.state.compromisedKeys) {
    const k = keyOf.get(kid)
    if (!k) throw new SimulatorStateError('ERR_STATE_CORRUPT', `key ${kid}`)
    k.compromisedAt = at
  }
  // The seeded certificates, then those the document says differ.
  const certs = new Map<string, CertRecord>(fresh.certs)
  for (const stored of doc.state.certs) {
    const { claimsOf, claims, ...c } = stored
    const issuer = fresh.issuers.get(c.issuer)
    const ownClaims = claims ?? (claimsOf ? fresh.certs.get(claimsOf)?.claims : undefined)
    if (!issuer || !ownClaims || !ctx.registry.modules.some((m) => m.kind === c.kind)) throw new SimulatorStateError('ERR_STATE_CORRUPT', `cert ${c.certId}`)
    certs.set(c.certId, { ...c, issuer, claims: ownClaims })
  }
  for (const [id, enrolment] of doc.state.institutions) {
    const rec = fresh.institutions.get(id)
    // An institution the seed no longer lists is dropped (its calls would be refused anyway).
    if (rec) Object.assign(rec, { key: enrolment.key, activationCode: enrolment.activationCode })
  }
  for (const [id, registered] of doc.state.relyingParties) {
    const rec = fresh.relyingParties.get(id)
    if (rec) Object.assign(rec, { key: registered.key, encKey: registered.encKey, responseUri: registered.responseUri, registrationCode: registered.registrationCode })
  }
  const now = ctx.nowSec()
  fresh.serverReplay.restoreEntries(doc.state.serverReplay, now)
  const state: SimulatorState = {
    ...fresh,
    certs,
    changes: doc.state.changes,
    sessions: new Map(doc.state.sessions),
    tokens: new Map(doc.state.tokens),
    usedDpopJtis: new Map(doc.state.usedDpopJtis),
    devices: new Map(doc.state.devices),
    bearers: new Map(doc.state.bearers),
    institutionJtis: new Map(doc.state.institutionJtis),
    usedFaceProofs: new Map(doc.state.usedFaceProofs),
    fileGrants: new Map(doc.state.fileGrants),
    fileGrantNonces: new Set(doc.state.fileGrantNonces),
    fileRetrievals: doc.state.fileRetrievals,
    originalLinks: new Map(doc.state.originalLinks ?? []),
    delegations: new Map(doc.state.delegations ?? [])
  }
  ctx.state = state
  ctx.usage.importState(doc.usage)
  medpay.importState(doc.medpay)
}
