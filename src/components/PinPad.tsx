import { useRef, useState, type ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { PIN_LENGTH } from '../services/lock/pinLock'
import { a11y } from './a11y'
import './lock.css'

interface PinPadProps {
  title: string
  hint?: string
  /** Called with the 6 digits as soon as the last one is pressed; the pad clears itself. */
  onComplete(pin: string): void
  /** While true the keys do nothing (a check is running, or a delay after wrong PINs). */
  disabled?: boolean
  /** Shown as 取消 under the keys: the person can always leave a PIN prompt. */
  onCancel?(): void
  /** A second way out beside 取消 (e.g. 忘记密码). */
  extra?: ReactNode
  /**
   * Messages (a refused PIN, tries left) drawn between the dots and the keys: where the person is
   * looking while typing, never under the keypad below the fold.
   */
  children?: ReactNode
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const
const KEY_NAMES: Record<string, string> = { clear: '清空', back: '删除' }

/**
 * A 6-digit PIN pad drawn with big keys (not the system keyboard): the same on WeChat, Alipay and
 * H5, easy to hit for older hands, and the digits never sit in a text field.
 */
export function PinPad({ title, hint, onComplete, disabled, onCancel, extra, children }: PinPadProps) {
  // The digits live in a ref (two quick taps between renders both count) and are mirrored in
  // state for the dots; the sixth digit hands the PIN over from the tap itself, exactly once.
  const buf = useRef('')
  const [count, setCount] = useState(0)
  const press = (k: (typeof KEYS)[number]) => {
    if (disabled) return
    if (k === 'clear') buf.current = ''
    else if (k === 'back') buf.current = buf.current.slice(0, -1)
    else if (buf.current.length < PIN_LENGTH) buf.current += k
    const pin = buf.current
    if (pin.length === PIN_LENGTH) buf.current = ''
    setCount(buf.current.length)
    if (pin.length === PIN_LENGTH) onComplete(pin)
  }
  return (
    <View className='pinpad'>
      <Text className='pinpad__title'>{title}</Text>
      {hint ? <Text className='pinpad__hint'>{hint}</Text> : null}
      <View className='pinpad__dots' {...a11y('img', `已输入 ${count} 位，共 ${PIN_LENGTH} 位`)}>
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          <View key={i} className={'pinpad__dot' + (i < count ? ' pinpad__dot--on' : '')} />
        ))}
      </View>
      {children}
      <View className='pinpad__keys'>
        {KEYS.map((k) => (
          <View
            key={k}
            className={`pinpad__key pinpad__key--${k}` + (k === 'clear' || k === 'back' ? ' pinpad__key--text' : '') + (disabled ? ' pinpad__key--off' : '')}
            {...a11y('button', KEY_NAMES[k] ?? k)}
            onClick={() => press(k)}
          >
            {KEY_NAMES[k] ?? k}
          </View>
        ))}
      </View>
      {onCancel || extra ? (
        <View className='pinpad__ways'>
          {onCancel ? (
            <Text className='pinpad__way pinpad__cancel' {...a11y('button', '取消')} onClick={onCancel}>
              取消
            </Text>
          ) : null}
          {extra}
        </View>
      ) : null}
    </View>
  )
}
