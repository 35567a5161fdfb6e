/**
 * A certificate's status as our API names it (the yaml's `CertStatus`), and the status code of the
 * 电子证照 share specifications beside it: 21 注销/吊销, 22 过期, 23 限制. The codes come from
 * issue #14 and are not confirmed against GB/T 36906's text (docs/standards-mapping.md says which
 * mappings are inferred). A status with no standard code (in force) has none: nothing is invented.
 */
export const CERT_STATUSES = ['valid', 'expired', 'revoked', 'suspended', 'superseded'] as const

export type CertStatusName = (typeof CERT_STATUSES)[number]

/** 21 注销/吊销, 22 过期, 23 限制. */
export type StandardStatusCode = '21' | '22' | '23'

export const STANDARD_STATUS_CODES: Readonly<Record<CertStatusName, StandardStatusCode | null>> = {
  valid: null,
  expired: '22',
  revoked: '21',
  suspended: '23',
  // A reissue (补领/换领) cancels the older version: 注销 (inferred).
  superseded: '21'
}

/** The standard's status code for `status`, or null when the status has none (in force). */
export function standardStatusOf(status: CertStatusName): StandardStatusCode | null {
  return STANDARD_STATUS_CODES[status]
}
