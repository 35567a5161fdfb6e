import type { ApiBase } from './apiBase.types'

// Default (Node: jest, command-line tools). Taro builds take apiBase.h5.ts / apiBase.weapp.ts /
// apiBase.alipay.ts instead. Empty config → the `npm run mock` server.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''

export const apiBase = {
  baseUrl: configured || process.env.TARO_APP_MOCK_URL || 'http://127.0.0.1:9527',
  simulator: configured === '' ? 'local-server' : null
} satisfies ApiBase
