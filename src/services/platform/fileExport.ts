import { WalletError } from '../errors'
import type { FileExportApi } from './fileExport.types'

// Node and Alipay: no share-a-file or save-to-disk API for a mini-program (Alipay's saveFile keeps
// a file inside the app only), so export is not offered there.
export const fileExportAvailable: FileExportApi['fileExportAvailable'] = () => false
export const exportFile: FileExportApi['exportFile'] = async () => {
  throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'file-export' })
}
