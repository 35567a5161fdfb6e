import { base64urlEncode, buildAnnotatedCopy, checkFileGrant, FILE_COPY_PLATFORM, FILE_COPY_TYP, fileCopyWatermark, purposeLabels, signJwt, toWalletError, type Api, type FileCopyPayload } from '../coreImports'
import { currentStatus, holderCert } from './certificates'
import { isoOfSec } from './clock'
import { hex } from './codes'
import type { SimulatorContext } from './context'
import { deriveKey } from './keys'
import type { CertRecord } from './state'
import { SimulatorError, type InstitutionPrincipal, type Simulator } from './types'
import { platformSealer } from './originals'
import { STATUS_URI_BASE } from './status'

/** The platform key that signs 加注件 (listed in the trust list's `platform` entry). */
export const PLATFORM_COPY_KID = 'cn-platform-2026'
export const platformCopyKey = (seed: string) => deriveKey(seed, PLATFORM_COPY_KID)

/** One grant as the platform keeps it. */
export interface FileGrantRecord {
  grantId: string
  holderId: string
  certId: string
  kind: string
  institutionId: string
  purpose: string
  /** Seconds since epoch. */
  notBefore: number
  expiresAt: number
  createdAt: number
  revokedAt: number | null
  /** Device id (key thumbprint) that signed it, and the signed grant itself (evidence). */
  deviceId: string
  nonce: string
  jws: string
  retrievals: number
}

/** One copy released to an organisation. */
export interface FileRetrievalRecordState {
  retrievalId: string
  grantId: string
  institutionId: string
  certId: string
  kind: string
  purpose: string
  retrievedAt: number
  expiresAt: number
}

const labelOf = (purpose: string) => (purposeLabels as Record<string, string>)[purpose] ?? purpose

function grantStatus(ctx: SimulatorContext, g: FileGrantRecord): Api.FileGrant['status'] {
  if (g.revokedAt !== null) return 'revoked'
  const now = ctx.nowSec()
  if (now > g.expiresAt) return 'expired'
  return now < g.notBefore ? 'pending' : 'active'
}

function grantView(ctx: SimulatorContext, g: FileGrantRecord): Api.FileGrant {
  return {
    grantId: g.grantId,
    certId: g.certId,
    kind: g.kind,
    institutionId: g.institutionId,
    institutionName: ctx.state.institutions.get(g.institutionId)?.name ?? g.institutionId,
    purpose: g.purpose,
    notBefore: isoOfSec(g.notBefore),
    expiresAt: isoOfSec(g.expiresAt),
    createdAt: isoOfSec(g.createdAt),
    status: grantStatus(ctx, g),
    ...(g.revokedAt !== null ? { revokedAt: isoOfSec(g.revokedAt) } : {}),
    retrievals: g.retrievals
  }
}

/** Exactly the fields the kind discloses for the purpose (its preset), or null when it has none. */
function purposeFields(ctx: SimulatorContext, rec: CertRecord, purpose: string): string[] | null {
  const preset = ctx.registry.require(rec.kind).presets.find((p) => p.purpose === purpose)
  return preset ? [...preset.fields] : null
}

/** A certificate in force, or its code (409). */
function assertInForce(ctx: SimulatorContext, rec: CertRecord): void {
  const st = currentStatus(ctx, rec)
  if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
  if (st === 'expired') throw new SimulatorError('ERR_CERT_EXPIRED', 409)
  if (st === 'suspended') throw new SimulatorError('ERR_CERT_SUSPENDED', 409)
}

/**
 * 文件调用: the holder's grant (signed with a registered device key) to one registered organisation
 * for one purpose and period, the holder's list and revocation, and the organisation's fetch of the
 * platform-signed copy (加注件) under it, with the records of both sides.
 */
export function createFileGrants(ctx: SimulatorContext): Pick<Simulator, 'createFileGrant' | 'listFileGrants' | 'revokeFileGrant' | 'retrieveFile' | 'listFileRetrievals'> {
  return {
    async createFileGrant(holderId, jws) {
      const nowSec = ctx.nowSec()
      let checked
      try {
        checked = await checkFileGrant(jws, { backend: ctx.backend, nowSec })
      } catch (e) {
        const code = toWalletError(e).code
        throw new SimulatorError(code === 'ERR_GRANT_PERIOD' ? 'ERR_GRANT_PERIOD' : 'ERR_GRANT_INVALID', 400)
      }
      const { claims, jkt } = checked
      // The key must be a phone this holder registered (sign-in, 领证) and has not deactivated; the
      // grant must be made by this holder, whoever's token carries it.
      const device = ctx.state.devices.get(jkt)
      if (!device || device.holderId !== holderId || device.status !== 'active') throw new SimulatorError('ERR_GRANT_DEVICE', 403, 'device')
      if (claims.sub !== holderId) throw new SimulatorError('ERR_GRANT_DEVICE', 403, 'sub')
      const nonceKey = `${holderId}|${claims.nonce}`
      if (ctx.state.fileGrantNonces.has(nonceKey)) throw new SimulatorError('ERR_GRANT_REPLAYED', 409)
      const org = ctx.state.institutions.get(claims.org)
      if (!org) throw new SimulatorError('ERR_GRANT_ORG_UNKNOWN', 400)
      if (!org.purposes.includes(claims.pur)) throw new SimulatorError('ERR_GRANT_PURPOSE', 403, 'institution')
      const rec = holderCert(ctx, holderId, claims.cid)
      assertInForce(ctx, rec)
      if (!purposeFields(ctx, rec, claims.pur)) throw new SimulatorError('ERR_GRANT_PURPOSE', 403, 'kind')
      // Every check passed and nothing was awaited since the nonce check: reserve it now.
      ctx.state.fileGrantNonces.add(nonceKey)
      const g: FileGrantRecord = {
        grantId: 'fg-' + hex(ctx.random(12)),
        holderId,
        certId: rec.certId,
        kind: rec.kind,
        institutionId: org.id,
        purpose: claims.pur,
        notBefore: claims.nbf,
        expiresAt: claims.exp,
        createdAt: nowSec,
        revokedAt: null,
        deviceId: jkt,
        nonce: claims.nonce,
        jws,
        retrievals: 0
      }
      ctx.state.fileGrants.set(g.grantId, g)
      return grantView(ctx, g)
    },

    listFileGrants(holderId) {
      return [...ctx.state.fileGrants.values()].filter((g) => g.holderId === holderId).sort((a, b) => b.createdAt - a.createdAt).map((g) => grantView(ctx, g))
    },

    revokeFileGrant(holderId, grantId) {
      const g = ctx.state.fileGrants.get(grantId)
      if (!g || g.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'grant')
      if (g.revokedAt === null) g.revokedAt = ctx.nowSec()
      return grantView(ctx, g)
    },

    async retrieveFile(institution: InstitutionPrincipal, grantId: string) {
      const g = ctx.state.fileGrants.get(grantId)
      // Another organisation's grant is not found: its existence is not for them to learn.
      if (!g || g.institutionId !== institution.id) throw new SimulatorError('ERR_NOT_FOUND', 404, 'grant')
      const rec = ctx.state.certs.get(g.certId)!
      const nowSec = ctx.nowSec()
      const fields = purposeFields(ctx, rec, g.purpose) ?? []
      const record = (outcome: 'accepted' | 'rejected') =>
        ctx.usage.record({
          holderId: g.holderId,
          at: ctx.now().toISOString(),
          channel: 'file-retrieval',
          certIds: [g.certId],
          kinds: [g.kind],
          purpose: labelOf(g.purpose),
          verifier: { name: institution.name, role: institution.role },
          fields: outcome === 'accepted' ? fields.filter((f) => rec.claims[f] !== undefined) : [],
          outcome
        })
      try {
        if (g.revokedAt !== null) throw new SimulatorError('ERR_GRANT_REVOKED', 410)
        if (nowSec < g.notBefore) throw new SimulatorError('ERR_GRANT_NOT_YET_VALID', 409)
        if (nowSec > g.expiresAt) throw new SimulatorError('ERR_GRANT_EXPIRED', 410)
        if (!institution.purposes.includes(g.purpose)) throw new SimulatorError('ERR_GRANT_PURPOSE', 403, 'institution')
        assertInForce(ctx, rec)
      } catch (e) {
        // The holder sees refused fetches of their grants too.
        record('rejected')
        throw e
      }
      const retrievalId = 'fr-' + hex(ctx.random(12))
      const purLabel = labelOf(g.purpose)
      const wm = fileCopyWatermark(institution.name, purLabel, g.expiresAt)
      const released: Record<string, string | number | boolean> = {}
      for (const f of fields) {
        const v = rec.claims[f]
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') released[f] = v
      }
      const payload: FileCopyPayload = {
        iss: FILE_COPY_PLATFORM.id,
        jti: retrievalId,
        gid: g.grantId,
        cid: g.certId,
        kind: g.kind,
        org: { id: institution.id, name: institution.name },
        pur: g.purpose,
        purLabel,
        wm,
        iat: nowSec,
        exp: g.expiresAt,
        fields: released
      }
      const key = platformCopyKey(ctx.seed)
      const copy = await signJwt(payload, { typ: FILE_COPY_TYP, kid: key.kid }, key.privateJwk, ctx.backend)
      // The same 加注件 as an OFD (#14 §3): the 原件's page with only the released fields, the 加注 on
      // every page, sealed by the platform's seal over the whole file.
      const ofd = buildAnnotatedCopy(
        { module: ctx.registry.require(rec.kind), certId: rec.certId, claims: released, issuer: { id: rec.issuer.id, name: rec.issuer.name }, status: { uri: STATUS_URI_BASE + rec.issuer.slug, idx: rec.statusIdx }, sealedAt: nowSec },
        { text: wm, grantId: g.grantId, orgId: institution.id, orgName: institution.name, purposeLabel: purLabel, expiresAt: g.expiresAt },
        platformSealer(ctx)
      )
      g.retrievals++
      ctx.state.fileRetrievals.push({ retrievalId, grantId: g.grantId, institutionId: institution.id, certId: g.certId, kind: g.kind, purpose: g.purpose, retrievedAt: nowSec, expiresAt: g.expiresAt })
      record('accepted')
      return {
        retrievalId,
        grantId: g.grantId,
        certId: g.certId,
        purpose: g.purpose,
        verifierName: institution.name,
        watermark: wm,
        copy,
        ofd: base64urlEncode(ofd),
        retrievedAt: isoOfSec(nowSec),
        expiresAt: isoOfSec(g.expiresAt)
      }
    },

    listFileRetrievals(institution) {
      return ctx.state.fileRetrievals
        .filter((r) => r.institutionId === institution.id)
        .sort((a, b) => b.retrievedAt - a.retrievedAt)
        .map((r) => ({ retrievalId: r.retrievalId, grantId: r.grantId, certId: r.certId, kind: r.kind, purpose: r.purpose, retrievedAt: isoOfSec(r.retrievedAt), expiresAt: isoOfSec(r.expiresAt) }))
    }
  }
}
