import type { EcPrivateJwk, EcPublicJwk, SignatureAlg } from '../crypto/types'
import type { RegisteredRelyingParty } from '../online/types'

/**
 * What an institution (用证单位 / 定点医药机构) is registered as. The same ids as the verifier
 * roles: 交警/公安, 酒店, 药店/医院 (定点医药机构), 用人单位.
 */
export type InstitutionRole = 'police' | 'hotel' | 'pharmacy' | 'employer'

export const INSTITUTION_ROLES: readonly InstitutionRole[] = ['police', 'hotel', 'pharmacy', 'employer']

/** The key an institution enrolled (made on its own device); `kid` is the institution id. */
export interface InstitutionKey {
  /** Pinned suite, matching the key's curve: ES256 (P-256) or SM2SM3 (SM2). */
  alg: SignatureAlg
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
  /** 线上核验 relying parties (role `online`, src/services/online); absent in older registries. */
  relyingParties?: RegisteredRelyingParty[]
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
  /**
   * The private key in the clear: only when the phone has no holder vault to seal it to (README,
   * 机构密钥). Exactly one of `privateJwk` and `sealedPrivateJwk` is present.
   */
  privateJwk?: EcPrivateJwk
  /** The private key sealed to the holder wallet's vault (`sealSecret`): opens only while unlocked. */
  sealedPrivateJwk?: string
  publicJwk: EcPublicJwk
}

/** The holder wallet's vault, as the verifier and counter stores use it to keep their key. */
export interface InstitutionKeyVault {
  /** Whether this phone has a holder vault (a PIN was set). */
  hasVault(): boolean
  sealSecret(value: unknown): Promise<string>
  /** Null while the wallet is locked. */
  openSecret<T>(sealed: string): T | null
}
