/**
 * ISO/IEC 7064 MOD 37,36 (hybrid system, M = 36) over the alphanumeric alphabet 0–9 A–Z.
 * Detects every single substitution and every adjacent transposition.
 */
export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

const M = 36

/** The running product after `text`; starts at M. Returns null for a character outside the alphabet. */
function runningProduct(text: string): number | null {
  let p = M
  for (const ch of text) {
    const value = ALPHANUMERIC.indexOf(ch)
    if (value < 0) return null
    const s = (p + value) % M || M
    p = (s * 2) % (M + 1)
  }
  return p
}

/** Check character to append to `text` (upper-case alphanumerics). Null if `text` has other characters. */
export function mod3736CheckChar(text: string): string | null {
  const p = runningProduct(text)
  if (p === null) return null
  return ALPHANUMERIC[(M + 1 - p) % M]
}

/** True when the last character of `textWithCheck` is the MOD 37,36 check character of the rest. */
export function mod3736IsValid(textWithCheck: string): boolean {
  if (textWithCheck.length < 2) return false
  return mod3736CheckChar(textWithCheck.slice(0, -1)) === textWithCheck.slice(-1)
}
