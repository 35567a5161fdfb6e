import { createStore, type StoreApi } from 'zustand/vanilla'
import { toWalletError, type ErrorCode } from '../../../services/errors'
import type { HolderAuth } from '../../../services/api/holderAuth'
import type { WalletState } from '../../../store/walletStore'

/**
 * 电脑下载链接 for the 电子证照原件 (issue #14): where the platform cannot hand a file to another app
 * (Alipay), the holder asks the platform for a one-time, 10-minute link to open on a computer,
 * shown as a link and a QR. Nothing is persisted: a link is short-lived, and a new one ends the
 * previous one on the platform's side.
 */
export interface OriginalLink {
  certId: string
  url: string
  /** ms since epoch. */
  expiresAt: number
  fileName: string
}

export interface OriginalLinkApi {
  createOriginalLink(holder: HolderAuth, certId: string): Promise<{ certId: string; url: string; expiresAt: string; fileName: string }>
}

export interface OriginalLinkDeps {
  api: OriginalLinkApi
  wallet: Pick<StoreApi<Pick<WalletState, 'holderAuth'>>, 'getState'>
  now: () => number
}

export interface OriginalLinkState {
  link: OriginalLink | null
  busy: boolean
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After). */
  errorRetryAfter: number | null
  /** Asks for a new link for `certId` (the wallet must be unlocked); false with `error` on failure. */
  create(certId: string): Promise<boolean>
  /** The link, unless it is past its time (then null: the page offers a new one). */
  current(certId: string): OriginalLink | null
  clear(): void
}

export type OriginalLinkStore = StoreApi<OriginalLinkState>

export function createOriginalLinkStore(deps: OriginalLinkDeps): OriginalLinkStore {
  return createStore<OriginalLinkState>()((set, get) => ({
    link: null,
    busy: false,
    error: null,
    errorRetryAfter: null,
    async create(certId) {
      set({ busy: true, error: null, errorRetryAfter: null, link: null })
      try {
        const r = await deps.api.createOriginalLink(await deps.wallet.getState().holderAuth(), certId)
        set({ busy: false, link: { certId: r.certId, url: r.url, expiresAt: Date.parse(r.expiresAt), fileName: r.fileName } })
        return true
      } catch (e) {
        const err = toWalletError(e)
        set({ busy: false, error: err.code, errorRetryAfter: err.retryAfterSeconds ?? null })
        return false
      }
    },
    current(certId) {
      const l = get().link
      return l && l.certId === certId && l.expiresAt > deps.now() ? l : null
    },
    clear() {
      set({ link: null, busy: false, error: null, errorRetryAfter: null })
    }
  }))
}
