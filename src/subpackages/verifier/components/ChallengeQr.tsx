import { QrCanvas, paintQr, qrMatrix, type QrPaintContext } from '../../../components/QrCanvas'

/**
 * Paints the verifier's challenge (`CWN1:` + upper-case nonce, QR alphanumeric characters only,
 * so the `qrcode` library never needs TextEncoder) with the holder side's painter.
 */
export function paintChallengeQr(ctx: QrPaintContext, pixels: number, text: string): { version: number } {
  const m = qrMatrix(text)
  paintQr(ctx, pixels, m)
  return { version: m.version }
}

/** The verifier's challenge as a QR: the shared QrCanvas with the verifier's classes. */
export function ChallengeQr({ text, canvasId }: { text: string; canvasId: string }) {
  return <QrCanvas text={text} canvasId={canvasId} className='vf-challenge__qr' canvasClassName='vf-challenge__canvas' label='核验码' />
}
