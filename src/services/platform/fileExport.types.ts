/**
 * Handing a file (the 电子证照原件, an OFD) to the holder. Platform files: `fileExport.h5.ts` (a
 * download through a Blob link), `fileExport.weapp.ts` (written to the user data folder, then
 * `wx.shareFileMessage` to a chat, or `wx.saveFileToDisk` on the PC client), `fileExport.alipay.ts`
 * and `fileExport.ts` (Alipay and Node: no file hand-over API, ERR_PLATFORM_UNSUPPORTED). All
 * satisfy this type.
 */
export interface FileExportApi {
  /** Whether this platform can hand a file over (the button shows only then). */
  fileExportAvailable(): boolean
  /** Hands `bytes` over as `fileName`; rejects with a coded WalletError when it cannot. */
  exportFile(fileName: string, bytes: Uint8Array, mime: string): Promise<void>
}
