import { p256 } from '../crypto/p256'
import { WalletError } from '../errors'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader, SignatureAlg } from '../crypto/types'
import { withKeyAlg } from '../crypto/noble'
import { sm2DecompressPublicKey } from '../crypto/sm2'
import { jwsAlgOf } from '../crypto/suite'
import { LAYOUT_V1, LAYOUT_V2, LAYOUT_V3, readFormatByte, writeFormatByte } from './formatByte'
import { base64urlDecode, base64urlEncode, b64uJson } from '../encoding'
import type { CertModule, PurposeId } from '../../certs/types'
import { PURPOSE_BY_CODE, PURPOSE_CODES } from '../../vocabulary/purposes'
import { ByteReader, ByteWriter } from './bytes'

/**
 * Purpose credential: a short-lived, issuer-signed credential holding exactly one purpose's fields
 * of one or more certificates of the same issuer, bound to a key of the wallet: since layout 2 a
 * fresh key per set (so two sets share no key), before it the device key. Fetched in batches while
 * online; presented offline inside a compact QR (see docs/presentation-format.md).
 */

// The purposes' wire codes are part of their registry (src/vocabulary/purposes.ts).
export { PURPOSE_BY_CODE, PURPOSE_CODES }

/**
 * The protected headers the signatures are made under (a JWS signature over base64url(body)).
 * `alg` here is a placeholder: the signing key's suite replaces it (withKeyAlg), on both sides.
 */
export const CRED_HEADER: JwsHeader = { alg: 'ES256', typ: 'cw-purpose' }
export const PROOF_HEADER: JwsHeader = { alg: 'ES256', typ: 'cw-proof' }

export type ClaimValue = string | number | boolean

export interface PurposeCredentialBody {
  /** The issuer's suite, as the format byte says (set from the issuer key when signing). */
  alg?: SignatureAlg
  purpose: PurposeId
  kid: string
  iat: number
  exp: number
  /**
   * Layout (the format byte's low nibble): 2 (the default) carries no status entries and has
   * `grace`; 1 is the older layout with status entries, still read.
   */
  layout?: 1 | 2
  /**
   * Layout 2: seconds after `exp` a verifier may still accept the credential, with a warning
   * ("凭证 N 小时未更新"); 0 when `exp` is a hard end (the document's own last day).
   */
  grace?: number
  /** Layout 1 only: status-list entries of the certificates inside (one issuer, so one list). Empty in layout 2. */
  status: { listId: string; idx: number }[]
  /**
   * The key the holder proves possession of (P-256 or SM2 public; the format byte says which):
   * in layout 2 the set's own key, made on the phone for this one set; in layout 1 the device key.
   */
  deviceKey: EcPublicJwk
  /** Per certificate type: the purpose's fields only. */
  certs: { kind: string; claims: Record<string, ClaimValue> }[]
  /**
   * Layout 3 only (代为出示, issue #13): the family member the platform issued this relative's set to,
   * through the 家人代办 link `linkId`. Signed by the issuer with the rest, so it cannot be changed.
   */
  agent?: PurposeAgent
}

/** Who presents on the holder's behalf: name and masked ID number as the platform knows them, and the link. */
export interface PurposeAgent {
  name: string
  idMasked: string
  linkId: string
}

export interface Registry {
  modules: readonly CertModule[]
}

const TAG_STRING = 0
const TAG_TRUE = 1
const TAG_FALSE = 2
const TAG_UINT = 3
/** yyyy-mm-dd as days since 1970-01-01: 2–3 bytes instead of 11. */
const TAG_DATE = 4
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function dateToDays(s: string): number | null {
  const m = DATE_RE.exec(s)
  if (!m) return null
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3])
  const days = t / 86400000
  // Only dates that round-trip exactly (no 2026-02-30) use the compact form.
  return Number.isInteger(days) && days >= 0 && daysToDate(days) === s ? days : null
}

function daysToDate(days: number): string {
  const d = new Date(days * 86400000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** SEC1 compressed form (0x02/0x03 ‖ x) of a P-256 or SM2 key; which curve is recorded elsewhere (the format byte). */
export function compressPublicKey(jwk: EcPublicJwk): Uint8Array {
  const x = base64urlDecode(jwk.x)
  const y = base64urlDecode(jwk.y)
  const out = new Uint8Array(33)
  out[0] = y[31] & 1 ? 3 : 2
  out.set(x, 1)
  return out
}

export function decompressPublicKey(bytes: Uint8Array, curve: EcPublicJwk['crv'] = 'P-256'): EcPublicJwk {
  try {
    if (curve === 'SM2') return sm2DecompressPublicKey(bytes)
    const p = p256.ProjectivePoint.fromHex(bytes).toRawBytes(false)
    return { kty: 'EC', crv: 'P-256', x: base64urlEncode(p.subarray(1, 33)), y: base64urlEncode(p.subarray(33, 65)) }
  } catch (cause) {
    throw new WalletError('ERR_MALFORMED', { detail: 'device-key', cause })
  }
}

/** Field and kind indexes are part of the format: registry order is append-only. */
export function encodeCredentialBody(body: PurposeCredentialBody, registry: Registry): Uint8Array {
  if (body.exp < body.iat) throw new WalletError('ERR_MALFORMED', { detail: 'exp' })
  const layout = body.layout ?? 2
  if (body.agent && layout === 1) throw new WalletError('ERR_MALFORMED', { detail: 'agent-in-layout-1' })
  const w = new ByteWriter()
    .u8(writeFormatByte(body.alg ?? 'ES256', body.deviceKey.crv, layout === 1 ? LAYOUT_V1 : body.agent ? LAYOUT_V3 : LAYOUT_V2))
    .u8(PURPOSE_CODES[body.purpose])
    .str(body.kid)
    .varint(body.iat)
    .varint(body.exp - body.iat)
  if (layout === 1) {
    const listIds = new Set(body.status.map((s) => s.listId))
    if (listIds.size > 1) throw new WalletError('ERR_MALFORMED', { detail: 'one-status-list-per-credential' })
    w.str(body.status[0]?.listId ?? '').u8(body.status.length)
    for (const s of body.status) w.varint(s.idx)
  } else {
    // Layout 2 carries no status index: revocation reaches it at the next refresh (the platform refuses it).
    if (body.status.length) throw new WalletError('ERR_MALFORMED', { detail: 'status-in-layout-2' })
    w.varint(body.grace ?? 0)
    // Layout 3: the agent block, right after the grace.
    if (body.agent) w.str(body.agent.name).str(body.agent.idMasked).str(body.agent.linkId)
  }
  w.bytes(compressPublicKey(body.deviceKey))
  w.u8(body.certs.length)
  for (const c of body.certs) writeCertClaims(w, c, registry)
  return w.finish()
}

/**
 * One certificate's claims: u8 type index, u8 field count, then per field u8 field index, u8 tag,
 * value. Shared by purpose credentials and bearer credentials (paper, degree share).
 */
export function writeCertClaims(w: ByteWriter, c: { kind: string; claims: Record<string, ClaimValue> }, registry: Registry): void {
  const kindIdx = registry.modules.findIndex((m) => m.kind === c.kind)
  if (kindIdx < 0) throw new WalletError('ERR_UNKNOWN_KIND', { detail: c.kind })
  const module = registry.modules[kindIdx]
  const entries = Object.entries(c.claims)
  w.u8(kindIdx).u8(entries.length)
  for (const [name, value] of entries) {
    const fieldIdx = module.fields.findIndex((f) => f.name === name)
    if (fieldIdx < 0) throw new WalletError('ERR_CLAIM_INVALID', { detail: name })
    w.u8(fieldIdx)
    if (typeof value === 'boolean') w.u8(value ? TAG_TRUE : TAG_FALSE)
    else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) w.u8(TAG_UINT).varint(value)
    else if (typeof value === 'string' && dateToDays(value) !== null) w.u8(TAG_DATE).varint(dateToDays(value)!)
    else w.u8(TAG_STRING).str(String(value))
  }
}

/** Reads what `writeCertClaims` wrote. */
export function readCertClaims(r: ByteReader, registry: Registry): { kind: string; claims: Record<string, ClaimValue> } {
  const module = registry.modules[r.u8()]
  if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: 'index' })
  const claims: Record<string, ClaimValue> = {}
  const n = r.u8()
  for (let i = 0; i < n; i++) {
    const field = module.fields[r.u8()]
    if (!field) throw new WalletError('ERR_MALFORMED', { detail: 'field-index' })
    const tag = r.u8()
    if (field.name in claims) throw new WalletError('ERR_DISCLOSURE_DUPLICATE', { detail: field.name })
    claims[field.name] =
      tag === TAG_TRUE ? true : tag === TAG_FALSE ? false : tag === TAG_UINT ? r.varint() : tag === TAG_DATE ? daysToDate(r.varint()) : tag === TAG_STRING ? r.str() : badTag()
  }
  return { kind: module.kind, claims }
}

export function decodeCredentialBody(bytes: Uint8Array, registry: Registry): PurposeCredentialBody {
  const r = new ByteReader(bytes)
  const format = readFormatByte(r.u8(), 'credential-version', true, [LAYOUT_V1, LAYOUT_V2, LAYOUT_V3])
  const purpose = PURPOSE_BY_CODE[r.u8()]
  if (!purpose) throw new WalletError('ERR_MALFORMED', { detail: 'purpose' })
  const kid = r.str(64)
  const iat = r.varint()
  const exp = iat + r.varint()
  let status: PurposeCredentialBody['status'] = []
  let grace: number | undefined
  if (format.layout === LAYOUT_V1) {
    const listId = r.str(64)
    status = Array.from({ length: r.u8() }, () => ({ listId, idx: r.varint() }))
  } else grace = r.varint()
  let agent: PurposeAgent | undefined
  if (format.layout === LAYOUT_V3) {
    agent = { name: r.str(32), idMasked: r.str(32), linkId: r.str(64) }
    if (!agent.name || !agent.linkId) throw new WalletError('ERR_MALFORMED', { detail: 'agent' })
  }
  const deviceKey = decompressPublicKey(r.bytes(33), format.device)
  const certs = Array.from({ length: r.u8() }, () => readCertClaims(r, registry))
  if (!r.done) throw new WalletError('ERR_MALFORMED', { detail: 'trailing-bytes' })
  const layout = format.layout === LAYOUT_V1 ? 1 : 2
  return { alg: format.issuer, purpose, kid, iat, exp, layout, ...(layout === 2 ? { grace } : {}), status, deviceKey, certs, ...(agent ? { agent } : {}) }
}

function badTag(): never {
  throw new WalletError('ERR_MALFORMED', { detail: 'value-tag' })
}

/** body ‖ 64-byte signature by the issuer (ES256 or SM2SM3, the issuer key's suite). */
export async function signPurposeCredential(body: PurposeCredentialBody, issuerKey: EcPrivateJwk & { kid: string }, registry: Registry, backend: CryptoBackend): Promise<Uint8Array> {
  const bytes = encodeCredentialBody({ ...body, kid: issuerKey.kid, alg: jwsAlgOf(issuerKey) ?? 'ES256' }, registry)
  const sig = await signDetached(bytes, CRED_HEADER, issuerKey, backend)
  const out = new Uint8Array(bytes.length + 64)
  out.set(bytes)
  out.set(sig, bytes.length)
  return out
}

/** The key's suite over `base64url(header).base64url(bytes)`: a JWS signature with a detached payload. */
export async function signDetached(bytes: Uint8Array, header: JwsHeader, key: EcPrivateJwk, backend: CryptoBackend): Promise<Uint8Array> {
  const jws = await backend.signJws(key, header, bytes)
  return base64urlDecode(jws.split('.')[2])
}

export function verifyDetached(bytes: Uint8Array, sig: Uint8Array, header: JwsHeader, key: EcPublicJwk, backend: CryptoBackend): Promise<boolean> {
  return backend.verify(key, b64uJson(withKeyAlg(header, key)), base64urlEncode(bytes), sig)
}
