/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * H5's light View (src/components/h5/View.tsx): a plain <div> with the props and ref it is given, and
 * Taro's own View whenever `hoverClass` or `onLongPress` asks for what only Taro's does.
 */
import { createRef } from 'react'
import { cleanup, fireEvent, render } from '@testing-library/react'

const taroViewProps: Array<Record<string, unknown>> = []
jest.mock('@tarojs/components-react', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { forwardRef, createElement } = require('react')
  return {
    View: forwardRef((props: Record<string, unknown>, ref: unknown) => {
      taroViewProps.push(props)
      return createElement('section', { ref, className: props.className, 'data-taro-view': 'yes' })
    })
  }
})
// eslint-disable-next-line import/first
import { View } from '../../../src/components/h5/View'

afterEach(() => {
  cleanup()
  taroViewProps.length = 0
})

it('renders a plain div with its class, style, children, handlers and ref', () => {
  const onClick = jest.fn()
  const ref = createRef<HTMLDivElement>()
  const { container } = render(
    <View className='card card--valid' style={{ color: 'red' }} onClick={onClick} ref={ref} aria-label='卡片'>
      <span>张明华</span>
    </View>
  )
  const div = container.firstElementChild as HTMLElement
  expect(div.tagName).toBe('DIV')
  expect(div.className).toBe('card card--valid')
  expect(div.style.color).toBe('red')
  expect(div.getAttribute('aria-label')).toBe('卡片')
  expect(div.textContent).toBe('张明华')
  expect(ref.current).toBe(div)
  fireEvent.click(div)
  expect(onClick).toHaveBeenCalledTimes(1)
  expect(taroViewProps).toEqual([])
})

it('hands hoverClass and onLongPress to Taro’s View, with every prop', () => {
  const onLongPress = jest.fn()
  const { container } = render(
    <>
      <View className='a' hoverClass='a--pressed' />
      <View className='b' onLongPress={onLongPress} />
    </>
  )
  expect(Array.from(container.children).map((e) => [e.tagName, e.className, e.getAttribute('data-taro-view')])).toEqual([
    ['SECTION', 'a', 'yes'],
    ['SECTION', 'b', 'yes']
  ])
  expect(taroViewProps.map((p) => [p.className, p.hoverClass, p.onLongPress])).toEqual([
    ['a', 'a--pressed', undefined],
    ['b', undefined, onLongPress]
  ])
})
