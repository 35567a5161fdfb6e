import { readFileSync } from 'node:fs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { WalletError } from '../src/services/errors'

/** Decodes the QR code in a PNG screenshot/photo (jsQR, a maintained decoder). */
export async function decodeQrFromImageFile(path: string): Promise<string> {
  const png = PNG.sync.read(readFileSync(path))
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
  if (!code) throw new WalletError('ERR_MALFORMED', { detail: 'no-qr-in-image' })
  return code.data
}
