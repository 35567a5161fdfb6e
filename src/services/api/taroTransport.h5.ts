import { createFetchTransport } from './fetchTransport'
import type { HttpTransport } from './transport'

/**
 * H5's transport: the browser's own fetch. Taro.request on H5 is fetch wrapped in polyfills
 * (whatwg-fetch, an AbortController polyfill, jsonp-retry: ~20 KB minified) that every browser
 * we serve (browserslist: ES modules) has natively; loading them delayed the first screen.
 * Same contract as taroTransport.ts: any HTTP status resolves with the raw text body; a failed
 * connection is ERR_NETWORK; the API client's own timer makes ERR_TIMEOUT and aborts.
 */
export const taroTransport: HttpTransport = createFetchTransport()
