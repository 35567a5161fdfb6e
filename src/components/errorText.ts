import type { ErrorCode } from '../services/errors'
import { PLATFORM_APP_NAME } from '../services/platform/appName'
import { ErrorCodes } from '../vocabulary/errors'
import { MAIN_ERROR_TEXT } from '../vocabulary/errorText'

/**
 * The texts this package knows: the main package's table, plus what the subpackage pages register
 * (src/components/featureErrorText.ts: the codes only subpackage code meets, issue #12).
 */
const known = new Map<string, string>(Object.entries(MAIN_ERROR_TEXT))

/** Adds texts (a subpackage's table); a code the main table has keeps its text. */
export function registerErrorText(table: Readonly<Partial<Record<ErrorCode, string>>>): void {
  for (const [code, text] of Object.entries(table)) if (!(code in MAIN_ERROR_TEXT) && text) known.set(code, text)
}

/** A code of ours whose text is not loaded here: plain words, and the code for whoever helps. */
export const fallbackErrorText = (code: string) => `操作没有完成，请稍后重试（错误代码 ${code}）`

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
 * The Chinese text of an error code, for this platform: a code of ours whose text is not
 * registered (yet) reads `fallbackErrorText`, a string that is not one of our codes ERR_UNKNOWN's.
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
  const text = known.get(code) ?? ((ErrorCodes as readonly string[]).includes(code) ? fallbackErrorText(code) : MAIN_ERROR_TEXT.ERR_UNKNOWN)
  return text.replace('{app}', PLATFORM_APP_NAME)
}
