import { WalletError } from '../errors'
import type { FileExportApi } from './fileExport.types'

export const fileExportAvailable: FileExportApi['fileExportAvailable'] = () => typeof document !== 'undefined' && typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function'

/** A download through an object URL and a temporary <a download>. */
export const exportFile: FileExportApi['exportFile'] = async (fileName, bytes, mime) => {
  if (!fileExportAvailable()) throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'file-export' })
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }))
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.rel = 'noopener'
    a.style.display = 'none'
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 30_000)
  }
}
