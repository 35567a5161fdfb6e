import { WalletError } from '../errors'
import type { QrImageApi } from './qrImage.types'
import { findQrText } from './qrImagePixels'
import { assertDecodableImage, MAX_IMAGE_BYTES } from './imageHeader'

/**
 * Longest side the image is drawn at, tried in order: a phone photo (4000 px) is slow for jsQR
 * at full size, and a QR filling a third of it still has ~6 px modules at 1280 px.
 */
const SIDES = [1280, 2400]

interface LoadedImage {
  source: CanvasImageSource
  width: number
  height: number
  close(): void
}

async function loadImage(image: Blob): Promise<LoadedImage> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(image)
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() }
    } catch {
      // Some browsers refuse some formats here but can still show them in an <img>.
    }
  }
  const url = URL.createObjectURL(image)
  const img = new Image()
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new WalletError('ERR_MALFORMED', { detail: 'image' }))
      img.src = url
    })
  } catch (e) {
    URL.revokeObjectURL(url)
    throw e
  }
  return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) }
}

/**
 * Size limits before the browser decodes anything: PNG and JPEG (nearly every photo and
 * screenshot) by their header's pixel size (ERR_TOO_LARGE); other formats the browser can open
 * (WebP, GIF …) by their byte size only.
 */
async function checkBeforeDecoding(image: Blob): Promise<void> {
  if (image.size > MAX_IMAGE_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'image-bytes' })
  const head = new Uint8Array(await image.slice(0, 64 * 1024).arrayBuffer())
  try {
    assertDecodableImage(head, image.size)
  } catch (e) {
    if ((e as WalletError).detail !== 'image-format') throw e
  }
}

/** H5: the picked image drawn on a canvas (on white, for transparent PNGs), its pixels given to jsQR. */
export const decodeQrImage: QrImageApi['decodeQrImage'] = async (image) => {
  await checkBeforeDecoding(image)
  const img = await loadImage(image)
  try {
    if (!img.width || !img.height) throw new WalletError('ERR_MALFORMED', { detail: 'image' })
    for (const side of SIDES) {
      const scale = Math.min(1, side / Math.max(img.width, img.height))
      const w = Math.max(1, Math.round(img.width * scale))
      const h = Math.max(1, Math.round(img.height * scale))
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d', { willReadFrequently: true })
      if (!ctx) throw new WalletError('ERR_UNKNOWN', { detail: 'canvas' })
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, w, h)
      ctx.drawImage(img.source, 0, 0, w, h)
      const text = findQrText(ctx.getImageData(0, 0, w, h).data, w, h)
      if (text !== null) return text
      if (scale === 1) break
    }
    return null
  } finally {
    img.close()
  }
}
