import type { ErrorCode } from '../services/errors'
import { PLATFORM_APP_NAME } from '../services/platform/appName'
import { ERROR_TEXT } from '../vocabulary/errorText'

export { ERROR_TEXT }

/** The Chinese text of an error code (ERR_UNKNOWN's for a code we do not know), for this platform. */
export function errorText(code: ErrorCode | string | null | undefined): string {
  if (!code) return ''
  const text = (ERROR_TEXT as Record<string, string>)[code] ?? ERROR_TEXT.ERR_UNKNOWN
  return text.replace('{app}', PLATFORM_APP_NAME)
}
