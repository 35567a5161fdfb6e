import type { keepsAppOffline as Api } from './offlineOrigin'

// A service worker (the app shell that makes the wallet, 亮证, 医保码 and the verifier open with no
// network, appShell.h5.ts) exists only in secure contexts: https, localhost, 127.0.0.1. A phone that
// opens `npm start` at http://192.168.x.y:PORT works online, but once the network is gone the page
// cannot be opened again. Browsers without `serviceWorker` at all answer the same.
export const keepsAppOffline: typeof Api = () =>
  typeof window === 'undefined' || (window.isSecureContext !== false && typeof navigator !== 'undefined' && 'serviceWorker' in navigator)
