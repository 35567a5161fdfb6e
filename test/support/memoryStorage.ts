import type { StateStorage } from 'zustand/middleware'

/**
 * In-memory storage for persisted stores, in place of Taro storage. `data` shows what was written.
 * @example memoryStorage({ 'certwallet.wallet': '{not json' }) // a corrupt blob on first read
 */
export function memoryStorage(initial: Record<string, string> = {}): StateStorage & { data: Record<string, string> } {
  const data = { ...initial }
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v), removeItem: (k) => void delete data[k] }
}
