import jsQR from 'jsqr'

/**
 * The text of the QR code in RGBA pixels (jsQR, also used by `npm run verify -- @qr.png`), or
 * null. Both light-on-dark and dark-on-light symbols are tried: phones in dark mode invert them.
 */
export function findQrText(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' })
  return code ? code.data : null
}
