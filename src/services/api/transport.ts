import type { HttpMethod } from './operations'

/** One HTTP exchange, as every platform can express it (no streams, no AbortSignal). */
export interface HttpRequest {
  url: string
  method: HttpMethod
  headers: Record<string, string>
  /** JSON text, or absent. */
  body?: string
  /** The client's own per-attempt timeout; a transport may pass it on as a backstop. */
  timeoutMs: number
}

export interface HttpResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** Raw body text: the client parses JSON itself, so malformed JSON is seen, never hidden. */
  body: string
}

/** A request in flight: WeChat and Alipay have no AbortController, so cancelling is a method. */
export interface HttpCall {
  response: Promise<HttpResponse>
  abort(): void
}

/**
 * Sends one request. Resolves with any HTTP answer (including 4xx/5xx); rejects only when no
 * answer arrived, preferably with a WalletError ERR_NETWORK (anything else is read as one).
 */
export type HttpTransport = (request: HttpRequest) => HttpCall

export function lowerCaseHeaders(headers: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}
