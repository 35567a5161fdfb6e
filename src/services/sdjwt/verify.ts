import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { parseB64uJson, isObject } from '../encoding'
import { assertSignedHeader, parseCompactJws, sha256B64u, verifyJwsSignature, type ParsedJws } from '../jws'
import { jwsAlgOf } from '../crypto/suite'
import { assertKeyUsable, findIssuerKey } from '../trust/verifyTrustList'
import type { TrustList, TrustedIssuer } from '../trust/types'
import { KB_JWT_TYP, SD_JWT_VC_TYP } from './issue'
import type { KeyBindingPayload, SdJwtParts, SdJwtVcPayload } from './types'

/** Largest presentation we accept: a full 10-field credential with key binding is ~3 KB. */
export const MAX_SD_JWT_LENGTH = 32 * 1024
/** Most disclosures in one SD-JWT. */
export const MAX_DISCLOSURES = 64
/** Allowed clock difference between issuer, holder and verifier. */
export const DEFAULT_SKEW_SECONDS = 120
/** Oldest key binding accepted when the caller gives no expectation of its own (seconds). */
export const DEFAULT_KB_MAX_AGE_SECONDS = 300

export function splitSdJwt(text: string): SdJwtParts {
  if (typeof text !== 'string') throw new WalletError('ERR_MALFORMED', { detail: 'type' })
  if (text.length > MAX_SD_JWT_LENGTH) throw new WalletError('ERR_TOO_LARGE', { detail: `sd-jwt>${MAX_SD_JWT_LENGTH}` })
  const parts = text.split('~')
  if (parts.length < 2 || !parts[0]) throw new WalletError('ERR_MALFORMED', { detail: 'sd-jwt-parts' })
  const last = parts[parts.length - 1]
  const disclosures = parts.slice(1, -1)
  if (disclosures.length > MAX_DISCLOSURES) throw new WalletError('ERR_TOO_LARGE', { detail: 'disclosures' })
  if (disclosures.some((d) => d.length === 0)) throw new WalletError('ERR_MALFORMED', { detail: 'empty-disclosure' })
  return {
    jwt: parts[0],
    disclosures,
    kbJwt: last === '' ? null : last,
    sdJwtForHash: last === '' ? text : text.slice(0, text.length - last.length)
  }
}

/** Claim name of an object-property disclosure (for filtering); '' for array-element ones. */
export function disclosureClaimName(disclosure: string): string {
  const d = parseB64uJson<unknown[]>(disclosure)
  return Array.isArray(d) && d.length === 3 && typeof d[1] === 'string' ? d[1] : ''
}

interface DecodedDisclosure {
  raw: string
  salt: string
  name: string | null
  value: unknown
}

/**
 * Replaces `_sd` digests and `{"...": digest}` array elements by their disclosed values
 * (RFC 9901 §7.1). Every disclosure must be referenced exactly once.
 */
async function applyDisclosures(payload: Record<string, unknown>, disclosures: string[], backend: CryptoBackend) {
  const byDigest = new Map<string, DecodedDisclosure>()
  for (const raw of disclosures) {
    const d = parseB64uJson<unknown[]>(raw)
    if (!Array.isArray(d) || !(d.length === 3 || d.length === 2) || typeof d[0] !== 'string') {
      throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'shape' })
    }
    if (d.length === 3 && (typeof d[1] !== 'string' || d[1] === '_sd' || d[1] === '...')) {
      throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'name' })
    }
    const digest = await sha256B64u(raw, backend)
    if (byDigest.has(digest)) throw new WalletError('ERR_DISCLOSURE_DUPLICATE')
    byDigest.set(digest, { raw, salt: d[0], name: d.length === 3 ? (d[1] as string) : null, value: d.length === 3 ? d[2] : d[1] })
  }
  const used = new Set<string>()
  const seenDigests = new Set<string>()
  const take = (digest: unknown): DecodedDisclosure | undefined => {
    if (typeof digest !== 'string') throw new WalletError('ERR_MALFORMED', { detail: '_sd' })
    if (seenDigests.has(digest)) throw new WalletError('ERR_DISCLOSURE_DUPLICATE', { detail: 'digest' })
    seenDigests.add(digest)
    const d = byDigest.get(digest)
    if (d) used.add(digest)
    return d
  }
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = []
      for (const el of node) {
        if (isObject(el) && Object.keys(el).length === 1 && '...' in el) {
          const d = take(el['...'])
          if (d) {
            if (d.name !== null) throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'array-form' })
            out.push(walk(d.value))
          }
        } else out.push(walk(el))
      }
      return out
    }
    if (!isObject(node)) return node
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node)) {
      if (k === '_sd' || k === '_sd_alg') continue
      out[k] = walk(v)
    }
    const sd = node._sd
    if (sd !== undefined) {
      if (!Array.isArray(sd)) throw new WalletError('ERR_MALFORMED', { detail: '_sd' })
      for (const digest of sd) {
        const d = take(digest)
        if (!d) continue // a decoy, or a claim the holder chose not to reveal
        if (d.name === null) throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'object-form' })
        if (d.name in out) throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'claim-exists' })
        out[d.name] = walk(d.value)
      }
    }
    return out
  }
  const claims = walk(payload) as Record<string, unknown>
  if (used.size !== byDigest.size) throw new WalletError('ERR_DISCLOSURE_INVALID', { detail: 'unreferenced' })
  const disclosed = [...byDigest.values()].filter((d) => d.name !== null).map((d) => d.name as string)
  return { claims, disclosed }
}

export interface KeyBindingExpectation {
  /** Expected audience; undefined only for tools that report, not decide, the audience. */
  aud?: string
  /** The verifier's nonce, or the holder's fresh-time nonce for offline QR presentations. */
  nonce?: string
  /** Oldest key-binding `iat` accepted, in seconds before now. */
  maxAgeSeconds: number
}

/**
 * Status of entry `idx` of the list at `uri`, for a credential issued by `issuer` (the trusted
 * issuer's id, equal to `iss`): the lookup must refuse a list not signed by that issuer
 * (ERR_STATUS_LIST_INVALID, detail `issuer`; see statusForCredential).
 */
export type StatusLookup = (ref: { uri: string; idx: number; issuer: string }) => Promise<'valid' | 'invalid' | 'suspended' | 'unknown'>

export interface VerifySdJwtOptions {
  trust: TrustList
  backend: CryptoBackend
  /** Seconds since epoch; frozen in tests. */
  now: number
  skewSeconds?: number
  /**
   * Key binding of a device-bound credential (one with `cnf`). Given: required and checked against
   * the expectation. Omitted: still required for a credential with `cnf` (ERR_KB_MISSING without
   * one; checked for age with DEFAULT_KB_MAX_AGE_SECONDS when present) — a copied device-bound
   * SD-JWT is not a presentation. `'not-required'`: the caller's explicit opt-out (the holder's
   * own wallet checking the credentials it stores; a tool that only inspects).
   */
  keyBinding?: KeyBindingExpectation | 'not-required'
  /** When given, `status` is checked (a missing list is ERR_STATUS_LIST_UNAVAILABLE). */
  status?: StatusLookup
  /** SD-JWT VC `typ`. */
  typ?: string
  /** The holder's own wallet keeps expired cards (shown as 已过期): skip only the `exp` check. */
  acceptExpired?: boolean
}

export interface VerifiedSdJwt {
  issuer: TrustedIssuer
  kid: string
  payload: SdJwtVcPayload
  /** Issuer-signed claims with the revealed disclosures merged in (no `_sd`). */
  claims: Record<string, unknown>
  /** Names of the disclosed top-level and nested claims. */
  disclosed: string[]
  keyBinding: KeyBindingPayload | null
  checks: { signature: true; disclosures: true; validity: true; keyBinding: boolean; status: 'valid' | 'not-checked' }
}

/**
 * Verifies an SD-JWT VC: algorithm (ES256 or SM2SM3, as the issuer key pins it), issuer key from the trust list by `kid`, the
 * signature (before any claim), key window, `iss`, validity dates, disclosures, optional key
 * binding and status. Each failure throws a WalletError with its own code.
 */
export async function verifySdJwt(text: string, opts: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const skew = opts.skewSeconds ?? DEFAULT_SKEW_SECONDS
  const parts = splitSdJwt(text)
  const jws = parseCompactJws<SdJwtVcPayload>(parts.jwt)
  assertSignedHeader(jws.header)
  if (jws.header.typ !== (opts.typ ?? SD_JWT_VC_TYP)) throw new WalletError('ERR_TYP_INVALID')
  const found = findIssuerKey(opts.trust, jws.header.kid)
  if (!found) throw new WalletError('ERR_KID_UNKNOWN')
  await verifyJwsSignature(jws, found.key.jwk, opts.backend)

  const p = jws.payload
  if (typeof p.iat !== 'number' || typeof p.vct !== 'string' || typeof p.iss !== 'string') {
    throw new WalletError('ERR_CLAIM_INVALID', { detail: 'required' })
  }
  // A date claim that is present must be a number: `"exp": "2099"` or `null` is refused, never
  // read as "no expiry" (fail closed).
  for (const name of ['iat', 'nbf', 'exp'] as const) {
    const v = (p as Record<string, unknown>)[name]
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new WalletError('ERR_CLAIM_INVALID', { detail: name })
  }
  assertKeyUsable(found.key, p.iat)
  if (p.iss !== found.issuer.id) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'iss' })
  if (p._sd_alg !== undefined && p._sd_alg !== 'sha-256') throw new WalletError('ERR_CLAIM_INVALID', { detail: '_sd_alg' })
  if (p.iat > opts.now + skew) throw new WalletError('ERR_CERT_NOT_YET_VALID', { detail: 'iat' })
  if (typeof p.nbf === 'number' && p.nbf > opts.now + skew) throw new WalletError('ERR_CERT_NOT_YET_VALID', { detail: 'nbf' })
  if (!opts.acceptExpired && typeof p.exp === 'number' && opts.now > p.exp + skew) throw new WalletError('ERR_CERT_EXPIRED')

  const { claims, disclosed } = await applyDisclosures(p, parts.disclosures, opts.backend)

  let keyBinding: KeyBindingPayload | null = null
  const deviceBound = p.cnf !== undefined && p.cnf !== null
  if (opts.keyBinding !== undefined && opts.keyBinding !== 'not-required') {
    keyBinding = await verifyKeyBinding(parts, p, opts.keyBinding, opts, skew)
  } else if (opts.keyBinding === undefined && deviceBound) {
    keyBinding = await verifyKeyBinding(parts, p, { maxAgeSeconds: DEFAULT_KB_MAX_AGE_SECONDS }, opts, skew)
  } else if (parts.kbJwt !== null) {
    // A key binding nobody asked for is still checked for shape, never ignored silently.
    parseCompactJws(parts.kbJwt)
  }

  let status: 'valid' | 'not-checked' = 'not-checked'
  // A `status` that is present is checked: `null`, `0` or `""` is refused below, never read as absent.
  if (opts.status && p.status !== undefined) {
    const ref = isObject(p.status) ? p.status.status_list : undefined
    if (!isObject(ref) || typeof ref.uri !== 'string' || typeof ref.idx !== 'number') {
      throw new WalletError('ERR_CLAIM_INVALID', { detail: 'status' })
    }
    const s = await opts.status({ uri: ref.uri, idx: ref.idx, issuer: found.issuer.id })
    if (s === 'invalid') throw new WalletError('ERR_CERT_REVOKED')
    if (s === 'suspended') throw new WalletError('ERR_CERT_SUSPENDED')
    if (s !== 'valid') throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'value' })
    status = 'valid'
  }

  return {
    issuer: found.issuer,
    kid: found.key.kid,
    payload: p,
    claims,
    disclosed,
    keyBinding,
    checks: { signature: true, disclosures: true, validity: true, keyBinding: keyBinding !== null, status }
  }
}

async function verifyKeyBinding(
  parts: SdJwtParts,
  payload: SdJwtVcPayload,
  expect: KeyBindingExpectation,
  opts: VerifySdJwtOptions,
  skew: number
): Promise<KeyBindingPayload> {
  if (parts.kbJwt === null) throw new WalletError('ERR_KB_MISSING')
  const cnf = payload.cnf?.jwk as EcPublicJwk | undefined
  if (!cnf || cnf.kty !== 'EC' || (cnf.crv !== 'P-256' && cnf.crv !== 'SM2')) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cnf' })
  const kb: ParsedJws<KeyBindingPayload> = parseCompactJws<KeyBindingPayload>(parts.kbJwt, 4096)
  assertSignedHeader(kb.header)
  if (kb.header.typ !== KB_JWT_TYP) throw new WalletError('ERR_TYP_INVALID', { detail: 'kb' })
  // The device key (cnf) pins the suite of the key binding, as the trust list does the issuer's.
  if (kb.header.alg !== jwsAlgOf(cnf)) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'alg-key-mismatch' })
  const ok = await opts.backend.verify(cnf, kb.protectedB64, kb.payloadB64, kb.signature)
  if (!ok) throw new WalletError('ERR_KB_SIGNATURE_INVALID')
  const k = kb.payload
  if (typeof k.iat !== 'number') throw new WalletError('ERR_KB_STALE', { detail: 'iat' })
  if (k.iat > opts.now + skew || k.iat < opts.now - expect.maxAgeSeconds - skew) throw new WalletError('ERR_KB_STALE')
  if (expect.aud !== undefined && k.aud !== expect.aud) throw new WalletError('ERR_KB_AUDIENCE_MISMATCH')
  if (expect.nonce !== undefined && k.nonce !== expect.nonce) throw new WalletError('ERR_KB_NONCE_MISMATCH')
  if (typeof k.sd_hash !== 'string' || k.sd_hash !== (await sha256B64u(parts.sdJwtForHash, opts.backend))) {
    throw new WalletError('ERR_KB_SD_HASH_MISMATCH')
  }
  return k
}
