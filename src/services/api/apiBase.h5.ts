import type { ApiBase } from './apiBase.types'

// NOTE: webpack's DefinePlugin replaces the literal `process.env.TARO_APP_*` text; H5 has no
// `process` at run time, so read each variable by its full name, never through a variable.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''
const simulatorKind = process.env.TARO_APP_H5_SIMULATOR ?? ''

/**
 * H5: a configured endpoint as is. With none, the simulator: by default the msw service worker on
 * the same origin; with TARO_APP_H5_SIMULATOR=http the `npm run mock` server at TARO_APP_MOCK_URL.
 */
export const apiBase: ApiBase =
  configured !== ''
    ? { baseUrl: configured, simulator: null }
    : simulatorKind === 'http'
      ? { baseUrl: process.env.TARO_APP_MOCK_URL ?? '', simulator: 'local-server' }
      : { baseUrl: '', simulator: 'service-worker' }
