/**
 * Reading a QR code from an image the verifier picked (a photo or screenshot of the holder's QR).
 * Platform files: `qrImage.h5.ts` (draws the image on a canvas and decodes it with jsQR) and
 * `qrImage.ts` (Node and the mini-programs, which scan with `Taro.scanCode` instead and never
 * load a decoder). Both satisfy this type.
 */
export interface QrImageApi {
  /** The text of the QR code in `image`; null when there is none. Rejects when the file is no readable image. */
  decodeQrImage(image: Blob): Promise<string | null>
}
