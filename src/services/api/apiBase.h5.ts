import type { ApiBase } from './apiBase.types'

// NOTE: webpack's DefinePlugin replaces the literal `process.env.TARO_APP_*` text; H5 has no
// `process` at run time, so read each variable by its full name, never through a variable.
const configured = process.env.TARO_APP_API_BASE_URL ?? ''
const simulatorKind = process.env.TARO_APP_H5_SIMULATOR ?? ''

/**
/**
 * `npm start` (scripts/demoServer.ts) serves index.html with this marker: the simulator then
 * answers over HTTP on the page's own origin, shared by every phone on the LAN, and the in-page
 * one is not started (mock/browser-entry.ts reads the same marker).
 */
const servedWithHttpSimulator = typeof document !== 'undefined' && document.querySelector('meta[name="certwallet-simulator"][content="http"]') !== null

/**
 * H5: a configured endpoint as is. With none, the simulator: with TARO_APP_H5_SIMULATOR=http (a
 * build for the offline tests) the `npm run mock` server at TARO_APP_MOCK_URL; served by `npm start`
 * (the marker) the simulator on the page's own origin; otherwise the msw service worker in the page.
 */
export const apiBase: ApiBase =
  configured !== ''
    ? { baseUrl: configured, simulator: null }
    : simulatorKind === 'http'
      ? { baseUrl: process.env.TARO_APP_MOCK_URL ?? '', simulator: 'local-server' }
      : servedWithHttpSimulator
        ? { baseUrl: '', simulator: 'local-server' }
        : { baseUrl: '', simulator: 'service-worker' }
