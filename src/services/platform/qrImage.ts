import { WalletError } from '../errors'
import type { QrImageApi } from './qrImage.types'

// Node and the mini-programs: WeChat and Alipay scan with the camera (Taro.scanCode, which also
// offers the album), so they carry no image decoder. H5 uses qrImage.h5.ts.
export const decodeQrImage: QrImageApi['decodeQrImage'] = async () => {
  throw new WalletError('ERR_UNKNOWN', { detail: 'qr-image-unsupported' })
}
