import { WalletError } from '../errors'
import type { Curve, SignatureAlg } from '../crypto/types'

/**
 * The first byte of a CW1 purpose-credential body and of a CWP1 bearer body: the layout version
 * (low nibble) plus algorithm flags, so a credential says which suite signed it without costing
 * a byte. 0x01 is exactly what every ES256 credential carried before SM2 existed, so old encodings
 * read unchanged. See docs/presentation-format.md.
 * - low nibble: 1 = the first layout (CWP1, and CW1 purpose credentials with status entries);
 *   2 = CW1 purpose credentials of issue #16 (short-lived, no status entries, a grace field);
 *   3 = layout 2 plus an agent block: a relative's credential presented by a linked family member
 *   (代为出示, issue #13). A verifier that reads only 1–2 refuses it as ERR_MALFORMED, never misreads it;
 * - 0x10: the issuer signed with SM2SM3 (else ES256);
 * - 0x20: the device key inside (CW1 only) is an SM2 key (else P-256), so the device proof is SM2SM3.
 * The flag is what the bytes claim; the trust list's key decides (checkIssuerSigned refuses a
 * mismatch), and the signature covers this byte.
 */
export const LAYOUT_V1 = 0x01
/** CW1 purpose credentials: no status entries, bound to a per-set key, with a grace after `exp`. */
export const LAYOUT_V2 = 0x02
/** CW1 代为出示 (issue #13): layout 2 plus the agent (代办人) the platform issued the set to, under its link. */
export const LAYOUT_V3 = 0x03
export const FLAG_ISSUER_SM2 = 0x10
export const FLAG_DEVICE_SM2 = 0x20

export function writeFormatByte(issuer: SignatureAlg, device?: Curve, layout: number = LAYOUT_V1): number {
  return layout | (issuer === 'SM2SM3' ? FLAG_ISSUER_SM2 : 0) | (device === 'SM2' ? FLAG_DEVICE_SM2 : 0)
}

/**
 * Reads the byte; an unknown layout (not in `layouts`) or flag is ERR_MALFORMED with `detail`
 * (e.g. `credential-version`).
 */
export function readFormatByte(
  b: number,
  detail: string,
  deviceFlagAllowed: boolean,
  layouts: readonly number[] = [LAYOUT_V1]
): { issuer: SignatureAlg; device: Curve; layout: number } {
  const known = FLAG_ISSUER_SM2 | (deviceFlagAllowed ? FLAG_DEVICE_SM2 : 0)
  if (!layouts.includes(b & 0x0f) || (b & 0xf0 & ~known) !== 0) throw new WalletError('ERR_MALFORMED', { detail })
  return { issuer: b & FLAG_ISSUER_SM2 ? 'SM2SM3' : 'ES256', device: b & FLAG_DEVICE_SM2 ? 'SM2' : 'P-256', layout: b & 0x0f }
}
