import { readFileSync, statSync } from 'node:fs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { WalletError } from '../src/services/errors'
import { assertDecodableImage } from '../src/services/platform/imageHeader'

/**
 * Decodes the QR code in a PNG screenshot/photo (jsQR, a maintained decoder). The format is
 * judged by its magic bytes and the size by the PNG header, both before decoding: a JPEG (this
 * CLI has no JPEG decoder; the H5 verifier reads photos) is ERR_MALFORMED `image-format-jpeg`,
 * anything else ERR_MALFORMED `image-format`, an image over the pixel limit ERR_TOO_LARGE.
 */
export async function decodeQrFromImageFile(path: string): Promise<string> {
  const size = statSync(path).size
  if (size > 20 * 1024 * 1024) throw new WalletError('ERR_TOO_LARGE', { detail: 'image-bytes' })
  const bytes = readFileSync(path)
  const header = assertDecodableImage(new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024)), size)
  if (header.format !== 'png') throw new WalletError('ERR_MALFORMED', { detail: `image-format-${header.format}` })
  let png: PNG
  try {
    png = PNG.sync.read(bytes)
  } catch (cause) {
    throw new WalletError('ERR_MALFORMED', { detail: 'png', cause })
  }
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
  if (!code) throw new WalletError('ERR_MALFORMED', { detail: 'no-qr-in-image' })
  return code.data
}
