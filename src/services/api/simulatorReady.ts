import { WalletError } from '../errors'
import { taroTransport } from './taroTransport'
import type { HttpCall, HttpTransport } from './transport'

declare global {
  // Set by mock/browser-entry.ts, which config/index.ts adds to the H5 bundle only in simulator
  // mode (no TARO_APP_API_BASE_URL): src/ never imports mock/.
  // eslint-disable-next-line no-var
  var __certwalletMockReady: Promise<unknown> | undefined
}

/**
 * Taro.request, but held back until the in-browser simulator (msw service worker) is ready when
 * one is starting; with no simulator this is Taro.request itself.
 */
export const simulatorAwareTransport: HttpTransport = (request): HttpCall => {
  const ready = globalThis.__certwalletMockReady
  if (!ready) return taroTransport(request)
  let inner: HttpCall | null = null
  let aborted = false
  return {
    response: ready.then(() => {
      if (aborted) throw new WalletError('ERR_NETWORK', { detail: 'aborted' })
      inner = taroTransport(request)
      return inner.response
    }),
    abort() {
      aborted = true
      inner?.abort()
    }
  }
}
