import { WalletError } from '../errors'

// NOTE: hand-written because TextEncoder/TextDecoder are missing or unreliable in the
// WeChat and Alipay runtimes (see shared/TOOLCHAIN.md).

/** String → UTF-8 bytes. Lone surrogates become U+FFFD, as TextEncoder does. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

/** Strict UTF-8 → string: overlong forms, surrogates and truncated sequences throw ERR_MALFORMED. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  const bad = (): never => {
    throw new WalletError('ERR_MALFORMED', { detail: 'utf-8' })
  }
  const cont = (k: number): number => {
    if (k >= bytes.length) bad()
    const b = bytes[k]
    if ((b & 0xc0) !== 0x80) bad()
    return b & 63
  }
  while (i < bytes.length) {
    const b = bytes[i]
    let cp: number
    if (b < 0x80) {
      cp = b
      i += 1
    } else if (b >= 0xc2 && b < 0xe0) {
      cp = ((b & 31) << 6) | cont(i + 1)
      i += 2
    } else if (b >= 0xe0 && b < 0xf0) {
      cp = ((b & 15) << 12) | (cont(i + 1) << 6) | cont(i + 2)
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) bad()
      i += 3
    } else if (b >= 0xf0 && b < 0xf5) {
      cp = ((b & 7) << 18) | (cont(i + 1) << 12) | (cont(i + 2) << 6) | cont(i + 3)
      if (cp < 0x10000 || cp > 0x10ffff) bad()
      i += 4
    } else return bad()
    if (cp < 0x10000) out += String.fromCharCode(cp)
    else {
      cp -= 0x10000
      out += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023))
    }
  }
  return out
}
