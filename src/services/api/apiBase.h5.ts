import type { ApiBase } from './apiBase.types'

// NOTE: webpack's DefinePlugin replaces the literal `process.env.TARO_APP_*` text; H5 has no
// `process` at run time, so read each variable by its full name, never through a variable.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''

/** H5: empty config → same origin, where the msw service worker answers /api/v1. */
export const apiBase = {
  baseUrl: configured,
  simulator: configured === '' ? 'service-worker' : null
} satisfies ApiBase
