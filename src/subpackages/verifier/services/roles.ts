import type { PurposeId } from '../../../certs/types'

/** Who is checking: decides which purposes are accepted and which masked fields are shown whole. */
export type VerifierRoleId = 'police' | 'hotel' | 'pharmacy' | 'employer'

export interface VerifierRole {
  id: VerifierRoleId
  /** Short Chinese name on the role picker: 交警. */
  label: string
  /** One line under it: what this desk checks. */
  description: string
  /** Purposes this role accepts; anything else is ERR_PURPOSE_MISMATCH. */
  purposes: readonly PurposeId[]
  /**
   * Fields shown unmasked although their certificate module masks them by default. Only what the
   * role must copy into its own system; every other masked field stays masked on screen.
   */
  reveal: readonly string[]
}

/**
 * The four verifier roles. Disclosure presets already limit what reaches the verifier; `reveal`
 * only decides whether a disclosed, normally masked value is shown whole:
 *
 * - 交警: the officer writes the licence number (the driver's ID number), the VIN and the owner
 *   on the 简易程序处罚决定书 / 违法处理 record (道路交通安全法 art. 95, 107), so those show in full.
 * - 酒店: 旅馆业治安管理办法 art. 6 — guests are registered with their full name, ID number and
 *   address in the public-security hotel system (the name is never masked); the clerk types them
 *   into the hotel's own PMS.
 *   The app itself keeps none of it (see the verifier log).
 * - 药店/医院: settlement runs on the medical-insurance platform from the voucher itself; the desk
 *   only confirms who and what coverage, so the voucher and person numbers stay masked.
 * - 用人单位: 劳动合同法 art. 17 puts name, address and ID number in the contract; 参保登记 needs the
 *   社会保障号码; the certificate numbers go into the personnel file.
 */
export const VERIFIER_ROLES: readonly VerifierRole[] = [
  {
    id: 'police',
    label: '交警',
    description: '路面执勤：核验驾驶证、行驶证',
    purposes: ['traffic-stop'],
    reveal: ['licence_number', 'vin', 'owner']
  },
  {
    id: 'hotel',
    label: '酒店',
    description: '前台入住登记、年龄核验',
    purposes: ['hotel', 'age-over-18'],
    reveal: ['id_number', 'address']
  },
  {
    id: 'pharmacy',
    label: '药店/医院',
    description: '医保电子凭证',
    purposes: ['pharmacy'],
    reveal: []
  },
  {
    id: 'employer',
    label: '用人单位',
    description: '入职：学历学位、身份与社保',
    purposes: ['degree', 'employment'],
    reveal: ['id_number', 'address', 'social_security_number', 'certificate_number', 'degree_certificate_number']
  }
]

export function findRole(id: string | null | undefined): VerifierRole | null {
  return VERIFIER_ROLES.find((r) => r.id === id) ?? null
}
