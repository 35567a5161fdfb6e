import { concatBytes, utf8Encode, utf8Decode } from '../encoding'
import { WalletError } from '../errors'

/**
 * A small ASN.1 DER reader and writer: exactly what the GB/T 38540 seal structures and the X.509
 * certificates inside them need (SEQUENCE, INTEGER, OID, OCTET/BIT/IA5/UTF8 STRING,
 * GeneralizedTime, BOOLEAN, context tags). Definite lengths only, minimal length encodings only:
 * anything a strict DER reader would refuse is ERR_MALFORMED (detail `der-…`).
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31
} as const

/** A parsed element: its tag byte, its content bytes and (for constructed ones) the whole encoding. */
export interface DerNode {
  tag: number
  /** Content octets (a view into the input). */
  value: Uint8Array
  /** The whole TLV (a view into the input): what a signature over this element covers. */
  raw: Uint8Array
}

const bad = (detail: string): WalletError => new WalletError('ERR_MALFORMED', { detail: 'der-' + detail })

// ---- writer ----

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return new Uint8Array([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 255)
  return new Uint8Array([0x80 | bytes.length, ...bytes])
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([tag]), lengthBytes(content.length), content)
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, concatBytes(...items))
export const set = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SET, concatBytes(...items))
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes)
/** A BIT STRING of whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, concatBytes(new Uint8Array([0]), bytes))
export const ia5String = (text: string): Uint8Array => {
  if (!/^[\x00-\x7f]*$/.test(text)) throw bad('ia5')
  return tlv(TAG.IA5_STRING, utf8Encode(text))
}
export const utf8String = (text: string): Uint8Array => tlv(TAG.UTF8_STRING, utf8Encode(text))
export const printableString = (text: string): Uint8Array => tlv(TAG.PRINTABLE_STRING, utf8Encode(text))
export const boolean = (v: boolean): Uint8Array => tlv(TAG.BOOLEAN, new Uint8Array([v ? 0xff : 0]))
/** `[n]` EXPLICIT: a constructed context tag around one element. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner)

/** INTEGER from a non-negative bigint or number (minimal two's complement). */
export function integer(v: bigint | number): Uint8Array {
  let n = BigInt(v)
  if (n < 0n) throw bad('negative-integer')
  const bytes: number[] = []
  do {
    bytes.unshift(Number(n & 255n))
    n >>= 8n
  } while (n > 0n)
  if (bytes[0] & 0x80) bytes.unshift(0)
  return tlv(TAG.INTEGER, new Uint8Array(bytes))
}

/** INTEGER from unsigned big-endian bytes (an SM2 r or s). */
export function integerFromBytes(bytes: Uint8Array): Uint8Array {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  const body = bytes.subarray(i)
  return tlv(TAG.INTEGER, body[0] & 0x80 ? concatBytes(new Uint8Array([0]), body) : body)
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw bad('oid')
    return BigInt(a)
  })
  if (arcs.length < 2 || arcs[0] > 2n) throw bad('oid')
  const out: number[] = []
  const push = (v: bigint) => {
    const chunk: number[] = [Number(v & 0x7fn)]
    for (v >>= 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80)
    out.push(...chunk)
  }
  push(arcs[0] * 40n + arcs[1])
  for (const a of arcs.slice(2)) push(a)
  return tlv(TAG.OID, new Uint8Array(out))
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** GeneralizedTime `YYYYMMDDHHMMSSZ` (UTC, no fraction) from seconds since epoch. */
export function generalizedTime(sec: number): Uint8Array {
  const d = new Date(sec * 1000)
  const text = `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`
  return tlv(TAG.GENERALIZED_TIME, utf8Encode(text))
}

/** UTCTime `YYMMDDHHMMSSZ` (X.509 validity for years 1950–2049). */
export function utcTime(sec: number): Uint8Array {
  const d = new Date(sec * 1000)
  const text = `${pad2(d.getUTCFullYear() % 100)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`
  return tlv(TAG.UTC_TIME, utf8Encode(text))
}

// ---- reader ----

/** Reads one element at `offset`; returns it and the offset after it. */
export function readNode(bytes: Uint8Array, offset = 0): { node: DerNode; next: number } {
  if (offset + 2 > bytes.length) throw bad('truncated')
  const tag = bytes[offset]
  if ((tag & 0x1f) === 0x1f) throw bad('long-tag')
  let len = bytes[offset + 1]
  let pos = offset + 2
  if (len & 0x80) {
    const count = len & 0x7f
    if (count === 0) throw bad('indefinite-length')
    if (count > 4) throw bad('length')
    if (pos + count > bytes.length) throw bad('truncated')
    if (bytes[pos] === 0) throw bad('non-minimal-length')
    len = 0
    for (let i = 0; i < count; i++) len = len * 256 + bytes[pos + i]
    if (len < 0x80) throw bad('non-minimal-length')
    pos += count
  }
  if (pos + len > bytes.length) throw bad('truncated')
  return { node: { tag, value: bytes.subarray(pos, pos + len), raw: bytes.subarray(offset, pos + len) }, next: pos + len }
}

/** The one element `bytes` holds: trailing bytes are refused. */
export function readDer(bytes: Uint8Array): DerNode {
  const { node, next } = readNode(bytes, 0)
  if (next !== bytes.length) throw bad('trailing-bytes')
  return node
}

/** The children of a constructed element. */
export function children(node: DerNode): DerNode[] {
  if (!(node.tag & 0x20)) throw bad('not-constructed')
  const out: DerNode[] = []
  for (let off = 0; off < node.value.length; ) {
    const { node: child, next } = readNode(node.value, off)
    out.push(child)
    off = next
  }
  return out
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw bad(what)
  return node
}

/** A SEQUENCE's children, at least `min` of them. */
export function readSequence(node: DerNode | undefined, what: string, min = 0): DerNode[] {
  const items = children(expectTag(node, TAG.SEQUENCE, what))
  if (items.length < min) throw bad(what)
  return items
}

export function readInteger(node: DerNode | undefined, what: string): bigint {
  const v = expectTag(node, TAG.INTEGER, what).value
  if (v.length === 0) throw bad(what)
  if (v.length > 1 && ((v[0] === 0 && !(v[1] & 0x80)) || (v[0] === 0xff && v[1] & 0x80))) throw bad(what + '-non-minimal')
  if (v[0] & 0x80) throw bad(what + '-negative')
  let n = 0n
  for (const b of v) n = (n << 8n) | BigInt(b)
  return n
}

/** An INTEGER as exactly `size` unsigned big-endian bytes (an SM2 r or s). */
export function readIntegerBytes(node: DerNode | undefined, size: number, what: string): Uint8Array {
  const n = readInteger(node, what)
  if (n >= 1n << BigInt(size * 8)) throw bad(what)
  const out = new Uint8Array(size)
  let v = n
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 255n)
    v >>= 8n
  }
  return out
}

export function readOid(node: DerNode | undefined, what: string): string {
  const v = expectTag(node, TAG.OID, what).value
  if (v.length === 0 || v[v.length - 1] & 0x80) throw bad(what)
  const arcs: bigint[] = []
  let acc = 0n
  for (let i = 0; i < v.length; i++) {
    if (acc === 0n && v[i] === 0x80) throw bad(what + '-non-minimal')
    acc = (acc << 7n) | BigInt(v[i] & 0x7f)
    if (!(v[i] & 0x80)) {
      arcs.push(acc)
      acc = 0n
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.')
}

export function readOctetString(node: DerNode | undefined, what: string): Uint8Array {
  return expectTag(node, TAG.OCTET_STRING, what).value
}

/** A BIT STRING of whole bytes; one with unused bits is refused. */
export function readBitString(node: DerNode | undefined, what: string): Uint8Array {
  const v = expectTag(node, TAG.BIT_STRING, what).value
  if (v.length === 0 || v[0] !== 0) throw bad(what)
  return v.subarray(1)
}

export function readString(node: DerNode | undefined, tag: number, what: string): string {
  const v = expectTag(node, tag, what).value
  try {
    const text = utf8Decode(v)
    if (tag === TAG.IA5_STRING && !/^[\x00-\x7f]*$/.test(text)) throw new Error('ia5')
    return text
  } catch {
    throw bad(what)
  }
}

/** GeneralizedTime `YYYYMMDDHHMMSSZ` → seconds since epoch (only the UTC, fraction-free DER form). */
export function readGeneralizedTime(node: DerNode | undefined, what: string): number {
  const text = readString(node, TAG.GENERALIZED_TIME, what)
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!m) throw bad(what)
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw bad(what)
  return ms / 1000
}

/** DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276 SM2Signature) ⇄ raw r‖s. */
export function sm2SignatureToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw bad('sm2-signature')
  return sequence(integerFromBytes(raw.subarray(0, 32)), integerFromBytes(raw.subarray(32)))
}

export function sm2SignatureFromDer(der: Uint8Array): Uint8Array {
  const [r, s, ...rest] = readSequence(readDer(der), 'sm2-signature', 2)
  if (rest.length) throw bad('sm2-signature')
  return concatBytes(readIntegerBytes(r, 32, 'sm2-signature-r'), readIntegerBytes(s, 32, 'sm2-signature-s'))
}
