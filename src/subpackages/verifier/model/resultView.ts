import { displayField } from '../../../certs/mask'
import type { CertModule, PurposeId } from '../../../certs/types'
import { base45Decode, PRESENTATION_PREFIX, type VerifiedPresentation } from '../../../services/presentation'
import { PURPOSE_BY_CODE } from '../../../services/presentation/purposeCredential'
import type { VerifierRole } from '../../../vocabulary/roles'
import { maskValue } from '../../../certs/mask'
import type { VerifiedOriginal } from '../../../services/ofd/verifyOriginal'

/** One disclosed field as the verifier sees it: Chinese label, value masked per role. */
export interface ResultField {
  name: string
  label: string
  value: string
  /** Shown whole although the module masks it by default (the role needs it). */
  revealed: boolean
}

export interface ResultCert {
  kind: string
  label: string
  issuerName: string
  issuerRegion: string
  fields: ResultField[]
}

/** A verified presentation, ready for the green screen. Memory only: never persisted. */
export interface ResultView {
  /** Null for a paper credential (it serves no one purpose). */
  purpose: PurposeId | null
  certs: ResultCert[]
  /** A certificate carried `portrait_hash`: the verifier should compare the face. */
  portrait: boolean
  /** The age check answered "no": valid, but not the answer the desk hoped for. */
  under18: boolean
  /**
   * Hours since the purpose credentials were issued, when they are past their 24 h but inside the
   * 72 h grace: the screen warns "凭证 N 小时未更新" (a revocation since then may not have reached it).
   */
  staleHours?: number
  /** Set for a bearer credential (paper, degree share): no device proof, so the desk checks an ID. */
  bearer?: { use: 'paper' | 'degree-share'; ref: string; expiresAt: number }
  /** Set for an uploaded 电子证照原件 (a sealed OFD): the seal that was checked. */
  original?: { certId: string; sealName: string; signedAt: number }
  /**
   * 代为出示 (issue #13): a family member presents for the holder. `name` and `idMasked` are the
   * agent's as the issuer signed them (the desk compares them with the agent's own ID); `forName`
   * the holder's name when the purpose discloses it.
   */
  agent?: { name: string; idMasked: string; forName: string | null }
}

/** "代为出示：张明华 代 李秀英" (the holder's name when the purpose shows it, else 家人). */
export function agentLine(agent: NonNullable<ResultView['agent']>): string {
  return `代为出示：${agent.name} 代 ${agent.forName ?? '家人'}`
}

/**
 * An uploaded 原件, verified (seal, digests, signer, status): the 照面's fields as its page shows
 * them, masked per the kind unless the role reveals them.
 */
export function buildOriginalView(o: VerifiedOriginal, role: VerifierRole): ResultView {
  const fields: ResultField[] = []
  for (const obj of o.pages[0]?.objects ?? []) {
    if (obj.type !== 'text' || !obj.name?.startsWith('field:')) continue
    const name = obj.name.slice('field:'.length)
    const spec = o.module.fields.find((f) => f.name === name)
    if (!spec || spec.sensitivity === 'hidden') continue
    const revealed = spec.sensitivity === 'masked' && role.reveal.includes(name)
    const value = spec.sensitivity === 'masked' && !revealed ? (spec.mask ? maskValue(spec.mask, obj.text) : '****') : obj.text
    fields.push({ name, label: spec.label, value, revealed })
  }
  return {
    purpose: null,
    certs: [{ kind: o.module.kind, label: o.module.label, issuerName: o.issuer.name, issuerRegion: o.issuer.region, fields }],
    portrait: false,
    under18: false,
    original: { certId: o.metadata.certId, sealName: o.seal.name, signedAt: o.seal.signedAt }
  }
}

/**
 * Turns a verified presentation into what the screen shows: fields in the preset's order with
 * their Chinese labels, `hidden` ones never shown, `masked` ones masked unless the role reveals
 * them (see roles.ts for why each role sees what it sees).
 */
export function buildResultView(v: VerifiedPresentation, role: VerifierRole, registry: { modules: readonly CertModule[] }): ResultView {
  let portrait = false
  let under18 = false
  const certs = v.certs.map((c): ResultCert => {
    const module = registry.modules.find((m) => m.kind === c.kind)!
    const order = module.presets.find((p) => p.purpose === v.purpose)?.fields ?? Object.keys(c.claims)
    const fields: ResultField[] = []
    for (const name of order) {
      if (!(name in c.claims)) continue
      const spec = module.fields.find((f) => f.name === name)
      if (!spec) continue
      if (name === 'portrait_hash') portrait = true
      if (name === 'age_over_18' && c.claims[name] === false) under18 = true
      if (spec.sensitivity === 'hidden') continue
      const revealed = spec.sensitivity === 'masked' && role.reveal.includes(name)
      fields.push({ name, label: spec.label, value: displayField(module, name, c.claims[name], { revealed }), revealed })
    }
    return { kind: c.kind, label: c.label, issuerName: c.issuer.name, issuerRegion: c.issuer.region, fields }
  })
  const named = v.certs.map((c) => c.claims.name).find((n): n is string => typeof n === 'string')
  return {
    purpose: v.purpose,
    certs,
    portrait,
    under18,
    ...(v.staleHours !== null && v.staleHours !== undefined ? { staleHours: v.staleHours } : {}),
    ...(v.agent ? { agent: { name: v.agent.name, idMasked: v.agent.idMasked, forName: named ?? null } } : {})
  }
}

/**
 * The purpose a presentation claims, read without verifying anything: only to explain a red
 * screen ("this is a hotel QR, this phone checks traffic stops"). Null when it cannot be read.
 */
export function peekPurpose(text: string): PurposeId | null {
  try {
    const t = text.trim()
    if (!t.startsWith(PRESENTATION_PREFIX)) return null
    const b = base45Decode(t.slice(PRESENTATION_PREFIX.length))
    // version, credential count, varint length of the first credential, its version, its purpose.
    let i = 2
    while (i < b.length && b[i] & 0x80) i++
    return PURPOSE_BY_CODE[b[i + 2]] ?? null
  } catch {
    return null
  }
}
