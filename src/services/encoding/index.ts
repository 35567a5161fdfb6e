import { WalletError } from '../errors'
import { base64urlDecode, base64urlEncode } from './base64url'
import { utf8Decode, utf8Encode } from './utf8'

export { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode }

/** A JSON object (not null, not an array): the first check on any parsed blob, token payload or stored state. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** JSON value → base64url(UTF-8(JSON)). */
export function b64uJson(value: unknown): string {
  return base64urlEncode(utf8Encode(JSON.stringify(value)))
}

/**
 * Deepest JSON nesting any signed object of ours has (SD-JWT payloads, disclosures, trust and
 * status lists: 5). Deeper input is refused before parsing: the code that walks a parsed value
 * (disclosure substitution, JSON.stringify) recurses and would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32

/** Whether JSON text nests arrays/objects deeper than `max` (strings skipped; no parse). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--
  }
  return false
}

/**
 * base64url(UTF-8(JSON)) → value; ERR_BASE64 / ERR_MALFORMED on bad input, ERR_MALFORMED (detail
 * `json-depth`) when nested deeper than `maxDepth`.
 */
export function parseB64uJson<T = unknown>(segment: string, maxDepth = MAX_JSON_DEPTH): T {
  const text = utf8Decode(base64urlDecode(segment))
  if (jsonDepthExceeds(text, maxDepth)) throw new WalletError('ERR_MALFORMED', { detail: 'json-depth' })
  try {
    return JSON.parse(text) as T
  } catch (cause) {
    throw new WalletError('ERR_MALFORMED', { detail: 'json', cause })
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** ASCII-only string → bytes (JWS signing inputs are ASCII). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff
  return out
}
