export { createApiClient, parseRetryAfter } from './client'
export type { ApiClient, ApiClientOptions } from './client'
export { apiBase } from './apiBase'
export type { ApiBase } from './apiBase.types'
export { createFetchTransport } from './fetchTransport'
export { taroTransport } from './taroTransport'
export type { HttpCall, HttpRequest, HttpResponse, HttpTransport } from './transport'
export { API_PREFIX, operations } from './operations'
export type { Operation, OperationId } from './operations'
export { issuePath, responseMismatch, schemaMismatch } from './validate'
export type * from './types'

import { apiBase } from './apiBase'
import { taroTransport } from './taroTransport'
import { createApiClient, type ApiClient, type ApiClientOptions } from './client'

/** The app's client: Taro.request against the configured base URL (see `apiBase`). */
export function createDefaultApiClient(options: Partial<Omit<ApiClientOptions, 'baseUrl'>> = {}): ApiClient {
  return createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport, ...options })
}
