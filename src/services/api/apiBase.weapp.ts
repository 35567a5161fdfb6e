import type { ApiBase } from './apiBase.types'

// NOTE: msw cannot see wx.request; with no endpoint configured the app talks to `npm run mock`
// (TARO_APP_MOCK_URL). WeChat devtools need "不校验合法域名" for it; a phone needs the LAN address.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''

export const apiBase = {
  baseUrl: configured || (process.env.TARO_APP_MOCK_URL ?? ''),
  simulator: configured === '' ? 'local-server' : null
} satisfies ApiBase
