import { memo, useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import QRCode from 'qrcode'

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
const QUIET_ZONE = 4

interface Ctx2d {
  fillStyle: unknown
  fillRect(x: number, y: number, w: number, h: number): void
}

interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): Ctx2d | null
}

function pixelRatio(): number {
  try {
    const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
    return Math.min(3, Math.max(1, Number(info?.pixelRatio) || 1))
  } catch {
    return 1
  }
}

/**
 * Paints `text` (QR alphanumeric characters only: `CWN1:` + upper-case nonce) at level M on a
 * white square. One alphanumeric segment: the smallest symbol, and no byte mode, which would need
 * TextEncoder (absent in WeChat and Alipay). Whole-pixel modules scan best.
 */
export function paintChallengeQr(ctx: Ctx2d, pixels: number, text: string): { version: number } {
  const qr = QRCode.create([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const cell = Math.max(1, Math.floor(pixels / (n + 2 * QUIET_ZONE)))
  const offset = Math.floor((pixels - cell * n) / 2)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, pixels, pixels)
  ctx.fillStyle = '#000000'
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) ctx.fillRect(offset + col * cell, offset + row * cell, cell, cell)
    }
  }
  return { version: qr.version }
}

/**
 * The verifier's challenge as a QR on a Taro 2d canvas (H5 and mini-programs alike; the canvas
 * node comes from a selector query). The wrapper carries the text as `data-qr-text` for tests.
 */
function ChallengeQrView({ text, canvasId }: { text: string; canvasId: string }) {
  useEffect(() => {
    let cancelled = false
    let tries = 0
    const find = () => {
      if (cancelled) return
      // NOTE: Taro H5 answers `fields({ node: true })` without a size, so the size comes from a
      // second query of the same element (observed with Taro 4.2 H5).
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
          if (!canvas || !ctx || !cssWidth) {
            // Not laid out yet on the first frame.
            if (tries++ < 40) setTimeout(find, 50)
            return
          }
          const pixels = Math.round(cssWidth * pixelRatio())
          canvas.width = pixels
          canvas.height = pixels
          paintChallengeQr(ctx, pixels, text)
        })
    }
    const timer = setTimeout(find, 0)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [text, canvasId])

  return (
    <View className='vf-challenge__qr' data-qr-text={text}>
      <Canvas type='2d' id={canvasId} className='vf-challenge__canvas' />
    </View>
  )
}

export const ChallengeQr = memo(ChallengeQrView)
