import { memo, useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import QRCode from 'qrcode'
import { utf8Encode } from '../services/encoding'

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE_MODULES = 4

/** The QR alphanumeric set: CW1 texts (prefix + Base45) use nothing else. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/

export interface QrMatrix {
  /** Modules per side. */
  size: number
  version: number
  dark(row: number, col: number): boolean
}

/**
 * The module matrix of `text` at error-correction level M, from the `qrcode` library. A text in
 * the QR alphanumeric set is passed as one alphanumeric segment: it is the smallest encoding of
 * a CW1 text. Any other text (the 原件's download link) is left to the library where `TextEncoder`
 * exists; where it does not (the WeChat and Alipay runtimes: the library's byte mode calls it), it
 * is one byte segment of its UTF-8 bytes, encoded here.
 */
export function qrMatrix(text: string): QrMatrix {
  const segments = ALPHANUMERIC.test(text)
    ? [{ data: text, mode: 'alphanumeric' as const }]
    : typeof TextEncoder === 'function'
      ? text
      : [{ data: new Uint8ClampedArray(utf8Encode(text)), mode: 'byte' as const }]
  const qr = QRCode.create(segments, { errorCorrectionLevel: 'M' })
  const { size } = qr.modules
  return { size, version: qr.version, dark: (row, col) => qr.modules.get(row, col) === 1 }
}

/** The part of a 2D canvas context the painter uses (H5 and mini-program 2d canvases both have it). */
export interface QrPaintContext {
  fillStyle: unknown
  fillRect(x: number, y: number, w: number, h: number): void
}

/**
 * Paints `m` on a white square of `pixels` device pixels: whole-pixel modules (sharp edges scan
 * best), centred, with at least {@link QUIET_ZONE_MODULES} modules of white on every side. Dark
 * runs along a row are one rectangle each.
 */
export function paintQr(ctx: QrPaintContext, pixels: number, m: QrMatrix): { cell: number; offset: number } {
  const cell = Math.max(1, Math.floor(pixels / (m.size + 2 * QUIET_ZONE_MODULES)))
  const offset = Math.floor((pixels - cell * m.size) / 2)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, pixels, pixels)
  ctx.fillStyle = '#000000'
  for (let row = 0; row < m.size; row++) {
    let col = 0
    while (col < m.size) {
      if (!m.dark(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < m.size && m.dark(row, col)) col++
      ctx.fillRect(offset + start * cell, offset + row * cell, (col - start) * cell, cell)
    }
  }
  return { cell, offset }
}

interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): QrPaintContext | null
}

function pixelRatio(): number {
  try {
    const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
    return Math.min(3, Math.max(1, Number(info?.pixelRatio) || 1))
  } catch {
    return 1
  }
}

export interface QrCanvasProps {
  /** What the QR encodes; a new text redraws it. */
  text: string
  /** Unique id of the canvas on the page (the 2d canvas is found by it). */
  canvasId: string
  className?: string
  /** Class of the canvas itself (its CSS size decides the drawing size). */
  canvasClassName?: string
  /** Accessible name of the code. */
  label?: string
  /** Called after each drawing, with the QR version (for tests and the size bench). */
  onDrawn?: (info: { version: number; modules: number; pixels: number }) => void
}

/**
 * A QR code drawn on a Taro 2d `Canvas` in the mini-programs (the node comes from a selector query)
 * and on a plain `<canvas>` on H5. The wrapper carries the text as `data-qr-text` for debugging
 * and tests.
 *
 * NOTE (H5): Taro's `<taro-canvas-core>` (a Stencil element) sets its inner canvas's width and
 * height from CSS in every `componentDidRender`, and setting a canvas's size clears it. Its first
 * render runs asynchronously, so a QR drawn before it was wiped: now and then an officer saw a blank
 * white square. On H5 the canvas is therefore ours alone.
 */
function QrCanvasView({ text, canvasId, className, canvasClassName, label, onDrawn }: QrCanvasProps) {
  const node = useRef<{ canvas: CanvasNode; ctx: QrPaintContext; cssWidth: number } | null>(null)
  const h5Canvas = useRef<HTMLCanvasElement | null>(null)

  useEffect(() => {
    let cancelled = false
    let tries = 0
    const draw = (t: { canvas: CanvasNode; ctx: QrPaintContext; cssWidth: number }) => {
      const m = qrMatrix(text)
      const pixels = Math.max(m.size + 2 * QUIET_ZONE_MODULES, Math.round(t.cssWidth * pixelRatio()))
      t.canvas.width = pixels
      t.canvas.height = pixels
      paintQr(t.ctx, pixels, m)
      onDrawn?.({ version: m.version, modules: m.size, pixels })
    }
    const retry = () => {
      // The canvas may not be laid out yet on the first frame.
      if (tries++ < 40) setTimeout(find, 50)
    }
    const find = () => {
      if (cancelled) return
      if (node.current) return draw(node.current)
      if (process.env.TARO_ENV === 'h5') {
        const canvas = h5Canvas.current
        const cssWidth = canvas?.getBoundingClientRect().width ?? 0
        const ctx = cssWidth ? canvas?.getContext('2d') : null
        if (!canvas || !ctx) return retry()
        node.current = { canvas, ctx, cssWidth }
        return draw(node.current)
      }
      // NOTE: Taro H5 answers `fields({ node: true })` with the node only (no size), so the size
      // comes from a second query of the same element.
      Taro.createSelectorQuery()
        .select(`#${canvasId}`)
        .fields({ node: true, size: true })
        .select(`#${canvasId}`)
        .boundingClientRect()
        .exec((res: { node?: CanvasNode; width?: number }[] | null) => {
          if (cancelled) return
          const canvas = res?.[0]?.node
          const cssWidth = res?.[0]?.width || res?.[1]?.width || 0
          const ctx = canvas?.getContext('2d')
          if (!canvas || !ctx || !cssWidth) return retry()
          node.current = { canvas, ctx, cssWidth }
          draw(node.current)
        })
    }
    const timer = setTimeout(find, 0)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [text, canvasId, onDrawn])

  return (
    <View className={className ?? 'qr'} data-qr-text={text} aria-label={label ?? '亮证二维码'}>
      {process.env.TARO_ENV === 'h5' ? (
        <canvas ref={h5Canvas} id={canvasId} className={canvasClassName ?? 'qr__canvas'} />
      ) : (
        <Canvas type='2d' id={canvasId} className={canvasClassName ?? 'qr__canvas'} />
      )}
    </View>
  )
}

/** Memoised: the page's one-second countdown must not re-render (and so clear) the canvas. */
export const QrCanvas = memo(QrCanvasView)
export default QrCanvas
