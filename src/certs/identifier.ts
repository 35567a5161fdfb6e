import { WalletError } from '../vocabulary/errors'
import { mod3736CheckChar } from './lib/iso7064'
import type { CertRegistry } from './registry'
import type { CertModule } from './types'
import { assertUscc, isUsccShape } from './uscc'

export { usccCheckChar, validateUscc, assertUscc } from './uscc'

/**
 * 证照标识 (certificate identifier), GB/T 36904 style:
 * `1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<version>.<check>`.
 * The check character is ISO/IEC 7064 MOD 37,36 over everything after the fixed prefix with the
 * dots removed — the rule deployed platforms use; docs/identifier.md has a worked example.
 */
export const CERT_ID_PREFIX = '1.2.156.3005.2'

/** Longest identifier accepted; real ones are under 80 characters. */
const MAX_LENGTH = 128

const TYPE_CODE_SHAPE = /^[0-9A-Z]{18}[0-9]{3}$/
const SERIAL_SHAPE = /^[0-9A-Z]{1,32}$/
const VERSION_SHAPE = /^(?!000)[0-9]{3}$/
const CHECK_SHAPE = /^[0-9A-Z]$/

/** A parsed, fully checked 证照标识. */
export interface CertId {
  /** Canonical text: upper case, no surrounding whitespace. */
  text: string
  /** 证照类型代码: defining authority USCC + 3-digit type number. */
  typeCode: string
  /** The 18-character 统一社会信用代码 of the authority that defines the type. */
  definingAuthorityCode: string
  /** Last 3 digits of the type code. */
  typeNumber: string
  /** 统一社会信用代码 of the issuing authority (发证机关). */
  issuerCode: string
  /** Issuer-assigned serial (证照编号 part), 1–32 upper-case alphanumerics. */
  serial: string
  /** 3-digit version, 001 for a first issue. */
  version: string
  versionNumber: number
  checkChar: string
}

export type CertIdValidation =
  | { valid: true; certId: CertId }
  | { valid: false; code: 'ERR_IDENTIFIER_FORMAT' | 'ERR_IDENTIFIER_CHECK'; detail: string }

export interface CertIdParts {
  typeCode: string
  issuerCode: string
  serial: string
  /** 1–999 or its 3-digit text; defaults to 1. */
  version?: number | string
}

function formatError(detail: string): WalletError {
  return new WalletError('ERR_IDENTIFIER_FORMAT', { detail })
}

/** Checks the type code's shape and its embedded defining-authority USCC. */
function assertTypeCode(typeCode: string): void {
  if (!TYPE_CODE_SHAPE.test(typeCode) || !isUsccShape(typeCode.slice(0, 18))) throw formatError('type-code')
  assertUscc(typeCode.slice(0, 18), 'type-code')
}

function versionText(version: number | string): string {
  const text = typeof version === 'number' ? String(version).padStart(3, '0') : version
  if (!VERSION_SHAPE.test(text)) throw formatError('version')
  return text
}

function checkCharOf(typeCode: string, issuerCode: string, serial: string, version: string): string {
  // Every part was shape-checked to upper-case alphanumerics, so this is never null.
  return mod3736CheckChar(`${typeCode}${issuerCode}${serial}${version}`) as string
}

/**
 * Parses and fully checks a 证照标识 (shape, both USCC check characters, the final check
 * character). Lower case and surrounding whitespace are accepted and normalised.
 * Throws `ERR_IDENTIFIER_FORMAT` (detail: `empty` | `length` | `prefix` | `segments` | `type-code` |
 * `issuer-code` | `serial` | `version` | `check-char`) or `ERR_IDENTIFIER_CHECK` (detail: `uscc` |
 * `check-char`).
 *
 * @example
 * parseCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F').serial // '2430599'
 */
export function parseCertId(text: string): CertId {
  if (typeof text !== 'string') throw formatError('empty')
  const canonical = text.trim().toUpperCase()
  if (canonical === '') throw formatError('empty')
  if (canonical.length > MAX_LENGTH) throw formatError('length')
  if (!canonical.startsWith(`${CERT_ID_PREFIX}.`)) throw formatError('prefix')

  const parts = canonical.slice(CERT_ID_PREFIX.length + 1).split('.')
  if (parts.length !== 5) throw formatError('segments')
  const [typeCode, issuerCode, serial, version, checkChar] = parts

  if (!TYPE_CODE_SHAPE.test(typeCode) || !isUsccShape(typeCode.slice(0, 18))) throw formatError('type-code')
  if (!isUsccShape(issuerCode)) throw formatError('issuer-code')
  if (!SERIAL_SHAPE.test(serial)) throw formatError('serial')
  if (!VERSION_SHAPE.test(version)) throw formatError('version')
  if (!CHECK_SHAPE.test(checkChar)) throw formatError('check-char')

  assertTypeCode(typeCode)
  assertUscc(issuerCode, 'issuer-code')
  if (checkCharOf(typeCode, issuerCode, serial, version) !== checkChar) {
    throw new WalletError('ERR_IDENTIFIER_CHECK', { detail: 'check-char' })
  }

  return {
    text: canonical,
    typeCode,
    definingAuthorityCode: typeCode.slice(0, 18),
    typeNumber: typeCode.slice(18),
    issuerCode,
    serial,
    version,
    versionNumber: Number(version),
    checkChar
  }
}

/** Like {@link parseCertId} but never throws: for forms and scanners that show the reason. */
export function validateCertId(text: string): CertIdValidation {
  try {
    return { valid: true, certId: parseCertId(text) }
  } catch (e) {
    if (e instanceof WalletError && (e.code === 'ERR_IDENTIFIER_FORMAT' || e.code === 'ERR_IDENTIFIER_CHECK')) {
      return { valid: false, code: e.code, detail: e.detail ?? '' }
    }
    throw e
  }
}

/**
 * Builds a 证照标识 with its check character. The type code and issuer code must pass their own
 * USCC checks (same errors as {@link parseCertId}).
 *
 * @example
 * generateCertId({ typeCode: '11100000000019107N001', issuerCode: '11110000000021012L', serial: '2024000001' })
 */
export function generateCertId(parts: CertIdParts): string {
  const { typeCode, issuerCode, serial } = parts
  if (!TYPE_CODE_SHAPE.test(typeCode)) throw formatError('type-code')
  assertTypeCode(typeCode)
  assertUscc(issuerCode, 'issuer-code')
  if (!SERIAL_SHAPE.test(serial)) throw formatError('serial')
  const version = versionText(parts.version ?? 1)
  const check = checkCharOf(typeCode, issuerCode, serial, version)
  return `${CERT_ID_PREFIX}.${typeCode}.${issuerCode}.${serial}.${version}.${check}`
}

/**
 * The identifier of a reissued certificate: same type, issuer and serial, version + 1, new check
 * character. Throws the errors of {@link parseCertId}, and `ERR_IDENTIFIER_FORMAT` (detail
 * `version`) after version 999.
 */
export function nextVersion(id: string): string {
  const parsed = parseCertId(id)
  if (parsed.versionNumber >= 999) throw formatError('version')
  return generateCertId({ ...parsed, version: parsed.versionNumber + 1 })
}

/**
 * The kind whose type code the identifier carries. Throws the errors of {@link parseCertId}, and
 * `ERR_UNKNOWN_KIND` (detail: the type code) when no module in `registry` has that type code.
 */
export function kindForCertId<M extends CertModule>(id: string | CertId, registry: CertRegistry<M>): M['kind'] {
  const parsed = typeof id === 'string' ? parseCertId(id) : id
  const module = registry.findByTypeCode(parsed.typeCode)
  if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: parsed.typeCode })
  return module.kind
}
