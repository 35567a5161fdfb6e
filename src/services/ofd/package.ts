import { unzipSync, zipSync, type Zippable } from 'fflate'
import { WalletError } from '../errors'

/**
 * The OFD container (GB/T 33190 §7.1: a ZIP package) with limits: a package is a few KB, so
 * anything bigger, or with more entries, is refused before it is inflated (ERR_TOO_LARGE).
 */
export const MAX_OFD_BYTES = 1024 * 1024
export const MAX_OFD_FILES = 64
export const MAX_OFD_UNPACKED_BYTES = 4 * 1024 * 1024

/** Fixed entry time: the same certificate always packs to the same bytes. */
const ZIP_TIME = new Date(Date.UTC(2020, 0, 1))

/** Packs files (path → bytes, no leading slash) in the order given. */
export function packOfd(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const z: Zippable = {}
  for (const [path, data] of files) z[path] = [data, { level: 6, mtime: ZIP_TIME }]
  return zipSync(z)
}

/** Unpacks an OFD package: path (no leading slash) → bytes. Directories are dropped. */
export function unpackOfd(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.length > MAX_OFD_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'ofd' })
  let count = 0
  let total = 0
  let raw: Record<string, Uint8Array>
  try {
    raw = unzipSync(bytes, {
      filter: (f) => {
        count++
        total += f.originalSize
        if (count > MAX_OFD_FILES || f.originalSize > MAX_OFD_BYTES || total > MAX_OFD_UNPACKED_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'ofd-unpacked' })
        return true
      }
    })
  } catch (e) {
    if (e instanceof WalletError) throw e
    throw new WalletError('ERR_MALFORMED', { detail: 'ofd-zip', cause: e })
  }
  const files = new Map<string, Uint8Array>()
  for (const [path, data] of Object.entries(raw)) {
    if (path.endsWith('/')) continue
    if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.' || s === '') || path.includes('\\')) throw new WalletError('ERR_MALFORMED', { detail: 'ofd-path' })
    if (data.length > MAX_OFD_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'ofd-unpacked' })
    files.set(path, data)
  }
  return files
}

/**
 * A path as OFD files name it (`/Doc_0/Pages/Page_0/Content.xml`, or relative to `base`) → the
 * package path (`Doc_0/Pages/Page_0/Content.xml`). `..` and empty segments are refused.
 */
export function resolveOfdPath(ref: string, base = ''): string {
  const joined = ref.startsWith('/') ? ref.slice(1) : (base ? base + '/' : '') + ref
  const parts = joined.split('/')
  if (parts.some((s) => s === '' || s === '..' || s === '.') || joined.includes('\\')) throw new WalletError('ERR_MALFORMED', { detail: 'ofd-path' })
  return joined
}

export const dirOf = (path: string): string => path.split('/').slice(0, -1).join('/')
