// Default (mini-programs, jest, Node): the holder client of the main package's stores (holderClient.ts:
// its operations and response schemas only, issue #12). Taro picks appHolderClient.h5.ts for H5.
import { apiBase } from './apiBase'
import { taroTransport } from './taroTransport'
import type { ApiClientOptions } from './client'
import { createHolderApiClient, type HolderApiClient } from './holderClient'

export function createAppHolderClient(options: Partial<Omit<ApiClientOptions, 'baseUrl'>> = {}): HolderApiClient {
  return createHolderApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport, ...options })
}
