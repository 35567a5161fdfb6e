/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * The 亮证 page (src/subpackages/present/pages/index) in jsdom through the H5-like stand-in for @tarojs/components,
 * against the real simulator handlers (msw/node) behind the app's own stores. The canvas node is
 * a recording fake (jsdom has no 2d canvas); jest resolves the mini-program ChallengeEntry, so the
 * verifier challenge comes from a stubbed Taro.scanCode. Assertions are on what the person sees.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { presentationStore, walletStore } from '../../../src/store'
import PresentPage from '../../../src/subpackages/present/pages/index'
import { installMockApi } from '../../support/mockApi'
import { settleAppStores } from '../../support/settle'

const WAIT = { timeout: 15_000 }
// Reset in this file's own order: unmount the page and sign out first, then the simulator.
const { failures, reset: resetMockApi } = installMockApi({ resetBetweenTests: false })

/** A 2d canvas node that records what is painted. */
function fakeCanvas() {
  const rects: [number, number, number, number, string][] = []
  const ctx = {
    fillStyle: '' as unknown,
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push([x, y, w, h, String(this.fillStyle)])
    }
  }
  return { width: 0, height: 0, rects, getContext: () => ctx }
}

let canvas = fakeCanvas()
const taro = Taro as unknown as Record<string, unknown>
const brightness: number[] = []
const scanCode = jest.fn()

beforeAll(() => {
  Object.assign(taro, {
    navigateTo: jest.fn(async () => undefined),
    navigateBack: jest.fn(async () => undefined),
    getScreenBrightness: async () => ({ value: 0.4 }),
    setScreenBrightness: async ({ value }: { value: number }) => void brightness.push(value),
    setKeepScreenOn: async () => undefined,
    scanCode,
    getWindowInfo: () => ({ pixelRatio: 2 }),
    createSelectorQuery: () => {
      const chain = {
        select: () => chain,
        fields: () => chain,
        boundingClientRect: () => chain,
        exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node: canvas, width: 320 }, { width: 320 }]), 0)
      }
      return chain
    }
  })
})
beforeEach(() => {
  canvas = fakeCanvas()
  brightness.length = 0
  scanCode.mockReset()
})
afterEach(async () => {
  await settleAppStores()
  cleanup()
  walletStore.getState().signOut()
  presentationStore.getState().clear()
  Taro.clearStorageSync()
  resetMockApi()
  jest.restoreAllMocks()
})

/** 张明华 claims all seven certificates through the wallet store (the wallet page's own actions). */
async function claimAsZhang() {
  if (!walletStore.getState().lock) expect((await walletStore.getState().setupPin('135790', '135790')).ok).toBe(true)
  await walletStore.getState().beginFaceCheck('张明华', '44010619900315001X')
  await walletStore.getState().finishFaceCheck(true)
  const ids = walletStore.getState().available.map((a) => a.certId)
  const p = await walletStore.getState().claim(ids, '求职学历核验')
  expect(p.failures).toEqual([])
  // The claim moved lastSyncAt: the presentation store fetches in the background.
  await waitFor(() => expect(Object.keys(presentationStore.getState().batches)).toHaveLength(5), WAIT)
}

const qrText = () => document.querySelector('[data-qr-text]')?.getAttribute('data-qr-text') ?? null

describe('亮证 page', () => {
  it('picker → consent with masked values and what is kept back → QR with countdown, bright screen', async () => {
    await claimAsZhang()
    const { unmount } = render(<PresentPage />)
    expect(screen.getByText('请选择出示用途')).toBeTruthy()
    for (const label of ['交警查验', '酒店入住', '年龄核验', '药店/医院', '学历核验']) expect(screen.getByText(label)).toBeTruthy()
    expect(screen.getAllByText('离线可用')).toHaveLength(5)
    expect(screen.getByText('只出示“是否已满18周岁”')).toBeTruthy()

    fireEvent.click(screen.getByText('交警查验'))
    expect(screen.getByText('出示对象：执勤交通警察')).toBeTruthy()
    expect(screen.getByText('440106********001X')).toBeTruthy()
    expect(screen.queryByText('44010619900315001X')).toBeNull()
    expect(screen.getByText('粤A·D3K27')).toBeTruthy()
    expect(screen.getByText('不会出示')).toBeTruthy()
    expect(screen.getByText(/住址/)).toBeTruthy()
    expect(qrText()).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: '同意出示' }))
    await waitFor(() => expect(qrText()).toMatch(/^CW1:/), WAIT)
    // The countdown starts at 30 and ticks by real seconds: on a loaded machine one may pass first.
    const left = Number(/^(\d+) 秒后自动刷新$/.exec(screen.getByText(/秒后自动刷新$/).textContent ?? '')?.[1])
    expect(left).toBeGreaterThanOrEqual(27)
    expect(left).toBeLessThanOrEqual(30)
    expect(screen.getByText('截图无效：')).toBeTruthy()
    expect(screen.getByText('二维码 60 秒内有效，且只能使用一次')).toBeTruthy()
    expect(screen.getByText('持证人：张*华')).toBeTruthy()

    // Drawn on the canvas: 320 CSS px × 2, white first, then black modules inside a quiet zone.
    await waitFor(() => expect(canvas.rects.length).toBeGreaterThan(100))
    expect(canvas.width).toBe(640)
    expect(canvas.rects[0]).toEqual([0, 0, 640, 640, '#ffffff'])
    const dark = canvas.rects.slice(1)
    const minX = Math.min(...dark.map((r) => r[0]))
    const cell = Math.min(...dark.map((r) => r[3]))
    expect(minX / cell).toBeGreaterThanOrEqual(4)
    await waitFor(() => expect(brightness).toEqual([1]))

    unmount()
    await waitFor(() => expect(brightness).toEqual([1, 0.4]))
  })

  it('refreshes the QR after 30 s with a new proof from the next stored set', async () => {
    await claimAsZhang()
    render(<PresentPage />)
    fireEvent.click(screen.getByText('酒店入住'))
    fireEvent.click(screen.getByRole('button', { name: '同意出示' }))
    await waitFor(() => expect(qrText()).toMatch(/^CW1:/), WAIT)
    const first = qrText()
    expect(presentationStore.getState().qr?.setIndex).toBe(0)
    const realNow = Date.now()
    jest.spyOn(Date, 'now').mockImplementation(() => realNow + 31_000)
    await waitFor(() => expect(qrText()).not.toBe(first), WAIT)
    expect(presentationStore.getState().qr?.setIndex).toBe(1)
    await waitFor(() => expect(screen.getByText('30 秒后自动刷新')).toBeTruthy())
  })

  it('a scanned verifier challenge binds the next QR to its nonce', async () => {
    await claimAsZhang()
    render(<PresentPage />)
    fireEvent.click(screen.getByText('年龄核验'))
    expect(screen.getByText('已满18周岁')).toBeTruthy()
    expect(screen.getByText('是')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '同意出示' }))
    await waitFor(() => expect(qrText()).toMatch(/^CW1:/), WAIT)
    scanCode.mockResolvedValue({ result: 'CWN1:shop-counter-0042' })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '扫描核验方二维码' }))
    })
    await screen.findByText('已绑定核验方核验码', undefined, WAIT)
    expect(presentationStore.getState().qr?.nonce).toBe('shop-counter-0042')

    // Not a challenge: said in Chinese with its code; the QR stays.
    scanCode.mockResolvedValue({ result: 'https://example.com' })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '扫描核验方二维码' }))
    })
    fireEvent.click(await screen.findByText('详情', undefined, WAIT))
    await screen.findByText('错误代码 ERR_MALFORMED', undefined, WAIT)
    expect(qrText()).toMatch(/^CW1:/)
  })

  it('nothing stored and the service down: says to get online, with the code; no QR', async () => {
    failures.set({ mode: 'server-error', pathPrefix: '/holder/presentation-credentials' })
    expect((await walletStore.getState().setupPin('135790', '135790')).ok).toBe(true)
    await walletStore.getState().beginFaceCheck('张明华', '44010619900315001X')
    await walletStore.getState().finishFaceCheck(true)
    await walletStore.getState().claim(walletStore.getState().available.map((a) => a.certId), '求职学历核验')
    render(<PresentPage />)
    fireEvent.click(await screen.findByText('详情', undefined, WAIT))
    await screen.findByText('错误代码 ERR_SERVER', undefined, WAIT)
    expect(screen.getAllByText('需联网')).toHaveLength(5)
    fireEvent.click(screen.getByText('药店/医院'))
    expect(screen.getByText('本机还没有可离线出示的“药店/医院”数据，请联网后再试。')).toBeTruthy()
    expect(screen.getByRole('button', { name: '重新获取' })).toBeTruthy()
    expect(qrText()).toBeNull()
  })

  it('no valid certificate: no purposes, and where to get one', () => {
    render(<PresentPage />)
    expect(screen.getByText('暂无可出示的证照')).toBeTruthy()
    expect(screen.getByRole('button', { name: '返回我的证照' })).toBeTruthy()
  })
})
