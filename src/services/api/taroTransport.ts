import Taro from '@tarojs/taro'
import { WalletError } from '../errors'
import { lowerCaseHeaders, type HttpResponse, type HttpTransport } from './transport'

/** What a failed Taro.request hands back; fields differ per platform. */
interface TaroRequestFailure {
  errMsg?: string
  /** Alipay: 12 network, 13 timeout, 14 decode, 19 HTTP error. */
  error?: number
  status?: number
  statusCode?: number
  data?: unknown
  headers?: Record<string, unknown>
  header?: Record<string, unknown>
}

function bodyText(data: unknown): string {
  if (typeof data === 'string') return data
  if (data === undefined || data === null) return ''
  // NOTE: should a platform parse JSON despite dataType 'text', re-serialise it for one code path.
  return JSON.stringify(data)
}

/**
 * The only caller of Taro.request in the app. `dataType: 'text'` everywhere so the client sees the
 * raw body: H5's Taro.request turns unparseable JSON into `null` silently when dataType is 'json'.
 */
export const taroTransport: HttpTransport = (request) => {
  let task: { abort?: () => void } | undefined
  const response = new Promise<HttpResponse>((resolve, reject) => {
    const pending = Taro.request({
      url: request.url,
      method: request.method,
      header: request.headers,
      data: request.body,
      dataType: 'text',
      responseType: 'text',
      // The client's own timer decides (→ ERR_TIMEOUT); the platform's is a backstop.
      timeout: request.timeoutMs + 1000
    })
    task = pending as unknown as { abort?: () => void }
    pending.then(
      (res) => resolve({ status: res.statusCode, headers: lowerCaseHeaders(res.header), body: bodyText(res.data) }),
      (failure: TaroRequestFailure) => {
        // NOTE: Alipay's my.request fails non-2xx answers with error 19 and the HTTP answer
        // attached (status, headers, data); Taro passes that object through unchanged.
        const status = failure?.status ?? failure?.statusCode
        if (failure?.error === 19 && typeof status === 'number' && status > 0) {
          resolve({ status, headers: lowerCaseHeaders(failure.headers ?? failure.header), body: bodyText(failure.data) })
          return
        }
        const timedOut = failure?.error === 13 || /timeout/i.test(failure?.errMsg ?? '')
        reject(new WalletError(timedOut ? 'ERR_TIMEOUT' : 'ERR_NETWORK', { cause: failure, detail: 'Taro.request failed' }))
      }
    )
  })
  return { response, abort: () => task?.abort?.() }
}
