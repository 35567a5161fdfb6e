/**
 * 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, and a
 * check character (ISO 7064 MOD 11-2: 0–9 or X). The wallet checks the format before it asks
 * for a face check, so a mistyped number is reported as a mistyped number, not as a failed face.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Why a number is not a 公民身份号码; null when it is one. */
export type ResidentIdProblem = 'length' | 'characters' | 'birth-date' | 'check'

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/**
 * What is wrong with a typed 公民身份号码 (spaces ignored, x read as X), or null.
 * @example residentIdProblem('44010619900315001X') // null
 * @example residentIdProblem('440106199003150011') // 'check'
 */
export function residentIdProblem(input: string): ResidentIdProblem | null {
  const id = input.replace(/\s+/g, '').toUpperCase()
  if (id.length !== 18) return 'length'
  if (!/^\d{17}[\dX]$/.test(id)) return 'characters'
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth-date'
  return residentIdCheckChar(id) === id[17] ? null : 'check'
}

/** The number as it is sent: spaces dropped, x upper-cased. */
export function normalizeResidentId(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

/**
 * An 18-character 公民身份号码 (full or masked) in its three parts, 6-8-4 (region, birth date,
 * sequence and check), so a line breaks between parts and never inside one. Other lengths: one part.
 * @example residentIdGroups('440106********001X') // ['440106', '********', '001X']
 */
export function residentIdGroups(value: string): string[] {
  const chars = Array.from(value)
  if (chars.length !== 18) return [value]
  return [chars.slice(0, 6).join(''), chars.slice(6, 14).join(''), chars.slice(14).join('')]
}
