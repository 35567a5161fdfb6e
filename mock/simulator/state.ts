import type { TokenRecord } from './holderTokens'
import { generateCertId, nextVersion, ReplayCache, type BearerUse, type CertRegistry } from '../coreImports'
import { dateSec } from './clock'
import { deriveKey, type SeededKey } from './keys'
import type { SeedIssuer } from './seed'
import { issuerKindsOf, type SimulatorSeedData } from './seedData'
import { seededStatusIndex } from './statusIndex'
import { buildInstitutions, type InstitutionRecord } from './institutions'
import { buildRelyingParties, type RelyingPartyRecord } from './relyingParties'
import type { FileGrantRecord, FileRetrievalRecordState } from './fileGrants'
import type { OriginalLinkRecord } from './originalLinks'
import type { DelegationRecord } from './delegation'
import type { CertificateChange, CertStatus, DeviceInfo, FaceSession } from './types'

/** An issuing authority with its key history. */
export interface IssuerState extends SeedIssuer {
  keys: { key: SeededKey; notBefore: number; notAfter: number; compromisedAt?: number }[]
}

export interface CertRecord {
  certId: string
  kind: string
  holderId: string
  issuer: IssuerState
  claims: Record<string, unknown>
  status: CertStatus
  statusIdx: number
}

/** A paper credential or a degree share: a bearer credential with its own status entry. */
export interface BearerRecord {
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

export interface ChangeRecord extends CertificateChange {
  holderId: string
}

/**
 * A face session; `holderId` null when the name and number match nobody on record. Only digests
 * of the name and ID number are kept (to match the platform's ticket). `sign-in` sessions yield a
 * holder token; `family-consent` ones (opened by `requestedBy`, the payer) only a 亲情账户 link.
 */
export type FaceSessionRecord = FaceSession & {
  holderId: string | null
  nameDigest: string
  idDigest: string
  purpose: 'sign-in' | 'family-consent' | 'delegation-consent'
  requestedBy: string | null
  /** `delegation-consent` only: the purposes the relative is asked to allow (家人代办, issue #13). */
  scope?: string[]
}

/**
 * A holder's phone. `setKeys`: the per-set keys (issue #16) the phone asked purpose credentials for
 * under its DPoP proof, kept until the last second a verifier would accept their sets (`until`), so a
 * deactivated phone's sets are listed in the device revocations and a 医保码 finds its holder.
 */
export type DeviceRecord = DeviceInfo & { holderId: string; setKeys?: SetKeyRecord[] }

/**
 * A set key: its x, the last second its sets are accepted, and the status entries of the
 * certificates its sets speak for (the credentials carry none; the online 核验 looks them up here).
 */
export interface SetKeyRecord {
  x: string
  until: number
  status: { slug: string; idx: number }[]
  /** 代为出示 (issue #13): the 家人代办 link the set was issued under (a relative's credentials on the agent's phone). */
  linkId?: string
}

/** Everything a reset throws away. */
export interface SimulatorState {
  issuers: Map<string, IssuerState>
  certs: Map<string, CertRecord>
  changes: ChangeRecord[]
  sessions: Map<string, FaceSessionRecord>
  /** Access and refresh tokens, each bound to a device key (./holderTokens.ts). */
  tokens: Map<string, TokenRecord>
  /** DPoP proofs seen (`jkt:jti` → forget after, seconds): each is single use. */
  usedDpopJtis: Map<string, number>
  devices: Map<string, DeviceRecord>
  bearers: Map<string, BearerRecord>
  /** Proofs the online 核验 accepted: a screenshot does not pass twice here either. */
  serverReplay: ReplayCache
  /** 用证单位 / 定点医药机构 by 统一社会信用代码, with their enrolled keys and activation codes. */
  institutions: Map<string, InstitutionRecord>
  /** `institutionId|jti` of signed institution calls already seen → seconds until forgotten. */
  institutionJtis: Map<string, number>
  /** 线上核验 relying parties by 统一社会信用代码, with their registered keys, endpoint and open code. */
  relyingParties: Map<string, RelyingPartyRecord>
  /** Face tickets redeemed (jti → exp, seconds): each is single use. */
  usedFaceProofs: Map<string, number>
  /** 文件调用 grants by id, the `holderId|nonce` of every grant accepted, and the copies released. */
  fileGrants: Map<string, FileGrantRecord>
  fileGrantNonces: Set<string>
  fileRetrievals: FileRetrievalRecordState[]
  /** 原件 download links by the SHA-256 of their token (./originalLinks.ts). */
  originalLinks: Map<string, OriginalLinkRecord>
  /** 家人代办 links by id (./delegation.ts). */
  delegations: Map<string, DelegationRecord>
}

/** Fresh seeded state: issuers with keys derived from `seed`, and every seeded certificate. */
export function buildState(seed: string, seedData: SimulatorSeedData, registry: CertRegistry): SimulatorState {
  const kinds = issuerKindsOf(seedData, registry)
  const issuers = new Map<string, IssuerState>(
    seedData.issuers.map((i) => [
      i.slug,
      {
        ...i,
        kinds: kinds.get(i.slug)!,
        keys: [
          // Rotated out at the end of 2025: still verifies what it signed in its window.
          { key: deriveKey(seed, `${i.slug}-2024`, i.curve), notBefore: dateSec('2024-01-01'), notAfter: dateSec('2025-12-31') },
          { key: deriveKey(seed, `${i.slug}-2026`, i.curve), notBefore: dateSec('2025-10-01'), notAfter: dateSec('2028-12-31') }
        ]
      }
    ])
  )
  const certs = new Map<string, CertRecord>()
  const changes: ChangeRecord[] = []
  const taken = new Map<string, Set<number>>()
  const allocIdx = (slug: string, certId: string) => {
    const used = taken.get(slug) ?? new Set<number>()
    taken.set(slug, used)
    return seededStatusIndex(seed, certId, used)
  }
  for (const person of seedData.people) {
    for (const c of person.certificates) {
      const issuer = issuers.get(c.issuer)!
      const module = registry.require(c.kind)
      let certId = generateCertId({ typeCode: module.typeCode, issuerCode: issuer.id, serial: c.serial, version: 1 })
      if (c.history === 'reissued') {
        // The card was replaced: version 001 is superseded by 002.
        certs.set(certId, { certId, kind: c.kind, holderId: person.id, issuer, claims: c.claims, status: 'superseded', statusIdx: allocIdx(issuer.slug, certId) })
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
  return { issuers, certs, changes, sessions: new Map(), tokens: new Map(), usedDpopJtis: new Map(), devices: new Map(), bearers: new Map(), serverReplay: new ReplayCache(), institutions: buildInstitutions(seed), institutionJtis: new Map(), relyingParties: buildRelyingParties(seed), usedFaceProofs: new Map(), fileGrants: new Map(), fileGrantNonces: new Set(), fileRetrievals: [], originalLinks: new Map(), delegations: new Map() }
}
