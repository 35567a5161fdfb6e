/**
 * zustand `persist` storage on H5: localStorage, in the format Taro's H5 storage API uses (each
 * value JSON-encoded inside `{"data": value}`, so `Taro.getStorageSync` reads what is written here
 * and the other way round).
 *
 * Blobs are written as objects (`setObject`, used by src/store/persisted.ts): one JSON parse on
 * start. Blobs were written as strings before, i.e. a JSON string inside JSON, parsed twice on
 * every start, the first time as one long escaped string (the wallet's is ~165 KB); those are still
 * read, and become objects on the store's next write. A value that is not Taro's wrapper at all is
 * handed on as it is, so the store reports it and keeps a copy instead of reading "nothing stored"
 * and writing over it (Taro's getStorageSync returns '' for it).
 * NOTE: a full quota makes localStorage.setItem throw, leaving the previous value; we rethrow so
 * the store keeps its last good copy.
 */
import { afterWrite, SIDE_KEYS, sideReady, sideText, setBlobAccess, withRefs } from './sideStore.h5'
const put = (name: string, value: unknown) => localStorage.setItem(name, JSON.stringify({ data: value }))

const getItem = (name: string): unknown => {
  const raw = localStorage.getItem(name)
  if (raw === null) return null
  try {
    const wrapped: unknown = JSON.parse(raw)
    if (typeof wrapped === 'object' && wrapped !== null && 'data' in wrapped) return (wrapped as { data: unknown }).data
  } catch {
    // not JSON: handed on below
  }
  return raw
}

const sideKey = (name: string) => (SIDE_KEYS as readonly string[]).includes(name)

/*
 * Long sealed boxes go to IndexedDB (./sideStore.h5.ts says why and how): a blob names a box by
 * reference once IndexedDB holds it, and carries it inline until then. Reading the boxes starts when
 * the page is first idle (after the first screen), or at the first unlock if sooner (`ready`).
 */
setBlobAccess({ read: getItem, write: put })
if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void sideReady(), { timeout: 2000 })
else setTimeout(() => void sideReady(), 500)

export const taroStorage = {
  getItem,
  setItem: (name: string, value: string) => put(name, value),
  setObject: (name: string, value: object) => {
    if (!sideKey(name)) return put(name, value)
    const inline: string[] = []
    const named = new Set<string>()
    put(name, withRefs(value, inline, named))
    afterWrite(name, named, inline.length > 0)
  },
  removeItem: (name: string) => {
    localStorage.removeItem(name)
    if (sideKey(name)) afterWrite(name, new Set(), false)
  },
  resolve: sideText,
  ready: sideReady
}
