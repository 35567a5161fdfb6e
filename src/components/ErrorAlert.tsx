import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { errorText } from './errorText'
import { a11y } from './a11y'

/**
 * Where an alert shows its error code: under the message (`inline`), or one tap away behind
 * 详情 (`details`, for holders: the code is for the help desk, the message is for them).
 */
export type ErrorCodeDisplay = 'inline' | 'details'

/**
 * Who reads the alert: a holder (the code waits behind 详情) or the staff at a verifier or
 * pharmacy counter (the code shows, they quote it to their help desk).
 */
export type ErrorAudience = 'holder' | 'staff'

/** The code display each audience gets. */
export function codeDisplayFor(audience: ErrorAudience): ErrorCodeDisplay {
  return audience === 'staff' ? 'inline' : 'details'
}

export interface ErrorAlertProps {
  /** The error code; nothing is drawn without one. */
  code: string | null | undefined
  /**
   * The page's alert style, BEM-named: `block` on the box, `block__text`, `block__hint` and
   * `block__code` inside (e.g. `sh-alert`, `mp-alert`).
   */
  block: string
  /** More classes on the box (a modifier). */
  className?: string
  /** The message; `errorText(code)` when absent. */
  text?: ReactNode
  /** What to do about it, under the message. */
  hint?: string
  /** A tap on the box (most pages: dismiss). */
  onClick?: () => void
  /** Who reads it (default `holder`: the code one tap away behind 详情). */
  audience?: ErrorAudience
  /** Seconds the service asked us to wait (Retry-After), said in the message. */
  retryAfterSeconds?: number | null
}

/**
 * One error message: plain Chinese for the code, an optional hint, and the code itself (behind
 * 详情 for holders, under the message for staff).
 * @example <ErrorAlert block='sh-alert' code={error} onClick={() => shareStore.getState().clearError()} />
 */
export function ErrorAlert({ code, block, className, text, hint, onClick, audience = 'holder', retryAfterSeconds }: ErrorAlertProps) {
  const [open, setOpen] = useState(false)
  if (!code) return null
  const codeDisplay = codeDisplayFor(audience)
  return (
    <View className={className ? `${block} ${className}` : block} onClick={onClick} {...a11y('alert')}>
      <Text className={`${block}__text`}>{text ?? errorText(code, { retryAfterSeconds })}</Text>
      {hint ? <Text className={`${block}__hint`}>{hint}</Text> : null}
      {codeDisplay === 'inline' || open ? (
        <Text className={`${block}__code`}>错误代码 {code}</Text>
      ) : (
        <Text
          className={`${block}__code ${block}__code--details`}
          {...a11y('button', '详情：给客服看的错误代码')}
          onClick={(e) => {
            e.stopPropagation()
            setOpen(true)
          }}
        >
          详情
        </Text>
      )}
    </View>
  )
}
