/**
 * Getting the paper credential onto paper. Platform files: `PaperOutput.h5.tsx` (H5: the browser's
 * print dialog, which also saves a PDF; print CSS keeps only the sheet) and `PaperOutput.tsx`
 * (WeChat, Alipay: no printing, so the QR image is saved to the album for a print shop or family).
 */
export interface PaperOutputProps {
  /** The id of the canvas the QR is drawn on. */
  canvasId: string
  disabled?: boolean
}
