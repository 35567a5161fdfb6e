import { WalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { base64urlDecode } from '../encoding'
import { keyPairFromSecret, sm2KeyPairFromSecret } from '../crypto'
import type { TrustList } from '../trust/types'
import { decodeCredentialBody, type ClaimValue } from '../presentation/purposeCredential'
import { checkPurposeCredentialIssuer, purposeCredentialWindow } from '../presentation/purposeCredentialCheck'
import { purposeSlots } from '../../certs/purposeSlots'
import { PRESENTABLE_PURPOSES } from '../../vocabulary/purposes'
import type { CertModule, PurposeId } from '../../certs/types'

/**
 * Purpose credentials on the holder's side (亮证): which purposes the wallet can present, checking
 * a batch fetched from the API before it is stored, choosing the next set to present, and what a
 * set shares (for the consent screen). Pure: no storage, no network, no UI.
 */

/** Purposes offered on the 亮证 picker, in the order shown (a flag of each purpose's registry entry). */
export { PRESENTABLE_PURPOSES }

/** Prefix of a verifier's challenge QR: `CWN1:<nonce>`. The holder's next QR carries the nonce. */
export const CHALLENGE_PREFIX = 'CWN1:'
const NONCE_RE = /^[A-Za-z0-9._~-]{8,128}$/

/** A set is not chosen when it expires within this many seconds (the QR lives 60 s). */
const SET_MIN_LIFETIME_SECONDS = 90

interface Registry {
  modules: readonly CertModule[]
}

/** What the wallet knows of a stored certificate, enough to decide eligibility. */
export interface WalletCardRef {
  kind: string
  status: string
}

/**
 * The purposes the holder can present: every required slot of the purpose (derived from the
 * registry's modules) is filled by a card of one of its kinds with status 有效 (`valid`).
 *
 * @example presentablePurposes([{ kind: 'driving-licence', status: 'valid' }], certRegistry) // ['traffic-stop']
 */
export function presentablePurposes(
  cards: readonly WalletCardRef[],
  registry: Registry,
  purposes: readonly PurposeId[] = PRESENTABLE_PURPOSES
): PurposeId[] {
  const valid = new Set(cards.filter((c) => c.status === 'valid').map((c) => c.kind))
  return purposes.filter((p) => {
    const slots = purposeSlots(registry.modules, p)
    return slots.length > 0 && slots.every((slot) => !slot.required || slot.kinds.some((k) => valid.has(k)))
  })
}

/** A checked batch as the wallet stores it (base64url credential bytes, as the API sent them). */
export interface StoredPurposeBatch {
  purpose: PurposeId
  /** Certificate kinds the sets cover, e.g. driving + vehicle licence. */
  kinds: string[]
  /**
   * Each set is one presentation's credentials (one per issuing authority). `expiresAt`: its `exp`
   * (seconds); `usableUntil`: the end of its grace (verifiers accept it till then with "凭证 N 小时未更新";
   * absent for the older layout = expiresAt). `key`: the set's own private key (issue #16), present
   * only in memory while the wallet is unlocked (sealed with the credentials in `sealed`); absent for
   * sets bound to the device key (older layout, a relative's 医保码).
   */
  sets: { credentials: string[]; expiresAt: number; usableUntil?: number; key?: EcPrivateJwk }[]
  /** Earliest expiry over all sets (seconds since epoch). */
  expiresAt: number
  /** When it was fetched (ms since epoch). */
  fetchedAt: number
  /** Index of the next set to present; rotation goes round the sets. */
  cursor: number
  /**
   * Every set's credentials sealed to the wallet's vault (they carry the holder's data). On disk,
   * and in memory while the wallet is locked, `sets[i].credentials` are empty.
   */
  sealed?: string
}

/** The API's answer (see `PurposeCredentialBatch` in src/services/api/types.ts). */
export interface PurposeBatchResponse {
  purpose: string
  sets: { credentials: string[] }[]
  kinds: string[]
}

export interface BatchCheckContext {
  purpose: PurposeId
  /** The wallet's device key: every credential must be bound to it, unless `setKeys` is given. */
  deviceKey: EcPublicJwk
  /** The keys the wallet asked for, one per set: set i must be bound to setKeys[i], and there must be as many sets. */
  setKeys?: readonly EcPublicJwk[]
  registry: Registry
  trust: TrustList
  backend: CryptoBackend
  /** Seconds since epoch. */
  now: number
  /**
   * 代为出示 (issue #13): the 家人代办 link the batch was asked for under; every credential must name
   * it (layout 3). Absent: no credential may carry an agent (the holder's own QR never says 代为出示).
   */
  agentLinkId?: string
}

/**
 * Checks every credential of a freshly fetched batch before it may be stored, as a verifier
 * would: issuer key by `kid` in the trust list, issuer signature, key window, validity, the
 * issuer listed for each kind, the purpose's fields only, and bound to this wallet's device key.
 * Throws a `WalletError` with the first failure's code; nothing of a bad batch is kept.
 */
export async function checkPurposeBatch(batch: PurposeBatchResponse, ctx: BatchCheckContext, fetchedAt: number): Promise<StoredPurposeBatch> {
  if (batch.purpose !== ctx.purpose) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'batch-purpose' })
  if (!Array.isArray(batch.sets) || batch.sets.length === 0) throw new WalletError('ERR_BAD_RESPONSE', { detail: 'no-sets' })
  if (ctx.setKeys && batch.sets.length !== ctx.setKeys.length) throw new WalletError('ERR_BAD_RESPONSE', { detail: 'set-count' })
  const sets: StoredPurposeBatch['sets'] = []
  const kinds = new Set<string>()
  for (const [i, set] of batch.sets.entries()) {
    if (!Array.isArray(set.credentials) || set.credentials.length < 1 || set.credentials.length > 4) {
      throw new WalletError('ERR_BAD_RESPONSE', { detail: 'set-size' })
    }
    const boundTo = ctx.setKeys ? ctx.setKeys[i] : ctx.deviceKey
    let expiresAt = Infinity
    let usableUntil = Infinity
    for (const text of set.credentials) {
      const raw = base64urlDecode(text)
      if (raw.length < 65) throw new WalletError('ERR_MALFORMED', { detail: 'credential' })
      const bodyBytes = raw.subarray(0, raw.length - 64)
      const body = decodeCredentialBody(bodyBytes, ctx.registry)
      await checkPurposeCredentialIssuer(body, bodyBytes, raw.subarray(raw.length - 64), { trust: ctx.trust, backend: ctx.backend, now: ctx.now, strictExpiry: true })
      if (body.purpose !== ctx.purpose) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'credential-purpose' })
      // Sets asked for with their own keys must come back in the new layout (no status index).
      if (ctx.setKeys && body.layout !== 2) throw new WalletError('ERR_BAD_RESPONSE', { detail: 'layout' })
      if (body.deviceKey.x !== boundTo.x || body.deviceKey.y !== boundTo.y) {
        throw new WalletError('ERR_CLAIM_INVALID', { detail: 'device-key' })
      }
      if ((body.agent?.linkId ?? null) !== (ctx.agentLinkId ?? null)) throw new WalletError('ERR_DELEGATION_MISMATCH', { detail: 'batch-agent' })
      for (const c of body.certs) {
        const preset = ctx.registry.modules.find((m) => m.kind === c.kind)?.presets.find((p) => p.purpose === ctx.purpose)
        if (!preset) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: c.kind })
        if (Object.keys(c.claims).some((k) => !preset.fields.includes(k))) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: c.kind })
        kinds.add(c.kind)
      }
      const window = purposeCredentialWindow(body)
      expiresAt = Math.min(expiresAt, window.exp)
      usableUntil = Math.min(usableUntil, window.until)
    }
    sets.push({ credentials: [...set.credentials], expiresAt, ...(usableUntil > expiresAt ? { usableUntil } : {}) })
  }
  return {
    purpose: ctx.purpose,
    kinds: [...kinds],
    sets,
    expiresAt: Math.min(...sets.map((s) => s.expiresAt)),
    fetchedAt,
    cursor: 0
  }
}

/**
 * The next set to present, going round from the batch's cursor: a set before its `exp` first (more
 * than 90 s left), else one inside its grace (the verifier then warns "凭证 N 小时未更新"). Null when
 * every set is (nearly) past both. `key`: the set's own key to sign the device proof with, when it
 * has one (else the device key).
 */
export function nextUsableSet(batch: StoredPurposeBatch, now: number): { index: number; credentials: Uint8Array[]; key?: EcPrivateJwk; stale: boolean } | null {
  const n = batch.sets.length
  for (const stale of [false, true]) {
    for (let i = 0; i < n; i++) {
      const index = (((batch.cursor + i) % n) + n) % n
      const set = batch.sets[index]
      const end = stale ? (set.usableUntil ?? set.expiresAt) : set.expiresAt
      if (end - SET_MIN_LIFETIME_SECONDS > now) return { index, credentials: set.credentials.map(base64urlDecode), ...(set.key ? { key: set.key } : {}), stale }
    }
  }
  return null
}

/** Sets still usable at `now` (inside their grace included): what "离线可用" counts. */
export function usableSetCount(batch: StoredPurposeBatch | undefined, now: number): number {
  return batch ? batch.sets.filter((s) => (s.usableUntil ?? s.expiresAt) - SET_MIN_LIFETIME_SECONDS > now).length : 0
}

/** One field a presentation shares, labelled as the module labels it; the value is raw. */
export interface SharedField {
  name: string
  label: string
  value: ClaimValue
}

/** What one certificate inside a set shares, and which of its fields stay on the phone. */
export interface SharedCertificate {
  kind: string
  /** e.g. 电子驾驶证 */
  label: string
  module: CertModule
  shared: SharedField[]
  /** Labels of the certificate's fields that are not shared. */
  withheld: string[]
}

/**
 * Exactly what a stored set will share, read from the issuer-signed bytes themselves (not from
 * the preset), in the module's field order. For the consent screen; values are masked by the UI.
 */
export function describeSet(set: { credentials: string[] }, registry: Registry): SharedCertificate[] {
  const out: SharedCertificate[] = []
  for (const text of set.credentials) {
    const raw = base64urlDecode(text)
    const body = decodeCredentialBody(raw.subarray(0, raw.length - 64), registry)
    for (const c of body.certs) {
      const module = registry.modules.find((m) => m.kind === c.kind)
      if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: c.kind })
      const shared: SharedField[] = []
      const withheld: string[] = []
      for (const field of module.fields) {
        if (field.name in c.claims) shared.push({ name: field.name, label: field.label, value: c.claims[field.name] })
        // A derived yes/no (已满18周岁) is not a field of the document itself: never listed as kept back.
        else if (field.format !== 'boolean') withheld.push(field.label)
      }
      out.push({ kind: c.kind, label: module.label, module, shared, withheld })
    }
  }
  return out
}

/**
 * The nonce in a verifier's challenge (`CWN1:<nonce>`, 8–128 URL-safe characters), from a scan
 * or pasted text; surrounding spaces are ignored. Throws ERR_MALFORMED for anything else.
 *
 * @example parseVerifierChallenge('CWN1:q3Zt8sLx0Va') // 'q3Zt8sLx0Va'
 */
export function parseVerifierChallenge(text: string): string {
  const t = (text ?? '').trim()
  if (!t.startsWith(CHALLENGE_PREFIX)) throw new WalletError('ERR_MALFORMED', { detail: 'challenge-prefix' })
  const nonce = t.slice(CHALLENGE_PREFIX.length)
  if (!NONCE_RE.test(nonce)) throw new WalletError('ERR_MALFORMED', { detail: 'challenge-nonce' })
  return nonce
}

/**
 * `n` fresh private keys for purpose sets (layout 2 and 3), on the device key's curve so an SM2
 * phone's sets are SM2 too. 40 random bytes per key: reduced mod n, the bias is below 2^-64.
 */
export async function newSetKeys(crv: EcPublicJwk['crv'], n: number, randomBytes: (n: number) => Promise<Uint8Array>): Promise<EcPrivateJwk[]> {
  const keys: EcPrivateJwk[] = []
  for (let i = 0; i < n; i++) keys.push((crv === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(await randomBytes(40)).privateJwk)
  return keys
}
