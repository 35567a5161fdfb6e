/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * H5's light Button (src/components/h5/Button.tsx): the element Taro draws (classes unchanged) with
 * role, tabindex and aria-disabled from the first render, a disabled one swallowing clicks, and
 * Taro's own Button whenever a prop outside the app's set asks for what only Taro's does.
 */
import { createRef } from 'react'
import { cleanup, fireEvent, render } from '@testing-library/react'

const taroButtonProps: Array<Record<string, unknown>> = []
jest.mock('@tarojs/components-react', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { forwardRef, createElement } = require('react')
  return {
    Button: forwardRef((props: Record<string, unknown>, ref: unknown) => {
      taroButtonProps.push(props)
      return createElement('section', { ref, className: props.className, role: props.role, tabIndex: props.tabIndex, 'data-taro-button': 'yes' })
    })
  }
})
// eslint-disable-next-line import/first
import { Button } from '../../../src/components/h5/Button'

afterEach(() => {
  cleanup()
  taroButtonProps.length = 0
})

it('draws Taro’s div with its classes, reachable and named for the keyboard, clicks passed on', () => {
  const onClick = jest.fn()
  const ref = createRef<HTMLDivElement>()
  const { container } = render(
    <Button className='btn btn--primary' id='go' aria-label='亮证' style={{ color: 'red' }} onClick={onClick} ref={ref}>
      <span>亮证（出示二维码）</span>
    </Button>
  )
  const el = container.firstElementChild as HTMLElement
  expect(el.tagName).toBe('DIV')
  expect(el.className).toBe('btn btn--primary taro-button-core taro-btn-default')
  expect([el.getAttribute('role'), el.getAttribute('tabindex'), el.getAttribute('aria-disabled')]).toEqual(['button', '0', 'false'])
  expect([el.id, el.getAttribute('aria-label'), el.style.color, el.textContent]).toEqual(['go', '亮证', 'red', '亮证（出示二维码）'])
  expect(el.hasAttribute('disabled')).toBe(false)
  expect(ref.current).toBe(el)
  fireEvent.click(el)
  expect(onClick).toHaveBeenCalledTimes(1)
  expect(taroButtonProps).toEqual([])
})

it('a disabled one is marked so, keeps its [disabled] attribute, and neither calls back nor lets the click bubble', () => {
  const onClick = jest.fn()
  const outer = jest.fn()
  const { container } = render(
    <div onClick={outer}>
      <Button className='btn' disabled onClick={onClick}>
        提交
      </Button>
    </div>
  )
  const el = container.querySelector('.taro-button-core') as HTMLElement
  expect(el.className).toBe('btn taro-button-core taro-btn-default taro-btn-disabled')
  expect(el.getAttribute('aria-disabled')).toBe('true')
  expect(el.hasAttribute('disabled')).toBe(true)
  fireEvent.click(el)
  expect(onClick).not.toHaveBeenCalled()
  expect(outer).not.toHaveBeenCalled()
})

it('hands any other prop (formType, loading, hoverClass) to Taro’s Button, with every prop and the keyboard ones', () => {
  const { container } = render(
    <>
      <Button className='a' formType='submit' />
      <Button className='b' loading />
      <Button className='c' hoverClass='c--pressed' />
    </>
  )
  expect(Array.from(container.children).map((e) => [e.tagName, e.className, e.getAttribute('data-taro-button'), e.getAttribute('role'), e.getAttribute('tabindex')])).toEqual([
    ['SECTION', 'a', 'yes', 'button', '0'],
    ['SECTION', 'b', 'yes', 'button', '0'],
    ['SECTION', 'c', 'yes', 'button', '0']
  ])
  expect(taroButtonProps.map((p) => [p.formType, p.loading, p.hoverClass])).toEqual([
    ['submit', undefined, undefined],
    [undefined, true, undefined],
    [undefined, undefined, 'c--pressed']
  ])
})
