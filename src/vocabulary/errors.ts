/**
 * Stable error codes, one registry. The UI turns a code into Chinese text (./errorText.ts);
 * no display text lives in errors, and nothing personal goes into `detail`.
 */
export const ErrorCodes = [
  // transport / API
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_SERVER',
  'ERR_RATE_LIMITED',
  'ERR_BAD_RESPONSE',
  'ERR_BAD_REQUEST',
  'ERR_UNAUTHORIZED',
  'ERR_NOT_FOUND',
  'ERR_CONFLICT',
  'ERR_PURPOSE_REQUIRED',
  'ERR_ID_NUMBER_FORMAT',
  'ERR_FACE_CHECK_FAILED',
  'ERR_FACE_PROOF_REQUIRED',
  'ERR_FACE_PROOF_INVALID',
  'ERR_FACE_PROOF_EXPIRED',
  'ERR_FACE_PROOF_REPLAYED',
  'ERR_FACE_PROOF_SESSION',
  'ERR_FACE_PROOF_SUBJECT',
  'ERR_TOKEN_EXPIRED',
  'ERR_TOKEN_REVOKED',
  'ERR_DPOP_REQUIRED',
  'ERR_DPOP_INVALID',
  'ERR_DPOP_KEY_MISMATCH',
  'ERR_DPOP_REPLAYED',
  'ERR_DPOP_STALE',
  'ERR_DPOP_WRONG_REQUEST',
  'ERR_REFRESH_REUSED',
  'ERR_HOLDER_LOCKED',
  // input shape
  'ERR_BASE64',
  'ERR_MALFORMED',
  'ERR_TOO_LARGE',
  'ERR_TYP_INVALID',
  // algorithms and keys
  'ERR_ALG_NONE',
  'ERR_ALG_NOT_ALLOWED',
  'ERR_KID_UNKNOWN',
  'ERR_KEY_OUTSIDE_WINDOW',
  'ERR_KEY_COMPROMISED',
  'ERR_SIGNATURE_INVALID',
  // claims
  'ERR_CERT_EXPIRED',
  'ERR_CERT_NOT_YET_VALID',
  'ERR_CREDENTIAL_NOT_REFRESHED',
  'ERR_CERT_REVOKED',
  'ERR_CERT_SUSPENDED',
  'ERR_CLAIM_INVALID',
  'ERR_DISCLOSURE_INVALID',
  'ERR_DISCLOSURE_DUPLICATE',
  // key binding (device proof)
  'ERR_KB_MISSING',
  'ERR_KB_SIGNATURE_INVALID',
  'ERR_KB_NONCE_MISMATCH',
  'ERR_KB_AUDIENCE_MISMATCH',
  'ERR_KB_STALE',
  'ERR_KB_SD_HASH_MISMATCH',
  // identifiers and types
  'ERR_IDENTIFIER_FORMAT',
  'ERR_IDENTIFIER_CHECK',
  'ERR_UNKNOWN_KIND',
  // trust and status material
  'ERR_TRUST_LIST_SIGNATURE',
  'ERR_TRUST_LIST_EXPIRED',
  'ERR_TRUST_LIST_MISSING',
  'ERR_TRUST_LIST_ROLLBACK',
  'ERR_STATUS_LIST_INVALID',
  'ERR_STATUS_LIST_UNAVAILABLE',
  // presentations (亮证 QR)
  'ERR_REPLAYED',
  'ERR_PURPOSE_MISMATCH',
  'ERR_DEVICE_DEACTIVATED',
  // lock
  'ERR_PIN_WEAK',
  'ERR_PIN_WRONG',
  'ERR_PIN_LOCKED',
  'ERR_WIPED',
  // medical-insurance payment (医保支付)
  'ERR_PAYCODE_EXPIRED',
  'ERR_PAYCODE_USED',
  'ERR_IDEMPOTENCY_MISMATCH',
  'ERR_ALREADY_REFUNDED',
  'ERR_SETTLEMENT_STATE',
  'ERR_NOT_INSURED',
  'ERR_FAMILY_NOT_LINKED',
  // 家人代办 (issue #13): a relative's certificates presented by a linked family member
  'ERR_DELEGATION_ENDED',
  'ERR_DELEGATION_SCOPE',
  'ERR_DELEGATION_MISMATCH',
  'ERR_LOCKED',
  'ERR_PIN_NOT_SET',
  'ERR_PIN_MISMATCH',
  'ERR_PIN_RESET_OTHER_PERSON',
  'ERR_BIOMETRIC_UNAVAILABLE',
  'ERR_BIOMETRIC_FAILED',
  // institutions (用证单位 / 定点医药机构): signed calls against the registry
  'ERR_INSTITUTION_SIGNATURE_MISSING',
  'ERR_INSTITUTION_UNKNOWN',
  'ERR_INSTITUTION_SIGNATURE_INVALID',
  'ERR_INSTITUTION_SIGNATURE_STALE',
  'ERR_INSTITUTION_REPLAYED',
  'ERR_INSTITUTION_FORBIDDEN',
  'ERR_ACTIVATION_CODE_INVALID',
  'ERR_NOT_ENROLLED',
  // 文件调用: the holder's signed grant to a registered organisation
  'ERR_GRANT_INVALID',
  'ERR_GRANT_DEVICE',
  'ERR_GRANT_REPLAYED',
  'ERR_GRANT_PERIOD',
  'ERR_GRANT_ORG_UNKNOWN',
  'ERR_GRANT_PURPOSE',
  'ERR_GRANT_NOT_YET_VALID',
  'ERR_GRANT_EXPIRED',
  'ERR_GRANT_REVOKED',
  // 电子证照原件 (OFD, GB/T 33190) and its electronic seal (GB/T 38540)
  'ERR_OFD_DIGEST_MISMATCH',
  'ERR_OFD_DIGEST_ALG',
  'ERR_OFD_FILE_MISSING',
  'ERR_OFD_FILE_UNREFERENCED',
  'ERR_SEAL_SIGNER_NOT_LISTED',
  'ERR_SEAL_EXPIRED',
  // The 原件's download link for a computer (Alipay has no file hand-over API)
  'ERR_DOWNLOAD_LINK_USED',
  'ERR_DOWNLOAD_LINK_EXPIRED',
  // 线上身份核验 (online relying parties)
  'ERR_RP_REQUEST_INVALID',
  'ERR_RP_UNKNOWN',
  'ERR_RP_REQUEST_EXPIRED',
  'ERR_RP_OVER_ASKING',
  'ERR_RP_QUERY_UNSUPPORTED',
  'ERR_RP_REGISTRATION_INVALID',
  'ERR_RP_RESPONSE_INVALID',
  'ERR_PSEUDONYM_INVALID',
  // platform
  'ERR_PLATFORM_UNSUPPORTED',
  // storage
  'ERR_STORAGE_CORRUPT',
  'ERR_UNKNOWN'
] as const

export type ErrorCode = (typeof ErrorCodes)[number]

export interface WalletErrorOptions {
  cause?: unknown
  /** Machine-readable context: a claim name, an HTTP status, a kid. Never personal data. */
  detail?: string
  /** For ERR_RATE_LIMITED / ERR_SERVER: seconds the server asked us to wait. */
  retryAfterSeconds?: number
}

/** Base error of the wallet: every failure the UI may show carries a stable `code`. */
export class WalletError extends Error {
  readonly code: ErrorCode
  readonly detail?: string
  readonly retryAfterSeconds?: number

  constructor(code: ErrorCode, options: WalletErrorOptions = {}) {
    super(options.detail ? `${code}: ${options.detail}` : code)
    this.name = 'WalletError'
    this.code = code
    this.detail = options.detail
    this.retryAfterSeconds = options.retryAfterSeconds
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause
  }
}

export function isWalletError(e: unknown): e is WalletError {
  return e instanceof WalletError || (typeof e === 'object' && e !== null && (e as WalletError).name === 'WalletError' && typeof (e as WalletError).code === 'string')
}

/** Any thrown value → a WalletError, so callers can always read `.code`. */
export function toWalletError(e: unknown): WalletError {
  if (isWalletError(e)) return e
  // Another error type carrying one of our codes (e.g. the simulator's SimulatorError) keeps it.
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined
  if (typeof code === 'string' && (ErrorCodes as readonly string[]).includes(code)) return new WalletError(code as ErrorCode, { cause: e })
  return new WalletError('ERR_UNKNOWN', { cause: e })
}
