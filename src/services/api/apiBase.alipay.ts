import type { ApiBase } from './apiBase.types'

// NOTE: msw cannot see my.request; with no endpoint configured the app talks to `npm run mock`
// (TARO_APP_MOCK_URL). The Alipay IDE needs its domain whitelist check off for it.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''

export const apiBase = {
  baseUrl: configured || (process.env.TARO_APP_MOCK_URL ?? ''),
  simulator: configured === '' ? 'local-server' : null
} satisfies ApiBase
