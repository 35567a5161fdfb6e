import { WalletError } from '../errors'
import type { FileExportApi } from './fileExport.types'

// WeChat: write the file under the user data folder, then hand it to a chat (wx.shareFileMessage,
// base library 2.16.1+, phones) or, on the PC client, to the disk (wx.saveFileToDisk, 2.11.0+).
declare const wx: {
  env?: { USER_DATA_PATH?: string }
  getFileSystemManager?(): { writeFile(o: { filePath: string; data: ArrayBuffer; success(): void; fail(e: unknown): void }): void }
  shareFileMessage?(o: { filePath: string; fileName: string; success(): void; fail(e: unknown): void }): void
  saveFileToDisk?(o: { filePath: string; success(): void; fail(e: unknown): void }): void
}

const call = <T extends { success(): void; fail(e: unknown): void }>(f: (o: T) => void, o: Omit<T, 'success' | 'fail'>, what: string) =>
  new Promise<void>((resolve, reject) => f({ ...o, success: resolve, fail: (e: unknown) => reject(new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: what, cause: e })) } as T))

export const fileExportAvailable: FileExportApi['fileExportAvailable'] = () =>
  typeof wx !== 'undefined' && typeof wx.getFileSystemManager === 'function' && !!wx.env?.USER_DATA_PATH && (typeof wx.shareFileMessage === 'function' || typeof wx.saveFileToDisk === 'function')

export const exportFile: FileExportApi['exportFile'] = async (fileName, bytes) => {
  if (!fileExportAvailable()) throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'file-export' })
  const filePath = `${wx.env!.USER_DATA_PATH}/${fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_')}`
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const fs = wx.getFileSystemManager!()
  await call(fs.writeFile.bind(fs), { filePath, data }, 'writeFile')
  if (typeof wx.shareFileMessage === 'function') await call(wx.shareFileMessage, { filePath, fileName }, 'shareFileMessage')
  else await call(wx.saveFileToDisk!, { filePath }, 'saveFileToDisk')
}
