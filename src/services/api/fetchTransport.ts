import { WalletError } from '../errors'
import type { HttpTransport } from './transport'

/**
 * A transport over WHATWG fetch: Node (tests, command-line tools) and any runtime that has fetch.
 * The app itself uses `taroTransport`.
 */
export function createFetchTransport(fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): HttpTransport {
  return (request) => {
    const controller = new AbortController()
    const response = (async () => {
      let res: Response
      try {
        res = await fetchImpl(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: controller.signal
        })
      } catch (e) {
        throw new WalletError('ERR_NETWORK', { cause: e, detail: 'fetch failed' })
      }
      const headers: Record<string, string> = {}
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value
      })
      let body: string
      try {
        body = await res.text()
      } catch (e) {
        throw new WalletError('ERR_NETWORK', { cause: e, detail: 'body interrupted' })
      }
      return { status: res.status, headers, body }
    })()
    return { response, abort: () => controller.abort() }
  }
}
