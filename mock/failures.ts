import { http, HttpResponse, type HttpHandler } from 'msw'
import { API_PREFIX, apiSchemaMismatch, type Api, type ErrorCode } from './coreImports'
import { errorResponse } from './errorMessages'
import type { Simulator } from './simulator/types'

/**
 * Failure modes of the simulator (mock-only; the government service has no such switch).
 * One rule at a time, set through `POST /__mock/failures`:
 * - `server-error`: 503 `ERR_SERVER` (with Retry-After when `retryAfterSeconds` is given);
 * - `rate-limit`: 429 `ERR_RATE_LIMITED` with `Retry-After: retryAfterSeconds` (default 1);
 * - `timeout`: holds the request `delayMs` (default 30 s, i.e. past any client timeout), then 504
 *   `ERR_TIMEOUT`; released early when the client goes away or the rule is cleared;
 * - `slow`: holds the request `delayMs` (default 1500 ms), then answers normally;
 * - `bad-signature`: answers normally but breaks the signature of signed material (trust list,
 *   status list, issued credential) so the wallet's checks must catch it.
 * `count` limits how many requests are hit (default: all until cleared); `pathPrefix` limits
 * which (below /api/v1, e.g. `/holder`; a full `/api/v1/...` prefix works too).
 */
export const failureModes = ['server-error', 'rate-limit', 'timeout', 'slow', 'bad-signature'] as const
export type FailureMode = (typeof failureModes)[number]

/** Body of `POST /__mock/failures`. */
export interface MockFailureConfig {
  mode: FailureMode
  count?: number
  pathPrefix?: string
  retryAfterSeconds?: number
  delayMs?: number
}

/** The rule in force; `remaining` absent = unlimited. */
export interface MockFailureRule {
  mode: FailureMode
  remaining?: number
  pathPrefix?: string
  retryAfterSeconds?: number
  delayMs?: number
}

export interface MockFailureState {
  active: boolean
  rule?: MockFailureRule
}

export interface MockResetResult {
  reset: true
}

export const DEFAULT_TIMEOUT_DELAY_MS = 30_000
export const DEFAULT_SLOW_DELAY_MS = 1_500

/** A failure the gate applies to one request. */
export type AppliedFailure = Required<Pick<MockFailureRule, 'mode'>> & Omit<MockFailureRule, 'mode' | 'remaining'>

export interface FailureController {
  /** Replaces the rule in force. */
  set(config: MockFailureConfig): MockFailureState
  clear(): MockFailureState
  state(): MockFailureState
  /**
   * For the catch-all gate: the failure to apply to a request at `pathname`, consuming one of
   * `count`; null when no rule applies. `bad-signature` is not taken here (see `takeSignatureBreak`).
   */
  take(pathname: string): AppliedFailure | null
  /** For handlers that emit signed material: whether to break its signature (consumes one). */
  takeSignatureBreak(pathname: string): boolean
  /** Waits `ms`, or less when `signal` aborts or the controller is cleared / disposed. */
  hold(ms: number, signal?: AbortSignal): Promise<'elapsed' | 'released'>
  /** Releases every held request (server shutdown, end of a test). */
  dispose(): void
}

function apiRelative(pathname: string): string {
  const at = pathname.indexOf(API_PREFIX + '/')
  return at >= 0 ? pathname.slice(at + API_PREFIX.length) : pathname
}

function prefixMatches(rule: MockFailureRule, pathname: string): boolean {
  if (!rule.pathPrefix) return true
  const prefix = rule.pathPrefix.startsWith(API_PREFIX + '/') ? rule.pathPrefix.slice(API_PREFIX.length) : rule.pathPrefix
  return apiRelative(pathname).startsWith(prefix)
}

export function createFailureController(): FailureController {
  let rule: MockFailureRule | null = null
  const held = new Set<() => void>()

  const state = (): MockFailureState => (rule ? { active: true, rule: { ...rule } } : { active: false })
  const releaseAll = () => {
    for (const release of [...held]) release()
  }

  function consume(pathname: string, wantSignature: boolean): MockFailureRule | null {
    if (!rule || (rule.mode === 'bad-signature') !== wantSignature || !prefixMatches(rule, pathname)) return null
    const applied = rule
    if (rule.remaining !== undefined) {
      rule = rule.remaining <= 1 ? null : { ...rule, remaining: rule.remaining - 1 }
    }
    return applied
  }

  return {
    set(config) {
      rule = { mode: config.mode }
      if (config.count !== undefined) rule.remaining = config.count
      if (config.pathPrefix) rule.pathPrefix = config.pathPrefix
      if (config.retryAfterSeconds !== undefined) rule.retryAfterSeconds = config.retryAfterSeconds
      if (config.delayMs !== undefined) rule.delayMs = config.delayMs
      return state()
    },
    clear() {
      rule = null
      releaseAll()
      return state()
    },
    state,
    take(pathname) {
      const applied = consume(pathname, false)
      if (!applied) return null
      const { remaining: _remaining, ...rest } = applied
      return rest
    },
    takeSignatureBreak(pathname) {
      return consume(pathname, true) !== null
    },
    hold(ms, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve('released')
        const release = () => finish('released')
        const timer = setTimeout(() => finish('elapsed'), ms)
        function finish(outcome: 'elapsed' | 'released') {
          clearTimeout(timer)
          held.delete(release)
          signal?.removeEventListener('abort', release)
          resolve(outcome)
        }
        held.add(release)
        signal?.addEventListener('abort', release)
      })
    },
    dispose() {
      releaseAll()
    }
  }
}

/**
 * Breaks the issuer signature of a compact JWS / JWT / SD-JWT (`a.b.c~d~`) by changing the first
 * signature character (the last one may only carry padding bits).
 */
export function breakSignature(token: string): string {
  const [jws, ...rest] = token.split('~')
  const parts = jws.split('.')
  if (parts.length !== 3 || parts[2].length === 0) return token
  parts[2] = (parts[2][0] === 'A' ? 'B' : 'A') + parts[2].slice(1)
  return [parts.join('.'), ...rest].join('~')
}

/**
 * The first handler: applies the failure rule to /api/v1 requests and falls through (returns
 * nothing) when none applies, or after a `slow` delay.
 */
export function failureGate(failures: FailureController): HttpHandler {
  return http.all(`*${API_PREFIX}/*`, async ({ request }) => {
    const failure = failures.take(new URL(request.url).pathname)
    if (!failure) return undefined
    const retryAfter: Record<string, string> =
      failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {}
    switch (failure.mode) {
      case 'server-error':
        return errorResponse('ERR_SERVER', 503, retryAfter)
      case 'rate-limit':
        return errorResponse('ERR_RATE_LIMITED', 429, { 'Retry-After': String(failure.retryAfterSeconds ?? 1) })
      case 'timeout':
        await failures.hold(failure.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, request.signal)
        return errorResponse('ERR_TIMEOUT', 504)
      case 'slow':
        await failures.hold(failure.delayMs ?? DEFAULT_SLOW_DELAY_MS, request.signal)
        return undefined
      default:
        return undefined
    }
  })
}

/** `/__mock/*`: the simulator's control endpoints (mock-only, not part of the government API). */
export function mockControlHandlers(sim: Simulator, failures: FailureController): HttpHandler[] {
  return [
    http.post('*/__mock/failures', async ({ request }) => {
      const body: unknown = await request.json().catch(() => undefined)
      if (body === undefined || apiSchemaMismatch('MockFailureConfig', body)) return errorResponse('ERR_BAD_REQUEST', 400)
      return HttpResponse.json(failures.set(body as MockFailureConfig) satisfies MockFailureState)
    }),
    http.delete('*/__mock/failures', () => HttpResponse.json(failures.clear() satisfies MockFailureState)),
    // The WeChat/Alipay face page and back end, simulated (mock/simulator/facePlatform.ts): the
    // app's in-page face check (H5, and every platform while the simulator answers) asks here for
    // the ticket the real platform would hand the phone.
    http.post('*/__mock/face-checks', async ({ request }) => {
      const body: unknown = await request.json().catch(() => undefined)
      if (body === undefined || apiSchemaMismatch('SimulatedFaceCheckRequest', body)) return errorResponse('ERR_BAD_REQUEST', 400)
      try {
        return HttpResponse.json((await sim.simulateFaceCheck(body as Api.SimulatedFaceCheckRequest)) as Record<string, unknown>)
      } catch (e) {
        const err = e as { code?: ErrorCode; status?: number }
        if (err.code && err.status) return errorResponse(err.code, err.status)
        throw e
      }
    }),
    http.post('*/__mock/reset', () => {
      failures.clear()
      sim.reset()
      return HttpResponse.json({ reset: true } satisfies MockResetResult)
    })
  ]
}

/** Helpers for tests and tools to drive `/__mock` over HTTP (never used by the app). */
export interface MockControlClient {
  setFailures(config: MockFailureConfig): Promise<MockFailureState>
  clearFailures(): Promise<MockFailureState>
  resetSimulator(): Promise<MockResetResult>
  /** The simulated platform face page: a ticket (`verifyResult` / `zimId`) for a passed check. */
  simulateFaceCheck(req: Api.SimulatedFaceCheckRequest): Promise<Api.SimulatedFaceCheckResult>
}

export function createMockControlClient(baseUrl: string, fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): MockControlClient {
  const base = baseUrl.replace(/\/+$/, '')
  async function send<R>(method: string, path: string, body?: unknown): Promise<R> {
    const res = await fetchImpl(base + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`)
    return (await res.json()) as R
  }
  return {
    setFailures: (config) => send('POST', '/__mock/failures', config),
    clearFailures: () => send('DELETE', '/__mock/failures'),
    resetSimulator: () => send('POST', '/__mock/reset'),
    simulateFaceCheck: (req) => send('POST', '/__mock/face-checks', req)
  }
}
