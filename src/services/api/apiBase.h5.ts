import type { ApiBase } from './apiBase.types'

// NOTE: webpack's DefinePlugin replaces the literal `process.env.TARO_APP_*` text; H5 has no
// `process` at run time, so read each variable by its full name, never through a variable.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''

/**
 * `npm start` (scripts/demoServer.ts) serves index.html with this marker: the simulator then
 * answers over HTTP on the page's own origin, shared by every phone on the LAN, and the in-page
 * one is not started (mock/browser-entry.ts reads the same marker).
 */
const servedWithHttpSimulator = typeof document !== 'undefined' && document.querySelector('meta[name="certwallet-simulator"][content="http"]') !== null

/** H5: empty config → same origin, where the msw service worker (static hosting) or `npm start`'s server answers /api/v1. */
export const apiBase = {
  baseUrl: configured,
  simulator: configured === '' ? (servedWithHttpSimulator ? 'local-server' : 'service-worker') : null
} satisfies ApiBase
