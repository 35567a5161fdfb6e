/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * 文件调用授权 as the holder does it (src/subpackages/share/pages/file and the 用证记录 page), in
 * jsdom against the real simulator handlers (msw/node) behind the app's own stores: pick a
 * registered organisation (name and 统一社会信用代码 from the root-signed registry), a purpose it is
 * registered for, a period; confirm with the PIN; the hotel then fetches a copy that verifies; the
 * holder sees the grant and the fetch in 用证记录 and revokes it; the hotel is refused after.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { walletStore } from '../../../../src/store'
import WalletPage from '../../../../src/pages/wallet'
import FileGrantPage from '../../../../src/subpackages/share/pages/file'
import UsagePage from '../../../../src/subpackages/holder/pages/usage'
import { shareStore } from '../../../../src/subpackages/share/store'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { verifyFileCopy } from '../../../../src/services/fileGrant'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { installMockApi } from '../../../support/mockApi'
import { settleAppStores } from '../../../support/settle'
import { enrolOnSimulator } from '../../../support/institution'
import { ZHANG_CARD_COUNT } from '../../../support/demoHolder'

const WAIT = { timeout: 15_000 }
const PIN = '135790'
const { sim, reset: resetMockApi } = installMockApi({ resetBetweenTests: false })
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

afterEach(async () => {
  await settleAppStores()
  cleanup()
  walletStore.getState().signOut()
  shareStore.setState({ institutions: null, grant: null, error: null, busy: null })
  Taro.clearStorageSync()
  resetMockApi()
})

const button = (name: string | RegExp) => screen.getByRole('button', { name })
function typePin(container: HTMLElement, pin: string) {
  for (const d of pin) fireEvent.click(container.querySelector(`.pinpad__key--${d}`)!)
}

/** First open: PIN twice, 张明华 signs in, every card claimed. */
async function walletWithCards() {
  const { container } = render(<WalletPage />)
  await screen.findByText('设置 6 位数字密码', undefined, WAIT)
  typePin(container, PIN)
  await screen.findByText('请再输入一次密码', undefined, WAIT)
  typePin(container, PIN)
  await screen.findByText('领取电子证照', undefined, WAIT)
  fireEvent.click(button(/张明华/))
  fireEvent.click(await screen.findByRole('button', { name: '模拟核验通过' }, WAIT))
  await screen.findByText(`可领取的证照（${ZHANG_CARD_COUNT}）`, undefined, WAIT)
  fireEvent.input(await screen.findByPlaceholderText(/用证事由/, undefined, WAIT), { target: { value: '求职学历核验' } })
  fireEvent.click(button('全部领取'))
  await waitFor(() => expect(walletStore.getState().busy).toBeNull(), WAIT)
  expect(walletStore.getState().credentials.length).toBe(ZHANG_CARD_COUNT)
  cleanup()
}

it('grants the hotel the ID card for 入住 with the PIN; the hotel fetches a copy that verifies; revoked in 用证记录, the hotel is refused', async () => {
  await walletWithCards()
  const { container } = render(<FileGrantPage />)
  fireEvent.click(await screen.findByRole('button', { name: /居民身份证/ }, WAIT))
  // Organisations from the registry, with their 统一社会信用代码; the traffic police cannot receive an ID card.
  const hotel = await screen.findByRole('button', { name: /广州天河花园酒店有限公司/ }, WAIT)
  expect(hotel.textContent).toContain('统一社会信用代码 91440106MA5CXK3L2H')
  expect(screen.queryByRole('button', { name: /交通警察支队/ })).toBeNull()
  fireEvent.click(hotel)
  // Its registered purposes only: 酒店入住 and 年龄核验, not 学历核验.
  expect(screen.queryByRole('button', { name: '学历核验' })).toBeNull()
  fireEvent.click(button('酒店入住'))
  expect(screen.getByText(/对方将看到：姓名、公民身份号码、民族、住址/)).toBeTruthy()
  fireEvent.click(button('30天'))

  fireEvent.click(button('授权调用'))
  // The PIN approves it (the sheet's pad); nothing is sent before.
  await screen.findByText(/授权广州天河花园酒店有限公司调取居民身份证/, undefined, WAIT)
  expect(sim.listFileGrants(walletStore.getState().holder!.holderId)).toEqual([])
  typePin(container, PIN)
  await screen.findByText('已授权文件调用', undefined, WAIT)
  const [grant] = sim.listFileGrants(walletStore.getState().holder!.holderId)
  expect(grant).toMatchObject({ institutionId: '91440106MA5CXK3L2H', purpose: 'hotel', status: 'active' })
  expect(Date.parse(grant.expiresAt) - Date.parse(grant.notBefore)).toBe(30 * 86400_000)
  expect(screen.getByText(grant.grantId)).toBeTruthy()

  // The hotel, enrolled, fetches the copy with the grant id: it verifies against the trust list.
  const desk = enrolOnSimulator(sim, 'hotel')
  const r = await api.retrieveFile(grant.grantId, desk.signer)
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, Date.now() / 1000)
  const copy = await verifyFileCopy(r.copy, { trust, backend: joseBackend, now: Date.now() / 1000 })
  expect(copy.wm).toMatch(/^仅供广州天河花园酒店有限公司用于酒店入住，\d{4}-\d{2}-\d{2}前有效$/)
  expect(copy.fields.name).toBe('张明华')
  cleanup()

  // 用证记录: the grant (one fetch) and the fetch itself; revoke it there.
  render(<UsagePage />)
  await screen.findByText('文件调用授权', undefined, WAIT)
  await screen.findByText('已调取：1 次', undefined, WAIT)
  expect(screen.getAllByText(/广州天河花园酒店有限公司/).length).toBeGreaterThanOrEqual(2)
  fireEvent.click(button('撤销授权'))
  await screen.findByText('已撤销', undefined, WAIT)
  await expect(api.retrieveFile(grant.grantId, desk.signer)).rejects.toMatchObject({ code: 'ERR_GRANT_REVOKED' })
}, 60_000)

it('cancelling the PIN sheet sends nothing', async () => {
  await walletWithCards()
  render(<FileGrantPage />)
  fireEvent.click(await screen.findByRole('button', { name: /居民身份证/ }, WAIT))
  fireEvent.click(await screen.findByRole('button', { name: /广州天河花园酒店有限公司/ }, WAIT))
  fireEvent.click(button('酒店入住'))
  fireEvent.click(button('授权调用'))
  fireEvent.click(await screen.findByText('取消', undefined, WAIT))
  await waitFor(() => expect(screen.queryByText(/授权广州天河花园酒店有限公司调取/)).toBeNull(), WAIT)
  expect(sim.listFileGrants(walletStore.getState().holder!.holderId)).toEqual([])
  expect(screen.queryByText('已授权文件调用')).toBeNull()
}, 60_000)
