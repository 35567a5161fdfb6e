/**
 * Where the app's API calls go, per platform: apiBase.h5.ts / apiBase.weapp.ts / apiBase.alipay.ts
 * (Taro picks one per build) and apiBase.ts for Node. Each exports `apiBase` satisfying this type.
 */
export interface ApiBase {
  /** Prefix for `/api/v1/...`; '' = the page's own origin. */
  baseUrl: string
  /**
   * Which simulator answers when no government endpoint is configured
   * (`TARO_APP_API_BASE_URL` empty): the msw service worker on H5 served as static files (the app
   * must start it, from mock/browser.ts); an HTTP server otherwise — `npm run mock` for the
   * mini-programs, `npm start`'s on the page's own origin for H5. null = the real service.
   */
  simulator: 'service-worker' | 'local-server' | null
}
