import { WalletError } from '../errors'
import type { CryptoBackend } from '../crypto/types'
import { isObject } from '../encoding'
import { assertSignedHeader, parseCompactJws, verifyJwsSignature } from '../jws'
import { assertKeyUsable } from '../trust/verifyTrustList'
import type { TrustList } from '../trust/types'
import { fileCopyWatermark } from '../../vocabulary/fileGrants'

/**
 * 加注件: the copy the platform releases to an organisation under a holder's 文件调用 grant. A
 * compact JWS signed by the platform key listed in the trust list's `platform` entry (header
 * `{ alg: ES256 | SM2SM3 (the platform key's suite), typ: FILE_COPY_TYP, kid }`), whose payload carries the certificate's fields that
 * the purpose allows, the watermark, the purpose, the grant id and the expiry. (Issue #14 turns it
 * into a sealed national-format OFD; the checks stay these.)
 */
export const FILE_COPY_TYP = 'file-copy+jwt'
/** Largest copy parsed. */
export const FILE_COPY_MAX_LENGTH = 64 * 1024

export type FileCopyValue = string | number | boolean

export interface FileCopyPayload {
  /** The platform's 统一社会信用代码. */
  iss: string
  /** The retrieval id. */
  jti: string
  /** The grant it was released under. */
  gid: string
  /** 证照标识 and kind of the certificate. */
  cid: string
  kind: string
  /** The organisation, as registered. */
  org: { id: string; name: string }
  /** Purpose id, and its words as printed. */
  pur: string
  purLabel: string
  /** 仅供{机构}用于{用证事由}，{日期}前有效 */
  wm: string
  iat: number
  /** The grant's expiry: past it the copy is not to be used. */
  exp: number
  /** The certificate's fields the purpose allows, and nothing else. */
  fields: Record<string, FileCopyValue>
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const isSec = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

/**
 * Verifies a 加注件, in this order: a signature suite of ours (ES256 or SM2SM3, the key pins which) and its `typ` → the platform key by `kid` from the trust
 * list (never from the token) → signature → key window (not compromised) → shape → issuer is the
 * listed platform → the watermark is exactly the one the organisation, purpose and expiry give →
 * not expired. Codes: ERR_TYP_INVALID, ERR_KID_UNKNOWN, ERR_SIGNATURE_INVALID, ERR_KEY_*,
 * ERR_MALFORMED, ERR_CLAIM_INVALID, ERR_GRANT_EXPIRED.
 * @example const copy = await verifyFileCopy(r.copy, { trust, backend, now: Date.now() / 1000 })
 */
export async function verifyFileCopy(jws: string, opts: { trust: TrustList; backend: CryptoBackend; now: number }): Promise<FileCopyPayload> {
  const parsed = parseCompactJws<Record<string, unknown>>(jws, FILE_COPY_MAX_LENGTH)
  assertSignedHeader(parsed.header)
  if (parsed.header.typ !== FILE_COPY_TYP) throw new WalletError('ERR_TYP_INVALID', { detail: 'file-copy' })
  const platform = opts.trust.platform
  const key = platform && Array.isArray(platform.keys) ? platform.keys.find((k) => k.kid === parsed.header.kid) : undefined
  if (!platform || !key) throw new WalletError('ERR_KID_UNKNOWN', { detail: 'file-copy' })
  await verifyJwsSignature(parsed, key.jwk, opts.backend)
  const p = parsed.payload
  if (!isSec(p.iat) || !isSec(p.exp)) throw new WalletError('ERR_MALFORMED', { detail: 'file-copy-times' })
  assertKeyUsable(key, p.iat)
  const org = p.org
  if (!isStr(p.iss) || !isStr(p.jti) || !isStr(p.gid) || !isStr(p.cid) || !isStr(p.kind) || !isStr(p.pur) || !isStr(p.purLabel) || !isStr(p.wm) || !isObject(org) || !isStr(org.id) || !isStr(org.name) || !isObject(p.fields)) {
    throw new WalletError('ERR_MALFORMED', { detail: 'file-copy' })
  }
  const fields: Record<string, FileCopyValue> = {}
  for (const [k, v] of Object.entries(p.fields)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new WalletError('ERR_MALFORMED', { detail: 'file-copy-field' })
    fields[k] = v
  }
  if (p.iss !== platform.id) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'file-copy-iss' })
  if (p.wm !== fileCopyWatermark(org.name, p.purLabel, p.exp)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'watermark' })
  if (opts.now > p.exp) throw new WalletError('ERR_GRANT_EXPIRED', { detail: 'file-copy' })
  return { iss: p.iss, jti: p.jti, gid: p.gid, cid: p.cid, kind: p.kind, org: { id: org.id, name: org.name }, pur: p.pur, purLabel: p.purLabel, wm: p.wm, iat: p.iat, exp: p.exp, fields }
}
