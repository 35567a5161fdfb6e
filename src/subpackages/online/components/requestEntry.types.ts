/**
 * How a relying party's request gets in. Platform files: `RequestEntry.tsx` (WeChat, Alipay:
 * `scanCode` with the camera) and `RequestEntry.h5.tsx` (H5: upload a picture of the QR, or paste
 * the request text). Both take these props.
 */
export interface RequestEntryProps {
  onText(text: string): void
  disabled?: boolean
}
