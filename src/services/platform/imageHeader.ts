import { WalletError } from '../errors'

/**
 * What an image file says about itself in its first bytes, read before anything decodes it: the
 * format by its magic bytes (never by the file name) and the pixel size from the PNG IHDR chunk
 * or the JPEG SOF segment. A decoder allocates width × height × 4 bytes up front, so the limits
 * are checked here, on a few bytes, and an 8000 × 8000 "QR screenshot" never reaches it.
 */
export type ImageFormat = 'png' | 'jpeg'

export interface ImageHeader {
  format: ImageFormat
  width: number
  height: number
}

/** Largest image file read (a phone photo is 2–8 MB). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024
/** Most pixels decoded: a 12-megapixel phone photo fits; 16.8 M pixels is 67 MB of RGBA. */
export const MAX_IMAGE_PIXELS = 4096 * 4096
/** Longest side accepted. */
export const MAX_IMAGE_SIDE = 8192

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3]
}

function pngHeader(b: Uint8Array): ImageHeader {
  // signature (8) | length (4) = 13 | "IHDR" | width (4) | height (4) | …
  if (b.length < 24 || u32(b, 8) !== 13 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') {
    throw new WalletError('ERR_MALFORMED', { detail: 'png-ihdr' })
  }
  return { format: 'png', width: u32(b, 16), height: u32(b, 20) }
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size. */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}

function jpegHeader(b: Uint8Array): ImageHeader {
  let o = 2
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) throw new WalletError('ERR_MALFORMED', { detail: 'jpeg-marker' })
    const marker = b[o + 1]
    if (marker === 0xff) {
      o++ // fill byte
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break // end of image / start of scan before any frame
    const len = (b[o + 2] << 8) + b[o + 3]
    if (len < 2) throw new WalletError('ERR_MALFORMED', { detail: 'jpeg-segment' })
    if (isSof(marker)) {
      if (o + 9 > b.length) break
      return { format: 'jpeg', height: (b[o + 5] << 8) + b[o + 6], width: (b[o + 7] << 8) + b[o + 8] }
    }
    o += 2 + len
  }
  throw new WalletError('ERR_MALFORMED', { detail: 'jpeg-no-frame' })
}

/**
 * The format and size of an image from its first bytes (64 KB is plenty). Throws ERR_MALFORMED
 * (detail `image-format`) for anything but PNG and JPEG — whatever the file is called — and for a
 * header that does not parse.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, PNG_MAGIC)) return pngHeader(bytes)
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpegHeader(bytes)
  throw new WalletError('ERR_MALFORMED', { detail: 'image-format' })
}

/**
 * Refuses, before decoding, an image too large to decode: over MAX_IMAGE_BYTES, a side of 0 or
 * over MAX_IMAGE_SIDE, or more than MAX_IMAGE_PIXELS pixels → ERR_TOO_LARGE (ERR_MALFORMED for a
 * zero side). Returns the header.
 */
export function assertDecodableImage(head: Uint8Array, fileBytes: number): ImageHeader {
  if (fileBytes > MAX_IMAGE_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'image-bytes' })
  const h = readImageHeader(head)
  if (h.width === 0 || h.height === 0) throw new WalletError('ERR_MALFORMED', { detail: 'image-size' })
  if (h.width > MAX_IMAGE_SIDE || h.height > MAX_IMAGE_SIDE || h.width * h.height > MAX_IMAGE_PIXELS) {
    throw new WalletError('ERR_TOO_LARGE', { detail: `image ${h.width}x${h.height}` })
  }
  return h
}
