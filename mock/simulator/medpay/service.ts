import type { Api, EcPublicJwk } from '../../coreImports'
import { SimulatorError } from '../types'
import { MEDPAY_CATALOGUE, MEDPAY_INSTITUTIONS } from './catalogue'
import { settle } from './engine'
import { policyForRegion, type RegionPolicy } from './policy'

/**
 * 医保支付 on the simulated national medical-insurance platform: 就诊登记 with a scanned 医保码,
 * settlement submitted by the institution and confirmed by the patient (or the relative who pays),
 * refunds, personal accounts with this year's totals, and 家庭共济 links. State in memory (exportState /
 * importState for the simulator's state document, ../snapshot.ts).
 *
 * Write operations take an Idempotency-Key: the same key with the same body answers what the first
 * call answered (nothing is done twice); the same key with another body is ERR_IDEMPOTENCY_MISMATCH.
 */

/** A person insured on the platform (from their 医保电子凭证 record). */
export interface InsuredPerson {
  holderId: string
  /** 人员编号 */
  psnNo: string
  name: string
  /** 参保地, as on the e-voucher. */
  region: string
  insutype: Api.Insutype
  retired: boolean
  active: boolean
  /** Whether this person may pay for relatives from their personal account. */
  mutualAid: boolean
}

export interface MedpayContext {
  now(): Date
  /** CSPRNG: visit and settlement ids are random, so one cannot be guessed from another. */
  random(n: number): Uint8Array
  /** Verifies a 医保码 (CW1, pharmacy purpose): issuer, device proof, freshness. Throws coded errors. */
  verifyCode(text: string): Promise<{ claims: Record<string, unknown>; deviceKeyX: string }>
  /**
   * The 医保码's single-use id: a hash of the bytes the device signed, never of the text or the
   * signature (its s → n − s twin is another valid text of the same code). Throws coded errors.
   */
  codeId(text: string): Promise<string>
  /** Holder a registered device belongs to. */
  holderOfDevice(keyX: string): string | null
  insured(): InsuredPerson[]
  /** Opens a 亲情账户 consent face session for the relative, on the payer's behalf. */
  startConsent(payerHolderId: string, name: string, idNumber: string): Api.FaceSession
  /**
   * Redeems the relative's face ticket (`body`: verifyResult / zimId) on a consent session this
   * payer opened; the relative's holder id, consumed (one link per consent). Throws coded errors.
   */
  takeConsent(payerHolderId: string, sessionId: string, body: Record<string, unknown>): Promise<string>
  /** Pharmacy-purpose credentials of `relativeHolderId`'s e-voucher, bound to the payer's device key. */
  /** `keys`: fresh set keys (layout 2, recorded as the payer's phone's), or a count of layout-1 sets bound to `deviceKey`. */
  issueRelativeCredentials(relativeHolderId: string, deviceKey: EcPublicJwk, keys: number | readonly EcPublicJwk[]): Promise<Api.PurposeCredentialBatch>
}

/** Opening balances of the seeded personal accounts (fen), by 人员编号. */
const SEED_BALANCES: Record<string, number> = {
  '44000019900315001': 128650,
  '33000019520708002': 3500,
  '11000019930412004': 52000
}

/** A visit stays open for its settlement this long after the code was scanned. */
export const VISIT_TTL_MS = 30 * 60 * 1000

interface Account {
  balc: number
  year: number
  dedcPaid: number
  hifpPaid: number
}

interface Visit extends Api.MedpayVisit {
  patientHolderId: string
  payerHolderId: string
  /** The 亲情账户 link the payer acts through (a relative's visit). */
  linkId: string | null
  setlId: string | null
}

interface Settlement {
  view: Api.MedpaySettlement
  patientHolderId: string
  payerHolderId: string
  year: number
}

interface FamilyLink extends Api.MedpayFamilyLink {
  payerHolderId: string
  relativeHolderId: string
}

const ID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXY'.slice(0, 32)
/** What the relative's consent grants: the payer shows their 医保码 and pays from the payer's account. */
export const FAMILY_GRANTS: readonly Api.MedpayFamilyGrant[] = ['show-code', 'pay']

export const maskName = (name: string) => (name.length > 2 ? name[0] + '*' + name.slice(2) : name[0] + '*')
export const maskPsnNo = (no: string) => (no.length > 8 ? no.slice(0, 4) + '*'.repeat(no.length - 8) + no.slice(-4) : '****')

const LEVEL_NAMES: Record<Api.MedinsLevel, string> = { pharmacy: '定点零售药店', level1: '一级', level2: '二级', level3: '三级' }
export { LEVEL_NAMES }

/**
 * Who reads a settlement: its patient or the relative who pays (holder token), or an institution
 * (signed call, its 定点医药机构编码 from the registry). Anyone else gets ERR_NOT_FOUND, as for an id
 * that does not exist.
 */
export type SettlementViewer = { holderId: string } | { medinsNo: string }

export interface MedpayService {
  catalogue(): Api.MedpayCatalogue
  institutions(): Api.MedpayInstitutionList
  /** `by`: the signed caller's registered 定点医药机构编码; `req.medinsNo` must be it (403 otherwise). */
  registerVisit(req: Api.MedpayVisitRequest, idempotencyKey: string | null, by: string): Promise<Api.MedpayVisit>
  submitSettlement(req: Api.MedpaySettlementRequest, idempotencyKey: string | null, by: string): Api.MedpaySettlement
  getSettlement(setlId: string, viewer: SettlementViewer): Api.MedpaySettlement
  /** Only the institution that settled it refunds it. */
  refund(setlId: string, req: Api.MedpayRefundRequest, idempotencyKey: string | null, by: string): Api.MedpaySettlement
  account(holderId: string): Api.MedpayAccount
  holderSettlements(holderId: string): Api.MedpaySettlementList
  confirm(holderId: string, setlId: string, idempotencyKey: string | null): Api.MedpaySettlement
  decline(holderId: string, setlId: string): Api.MedpaySettlement
  /** The payer opens the relative's consent face session (no token of the relative ever comes back). */
  startFamilyConsent(holderId: string, req: Api.MedpayFamilyConsentRequest): Api.FaceSession
  /** The link, created from the relative's face ticket on that consent session. */
  linkFamily(holderId: string, req: Api.MedpayFamilyLinkRequest): Promise<Api.MedpayFamilyLink>
  familyLinks(holderId: string): Api.MedpayFamilyLinkList
  /** The relative's side: links where `holderId` is the relative. */
  relativeLinks(holderId: string): Api.MedpayRelativeLinkList
  /** The relative ends a link; anyone else's link is ERR_NOT_FOUND. */
  endRelativeLink(holderId: string, linkId: string): Api.MedpayRelativeLink
  familyCredentials(holderId: string, linkId: string, req: Api.MedpayFamilyCredentialRequest): Promise<Api.PurposeCredentialBatch>
  reset(): void
  /** Everything the platform keeps, as plain data (JSON-safe), for the state store (../snapshot.ts). */
  exportState(): MedpayState
  /** Replaces everything with what {@link MedpayService.exportState} gave. */
  importState(state: MedpayState): void
}

/** The medical-insurance platform's state as plain data: what survives a restart. */
export interface MedpayState {
  accounts: [string, Account][]
  visits: [string, Visit][]
  settlements: [string, Settlement][]
  usedCodes: string[]
  /** Answered idempotent calls only: a call still running when saved is not remembered (the client retries it). */
  idempotent: [string, { fingerprint: string; result: unknown }][]
  links: [string, FamilyLink][]
}

export function createMedpayService(ctx: MedpayContext): MedpayService {
  let accounts: Map<string, Account>
  let visits: Map<string, Visit>
  let settlements: Map<string, Settlement>
  let usedCodes: Set<string>
  /** Idempotency keys: the answer, or the call still running (a concurrent retry waits for it). */
  let idempotent: Map<string, { fingerprint: string; result?: unknown; pending?: Promise<unknown> }>
  let links: Map<string, FamilyLink>

  function build() {
    accounts = new Map()
    visits = new Map()
    settlements = new Map()
    usedCodes = new Set()
    idempotent = new Map()
    links = new Map()
  }
  build()

  const nowIso = () => ctx.now().toISOString()
  /** Calendar year in Beijing time: the policy year. */
  const policyYear = () => new Date(ctx.now().getTime() + 8 * 3600 * 1000).getUTCFullYear()
  const ymd = () => new Date(ctx.now().getTime() + 8 * 3600 * 1000).toISOString().slice(2, 10).replace(/-/g, '')

  const person = (pred: (p: InsuredPerson) => boolean) => ctx.insured().find(pred) ?? null
  const byHolder = (holderId: string) => person((p) => p.holderId === holderId)
  const policyOf = (p: InsuredPerson): RegionPolicy => {
    const policy = policyForRegion(p.region)
    if (!policy) throw new SimulatorError('ERR_NOT_INSURED', 409, 'no-policy-for-region')
    return policy
  }

  /** The person's account for this year (totals reset when the year turns). */
  const accountOf = (p: InsuredPerson): Account => {
    const year = policyYear()
    let a = accounts.get(p.psnNo)
    if (!a) {
      a = { balc: policyOf(p).schemes[p.insutype].personalAccount ? SEED_BALANCES[p.psnNo] ?? 0 : 0, year, dedcPaid: 0, hifpPaid: 0 }
      accounts.set(p.psnNo, a)
    }
    if (a.year !== year) Object.assign(a, { year, dedcPaid: 0, hifpPaid: 0 })
    return a
  }

  /** Region and date, then 16 random symbols (80 bits): an id says nothing about the next one. */
  const nextId = (prefix: string, p: InsuredPerson) => {
    let tail = ''
    for (const b of ctx.random(16)) tail += ID_ALPHABET[b % 32]
    return `${prefix}${policyOf(p).admdvs}${ymd()}${tail}`
  }
  /** Link ids are random (26 base-32 characters): one link id says nothing about another. */
  const randomLinkId = () => {
    let tail = ''
    for (const b of ctx.random(16)) tail += ID_ALPHABET[b % 32]
    return `FL${tail}`
  }
  /** The signed caller may act only as its own registered institution. */
  const asSigner = (medinsNo: string, by: string) => {
    if (medinsNo !== by) throw new SimulatorError('ERR_INSTITUTION_FORBIDDEN', 403, 'medinsNo')
  }

  function once<T>(scope: string, key: string | null, fingerprint: unknown, run: () => T): T
  function once<T>(scope: string, key: string | null, fingerprint: unknown, run: () => Promise<T>): Promise<T>
  function once<T>(scope: string, key: string | null, fingerprint: unknown, run: () => T | Promise<T>): T | Promise<T> {
    if (!key || key.length < 8 || key.length > 128) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'Idempotency-Key')
    const id = `${scope}|${key}`
    const print = JSON.stringify(fingerprint)
    const seen = idempotent.get(id)
    if (seen) {
      if (seen.fingerprint !== print) throw new SimulatorError('ERR_IDEMPOTENCY_MISMATCH', 409)
      if (seen.pending) return seen.pending.then((r) => structuredClone(r) as T)
      return structuredClone(seen.result) as T
    }
    const remember = (result: T) => {
      idempotent.set(id, { fingerprint: print, result: structuredClone(result) })
      return result
    }
    const out = run()
    if (!(out instanceof Promise)) return remember(out)
    // Reserved before the first await: a concurrent call with this key waits for this one's answer
    // instead of running again. A failure is not remembered (the caller may retry with the key).
    const pending = out.then(remember, (e) => {
      idempotent.delete(id)
      throw e
    })
    idempotent.set(id, { fingerprint: print, pending })
    return pending
  }

  const institution = (medinsNo: string) => {
    const m = MEDPAY_INSTITUTIONS.find((i) => i.medinsNo === medinsNo)
    if (!m) throw new SimulatorError('ERR_NOT_FOUND', 404, 'institution')
    return m
  }

  const copy = (s: Settlement, viewerRole?: 'patient' | 'payer'): Api.MedpaySettlement => {
    const v = structuredClone(s.view)
    return viewerRole ? { ...v, viewerRole } : v
  }

  /** The split for a pending settlement, from the accounts as they stand now. */
  const compute = (visit: Visit, lines: Api.MedpaySettlementItem[]) => {
    const patient = byHolder(visit.patientHolderId)
    const payer = byHolder(visit.payerHolderId)
    if (!patient || !payer) throw new SimulatorError('ERR_NOT_INSURED', 409)
    const policy = policyOf(patient)
    const own = accountOf(patient)
    const family = visit.payerHolderId !== visit.patientHolderId
    const payerHasAccount = policyOf(payer).schemes[payer.insutype].personalAccount
    const account = family
      ? payerHasAccount ? { balc: accountOf(payer).balc, mutualAid: true } : null
      : policy.schemes[patient.insutype].personalAccount ? { balc: own.balc, mutualAid: false } : null
    const medins = institution(visit.medinsNo)
    return settle({
      policy,
      insutype: patient.insutype,
      retired: patient.retired,
      medinsLv: medins.medinsLv,
      year: { dedcPaid: own.dedcPaid, hifpPaid: own.hifpPaid },
      account,
      lines: lines.map((i) => {
        const item = MEDPAY_CATALOGUE.find((c) => c.medListCodg === i.medListCodg)!
        return { medListCodg: item.medListCodg, name: item.name, spec: item.spec, chrgitmLv: item.chrgitmLv, pric: item.pric, cnt: i.cnt }
      })
    })
  }

  const service: MedpayService = {
    catalogue: () => ({ items: MEDPAY_CATALOGUE.map((i) => ({ ...i })) }),
    institutions: () => ({ items: MEDPAY_INSTITUTIONS.map((i) => ({ ...i })) }),

    registerVisit(req, key, by) {
      asSigner(req.medinsNo, by)
      return once(`visit:${req.medinsNo}`, key, req, async () => {
        const medins = institution(req.medinsNo)
        const codeError = (e: unknown): SimulatorError => {
          const code = (e as { code?: string }).code
          if (code === 'ERR_KB_STALE') return new SimulatorError('ERR_PAYCODE_EXPIRED', 409)
          if (e instanceof SimulatorError) return e
          return new SimulatorError((code as never) ?? 'ERR_MALFORMED', 400)
        }
        let codeId: string
        try {
          codeId = await ctx.codeId(req.paymentCode)
        } catch (e) {
          throw codeError(e)
        }
        // Single use keys on the signed bytes, and is reserved before anything else is awaited: a
        // twin of the code, or the same code scanned at two counters at once, finds it taken.
        if (usedCodes.has(codeId)) throw new SimulatorError('ERR_PAYCODE_USED', 409)
        usedCodes.add(codeId)
        try {
          let verified: { claims: Record<string, unknown>; deviceKeyX: string }
          try {
            verified = await ctx.verifyCode(req.paymentCode)
          } catch (e) {
            throw codeError(e)
          }
          const psnNo = verified.claims.insured_person_number
          const patient = person((p) => p.psnNo === psnNo)
          if (!patient || !patient.active || verified.claims.insured_status !== '正常参保') throw new SimulatorError('ERR_NOT_INSURED', 409)
          policyOf(patient)
          const shownBy = ctx.holderOfDevice(verified.deviceKeyX)
          let payerHolderId = patient.holderId
          let linkId: string | null = null
          if (shownBy !== patient.holderId) {
            // A relative's code on the payer's phone counts only through a live link that grants it.
            const link = shownBy === null ? undefined : liveLink(shownBy, patient.holderId, 'show-code')
            if (!link) throw new SimulatorError('ERR_FAMILY_NOT_LINKED', 409)
            payerHolderId = link.payerHolderId
            linkId = link.linkId
          }
          const payer = byHolder(payerHolderId)!
          const visit: Visit = {
            mdtrtId: nextId('M', patient),
            medinsNo: medins.medinsNo,
            psnNo: maskPsnNo(patient.psnNo),
            psnName: maskName(patient.name),
            insuplc: patient.region,
            insutype: patient.insutype,
            insutypeName: policyOf(patient).schemes[patient.insutype].name,
            ...(payerHolderId !== patient.holderId ? { familyPayerName: maskName(payer.name) } : {}),
            expiresAt: new Date(ctx.now().getTime() + VISIT_TTL_MS).toISOString(),
            patientHolderId: patient.holderId,
            payerHolderId,
            linkId,
            setlId: null
          }
          visits.set(visit.mdtrtId, visit)
          const { patientHolderId: _p, payerHolderId: _q, linkId: _l, setlId: _s, ...view } = visit
          return view
        } catch (e) {
          usedCodes.delete(codeId) // refused: the code was not spent
          throw e
        }
      })
    },

    submitSettlement(req, key, by) {
      asSigner(req.medinsNo, by)
      return once(`settle:${req.medinsNo}`, key, req, () => {
        const visit = visits.get(req.mdtrtId)
        if (!visit || visit.medinsNo !== req.medinsNo) throw new SimulatorError('ERR_NOT_FOUND', 404, 'visit')
        if (visit.setlId) throw new SimulatorError('ERR_SETTLEMENT_STATE', 409, 'visit-has-settlement')
        if (Date.parse(visit.expiresAt) < ctx.now().getTime()) throw new SimulatorError('ERR_PAYCODE_EXPIRED', 409, 'visit')
        if (req.items.length < 1 || req.items.length > 50) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'items')
        for (const i of req.items) {
          if (!MEDPAY_CATALOGUE.some((c) => c.medListCodg === i.medListCodg)) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'medListCodg')
          if (!Number.isInteger(i.cnt) || i.cnt < 1 || i.cnt > 999) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'cnt')
        }
        const { lines, split } = compute(visit, req.items)
        const patient = byHolder(visit.patientHolderId)!
        const medins = institution(visit.medinsNo)
        const s: Settlement = {
          view: {
            setlId: nextId('S', patient),
            mdtrtId: visit.mdtrtId,
            status: 'pending',
            medinsNo: medins.medinsNo,
            medinsName: medins.name,
            medinsLv: medins.medinsLv,
            psnNo: visit.psnNo,
            psnName: visit.psnName,
            insuplc: visit.insuplc,
            insutype: visit.insutype,
            lines,
            split,
            ...(visit.familyPayerName ? { familyPayerName: visit.familyPayerName } : {}),
            createdAt: nowIso()
          },
          patientHolderId: visit.patientHolderId,
          payerHolderId: visit.payerHolderId,
          year: policyYear()
        }
        visit.setlId = s.view.setlId
        settlements.set(s.view.setlId, s)
        return copy(s)
      })
    },

    getSettlement(setlId, viewer) {
      const s = settlements.get(setlId)
      const mine = s && ('medinsNo' in viewer ? s.view.medinsNo === viewer.medinsNo : s.patientHolderId === viewer.holderId || s.payerHolderId === viewer.holderId)
      if (!s || !mine) throw new SimulatorError('ERR_NOT_FOUND', 404, 'settlement')
      if ('holderId' in viewer) return copy(s, s.payerHolderId === viewer.holderId && s.patientHolderId !== viewer.holderId ? 'payer' : 'patient')
      return copy(s)
    },

    refund(setlId, req, key, by) {
      asSigner(req.medinsNo, by)
      return once(`refund:${req.medinsNo}`, key, { setlId, ...req }, () => {
        const s = settlements.get(setlId)
        if (!s || s.view.medinsNo !== req.medinsNo) throw new SimulatorError('ERR_NOT_FOUND', 404, 'settlement')
        if (s.view.status === 'refunded') throw new SimulatorError('ERR_ALREADY_REFUNDED', 409)
        if (s.view.status !== 'settled') throw new SimulatorError('ERR_SETTLEMENT_STATE', 409, s.view.status)
        // 冲正: the money goes back to the account that paid; this year's totals are reduced.
        const payer = byHolder(s.payerHolderId)!
        const patient = byHolder(s.patientHolderId)!
        accountOf(payer).balc += s.view.split.acctPay
        const own = accountOf(patient)
        if (own.year === s.year) {
          own.dedcPaid = Math.max(0, own.dedcPaid - s.view.split.actPayDedc)
          own.hifpPaid = Math.max(0, own.hifpPaid - s.view.split.hifpPay)
        }
        s.view.status = 'refunded'
        s.view.refundedAt = nowIso()
        return copy(s)
      })
    },

    account(holderId) {
      const p = byHolder(holderId)
      if (!p) throw new SimulatorError('ERR_NOT_INSURED', 409)
      const policy = policyOf(p)
      const scheme = policy.schemes[p.insutype]
      const a = accountOf(p)
      return {
        psnNo: maskPsnNo(p.psnNo),
        insuplc: p.region,
        insutype: p.insutype,
        insutypeName: scheme.name,
        personalAccount: scheme.personalAccount,
        balc: a.balc,
        year: a.year,
        dedcPaid: a.dedcPaid,
        hifpPaid: a.hifpPaid,
        deductible: p.retired && scheme.retiredDeductible !== undefined ? scheme.retiredDeductible : scheme.deductible,
        annualCap: scheme.annualCap
      }
    },

    holderSettlements(holderId) {
      const items = [...settlements.values()]
        .filter((s) => s.patientHolderId === holderId || s.payerHolderId === holderId)
        .reverse()
        .map((s) => copy(s, s.payerHolderId === holderId && s.patientHolderId !== holderId ? 'payer' : 'patient'))
      return { items }
    },

    confirm(holderId, setlId, key) {
      return once(`confirm:${holderId}`, key, { setlId }, () => {
        const s = settlements.get(setlId)
        if (!s || s.payerHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'settlement')
        // Confirming what is already settled charges nothing again (a retry after a lost answer).
        if (s.view.status === 'settled') return copy(s, s.patientHolderId === holderId ? 'patient' : 'payer')
        if (s.view.status !== 'pending') throw new SimulatorError('ERR_SETTLEMENT_STATE', 409, s.view.status)
        const visit = visits.get(s.view.mdtrtId)!
        // Paying for a relative needs the link still live and granting it (the relative may have ended it).
        if (visit.linkId !== null) {
          const link = links.get(visit.linkId)
          if (!link || link.status !== 'active' || !link.grants.includes('pay')) throw new SimulatorError('ERR_FAMILY_NOT_LINKED', 409)
        }
        // The split is worked out again on the accounts as they are now, then applied at once.
        const { lines, split } = compute(visit, s.view.lines.map((l) => ({ medListCodg: l.medListCodg, cnt: l.cnt })))
        const payer = byHolder(s.payerHolderId)!
        const patient = byHolder(s.patientHolderId)!
        if (split.acctPay > 0) accountOf(payer).balc -= split.acctPay
        const own = accountOf(patient)
        own.dedcPaid += split.actPayDedc
        own.hifpPaid += split.hifpPay
        s.view = { ...s.view, lines, split, status: 'settled', setlTime: nowIso() }
        s.year = own.year
        return copy(s, s.patientHolderId === holderId ? 'patient' : 'payer')
      })
    },

    decline(holderId, setlId) {
      const s = settlements.get(setlId)
      if (!s || s.payerHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'settlement')
      if (s.view.status === 'declined') return copy(s)
      if (s.view.status !== 'pending') throw new SimulatorError('ERR_SETTLEMENT_STATE', 409, s.view.status)
      s.view.status = 'declined'
      return copy(s, s.patientHolderId === holderId ? 'patient' : 'payer')
    },

    startFamilyConsent(holderId, req) {
      eligiblePayer(holderId)
      return ctx.startConsent(holderId, req.name, req.idNumber)
    },

    async linkFamily(holderId, req) {
      // Only a consent session this caller opened (anyone else's is ERR_NOT_FOUND), redeemed first:
      // the relative's ticket is spent on it whatever happens next.
      const relativeId = await ctx.takeConsent(holderId, req.faceSessionId, req as unknown as Record<string, unknown>)
      eligiblePayer(holderId)
      if (relativeId === holderId) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'self')
      const relative = byHolder(relativeId)
      if (!relative || !relative.active) throw new SimulatorError('ERR_NOT_INSURED', 409, 'relative')
      const existing = [...links.values()].find((l) => l.payerHolderId === holderId && l.relativeHolderId === relativeId && l.status === 'active')
      if (existing) return publicLink(existing)
      const link: FamilyLink = {
        linkId: randomLinkId(),
        relation: req.relation,
        relativeName: maskName(relative.name),
        relativePsnNo: maskPsnNo(relative.psnNo),
        insuplc: relative.region,
        status: 'active',
        createdAt: nowIso(),
        grants: [...FAMILY_GRANTS],
        payerHolderId: holderId,
        relativeHolderId: relativeId
      }
      links.set(link.linkId, link)
      return publicLink(link)
    },

    familyLinks(holderId) {
      return { items: [...links.values()].filter((l) => l.payerHolderId === holderId).map(publicLink) }
    },

    relativeLinks(holderId) {
      return { items: [...links.values()].filter((l) => l.relativeHolderId === holderId).map(relativeView) }
    },

    endRelativeLink(holderId, linkId) {
      const link = links.get(linkId)
      if (!link || link.relativeHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'link')
      if (link.status === 'active') {
        link.status = 'removed'
        link.endedAt = nowIso()
      }
      return relativeView(link)
    },

    async familyCredentials(holderId, linkId, req) {
      const link = links.get(linkId)
      if (!link || link.payerHolderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'link')
      if (link.status !== 'active' || !link.grants.includes('show-code')) throw new SimulatorError('ERR_FAMILY_NOT_LINKED', 409)
      // Bound to the payer's own registered phone, and only through this link.
      if (ctx.holderOfDevice(req.deviceKey.x) !== holderId) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'deviceKey')
      if (req.setKeys && req.count !== undefined && req.count !== req.setKeys.length) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'count')
      return ctx.issueRelativeCredentials(link.relativeHolderId, req.deviceKey, req.setKeys ?? req.count ?? 5)
    },

    reset: build,

    exportState: () =>
      structuredClone({
        accounts: [...accounts],
        visits: [...visits],
        settlements: [...settlements],
        usedCodes: [...usedCodes],
        idempotent: [...idempotent].flatMap(([k, v]) => (v.pending ? [] : [[k, { fingerprint: v.fingerprint, result: v.result }] as [string, { fingerprint: string; result: unknown }]])),
        links: [...links]
      }),

    importState(state) {
      const s = structuredClone(state)
      accounts = new Map(s.accounts)
      visits = new Map(s.visits)
      settlements = new Map(s.settlements)
      usedCodes = new Set(s.usedCodes)
      idempotent = new Map(s.idempotent)
      links = new Map(s.links)
    }
  }

  function publicLink({ payerHolderId: _p, relativeHolderId: _r, ...l }: FamilyLink): Api.MedpayFamilyLink {
    return { ...l, grants: [...l.grants] }
  }

  function relativeView(l: FamilyLink): Api.MedpayRelativeLink {
    const payer = byHolder(l.payerHolderId)
    return {
      linkId: l.linkId,
      relation: l.relation,
      payerName: payer ? maskName(payer.name) : '',
      status: l.status,
      createdAt: l.createdAt,
      grants: [...l.grants],
      ...(l.endedAt ? { endedAt: l.endedAt } : {})
    }
  }

  /** The live link through which `payerHolderId` may do `grant` for `relativeHolderId`. */
  function liveLink(payerHolderId: string, relativeHolderId: string, grant: Api.MedpayFamilyGrant): FamilyLink | undefined {
    return [...links.values()].find((l) => l.status === 'active' && l.payerHolderId === payerHolderId && l.relativeHolderId === relativeHolderId && l.grants.includes(grant))
  }

  /** A payer who may pay for relatives: insured, with a personal account and 家庭共济. */
  function eligiblePayer(holderId: string): InsuredPerson {
    const payer = byHolder(holderId)
    if (!payer || !payer.active) throw new SimulatorError('ERR_NOT_INSURED', 409)
    if (!payer.mutualAid || !policyOf(payer).schemes[payer.insutype].personalAccount) throw new SimulatorError('ERR_FAMILY_NOT_LINKED', 409, 'payer-not-eligible')
    return payer
  }

  return service
}
