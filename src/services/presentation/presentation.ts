import { WalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { base64urlEncode, utf8Decode, utf8Encode } from '../encoding'
import { PROOF_SKEW_SECONDS, PROOF_WINDOW_SECONDS, checkPurposeCredentialIssuer } from './purposeCredentialCheck'
import type { TrustList, TrustedIssuer } from '../trust/types'
import type { CertModule, PurposeId } from '../../certs/types'
import { base45Decode, base45Encode } from './base45'
import { ByteReader, ByteWriter } from './bytes'
import {
  PROOF_HEADER,
  decodeCredentialBody,
  signDetached,
  verifyDetached,
  type ClaimValue,
  type PurposeAgent,
  type PurposeCredentialBody
} from './purposeCredential'

/** Prefix of a presentation QR's text; the rest is Base45 (QR alphanumeric mode). */
export const PRESENTATION_PREFIX = 'CW1:'
/** Largest presentation text accepted (a QR tops out near 4,300 alphanumeric characters). */
export const MAX_PRESENTATION_LENGTH = 4096

// The purpose credential's own check sits apart, in purposeCredentialCheck.ts: the wallet's store
// checks every fetched batch in the main package, which must not carry the CW1 encoder and verifier.
export {
  PROOF_WINDOW_SECONDS,
  PROOF_SKEW_SECONDS,
  PURPOSE_CREDENTIAL_MAX_SECONDS,
  PURPOSE_CREDENTIAL_LIFETIME_SECONDS,
  PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS,
  purposeCredentialWindow,
  checkPurposeCredentialIssuer
} from './purposeCredentialCheck'
/**
 * Builds the QR text: purpose credentials (issuer-signed, fetched earlier) plus a device-key proof
 * over them, the time, and the verifier's nonce when there is one. Works offline.
 */
export async function createPresentation(input: {
  credentials: Uint8Array[]
  deviceKey: EcPrivateJwk
  now: number
  nonce?: string
  backend: CryptoBackend
}): Promise<string> {
  if (input.credentials.length < 1 || input.credentials.length > 4) throw new WalletError('ERR_BAD_REQUEST', { detail: 'credentials' })
  const w = new ByteWriter().u8(1).u8(input.credentials.length)
  for (const c of input.credentials) w.lenBytes(c)
  w.varint(input.now).lenBytes(utf8Encode(input.nonce ?? ''))
  const signed = w.finish()
  const sig = await signDetached(signed, PROOF_HEADER, input.deviceKey, input.backend)
  const all = new Uint8Array(signed.length + 64)
  all.set(signed)
  all.set(sig, signed.length)
  return PRESENTATION_PREFIX + base45Encode(all)
}

/** A CW1 text split into the bytes the device signed and its 64-byte proof signature (size, encoding checked). */
export function splitPresentation(text: string): { signed: Uint8Array; deviceSig: Uint8Array } {
  if (typeof text !== 'string' || !text.startsWith(PRESENTATION_PREFIX)) throw new WalletError('ERR_MALFORMED', { detail: 'prefix' })
  if (text.length > MAX_PRESENTATION_LENGTH) throw new WalletError('ERR_TOO_LARGE')
  const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
  if (all.length < 64 + 4) throw new WalletError('ERR_MALFORMED', { detail: 'truncated' })
  return { signed: all.subarray(0, all.length - 64), deviceSig: all.subarray(all.length - 64) }
}

async function replayIdOf(signed: Uint8Array, backend: CryptoBackend): Promise<string> {
  return base64urlEncode(await backend.sha256(signed))
}

/**
 * The replay id of a CW1 presentation (a QR, a 医保码): base64url SHA-256 of the bytes the device
 * signed. A presentation and its malleable twin (same bytes, s → n − s) have the same id, so
 * single-use checks must key on this, never on the text or the signature. Throws the same coded
 * errors as verifyPresentation for text that is not CW1.
 */
export function presentationReplayId(text: string, backend: CryptoBackend): Promise<string> {
  return replayIdOf(splitPresentation(text).signed, backend)
}

/** Remembers proofs already accepted, until they could no longer pass the time check anyway. */
export class ReplayCache {
  private seen = new Map<string, number>()

  constructor(private readonly maxEntries = 10000) {}

  /**
   * Throws ERR_REPLAYED when `id` was seen; otherwise remembers it until `expiresAt`. `id` is a
   * hash of the signed bytes (presentationReplayId), never a signature: signatures are malleable.
   */
  check(id: string, now: number, expiresAt: number): void {
    for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k)
    if (this.seen.has(id)) throw new WalletError('ERR_REPLAYED')
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value as string)
    this.seen.set(id, expiresAt)
  }

  /** Throws ERR_REPLAYED when `id` was seen, and remembers nothing: a check that spends nothing. */
  assertUnseen(id: string, now: number): void {
    const exp = this.seen.get(id)
    if (exp !== undefined && exp >= now) throw new WalletError('ERR_REPLAYED')
  }

  get size(): number {
    return this.seen.size
  }

  /** What is remembered (`id` → expiry), for a store that keeps it across restarts. */
  toEntries(): [string, number][] {
    return [...this.seen]
  }

  /** Remembers `entries` again (from {@link toEntries}), dropping any already past `now`. */
  restoreEntries(entries: Iterable<readonly [string, number]>, now: number): void {
    for (const [id, exp] of entries) if (exp >= now && this.seen.size < this.maxEntries) this.seen.set(id, exp)
  }
}

export type StatusAnswer = 'valid' | 'invalid' | 'suspended' | 'unknown'

export interface PresentationContext {
  trust: TrustList
  registry: { modules: readonly CertModule[] }
  backend: CryptoBackend
  now: number
  /**
   * Status of an entry of an issuer's list (from cached lists when offline). `issuer` is the id of
   * the credential's issuer: a list signed by anyone else must be refused (statusForCredential).
   */
  status?: (ref: { listId: string; idx: number; issuer: string }) => Promise<StatusAnswer>
  /** Spends the presentation's one use; a read-only view (`{ check: assertUnseen }`) checks without spending. */
  replay?: Pick<ReplayCache, 'check'>
  /** The nonce this verifier showed the holder, when it did. */
  nonce?: string
  /** The purposes this verifier accepts (a hotel desk: hotel only). */
  purposes?: readonly PurposeId[]
  /** Device keys of deactivated (lost) phones, as base64url x coordinates. */
  isDeviceDeactivated?: (deviceKeyX: string) => boolean
}

export interface VerifiedPresentation {
  purpose: PurposeId
  presentedAt: number
  certs: { kind: string; label: string; issuer: TrustedIssuer; claims: Record<string, ClaimValue>; expiresAt: number }[]
  /**
   * Set when a credential is past its `exp` but inside its grace: hours since it was issued, for the
   * verifier's warning "凭证 N 小时未更新" (the oldest credential's). Null when all are current.
   */
  staleHours: number | null
  /** The key that signed the proof (what a pairwise subject's `cnf` is bound to, src/services/online). */
  deviceKey: EcPublicJwk
  /**
   * 代为出示 (layout 3, issue #13): the family member presenting for the holder, as the issuer signed it
   * (every credential of the presentation names the same one). Null when the holder presents their own.
   */
  agent: PurposeAgent | null
  /**
   * `status`: 'valid' when every layout-1 credential's entries were looked up, 'not-checked' when some
   * were not, 'short-lived' when no credential carries entries (layout 2: the platform's refusal to
   * refresh a revoked certificate is its status check).
   */
  checks: { issuerSignatures: number; deviceProof: true; status: 'valid' | 'not-checked' | 'short-lived'; replay: 'checked' | 'not-checked'; nonce: boolean }
}

/**
 * Verifies a presentation offline. Order: size → encoding → shape → each credential (kid, issuer
 * signature, key window, validity, issuer listed for each type, purpose fields only, status) →
 * device proof (one device for all) → freshness → nonce → replay.
 */
export async function verifyPresentation(text: string, ctx: PresentationContext): Promise<VerifiedPresentation> {
  const { signed, deviceSig } = splitPresentation(text)
  const r = new ByteReader(signed)
  if (r.u8() !== 1) throw new WalletError('ERR_MALFORMED', { detail: 'version' })
  const n = r.u8()
  if (n < 1 || n > 4) throw new WalletError('ERR_MALFORMED', { detail: 'count' })
  const raws = Array.from({ length: n }, () => r.lenBytes(2048))
  const presentedAt = r.varint()
  const nonce = utf8Decode(r.lenBytes(256))
  if (!r.done) throw new WalletError('ERR_MALFORMED', { detail: 'trailing-bytes' })

  const certs: VerifiedPresentation['certs'] = []
  let purpose: PurposeId | null = null
  let device: PurposeCredentialBody['deviceKey'] | null = null
  let statusChecked = true
  let staleHours: number | null = null
  let withEntries = false
  let agent: PurposeAgent | null | undefined
  for (const raw of raws) {
    if (raw.length < 65) throw new WalletError('ERR_MALFORMED', { detail: 'credential' })
    const bodyBytes = raw.subarray(0, raw.length - 64)
    const body = decodeCredentialBody(bodyBytes, ctx.registry)
    const found = await checkPurposeCredentialIssuer(body, bodyBytes, raw.subarray(raw.length - 64), { trust: ctx.trust, backend: ctx.backend, now: ctx.now })
    if (found.staleHours !== null) staleHours = Math.max(staleHours ?? 0, found.staleHours)
    if (purpose !== null && body.purpose !== purpose) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'mixed' })
    purpose = body.purpose
    if (device && (device.x !== body.deviceKey.x || device.y !== body.deviceKey.y)) throw new WalletError('ERR_KB_SIGNATURE_INVALID', { detail: 'two-devices' })
    device = body.deviceKey
    // One presenter for the whole QR: a relative's credential beside one of the agent's own (or of
    // another link) would let the screen name one person while the claims speak for another.
    const mine = body.agent ?? null
    if (agent !== undefined && JSON.stringify(agent) !== JSON.stringify(mine)) throw new WalletError('ERR_DELEGATION_MISMATCH', { detail: 'agent' })
    agent = mine
    for (const c of body.certs) {
      const module = ctx.registry.modules.find((m) => m.kind === c.kind)!
      const preset = module.presets.find((p) => p.purpose === body.purpose)
      if (!preset) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: c.kind })
      const extra = Object.keys(c.claims).filter((k) => !preset.fields.includes(k))
      if (extra.length) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: extra.join(',') })
      certs.push({ kind: c.kind, label: module.label, issuer: found.issuer, claims: c.claims, expiresAt: body.exp })
    }
    // Layout 2 carries no status entries: nothing to look up (the refresh is its revocation check).
    if (ctx.status && body.status.length) {
      for (const [i, ref] of body.status.entries()) {
        const s = await ctx.status({ ...ref, issuer: found.issuer.id })
        if (s === 'invalid') throw new WalletError('ERR_CERT_REVOKED')
        // The detail names the suspended kind (one status entry per certificate, in order), so the
        // verifier can say which in its own words (驾驶证暂扣中); all of the credential's if unsure.
        const which = body.status.length === body.certs.length ? [body.certs[i].kind] : body.certs.map((c) => c.kind)
        if (s === 'suspended') throw new WalletError('ERR_CERT_SUSPENDED', { detail: which.join(',') })
        if (s !== 'valid') throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'value' })
      }
    } else if (body.status.length) statusChecked = false
    if (body.status.length) withEntries = true
  }
  if (ctx.purposes && !ctx.purposes.includes(purpose!)) throw new WalletError('ERR_PURPOSE_MISMATCH', { detail: 'verifier-role' })

  if (!(await verifyDetached(signed, deviceSig, PROOF_HEADER, device!, ctx.backend))) throw new WalletError('ERR_KB_SIGNATURE_INVALID')
  if (ctx.isDeviceDeactivated?.(device!.x)) throw new WalletError('ERR_DEVICE_DEACTIVATED')
  if (presentedAt > ctx.now + PROOF_SKEW_SECONDS || presentedAt < ctx.now - PROOF_WINDOW_SECONDS - PROOF_SKEW_SECONDS) {
    throw new WalletError('ERR_KB_STALE')
  }
  if (ctx.nonce !== undefined && nonce !== ctx.nonce) throw new WalletError('ERR_KB_NONCE_MISMATCH')
  // Keyed on the signed bytes, never on the signature: (r, n − s) is a second valid proof of them.
  if (ctx.replay) ctx.replay.check(await replayIdOf(signed, ctx.backend), ctx.now, presentedAt + PROOF_WINDOW_SECONDS + PROOF_SKEW_SECONDS)
  return {
    purpose: purpose!,
    presentedAt,
    certs,
    staleHours,
    deviceKey: { kty: device!.kty, crv: device!.crv, x: device!.x, y: device!.y },
    agent: agent ?? null,
    checks: { issuerSignatures: raws.length, deviceProof: true, status: !withEntries ? 'short-lived' : statusChecked ? 'valid' : 'not-checked', replay: ctx.replay ? 'checked' : 'not-checked', nonce: ctx.nonce !== undefined }
  }
}
