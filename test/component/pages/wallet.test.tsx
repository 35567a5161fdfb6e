/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * The wallet page (src/pages/wallet) rendered in jsdom through the H5-like stand-in for
 * @tarojs/components, driven by taps and typing, against the real simulator handlers (msw/node)
 * behind the app's own store (Taro.request stand-in → fetch → msw; jose verifies signatures).
 * Assertions are on what the person sees, never snapshots.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { certRegistry } from '../../../src/certs/registry'
import { walletStore } from '../../../src/store'
import WalletPage from '../../../src/pages/wallet'
import { installMockApi } from '../../support/mockApi'
import { settleAppStores } from '../../support/settle'
import { ZHANG_CARD_COUNT } from '../../support/demoHolder'

const ZHANG_ID = '44010619900315001X'
const WAIT = { timeout: 10_000 }

// Reset in this file's own order: unmount the page and sign out first, then the simulator.
const { failures, reset: resetMockApi } = installMockApi({ resetBetweenTests: false })

afterEach(async () => {
  await settleAppStores()
  cleanup()
  // The store is a module singleton: back to a first open (no holder, no cards, empty storage).
  walletStore.getState().signOut()
  Taro.clearStorageSync()
  resetMockApi()
})

const button = (name: string | RegExp) => screen.getByRole('button', { name })

/** Presses the PIN pad's keys (the pad is drawn with views, not a text field). */
function typePin(container: HTMLElement, pin: string) {
  for (const d of pin) fireEvent.click(container.querySelector(`.pinpad__key--${d}`)!)
}

/** First open: the PIN comes first (twice), then the claim start. */
async function setPin(container: HTMLElement, pin = '135790') {
  await screen.findByText('设置 6 位数字密码', undefined, WAIT)
  typePin(container, pin)
  await screen.findByText('请再输入一次密码', undefined, WAIT)
  typePin(container, pin)
  await screen.findByText('领取电子证照', undefined, WAIT)
}

/** Demo account → 模拟核验通过 → the claim list of that holder. */
async function signInAsZhang() {
  fireEvent.click(button(/张明华/))
  fireEvent.click(await screen.findByRole('button', { name: '模拟核验通过' }, WAIT))
  await screen.findByText(`可领取的证照（${ZHANG_CARD_COUNT}）`, undefined, WAIT)
}

/** Fills 用证事由 (the degree needs one) and presses 全部领取; waits until the claim is over. */
async function claimAll(purpose = '求职学历核验') {
  fireEvent.input(await screen.findByPlaceholderText(/用证事由/, undefined, WAIT), { target: { value: purpose } })
  fireEvent.click(button('全部领取'))
  await waitFor(() => expect(walletStore.getState().busy).toBeNull(), WAIT)
}

describe('wallet page (H5-like components in jsdom, simulator over msw)', () => {
  it('first open: asks to claim, with name and ID inputs; 开始人脸核验 waits for both', async () => {
    const { container } = render(<WalletPage />)
    // Nothing can be claimed before a PIN protects it; a weak PIN is refused with its reason.
    expect(screen.queryByText('领取电子证照')).toBeNull()
    // A weak PIN is refused on its first entry (not after typing it twice), with the reason above
    // the keys and the code behind 详情.
    typePin(container, '123456')
    expect(await screen.findByText(/密码太简单/, undefined, WAIT)).toBeTruthy()
    expect(screen.queryByText('请再输入一次密码')).toBeNull()
    expect(screen.getByText('设置 6 位数字密码')).toBeTruthy()
    expect(screen.queryByText(/ERR_PIN_WEAK/)).toBeNull()
    fireEvent.click(screen.getByText('详情'))
    expect(screen.getByText(/ERR_PIN_WEAK/)).toBeTruthy()
    const alert = container.querySelector('.pinpad .lockmsg--error')!
    expect(alert.compareDocumentPosition(container.querySelector('.pinpad__keys')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    typePin(container, '135790')
    await screen.findByText('请再输入一次密码', undefined, WAIT)
    typePin(container, '135791')
    expect(await screen.findByText(/两次输入的密码不一样/, undefined, WAIT)).toBeTruthy()
    await setPin(container)
    expect(walletStore.getState().lock).not.toBeNull()
    expect(await screen.findByText(/^密码设置成功/, undefined, WAIT)).toBeTruthy()
    expect(screen.getByText('领取电子证照')).toBeTruthy()
    const name = screen.getByPlaceholderText('姓名') as HTMLInputElement
    const id = screen.getByPlaceholderText('身份证号码') as HTMLInputElement
    expect(id.maxLength).toBe(18)
    const start = button('开始人脸核验') as HTMLButtonElement
    expect(start.disabled).toBe(true)

    fireEvent.input(name, { target: { value: '张明华' } })
    expect(name.value).toBe('张明华')
    expect(start.disabled).toBe(true)

    fireEvent.input(id, { target: { value: ZHANG_ID } })
    expect(id.value).toBe(ZHANG_ID)
    expect(start.disabled).toBe(false)

    // The typed values go to the simulator: a face-check session opens.
    fireEvent.click(start)
    expect(await screen.findByRole('button', { name: '模拟核验通过' }, WAIT)).toBeTruthy()
    expect(screen.queryByText('领取电子证照')).toBeNull()
    expect(screen.getByText('人脸核验')).toBeTruthy()
  })

  it('demo account 张明华: face check, the claim list of all his certificates, 全部领取 → every card verified, in its group, groups in registry order, ID masked', async () => {
    const { container } = render(<WalletPage />)
    await setPin(container)
    await signInAsZhang()
    expect(screen.getByText('需填写用证事由')).toBeTruthy()

    await claimAll()

    const verified = await screen.findAllByText(/^真实有效/, undefined, WAIT)
    expect(verified).toHaveLength(ZHANG_CARD_COUNT)
    expect(screen.queryByText(/未添加/)).toBeNull()
    expect(screen.queryByRole('button', { name: '全部领取' })).toBeNull()
    // Everything claimed: the claim list steps aside (fewer controls on the home page).
    expect(screen.queryByText(/可领取的证照/)).toBeNull()
    expect(screen.queryAllByText('已领取')).toHaveLength(0)

    const expected: Record<string, string[]> = {
      证件: ['id-card', 'ctid', 'marriage'],
      驾驶: ['driving-licence', 'vehicle-licence'],
      社保医保: ['social-security', 'medical-insurance'],
      学历: ['degree'],
      职业资格: ['professional-qualification'],
      房产: ['real-estate']
    }
    const titles = Object.keys(expected).map((g) => screen.getByText(g))
    // Groups appear in the page's order.
    for (let i = 1; i < titles.length; i++) {
      expect(titles[i - 1].compareDocumentPosition(titles[i]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    }
    Object.values(expected).forEach((kinds, i) => {
      // Each group holds exactly its own cards (the title's parent is the group).
      const section = titles[i].parentElement as HTMLElement
      expect(within(section).getAllByText(/^真实有效/)).toHaveLength(kinds.length)
      for (const kind of kinds) expect(within(section).getByText(certRegistry.find(kind)!.label)).toBeTruthy()
    })

    // The holder's ID number appears only masked: not in text, not in any attribute.
    expect(document.documentElement.outerHTML).not.toContain(ZHANG_ID)
    expect(document.body.textContent).toContain('440106********001X')
  })

  it('simulator outage before the demo tap: 政务服务暂时不可用 with ERR_SERVER, and no card', async () => {
    failures.set({ mode: 'server-error' })
    const { container } = render(<WalletPage />)
    await setPin(container)
    fireEvent.click(button(/张明华/))

    expect(await screen.findByText('政务服务暂时不可用，请稍后重试', undefined, WAIT)).toBeTruthy()
    // A holder sees what happened and what to do; the code is one tap away for the help desk.
    expect(screen.queryByText('错误代码 ERR_SERVER')).toBeNull()
    fireEvent.click(screen.getByText('详情'))
    expect(screen.getByText('错误代码 ERR_SERVER')).toBeTruthy()
    expect(screen.queryByText(/^真实有效/)).toBeNull()
    expect(screen.queryByRole('button', { name: '模拟核验通过' })).toBeNull()
    // Still at the start, and the demo accounts can be tapped again.
    expect(screen.getByText('领取电子证照')).toBeTruthy()
    expect((button(/张明华/) as HTMLButtonElement).disabled).toBe(false)
  })

  it('broken issuer signatures: no card is added, each failure says 证照与发证机关签发的不一致，可能被改动过', async () => {
    failures.set({ mode: 'bad-signature', pathPrefix: '/holder/certificates' })
    const { container } = render(<WalletPage />)
    await setPin(container)
    await signInAsZhang()

    await claimAll()

    const refused = await screen.findAllByText(/未添加：/, undefined, WAIT)
    expect(refused).toHaveLength(ZHANG_CARD_COUNT)
    for (const line of refused) expect(line.textContent).toMatch(/未添加：证照与发证机关签发的不一致，可能被改动过$/)
    expect(screen.queryByText(/^真实有效/)).toBeNull()
    expect(walletStore.getState().credentials).toEqual([])
    // Nothing was added, so all stay claimable.
    expect(screen.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`)).toBeTruthy()
  })

  it('locked: the PIN pad counts wrong PINs and says how many tries are left; the right PIN opens', async () => {
    const { container } = render(<WalletPage />)
    await setPin(container)
    // Store actions that re-render the page, inside act() as React's test renderer asks.
    await act(async () => {
      await walletStore.getState().beginFaceCheck('李秀英', '330106195207080021')
      await walletStore.getState().finishFaceCheck(true)
      await walletStore.getState().claim(walletStore.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId))
    })
    fireEvent.click(await screen.findByText('立即锁定', undefined, WAIT))
    fireEvent.click(await screen.findByText('输入密码解锁', undefined, WAIT))
    typePin(container, '246801')
    expect(await screen.findByText(/还可以试 9 次/, undefined, WAIT)).toBeTruthy()
    expect(walletStore.getState().locked).toBe(true)
    typePin(container, '135790')
    await waitFor(() => expect(walletStore.getState().locked).toBe(false), WAIT)
    expect(await screen.findByText('已解锁', undefined, WAIT)).toBeTruthy()
  })
})
