import { WalletError } from '../errors'
import type { Curve, SignatureAlg } from '../crypto/types'

/**
 * The first byte of a CW1 purpose-credential body and of a CWP1 bearer body: the layout version
 * (low nibble, 1) plus algorithm flags, so a credential says which suite signed it without costing
 * a byte. 0x01 is exactly what every ES256 credential carried before SM2 existed, so old encodings
 * read unchanged. See docs/formats.md.
 * - 0x10: the issuer signed with SM2SM3 (else ES256);
 * - 0x20: the device key inside (CW1 only) is an SM2 key (else P-256), so the device proof is SM2SM3.
 * The flag is what the bytes claim; the trust list's key decides (checkIssuerSigned refuses a
 * mismatch), and the signature covers this byte.
 */
export const LAYOUT_V1 = 0x01
export const FLAG_ISSUER_SM2 = 0x10
export const FLAG_DEVICE_SM2 = 0x20

export function writeFormatByte(issuer: SignatureAlg, device?: Curve): number {
  return LAYOUT_V1 | (issuer === 'SM2SM3' ? FLAG_ISSUER_SM2 : 0) | (device === 'SM2' ? FLAG_DEVICE_SM2 : 0)
}

/** Reads the byte; an unknown layout or flag is ERR_MALFORMED with `detail` (e.g. `credential-version`). */
export function readFormatByte(b: number, detail: string, deviceFlagAllowed: boolean): { issuer: SignatureAlg; device: Curve } {
  const known = FLAG_ISSUER_SM2 | (deviceFlagAllowed ? FLAG_DEVICE_SM2 : 0)
  if ((b & 0x0f) !== LAYOUT_V1 || (b & 0xf0 & ~known) !== 0) throw new WalletError('ERR_MALFORMED', { detail })
  return { issuer: b & FLAG_ISSUER_SM2 ? 'SM2SM3' : 'ES256', device: b & FLAG_DEVICE_SM2 ? 'SM2' : 'P-256' }
}
