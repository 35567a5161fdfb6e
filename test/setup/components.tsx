/**
 * jest stand-in for @tarojs/components (mapped in jest.config.js for component tests): a small
 * H5-like implementation over plain DOM elements, enough for jsdom + testing-library.
 *
 * View→div, Text→span, Button→button, Input→input, Image→img, Canvas→canvas, ScrollView→div,
 * Block→fragment. `className`, `style`, `id`, `data-*` and `aria-*` pass through; other Taro-only
 * props (hoverClass, scrollY …) are dropped so React does not warn about unknown DOM attributes.
 * Events carry `detail` like Taro's: Input's onInput / onConfirm / onFocus / onBlur receive
 * `{ detail: { value } }`.
 */
import { createElement, Fragment, type CSSProperties, type ReactNode } from 'react'

type Style = CSSProperties | string | undefined

interface BaseProps {
  className?: string
  style?: Style
  id?: string
  children?: ReactNode
  onClick?: (e: unknown) => void
  [key: string]: unknown
}

/** `"color: red; font-size: 12px"` → `{ color: 'red', fontSize: '12px' }` (Taro accepts both forms). */
function toStyle(style: Style): CSSProperties | undefined {
  if (style === undefined || typeof style === 'object') return style
  const out: Record<string, string> = {}
  for (const decl of style.split(';')) {
    const at = decl.indexOf(':')
    if (at < 0) continue
    const key = decl.slice(0, at).trim()
    if (!key) continue
    const camel = key.startsWith('--') ? key : key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
    out[camel] = decl.slice(at + 1).trim()
  }
  return out as CSSProperties
}

/** The props every element keeps. */
function common(props: BaseProps): Record<string, unknown> {
  const out: Record<string, unknown> = { className: props.className, style: toStyle(props.style), id: props.id }
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') out[k] = v
  }
  if (props.onClick) out.onClick = props.onClick
  return out
}

export function View(props: BaseProps) {
  return createElement('div', common(props), props.children)
}

export function Text(props: BaseProps) {
  return createElement('span', common(props), props.children)
}

export function ScrollView(props: BaseProps & { onScroll?: (e: unknown) => void }) {
  return createElement('div', { ...common(props), onScroll: props.onScroll }, props.children)
}

export function Block(props: { children?: ReactNode }) {
  return createElement(Fragment, null, props.children)
}

export function Button(
  props: BaseProps & { disabled?: boolean; loading?: boolean; type?: string; formType?: 'submit' | 'reset'; size?: string }
) {
  return createElement(
    'button',
    {
      ...common(props),
      type: props.formType ?? 'button',
      disabled: Boolean(props.disabled),
      'data-type': props.type,
      'data-size': props.size,
      'data-loading': props.loading ? 'true' : undefined
    },
    props.children
  )
}

type DetailHandler = (e: { type: string; detail: { value: string }; target: EventTarget; currentTarget: EventTarget }) => void

export function Input(
  props: BaseProps & {
    value?: string
    placeholder?: string
    maxlength?: number
    type?: string
    password?: boolean
    disabled?: boolean
    onInput?: DetailHandler
    onConfirm?: DetailHandler
    onFocus?: DetailHandler
    onBlur?: DetailHandler
  }
) {
  const detail =
    (type: string, handler?: DetailHandler) =>
    (e: { target: EventTarget; currentTarget: EventTarget }) =>
      handler?.({ type, detail: { value: (e.target as HTMLInputElement).value }, target: e.target, currentTarget: e.currentTarget })
  const maxLength = props.maxlength !== undefined && props.maxlength >= 0 ? props.maxlength : undefined
  return createElement('input', {
    ...common(props),
    type: props.password ? 'password' : props.type === 'number' || props.type === 'digit' ? 'text' : (props.type ?? 'text'),
    inputMode: props.type === 'number' ? 'numeric' : props.type === 'digit' ? 'decimal' : props.type === 'idcard' ? 'text' : undefined,
    placeholder: props.placeholder,
    maxLength,
    disabled: Boolean(props.disabled),
    // Controlled when Taro code passes `value` (React's onChange listens to `input` events).
    value: props.value ?? undefined,
    onChange: detail('input', props.onInput),
    onFocus: detail('focus', props.onFocus),
    onBlur: detail('blur', props.onBlur),
    onKeyDown: (e: { key: string; target: EventTarget; currentTarget: EventTarget }) => {
      if (e.key === 'Enter') detail('confirm', props.onConfirm)(e)
    }
  })
}

export function Image(props: BaseProps & { src?: string; mode?: string; onLoad?: (e: unknown) => void; onError?: (e: unknown) => void }) {
  return createElement('img', { ...common(props), src: props.src, 'data-mode': props.mode, onLoad: props.onLoad, onError: props.onError, alt: '' })
}

export function Canvas(props: BaseProps & { canvasId?: string; type?: string; width?: number; height?: number }) {
  return createElement('canvas', {
    ...common(props),
    id: props.id ?? props.canvasId,
    'data-canvas-id': props.canvasId,
    'data-type': props.type,
    width: props.width,
    height: props.height
  })
}

/** Taro's Switch as a checkbox with role switch; onChange carries `detail.value` like Taro's. */
export function Switch(props: BaseProps & { checked?: boolean; disabled?: boolean; color?: string; onChange?: (e: { detail: { value: boolean } }) => void }) {
  return createElement('input', {
    ...common(props),
    type: 'checkbox',
    role: 'switch',
    checked: Boolean(props.checked),
    disabled: Boolean(props.disabled),
    onChange: (e: { target: EventTarget }) => props.onChange?.({ detail: { value: (e.target as HTMLInputElement).checked } })
  })
}
