import { WalletError } from '../errors'

// RFC 9285 Base45: two bytes → three characters of the QR alphanumeric set, which QR codes store
// at 5.5 bits a character (byte mode with base64url costs 10.7 bits a byte; base45 ~8.25).
const CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const LOOKUP: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1)
  for (let i = 0; i < CHARSET.length; i++) t[CHARSET.charCodeAt(i)] = i
  return t
})()

export function base45Encode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i] * 256 + bytes[i + 1]
    const c = n % 45
    n = (n - c) / 45
    const d = n % 45
    const e = (n - d) / 45
    out += CHARSET[c] + CHARSET[d] + CHARSET[e]
  }
  if (bytes.length % 2) {
    const n = bytes[bytes.length - 1]
    out += CHARSET[n % 45] + CHARSET[Math.floor(n / 45)]
  }
  return out
}

/** Strict decode: foreign characters, a dangling character or an out-of-range triple → ERR_BASE64. */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new WalletError('ERR_BASE64', { detail: 'base45-length' })
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0))
  const val = (k: number) => {
    const ch = text.charCodeAt(k)
    const v = ch < 128 ? LOOKUP[ch] : -1
    if (v < 0) throw new WalletError('ERR_BASE64', { detail: 'base45-character' })
    return v
  }
  let o = 0
  let i = 0
  for (; i + 2 < text.length; i += 3) {
    const n = val(i) + val(i + 1) * 45 + val(i + 2) * 2025
    if (n > 0xffff) throw new WalletError('ERR_BASE64', { detail: 'base45-range' })
    out[o++] = n >> 8
    out[o++] = n & 255
  }
  if (i < text.length) {
    const n = val(i) + val(i + 1) * 45
    if (n > 0xff) throw new WalletError('ERR_BASE64', { detail: 'base45-range' })
    out[o++] = n
  }
  return out
}
