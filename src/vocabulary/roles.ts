import type { BearerUse } from './bearerUses'
import type { PurposeId } from './purposes'
import { ROLE_TEXT } from './roleText'

/**
 * Verifier roles: who is checking decides which purposes are accepted, which masked fields are
 * shown whole and which bearer credentials (paper, degree shares) are taken. One registry; the
 * Chinese words are in ./roleText.ts. A new role is one entry here plus its text.
 */
export interface VerifierRoleEntry {
  id: string
  /** Purposes this role accepts; anything else is ERR_PURPOSE_MISMATCH. */
  purposes: readonly PurposeId[]
  /**
   * Fields shown unmasked although their certificate module masks them by default. Only what the
   * role must copy into its own system; every other masked field stays masked on screen.
   */
  reveal: readonly string[]
  /**
   * Bearer credentials taken beyond those of the kinds that fill the role's purposes (which are
   * always taken when the kind has bearer fields for the use, see src/certs/bearerFields.ts).
   * A paper credential proves that an issuer vouches for a name and a masked number, not that
   * the person at the desk is that person: the desk compares an ID document (the green screen
   * says so).
   */
  alsoAcceptsBearer: Readonly<Partial<Record<BearerUse, readonly string[]>>>
}

/**
 * Disclosure presets already limit what reaches the verifier; `reveal` only decides whether a
 * disclosed, normally masked value is shown whole.
 */
export const VERIFIER_ROLE_ENTRIES = [
  {
    // 交警: the officer writes the licence number (the driver's ID number), the VIN and the owner
    // on the 简易程序处罚决定书 / 违法处理 record (道路交通安全法 art. 95, 107), so those show in
    // full. A driver without a phone may show a printed ID credential.
    id: 'police',
    purposes: ['traffic-stop'],
    reveal: ['licence_number', 'vin', 'owner'],
    alsoAcceptsBearer: { paper: ['id-card', 'ctid'] }
  },
  {
    // 酒店: 旅馆业治安管理办法 art. 6 — guests are registered with their full name, ID number and
    // address in the public-security hotel system (the name is never masked); the clerk types them
    // into the hotel's own PMS. The app itself keeps none of it (see the verifier log).
    id: 'hotel',
    purposes: ['hotel', 'age-over-18'],
    reveal: ['id_number', 'address'],
    alsoAcceptsBearer: {}
  },
  {
    // 药店/医院: settlement runs on the medical-insurance platform from the voucher itself; the
    // desk only confirms who and what coverage, so the voucher and person numbers stay masked. A
    // patient without a phone brings the printed 医保 or 社保 credential, or a printed ID.
    id: 'pharmacy',
    purposes: ['pharmacy'],
    reveal: [],
    alsoAcceptsBearer: { paper: ['social-security', 'id-card', 'ctid'] }
  },
  {
    // 用人单位: 劳动合同法 art. 17 puts name, address and ID number in the contract; 参保登记 needs
    // the 社会保障号码; the certificate numbers go into the personnel file.
    id: 'employer',
    purposes: ['degree', 'employment'],
    reveal: ['id_number', 'address', 'social_security_number', 'certificate_number', 'degree_certificate_number'],
    alsoAcceptsBearer: {}
  }
] as const satisfies readonly VerifierRoleEntry[]

/** Who is checking: police, hotel, pharmacy, employer. */
export type VerifierRoleId = (typeof VERIFIER_ROLE_ENTRIES)[number]['id']

/** A role with its Chinese words, as the verifier screens use it. */
export interface VerifierRole extends VerifierRoleEntry {
  id: VerifierRoleId
  /** Short Chinese name on the role picker: 交警. */
  label: string
  /** One line under it: what this desk checks. */
  description: string
}

const roleText: Record<VerifierRoleId, { label: string; description: string }> = ROLE_TEXT

export const VERIFIER_ROLES: readonly VerifierRole[] = VERIFIER_ROLE_ENTRIES.map((r) => ({ ...r, ...roleText[r.id] }))

export function findRole(id: string | null | undefined): VerifierRole | null {
  return VERIFIER_ROLES.find((r) => r.id === id) ?? null
}
