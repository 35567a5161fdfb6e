import type { InstitutionRole } from './types'

/**
 * Which registered roles may make which institution call. The simulator enforces it (403
 * ERR_INSTITUTION_FORBIDDEN); the app uses it to hide what its enrolment cannot do.
 * - 上报 (`POST /verifications` with a signature): every role; the record names the registration.
 * - 文件调用 (fetch a copy, list one's own fetches): every role, but only under a holder's grant to
 *   that institution (the grant is the authority; there is no 文件调用 without one).
 * - 医保支付 at the counter (visits, settlements, refunds): 定点医药机构 only.
 */
export const INSTITUTION_CALLS = {
  verify: ['police', 'hotel', 'pharmacy', 'employer'],
  retrieveFile: ['police', 'hotel', 'pharmacy', 'employer'],
  medpay: ['pharmacy']
} as const satisfies Record<string, readonly InstitutionRole[]>

export type InstitutionCall = keyof typeof INSTITUTION_CALLS

export function institutionMay(role: InstitutionRole, call: InstitutionCall): boolean {
  return (INSTITUTION_CALLS[call] as readonly string[]).includes(role)
}
