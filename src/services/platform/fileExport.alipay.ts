import { WalletError } from '../errors'
import type { FileExportApi } from './fileExport.types'

// Node and Alipay: no share-a-file or save-to-disk API for a mini-program (Alipay's my.saveFile keeps
// a file inside the app's own storage, my.openDocument opens only PDF, and sharing shares a page, not
// a file), so export is not offered there. The 原件 page offers a one-time computer download link
// from the platform instead (subpackages/holder/store/originalLinkStore.ts).
export const fileExportAvailable: FileExportApi['fileExportAvailable'] = () => false
export const exportFile: FileExportApi['exportFile'] = async () => {
  throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'file-export' })
}
