import type { EcPrivateJwk, EcPublicJwk } from '../crypto/types'

/**
 * What an institution (用证单位 / 定点医药机构) is registered as. The same ids as the verifier
 * roles: 交警/公安, 酒店, 药店/医院 (定点医药机构), 用人单位.
 */
export type InstitutionRole = 'police' | 'hotel' | 'pharmacy' | 'employer'

export const INSTITUTION_ROLES: readonly InstitutionRole[] = ['police', 'hotel', 'pharmacy', 'employer']

/** The key an institution enrolled (made on its own device); `kid` is the institution id. */
export interface InstitutionKey {
  alg: 'ES256'
  jwk: EcPublicJwk
  /** Seconds since epoch. */
  enrolledAt: number
}

/** One entry of the root-signed institution registry. */
export interface RegisteredInstitution {
  /** 统一社会信用代码 (GB 32100, check character verified). Also the `kid` of its request signatures. */
  id: string
  name: string
  role: InstitutionRole
  /** Purposes (亮证 用途 ids) it may check. */
  purposes: string[]
  /** 定点医药机构编码, for role `pharmacy` only. */
  medinsNo?: string
  /** Absent until the institution has enrolled a device key with its activation code. */
  key?: InstitutionKey
}

/** Payload of the registry JWS (`typ` INSTITUTION_REGISTRY_TYP), signed by the national root. */
export interface InstitutionRegistry {
  iss: string
  iat: number
  exp: number
  version: number
  institutions: RegisteredInstitution[]
}

/** What this device holds once enrolled: the registration, and its own key pair. */
export interface InstitutionEnrolment {
  institutionId: string
  name: string
  role: InstitutionRole
  purposes: string[]
  medinsNo?: string
  /** ms since epoch. */
  enrolledAt: number
  privateJwk: EcPrivateJwk
  publicJwk: EcPublicJwk
}
