import { createElement, forwardRef, useCallback, type MouseEvent, type ReactNode } from 'react'
import { Button as TaroButton } from '@tarojs/components-react'

/** The props the app gives its buttons; a Button given any other (formType, loading, hoverClass, …) is Taro's own. */
const OWN_PROPS = new Set(['className', 'onClick', 'disabled', 'id', 'style', 'children', 'aria-label'])

type ButtonProps = {
  className?: string
  onClick?: (e: MouseEvent<HTMLDivElement>) => void
  disabled?: boolean
  children?: ReactNode
  [prop: string]: unknown
}

/**
 * H5's Button (config/index.ts aliases `@tarojs/components` to ./taroComponents on H5 only): the
 * same element Taro draws (a `div.taro-button-core.taro-btn-default`, `taro-btn-disabled` when
 * disabled, so Taro's and our CSS apply unchanged) with what the keyboard needs from the start:
 * `role="button"`, `tabindex="0"` and `aria-disabled` (appShell.h5.ts makes Enter and Space press
 * it). Taro's own Button keeps two state hooks, an effect and two touch handlers on every instance
 * for its hover class, re-rendering twice on every tap, and left role and tabindex to a
 * MutationObserver over the whole document on every start (docs/BENCHMARKS.md, session 10).
 * A Button given any prop outside {@link OWN_PROPS} is Taro's own, given the same keyboard props.
 */
export const Button = forwardRef<HTMLDivElement, ButtonProps>(function Button(props, ref) {
  const { className, onClick, disabled = false, children, ...rest } = props as ButtonProps
  const keyboard = { role: 'button', tabIndex: 0, 'aria-disabled': disabled ? 'true' : 'false' }
  const click = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      // As Taro's: a disabled button swallows the click.
      if (disabled) {
        e.stopPropagation()
        return
      }
      onClick?.(e)
    },
    [disabled, onClick]
  )
  if (Object.keys(props).some((k) => !OWN_PROPS.has(k))) return createElement(TaroButton as never, { ...keyboard, ...props, ref })
  const cls = (className ? className + ' ' : '') + 'taro-button-core taro-btn-default' + (disabled ? ' taro-btn-disabled' : '')
  // `disabled` stays on the element as Taro's left it (src/app.css styles `.present-btn[disabled]`).
  return createElement('div', { ...rest, ...keyboard, disabled, ref, className: cls, onClick: click }, children as ReactNode)
})
