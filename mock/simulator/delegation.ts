import { isPurposeId, jwkThumbprint, maskValue, type Api, type EcPublicJwk, type PurposeId } from '../coreImports'
import type { SimulatorContext } from './context'
import { assertDeviceKey } from './devices'
import { startConsentSession, takeConsent } from './face'
import { issuePaperOf } from './paper'
import { purposeBatch } from './purpose'
import { SimulatorError, type PurposeCredentialBatch } from './types'

/**
 * 家人代办 (issue #13): a holder (the agent, 代办人) presents a relative's certificates for the
 * purposes the relative allowed with their own face check. The consent is the same consent-only
 * face session as 亲情账户 (./face.ts: no token of the relative's ever reaches the agent's phone); the
 * link is created here from it, with the scope named when the session was opened. Both sides list
 * and end it. The scope is enforced here (credentials are issued only for scoped purposes, only
 * while the link is active) and again by the online 核验 (./verification.ts, {@link checkDelegatedUse}).
 */

export type DelegationRelation = Api.DelegationLink['relation']

export interface DelegationRecord {
  linkId: string
  agentHolderId: string
  relativeHolderId: string
  relation: DelegationRelation
  purposes: PurposeId[]
  status: 'active' | 'ended'
  createdAt: string
  endedAt?: string
  endedBy?: 'agent' | 'relative'
}

/** Link ids are random (16 base-32 symbols, 80 bits): one says nothing about another. */
const ID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXY'
const MAX_PURPOSES = 6

function person(ctx: SimulatorContext, holderId: string) {
  const p = ctx.seedData.people.find((x) => x.id === holderId)
  if (!p) throw new SimulatorError('ERR_NOT_FOUND', 404, 'person')
  return p
}

function view(ctx: SimulatorContext, rec: DelegationRecord, as: 'agent' | 'relative'): Api.DelegationLink {
  const agent = person(ctx, rec.agentHolderId)
  const relative = person(ctx, rec.relativeHolderId)
  return {
    linkId: rec.linkId,
    role: as,
    relation: rec.relation,
    agentName: agent.name,
    agentIdMasked: maskValue('id-number', agent.idNumber),
    relativeName: relative.name,
    relativeIdMasked: maskValue('id-number', relative.idNumber),
    purposes: [...rec.purposes],
    status: rec.status,
    createdAt: rec.createdAt,
    ...(rec.endedAt ? { endedAt: rec.endedAt } : {}),
    ...(rec.endedBy ? { endedBy: rec.endedBy } : {})
  }
}

/** The purposes a consent may name: known, each served by some kind, no repeats, one to six. */
function checkScope(ctx: SimulatorContext, purposes: unknown): PurposeId[] {
  if (!Array.isArray(purposes) || purposes.length < 1 || purposes.length > MAX_PURPOSES) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purposes')
  if (new Set(purposes).size !== purposes.length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purposes')
  for (const p of purposes) if (!isPurposeId(p) || !ctx.registry.slots(p).length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'purposes')
  return purposes as PurposeId[]
}

export interface DelegationService {
  startDelegationConsent(holderId: string, req: Api.DelegationConsentRequest): Api.FaceSession
  createDelegation(holderId: string, req: { faceSessionId: string; relation: DelegationRelation } & Record<string, unknown>): Promise<Api.DelegationLink>
  listDelegations(holderId: string): Api.DelegationLinkList
  endDelegation(holderId: string, linkId: string): Api.DelegationLink
  /**
   * `deviceKey`: the agent's device key, which must be the key whose DPoP proof signed the call
   * (`dpopJkt`, its thumbprint; else 401 ERR_DPOP_KEY_MISMATCH): the set keys become that phone's.
   */
  issueDelegatedCredentials(holderId: string, linkId: string, purpose: string, deviceKey: EcPublicJwk, setKeys: readonly EcPublicJwk[], dpopJkt: string | null): Promise<PurposeCredentialBatch>
  /** 纸质凭证 of the relative's certificate of `kind`, inside the scope (a kind serving a scoped purpose); the paper is hers. */
  issueDelegatedPaper(holderId: string, linkId: string, kind: string): Promise<Api.PaperCredential>
}

export function createDelegations(ctx: SimulatorContext): DelegationService {
  const randomLinkId = () => {
    let tail = ''
    for (const b of ctx.random(16)) tail += ID_ALPHABET[b % 32]
    return `DL${tail}`
  }
  /** The link `holderId` draws on as the agent, active. */
  const activeAgentLink = (holderId: string, linkId: string): DelegationRecord => {
    const l = ctx.state.delegations.get(linkId)
    if (!l || l.agentHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'delegation')
    if (l.status !== 'active') throw new SimulatorError('ERR_DELEGATION_ENDED', 409)
    return l
  }
  return {
    async issueDelegatedPaper(holderId, linkId, kind) {
      const l = activeAgentLink(holderId, linkId)
      const module = typeof kind === 'string' ? ctx.registry.find(kind) : null
      if (!module || !ctx.registry.bearerFields('paper', module.kind)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'kind')
      // In scope: the kind serves one of the purposes she allowed (her 身份证 for 酒店入住, her 医保 for 药店/医院).
      if (!module.presets.some((p) => (l.purposes as string[]).includes(p.purpose))) throw new SimulatorError('ERR_DELEGATION_SCOPE', 403, kind)
      const rec = [...ctx.state.certs.values()].find((r) => r.holderId === l.relativeHolderId && r.kind === module.kind && r.status !== 'superseded')
      if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certificate')
      return issuePaperOf(ctx, l.relativeHolderId, rec.certId)
    },

    startDelegationConsent(holderId, req) {
      const scope = checkScope(ctx, req.purposes)
      return startConsentSession(ctx, holderId, req.name, req.idNumber, 'delegation-consent', scope)
    },

    async createDelegation(holderId, req) {
      // Only a delegation consent session this caller opened (anyone else's, or a 亲情账户 one, is
      // ERR_NOT_FOUND), redeemed first: the relative's ticket is spent whatever happens next.
      const { relativeId, scope } = await takeConsent(ctx, holderId, req.faceSessionId, req, 'delegation-consent')
      if (relativeId === holderId) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'self')
      const purposes = checkScope(ctx, scope)
      const now = ctx.now().toISOString()
      // A new consent replaces a live link between the same two people (its scope is the new one).
      for (const l of ctx.state.delegations.values()) {
        if (l.agentHolderId === holderId && l.relativeHolderId === relativeId && l.status === 'active') {
          ctx.state.delegations.set(l.linkId, { ...l, status: 'ended', endedAt: now, endedBy: 'agent' })
        }
      }
      const rec: DelegationRecord = { linkId: randomLinkId(), agentHolderId: holderId, relativeHolderId: relativeId, relation: req.relation, purposes, status: 'active', createdAt: now }
      ctx.state.delegations.set(rec.linkId, rec)
      return view(ctx, rec, 'agent')
    },

    listDelegations(holderId) {
      const items: Api.DelegationLink[] = []
      for (const l of ctx.state.delegations.values()) {
        if (l.agentHolderId === holderId) items.push(view(ctx, l, 'agent'))
        else if (l.relativeHolderId === holderId) items.push(view(ctx, l, 'relative'))
      }
      return { items: items.reverse() }
    },

    endDelegation(holderId, linkId) {
      const l = ctx.state.delegations.get(linkId)
      const as = l?.agentHolderId === holderId ? 'agent' : l?.relativeHolderId === holderId ? 'relative' : null
      if (!l || !as) throw new SimulatorError('ERR_NOT_FOUND', 404, 'delegation')
      if (l.status === 'active') ctx.state.delegations.set(linkId, { ...l, status: 'ended', endedAt: ctx.now().toISOString(), endedBy: as })
      return view(ctx, ctx.state.delegations.get(linkId)!, as)
    },

    async issueDelegatedCredentials(holderId, linkId, purpose, deviceKey, setKeys, dpopJkt) {
      if (!Array.isArray(setKeys) || setKeys.length < 1) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'setKeys')
      assertDeviceKey(deviceKey)
      if (dpopJkt === null || dpopJkt !== jwkThumbprint(deviceKey)) throw new SimulatorError('ERR_DPOP_KEY_MISMATCH', 401)
      const l = ctx.state.delegations.get(linkId)
      // Only the agent draws on the link; the relative's own phone has its own credentials.
      if (!l || l.agentHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'delegation')
      if (l.status !== 'active') throw new SimulatorError('ERR_DELEGATION_ENDED', 409)
      if (!(l.purposes as string[]).includes(purpose)) throw new SimulatorError('ERR_DELEGATION_SCOPE', 403, purpose)
      // Bound to the agent's own registered, active phone (the call's DPoP key).
      const device = ctx.state.devices.get(jwkThumbprint(deviceKey))
      if (!device || device.holderId !== holderId) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'deviceKey')
      const agent = person(ctx, holderId)
      return purposeBatch(ctx, l.relativeHolderId, purpose, deviceKey, setKeys, false, {
        agent: { name: agent.name, idMasked: maskValue('id-number', agent.idNumber), linkId }
      })
    }
  }
}

/**
 * The online 核验 of a 代为出示 QR: the link it names must be the one the set key was issued under,
 * still active, with the purpose in its scope. Returns the agent's name as the platform knows it
 * (for the relative's 用证记录), never the QR's words.
 */
export function checkDelegatedUse(ctx: SimulatorContext, qrLinkId: string, setKeyLinkId: string | undefined, purpose: string): { agentName: string } {
  const l = ctx.state.delegations.get(qrLinkId)
  if (!l || setKeyLinkId !== qrLinkId) throw new SimulatorError('ERR_DELEGATION_MISMATCH', 400, 'link')
  if (l.status !== 'active') throw new SimulatorError('ERR_DELEGATION_ENDED', 409)
  if (!(l.purposes as string[]).includes(purpose)) throw new SimulatorError('ERR_DELEGATION_SCOPE', 403, purpose)
  return { agentName: person(ctx, l.agentHolderId).name }
}

/** The agent's name of a link (any status), or null for an unknown link. */
export function agentOfLink(ctx: SimulatorContext, linkId: string): string | null {
  const l = ctx.state.delegations.get(linkId)
  return l ? person(ctx, l.agentHolderId).name : null
}
