import type { ErrorCode } from '../services/errors'
import { PLATFORM_APP_NAME } from '../services/platform/appName'
import { ERROR_TEXT } from '../vocabulary/errorText'

export { ERROR_TEXT }

/** What else an error said that changes its words (the server's Retry-After). */
export interface ErrorTextContext {
  /** Seconds the service asked us to wait (ERR_RATE_LIMITED, ERR_SERVER). */
  retryAfterSeconds?: number | null
}

/** "30 秒", "2 分钟", "1 小时": a wait in the largest whole unit, rounded up. */
export function waitText(seconds: number): string {
  if (seconds >= 3600) return `${Math.ceil(seconds / 3600)} 小时`
  if (seconds >= 60) return `${Math.ceil(seconds / 60)} 分钟`
  return `${Math.max(1, Math.ceil(seconds))} 秒`
}

/**
 * The Chinese text of an error code (ERR_UNKNOWN's for a code we do not know), for this platform.
 * A busy or unavailable service that said how long to wait (Retry-After) gets that wait in words.
 * @example errorText('ERR_RATE_LIMITED', { retryAfterSeconds: 120 }) // '访问人数较多，请 2 分钟后再试'
 */
export function errorText(code: ErrorCode | string | null | undefined, context: ErrorTextContext = {}): string {
  if (!code) return ''
  const wait = context.retryAfterSeconds
  if (wait && wait > 0) {
    if (code === 'ERR_RATE_LIMITED') return `访问人数较多，请 ${waitText(wait)}后再试`
    if (code === 'ERR_SERVER') return `政务服务暂时不可用，请 ${waitText(wait)}后再试`
  }
  const text = (ERROR_TEXT as Record<string, string>)[code] ?? ERROR_TEXT.ERR_UNKNOWN
  return text.replace('{app}', PLATFORM_APP_NAME)
}
