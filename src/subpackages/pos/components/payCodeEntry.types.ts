/**
 * How the counter gets the patient's 医保码. Platform files: `PayCodeEntry.tsx` (WeChat, Alipay:
 * the camera through Taro.scanCode) and `PayCodeEntry.h5.tsx` (H5: an uploaded image decoded with
 * jsQR, or the text typed by a USB scanner / pasted). Both take these props.
 */
export interface PayCodeEntryProps {
  onText(text: string): void
  disabled: boolean
}
