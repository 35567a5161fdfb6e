import { degree } from './degree'

/**
 * Bearer credentials: signed by the issuing authority but bound to no device, so whoever holds the
 * paper (or knows the share code) can show them. They carry few fields.
 *
 * - `paper`: a printed QR for people without a smartphone (long-lived, revocable). Masked fields
 *   (ID number …) are masked by the issuer before signing: a lost or photocopied sheet gives away
 *   a name and a masked number, nothing a verifier could register a person with.
 * - `degree-share`: a 学信网-style verification code's signed degree (30–180 days, revocable).
 */
export type BearerUse = 'paper' | 'degree-share'

export const BEARER_USE_CODES: Record<BearerUse, number> = { paper: 1, 'degree-share': 2 }

/** Per use and certificate kind: exactly the claims such a credential may carry. */
export const BEARER_FIELDS: Record<BearerUse, Readonly<Record<string, readonly string[]>>> = {
  paper: {
    'id-card': ['name', 'sex', 'id_number'],
    ctid: ['name', 'sex', 'id_number'],
    'medical-insurance': ['name', 'id_number', 'insured_region', 'insurance_type'],
    'social-security': ['name', 'id_number', 'issuing_region']
  },
  // The same fields as the 学历核验 presentation.
  'degree-share': { degree: degree.presets.find((p) => p.purpose === 'degree')!.fields }
}

/** Whether the issuer masks `masked` fields before signing (paper: yes; a degree report: no). */
export const BEARER_PREMASKED: Record<BearerUse, boolean> = { paper: true, 'degree-share': false }

/** Longest lifetime a verifier accepts, in days. */
export const BEARER_MAX_DAYS: Record<BearerUse, number> = { paper: 366, 'degree-share': 180 }

/** Validity a holder may choose for a degree share (days). */
export const DEGREE_SHARE_MIN_DAYS = 30
export const DEGREE_SHARE_MAX_DAYS = 180
/** A paper credential lives one year, never past the document's own validity. */
export const PAPER_DAYS = 365

/** Kinds a holder can print a paper credential for. */
export const PAPER_KINDS: readonly string[] = Object.keys(BEARER_FIELDS.paper)
