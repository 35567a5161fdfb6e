/**
 * How the verifier gets the holder's QR text. Platform files: `ScanEntry.tsx` (WeChat, Alipay:
 * the camera through Taro.scanCode) and `ScanEntry.h5.tsx` (H5: an uploaded image decoded with
 * jsQR, or the text pasted / typed by a USB scanner). Both take these props.
 */
export interface ScanEntryProps {
  /** Called with the scanned, decoded or pasted text (the store checks it). */
  onText(text: string): void
  /** H5: an uploaded 电子证照原件 (.ofd), as bytes. The mini-programs scan QR codes only. */
  onOriginal?(bytes: Uint8Array): void
  disabled: boolean
}
