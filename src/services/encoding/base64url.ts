import { WalletError } from '../errors'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const LOOKUP: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i
  return t
})()

// NOTE: hand-written because WeChat/Alipay runtimes have no atob/btoa/Buffer.

/** Bytes → base64url without padding (RFC 4648 §5). */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i] << 16
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63]
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8)
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63]
  }
  return out
}

/**
 * Strict base64url → bytes: no padding, no whitespace, no foreign characters, and the unused
 * trailing bits must be zero (so each byte string has exactly one encoding). Throws ERR_BASE64.
 */
export function base64urlDecode(text: string): Uint8Array {
  const len = text.length
  if (len % 4 === 1) throw new WalletError('ERR_BASE64', { detail: 'length' })
  const out = new Uint8Array(Math.floor((len * 3) / 4))
  let o = 0
  let i = 0
  const val = (k: number): number => {
    const c = text.charCodeAt(k)
    const v = c < 128 ? LOOKUP[c] : -1
    if (v < 0) throw new WalletError('ERR_BASE64', { detail: 'character' })
    return v
  }
  for (; i + 3 < len; i += 4) {
    const n = (val(i) << 18) | (val(i + 1) << 12) | (val(i + 2) << 6) | val(i + 3)
    out[o++] = n >> 16
    out[o++] = (n >> 8) & 255
    out[o++] = n & 255
  }
  const rest = len - i
  if (rest === 2) {
    const a = val(i)
    const b = val(i + 1)
    if (b & 15) throw new WalletError('ERR_BASE64', { detail: 'trailing bits' })
    out[o++] = (a << 2) | (b >> 4)
  } else if (rest === 3) {
    const a = val(i)
    const b = val(i + 1)
    const c = val(i + 2)
    if (c & 3) throw new WalletError('ERR_BASE64', { detail: 'trailing bits' })
    out[o++] = (a << 2) | (b >> 4)
    out[o++] = ((b & 15) << 4) | (c >> 2)
  }
  return out.subarray(0, o)
}
