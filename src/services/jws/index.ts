import { WalletError } from '../errors'
import { base64urlDecode, parseB64uJson, utf8Encode, base64urlEncode, isObject } from '../encoding'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from '../crypto/types'
import { isSignatureAlg, jwsAlgOf } from '../crypto/suite'

/** Largest compact JWS we parse (trust lists with many issuers are the biggest). */
export const MAX_JWS_LENGTH = 256 * 1024

export interface ParsedJws<P = Record<string, unknown>> {
  header: Record<string, unknown> & { alg?: unknown; kid?: unknown; typ?: unknown }
  payload: P
  protectedB64: string
  payloadB64: string
  signature: Uint8Array
}

const HMAC_OR_SYMMETRIC = /^(HS|PBES2|dir|A\d+KW|A\d+GCMKW)/

/**
 * Splits and decodes a compact JWS without trusting anything in it. Throws ERR_TOO_LARGE,
 * ERR_MALFORMED (shape, JSON), ERR_BASE64.
 */
export function parseCompactJws<P = Record<string, unknown>>(text: string, maxLength = MAX_JWS_LENGTH): ParsedJws<P> {
  if (typeof text !== 'string') throw new WalletError('ERR_MALFORMED', { detail: 'jws-type' })
  if (text.length > maxLength) throw new WalletError('ERR_TOO_LARGE', { detail: `jws>${maxLength}` })
  const parts = text.split('.')
  if (parts.length !== 3 || !parts[0] || !parts[1]) throw new WalletError('ERR_MALFORMED', { detail: 'jws-parts' })
  const header = parseB64uJson<ParsedJws['header']>(parts[0])
  const payload = parseB64uJson<P>(parts[1])
  if (!isObject(header) || !isObject(payload)) throw new WalletError('ERR_MALFORMED', { detail: 'jws-json' })
  return { header, payload, protectedB64: parts[0], payloadB64: parts[1], signature: base64urlDecode(parts[2]) }
}

/**
 * Refuses every algorithm but our two suites (ES256, SM2SM3) before any key is looked at: `none`
 * has its own code, HMAC/symmetric and everything else are ERR_ALG_NOT_ALLOWED (algorithm
 * confusion). Which of the two is right is decided by the key (verifyJwsSignature), never here.
 */
export function assertSignedHeader(header: ParsedJws['header']): void {
  const alg = header.alg
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') throw new WalletError('ERR_ALG_NONE')
  if (!isSignatureAlg(alg)) {
    throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: typeof alg === 'string' && HMAC_OR_SYMMETRIC.test(alg) ? 'symmetric' : 'alg' })
  }
  if (header.crit !== undefined) throw new WalletError('ERR_MALFORMED', { detail: 'crit' })
}

/**
 * Verifies the signature of a parsed JWS with a key chosen by the caller (never by the token).
 * The header's `alg` must name the key's suite (an SM2 key's token saying ES256, or the reverse,
 * is ERR_ALG_NOT_ALLOWED): the key pins the algorithm.
 */
export async function verifyJwsSignature(jws: ParsedJws<unknown>, key: EcPublicJwk, backend: CryptoBackend): Promise<void> {
  const alg = jwsAlgOf(key)
  if (!alg || jws.header.alg !== alg) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'alg-key-mismatch' })
  const ok = await backend.verify(key, jws.protectedB64, jws.payloadB64, jws.signature)
  if (!ok) throw new WalletError('ERR_SIGNATURE_INVALID')
}

/** Signs `payload` (JSON) as a compact JWS in the key's suite (ES256 or SM2SM3). */
export function signJwt(payload: unknown, header: Omit<JwsHeader, 'alg'>, key: EcPrivateJwk, backend: CryptoBackend): Promise<string> {
  return backend.signJws(key, { alg: jwsAlgOf(key) ?? 'ES256', ...header }, utf8Encode(JSON.stringify(payload)))
}


/** base64url(sha256(ascii text)). */
export async function sha256B64u(text: string, backend: CryptoBackend): Promise<string> {
  return base64urlEncode(await backend.sha256(utf8Encode(text)))
}
