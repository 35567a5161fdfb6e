/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * The shared screens in src/components: QrScreen (亮证 and 医保码) puts the screen back as it found
 * it, useRotatingQr renews an overdue code, ErrorAlert shows its code inline or behind 详情.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ErrorAlert, codeDisplayFor } from '../../../src/components/ErrorAlert'
import { errorText } from '../../../src/components/errorText'
import { yuanSpoken } from '../../../src/components/ReadAloud'
import { QrScreen, useRotatingQr } from '../../../src/components/QrScreen'

const taro = Taro as unknown as Record<string, unknown>
const brightness: number[] = []
const keepOn: boolean[] = []

beforeAll(() => {
  Object.assign(taro, {
    getScreenBrightness: async () => ({ value: 0.3 }),
    setScreenBrightness: async ({ value }: { value: number }) => void brightness.push(value),
    setKeepScreenOn: async ({ keepScreenOn }: { keepScreenOn: boolean }) => void keepOn.push(keepScreenOn)
  })
})
afterEach(() => {
  cleanup()
  brightness.length = 0
  keepOn.length = 0
})

describe('QrScreen', () => {
  it('raises the brightness while shown and restores the one it found (医保码 used to leave it at full)', async () => {
    const { unmount } = render(
      <QrScreen tone='medpay' title='医保码' who='参保人：张*华' text={null} canvasId='t-qr' remaining={30} validity='医保码 60 秒内有效' placeholder={<span>正在生成医保码…</span>} />
    )
    expect(screen.getByText('医保码')).toBeTruthy()
    expect(screen.getByText('正在生成医保码…')).toBeTruthy()
    expect(screen.queryByText(/秒后自动刷新/)).toBeNull()
    await waitFor(() => expect(brightness).toEqual([1]))
    await waitFor(() => expect(keepOn).toEqual([true]))
    unmount()
    await waitFor(() => expect(brightness).toEqual([1, 0.3]))
    expect(keepOn).toEqual([true, false])
  })
})

describe('useRotatingQr', () => {
  function Probe({ make, presentedAt, enabled }: { make: () => Promise<unknown>; presentedAt: number | null; enabled?: boolean }) {
    const { remaining } = useRotatingQr({ make, presentedAt, refreshSeconds: 30, enabled })
    return <span>{remaining} 秒</span>
  }

  it('makes nothing while not enabled (locked), the first code once enabled', async () => {
    const make = jest.fn(async () => undefined)
    const { rerender } = render(<Probe make={make} presentedAt={null} enabled={false} />)
    expect(screen.getByText('30 秒')).toBeTruthy()
    expect(make).not.toHaveBeenCalled()
    rerender(<Probe make={make} presentedAt={null} enabled />)
    await waitFor(() => expect(make).toHaveBeenCalledTimes(1))
  })

  it('remakes an overdue code once, however many renders ask while it is being made', async () => {
    let finish: () => void = () => undefined
    const make = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const old = Math.floor(Date.now() / 1000) - 31
    const { rerender } = render(<Probe make={make} presentedAt={old} enabled={false} />)
    expect(screen.getByText('0 秒')).toBeTruthy()
    rerender(<Probe make={make} presentedAt={old - 1} enabled={false} />)
    expect(make).toHaveBeenCalledTimes(1)
    await act(async () => finish())
    rerender(<Probe make={make} presentedAt={Math.floor(Date.now() / 1000)} enabled={false} />)
    expect(screen.getByText('30 秒')).toBeTruthy()
    expect(make).toHaveBeenCalledTimes(1)
  })
})

describe('ErrorAlert', () => {
  it('holders (the default) see what happened; the code waits behind 详情, and that tap does not dismiss', () => {
    const onClick = jest.fn()
    render(<ErrorAlert block='alert' code='ERR_SERVER' hint='请稍后再试。' onClick={onClick} />)
    expect(screen.getByText('政务服务暂时不可用，请稍后重试')).toBeTruthy()
    expect(screen.queryByText(/错误代码/)).toBeNull()
    expect(screen.queryByText(/ERR_/)).toBeNull()
    fireEvent.click(screen.getByText('详情'))
    expect(screen.getByText('错误代码 ERR_SERVER')).toBeTruthy()
    expect(onClick).not.toHaveBeenCalled()
  })

  it('staff (verifier, counter) see the code under the message at once', () => {
    const onClick = jest.fn()
    render(<ErrorAlert block='sh-alert' code='ERR_NETWORK' audience='staff' hint='请联网后再试。' onClick={onClick} />)
    expect(screen.getByText('错误代码 ERR_NETWORK')).toBeTruthy()
    expect(screen.queryByText('详情')).toBeNull()
    expect(screen.getByText('请联网后再试。').className).toBe('sh-alert__hint')
    fireEvent.click(screen.getByText('错误代码 ERR_NETWORK'))
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('says how long to wait when the service sent Retry-After', () => {
    render(<ErrorAlert block='alert' code='ERR_RATE_LIMITED' retryAfterSeconds={90} />)
    expect(screen.getByText('访问人数较多，请 2 分钟后再试')).toBeTruthy()
  })

  it('draws nothing without a code', () => {
    const { container } = render(<ErrorAlert block='alert' code={null} />)
    expect(container.innerHTML).toBe('')
  })
})

describe('codeDisplayFor', () => {
  it('holders get details, staff inline', () => {
    expect(codeDisplayFor('holder')).toBe('details')
    expect(codeDisplayFor('staff')).toBe('inline')
  })
})

describe('errorText with Retry-After', () => {
  it.each([
    ['ERR_RATE_LIMITED', 30, '访问人数较多，请 30 秒后再试'],
    ['ERR_RATE_LIMITED', 61, '访问人数较多，请 2 分钟后再试'],
    ['ERR_RATE_LIMITED', 3600, '访问人数较多，请 1 小时后再试'],
    ['ERR_SERVER', 120, '政务服务暂时不可用，请 2 分钟后再试']
  ])('%s with %i s → %s', (code, seconds, text) => {
    expect(errorText(code, { retryAfterSeconds: seconds })).toBe(text)
  })

  it('without Retry-After (or for another code) the plain text stays', () => {
    expect(errorText('ERR_RATE_LIMITED')).toBe('访问人数较多，请稍后重试')
    expect(errorText('ERR_NETWORK', { retryAfterSeconds: 30 })).toBe('网络连接失败，请检查网络后重试')
  })
})

describe('yuanSpoken (the 医保 amount read aloud)', () => {
  it.each([
    [5600, '56元'],
    [128650, '1286元5角'],
    [39299, '392元9角9分'],
    [305, '3元零5分']
  ])('%i fen → %s', (fen, words) => {
    expect(yuanSpoken(fen)).toBe(words)
  })
})
