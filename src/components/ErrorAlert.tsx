import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { errorText } from './errorText'

/**
 * Where an alert shows its error code: under the message (`inline`), or one tap away behind
 * 详情 (`details`, for holders: the code is for the help desk, the message is for them).
 */
export type ErrorCodeDisplay = 'inline' | 'details'

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
  codeDisplay?: ErrorCodeDisplay
}

/**
 * One error message: plain Chinese for the code, an optional hint, and the code itself.
 * @example <ErrorAlert block='sh-alert' code={error} onClick={() => shareStore.getState().clearError()} />
 */
export function ErrorAlert({ code, block, className, text, hint, onClick, codeDisplay = 'inline' }: ErrorAlertProps) {
  const [open, setOpen] = useState(false)
  if (!code) return null
  return (
    <View className={className ? `${block} ${className}` : block} onClick={onClick}>
      <Text className={`${block}__text`}>{text ?? errorText(code)}</Text>
      {hint ? <Text className={`${block}__hint`}>{hint}</Text> : null}
      {codeDisplay === 'inline' || open ? (
        <Text className={`${block}__code`}>错误代码 {code}</Text>
      ) : (
        <Text
          className={`${block}__code`}
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
