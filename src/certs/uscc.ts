import { WalletError } from '../vocabulary/errors'

/**
 * 统一社会信用代码 (Unified Social Credit Identifier), GB 32100-2015: 18 characters —
 * registration authority (1), organisation type (1), 6-digit administrative division of the
 * registering authority, 9-character organisation code, check character.
 */

/** The 31 characters of GB 32100 (no I, O, S, V, Z); a character's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** Shape of the first 17 characters: positions 3–8 are the division code, digits only. */
const BODY_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{9}$/

/** True when `code` has the shape of a USCC (check character not verified). */
export function isUsccShape(code: string): boolean {
  return code.length === 18 && BODY_SHAPE.test(code.slice(0, 17)) && USCC_ALPHABET.includes(code[17])
}

/**
 * Check character for the first 17 characters of a USCC: 31 − (Σ value×weight mod 31), 31 → 0.
 * Throws `ERR_IDENTIFIER_FORMAT` (detail `uscc`) when the input is not 17 characters of the alphabet.
 *
 * @example usccCheckChar('11100000000013338') // 'W'
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || !BODY_SHAPE.test(first17)) {
    throw new WalletError('ERR_IDENTIFIER_FORMAT', { detail: 'uscc' })
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i]
  const check = 31 - (sum % 31)
  return USCC_ALPHABET[check === 31 ? 0 : check]
}

/** True when `code` is an 18-character USCC (upper case) whose check character is right. */
export function validateUscc(code: string): boolean {
  return isUsccShape(code) && usccCheckChar(code.slice(0, 17)) === code[17]
}

/**
 * Throws unless `code` is a valid USCC: `ERR_IDENTIFIER_FORMAT` with `formatDetail` for a wrong
 * shape, `ERR_IDENTIFIER_CHECK` with detail `uscc` for a wrong check character.
 */
export function assertUscc(code: string, formatDetail = 'uscc'): void {
  if (!isUsccShape(code)) throw new WalletError('ERR_IDENTIFIER_FORMAT', { detail: formatDetail })
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    throw new WalletError('ERR_IDENTIFIER_CHECK', { detail: 'uscc' })
  }
}
