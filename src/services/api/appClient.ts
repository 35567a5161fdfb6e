// Default (mini-programs, jest, Node): the app's API client, loaded with the store. Taro picks
// appClient.h5.ts for H5 instead of this file.
import { apiBase } from './apiBase'
import { taroTransport } from './taroTransport'
import { createApiClient, type ApiClient, type ApiClientOptions } from './client'

/** The app's client: Taro.request against the configured base URL (see `apiBase`). */
export function createAppApiClient(options: Partial<Omit<ApiClientOptions, 'baseUrl'>> = {}): ApiClient {
  return createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport, ...options })
}
