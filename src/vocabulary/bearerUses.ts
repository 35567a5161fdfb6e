/**
 * Bearer credentials (CWP1): signed by the issuing authority but bound to no device, so whoever
 * holds the paper (or knows the share code) can show them. They carry few fields; which ones is
 * each kind's business (`bearer` in src/certs/<kind>/index.ts).
 *
 * - `paper`: a printed QR for people without a smartphone (long-lived, revocable). Masked fields
 *   (ID number …) are masked by the issuer before signing: a lost or photocopied sheet gives away
 *   a name and a masked number, nothing a verifier could register a person with.
 * - `degree-share`: a 学信网-style verification code's signed degree (30–180 days, revocable).
 */
export interface BearerUseEntry {
  id: string
  /** One byte in the CWP1 body; never reused. */
  code: number
  /** Whether the issuer masks `masked` fields before signing (paper: yes; a degree report: no). */
  premasked: boolean
  /** Longest lifetime a verifier accepts, in days. */
  maxDays: number
}

export const BEARER_USES = [
  { id: 'paper', code: 1, premasked: true, maxDays: 366 },
  { id: 'degree-share', code: 2, premasked: false, maxDays: 180 }
] as const satisfies readonly BearerUseEntry[]

export type BearerUse = (typeof BEARER_USES)[number]['id']

const byUse = <T>(f: (u: (typeof BEARER_USES)[number]) => T) => Object.fromEntries(BEARER_USES.map((u) => [u.id, f(u)])) as Record<BearerUse, T>

export const BEARER_USE_CODES: Record<BearerUse, number> = byUse((u) => u.code)
export const BEARER_USE_BY_CODE = Object.fromEntries(BEARER_USES.map((u) => [u.code, u.id])) as Record<number, BearerUse>
export const BEARER_PREMASKED: Record<BearerUse, boolean> = byUse((u) => u.premasked)
export const BEARER_MAX_DAYS: Record<BearerUse, number> = byUse((u) => u.maxDays)

/** Validity a holder may choose for a degree share (days). */
export const DEGREE_SHARE_MIN_DAYS = 30
export const DEGREE_SHARE_MAX_DAYS = 180
/** A paper credential lives one year, never past the document's own validity. */
export const PAPER_DAYS = 365
