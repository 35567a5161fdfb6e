/**
 * The QR painter of src/components/QrCanvas.tsx, without a canvas: modules from the `qrcode`
 * library painted into an RGBA buffer, then read back by a real decoder (jsQR). CW1 texts must
 * encode without TextEncoder (absent in the WeChat and Alipay runtimes).
 */
import jsQR from 'jsqr'
import { paintQr, qrMatrix, QUIET_ZONE_MODULES } from '../../../src/components/QrCanvas'

/** A 2d-context stand-in that fills an RGBA buffer. */
function rgbaContext(pixels: number) {
  const data = new Uint8ClampedArray(pixels * pixels * 4).fill(128)
  const ctx = {
    fillStyle: '' as unknown,
    fillRect(x: number, y: number, w: number, h: number) {
      const v = this.fillStyle === '#ffffff' ? 255 : 0
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) data.set([v, v, v, 255], (r * pixels + c) * 4)
    }
  }
  return { ctx, data }
}

// About the size of a 交警查验 presentation (docs/presentation-format.md: version 16 at level M).
const CW1_TEXT = 'CW1:' + '6BFOXN*TP4Q$ZV1%M:8-+ ./'.repeat(25).slice(0, 560)

describe('QR painter', () => {
  it('encodes a CW1 text in alphanumeric mode at level M without TextEncoder', () => {
    const saved = globalThis.TextEncoder
    // @ts-expect-error simulating the mini-program runtime
    delete globalThis.TextEncoder
    try {
      const m = qrMatrix(CW1_TEXT)
      // 564 alphanumeric characters fit version 15-M (byte mode would need version 19).
      expect(m.version).toBe(15)
      expect(m.size).toBe(17 + 4 * 15)
    } finally {
      globalThis.TextEncoder = saved
    }
  })

  it.each([280 * 2, 333, 1000])('paints %i px: whole-pixel modules, ≥ 4 modules of quiet zone, and it decodes', (pixels) => {
    const m = qrMatrix(CW1_TEXT)
    const { ctx, data } = rgbaContext(pixels)
    const { cell, offset } = paintQr(ctx, pixels, m)
    expect(Number.isInteger(cell)).toBe(true)
    expect(offset).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES * cell)
    expect(pixels - offset - m.size * cell).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES * cell)
    expect(jsQR(data, pixels, pixels)?.data).toBe(CW1_TEXT)
  })

  it('still encodes text outside the alphanumeric set (byte mode)', () => {
    const m = qrMatrix('cwn1:lower-case')
    const { ctx, data } = rgbaContext(300)
    paintQr(ctx, 300, m)
    expect(jsQR(data, 300, 300)?.data).toBe('cwn1:lower-case')
  })
})
