import { WalletError } from '../vocabulary/errors'
import type { CertModule, FieldSpec, MaskStyle } from './types'

const STAR = '*'

/**
 * How many leading and trailing characters of an `n`-character value may stay visible: at most
 * `head` and `tail`, but at least a third of the value (and at least one character) is starred,
 * so short values are never shown almost whole.
 */
function visibleEnds(n: number, head: number, tail: number): [number, number] {
  const minMasked = Math.max(1, Math.ceil(n / 3))
  while (n - head - tail < minMasked && head + tail > 0) {
    if (tail >= head) tail--
    else head--
  }
  return [head, tail]
}

function keepEnds(chars: string[], head: number, tail: number): string {
  const n = chars.length
  if (n === 0) return ''
  const [h, t] = visibleEnds(n, head, tail)
  return chars.slice(0, h).join('') + STAR.repeat(n - h - t) + chars.slice(n - t).join('')
}

/** Kept leading characters of an address: province and city for most addresses (北京市东城区). */
const ADDRESS_HEAD = 6

/**
 * Abbreviates a sensitive value for display. Works on code points, so rare characters outside
 * the BMP (e.g. 𠀀 in a name) count as one.
 *
 * - `id-number`, `licence-number`: first 6 and last 4 — `110101********1234`
 * - `address`: first 6 characters then `****` — `北京市东城区****`
 * - `name`: first (and, from three characters on, last) character — `张*`, `张*明`, `欧**娜`
 * - `phone`: first 3 and last 4 — `138****5678`
 * - `number`: last 4 — `*****5678`
 * - `date`: the year — `1990-**-**`; `长期` stays as is
 */
export function maskValue(style: MaskStyle, value: string): string {
  const chars = Array.from(value)
  switch (style) {
    case 'id-number':
    case 'licence-number':
      return keepEnds(chars, 6, 4)
    case 'address': {
      if (chars.length === 0) return ''
      const [head] = visibleEnds(chars.length, ADDRESS_HEAD, 0)
      return `${chars.slice(0, head).join('')}****`
    }
    case 'name':
      return keepEnds(chars, 1, chars.length >= 3 ? 1 : 0)
    case 'phone':
      return keepEnds(chars, 3, 4)
    case 'number':
      return keepEnds(chars, 0, 4)
    case 'date': {
      if (value === '长期') return value
      // Idempotent: an already masked date (stored while the wallet is locked) stays as it is.
      const match = /^(\d{4})-(\d{2}|\*\*)-(\d{2}|\*\*)$/.exec(value)
      return match ? `${match[1]}-**-**` : STAR.repeat(chars.length)
    }
  }
}

export interface DisplayOptions {
  /** True once the holder has unlocked the card (biometric or PIN): masked fields show in full. */
  revealed: boolean
}

function claimText(field: FieldSpec, value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new WalletError('ERR_CLAIM_INVALID', { detail: field.name })
}

/**
 * The text to show for one claim of a credential, honouring the field's sensitivity:
 * `hidden` → always `''` (the value never reaches the screen); `masked` → {@link maskValue}
 * unless `revealed`; `shown` → the value. Booleans read 是/否; a missing value is `''`.
 * Throws `ERR_CLAIM_INVALID` (detail: the claim name) for a claim the module does not define or
 * a value that is not a string, finite number or boolean.
 *
 * @example displayField(idCard, 'id_number', '110101199003071234', { revealed: false }) // '110101********1234'
 */
export function displayField(
  module: CertModule,
  fieldName: string,
  value: unknown,
  options: DisplayOptions = { revealed: false }
): string {
  const field = module.fields.find((f) => f.name === fieldName)
  if (!field) throw new WalletError('ERR_CLAIM_INVALID', { detail: fieldName })
  if (field.sensitivity === 'hidden') return ''
  if (value === undefined || value === null || value === '') return ''
  const text = claimText(field, value)
  if (field.sensitivity === 'masked' && !options.revealed) {
    // A masked field without a style (a module bug the registry check reports) shows no characters.
    return field.mask ? maskValue(field.mask, text) : STAR.repeat(4)
  }
  return text
}
