/**
 * The lock on the H5 app in Chromium: PIN on first run, the certificate detail page masked until
 * the PIN opens it, growing delays after wrong PINs (the page clock is fast-forwarded), the
 * warning before the wipe, the wipe itself, and auto-lock after the chosen inactivity time.
 */
import type { Page } from 'playwright-core'
import { installH5Session, newPhonePage, screenshot, setPinOnFirstRun, typePin, waitForMock, TEST_PIN } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

const WRONG = '246801'
const ID_NUMBER = '44010619900315001X'

async function newHolder(page: Page): Promise<void> {
  await page.clock.install({ time: new Date('2026-11-27T04:00:00Z') })
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPinOnFirstRun(page)
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor()
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await page.getByText('全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT, { timeout: 30000 })
}

/** The wallet's persisted blob as JSON text (Taro H5 wraps each stored value as `{"data": …}`; the blob is an object inside, a JSON text in blobs written before). */
const stored = (page: Page) =>
  page.evaluate(() => {
    const raw = localStorage.getItem('certwallet.wallet') ?? ''
    try {
      const wrapped = JSON.parse(raw) as { data?: unknown }
      return typeof wrapped.data === 'string' ? wrapped.data : wrapped.data !== undefined ? JSON.stringify(wrapped.data) : raw
    } catch {
      return raw
    }
  })

test('detail page: masked until the PIN; wrong PINs wait longer and longer, with a warning before the wipe', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await newHolder(page)
  // Nothing secret rests in the browser's storage.
  const blob = await stored(page)
  expect(blob).toContain('440106********001X')
  expect(blob).not.toContain(ID_NUMBER)

  await page.locator('.card', { hasText: '居民身份证电子证照' }).click()
  // The detail page's title is the tab's (H5 builds no hidden navigation bar to hold it: config/taroH5NavigationBar.js).
  await page.waitForFunction(() => document.title === '证照详情')
  await page.getByText('证照标识').waitFor()
  await expect(page.getByText(ID_NUMBER).count()).resolves.toBe(0)
  // (Taro H5 keeps the home page in the DOM under the detail page: look inside the detail page.)
  const detail = page.locator('.detail')
  await expect(detail.locator('.field__value', { hasText: '440106********001X' }).isVisible()).resolves.toBe(true)
  await expect(detail.locator('.field__value', { hasText: /^广东省广州市\*\*\*\*$/ }).isVisible()).resolves.toBe(true)
  await expect(detail.locator('.field__value', { hasText: /^\d{4}-\*\*-\*\*$/ }).count()).resolves.toBe(1)
  await screenshot(page, 'lock-01-detail-masked')
  // Just unlocked (the PIN was set a moment ago): the full values show at once.
  await page.getByText('查看完整信息').click()
  await page.getByText(ID_NUMBER).waitFor()
  await screenshot(page, 'lock-02-detail-revealed')

  // Restart: locked. 查看完整信息 asks for the PIN.
  await page.reload()
  await page.getByText('证照标识').waitFor()
  await expect(page.getByText(ID_NUMBER).count()).resolves.toBe(0)
  await page.getByText('查看完整信息').click()
  await page.getByText('请输入 6 位密码').waitFor()
  for (let i = 1; i <= 4; i++) {
    await typePin(page, WRONG)
    await page.getByText(`还可以试 ${10 - i} 次`).waitFor()
  }
  await typePin(page, WRONG)
  await page.getByText(/密码输错 5 次，请 \d+ 秒后再试/).waitFor()
  await screenshot(page, 'lock-03-wrong-pin-delay')
  // During the delay the keys do nothing, even the right PIN.
  await typePin(page, TEST_PIN)
  await expect(page.getByText(ID_NUMBER).count()).resolves.toBe(0)

  await page.clock.fastForward('00:31')
  await page.getByText('密码输错 5 次').waitFor({ state: 'detached' })
  await typePin(page, WRONG)
  await page.getByText('密码输错 6 次，请 1 分钟后再试').waitFor()
  await page.clock.fastForward('01:01')
  await typePin(page, WRONG)
  await page.getByText('密码输错 7 次，请 5 分钟后再试').waitFor()
  await page.getByText('注意：再输错 3 次，本机的证照将被全部清除。想不起来就点下面的“忘记密码”，不用再猜。').waitFor()
  await screenshot(page, 'lock-04-wipe-warning')

  await page.clock.fastForward('05:01')
  await page.getByText('密码输错 7 次').waitFor({ state: 'detached' })
  await typePin(page, TEST_PIN)
  await page.getByText(ID_NUMBER).waitFor()
  await screenshot(page, 'lock-04b-detail-unlocked')
  // The detail page leads to this card's 用证记录.
  await page.getByText('用证记录（谁查看过这张证照）').click()
  await page.locator('.usage').first().waitFor()
  expect(errors).toEqual([])
})

test('ten wrong PINs wipe the wallet; the holder is told and starts again', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await newHolder(page)
  await page.getByText('立即锁定').click()
  await page.getByText('已锁定，敏感信息已隐藏').waitFor()
  await page.getByText('输入密码解锁').click()
  for (let i = 1; i <= 10; i++) {
    await typePin(page, WRONG)
    if (i >= 5 && i < 10) {
      await page.getByText(`密码输错 ${i} 次`).waitFor()
      await page.clock.fastForward('02:00:00')
      await page.getByText(`密码输错 ${i} 次`).waitFor({ state: 'detached' })
    }
  }
  await page.getByText('多次输错密码，本机证照已清除，请重新实名认证领取').waitFor()
  await expect(page.locator('.card').count()).resolves.toBe(0)
  const blob = JSON.parse(await stored(page)).state
  expect(blob.credentials).toEqual([])
  expect(blob.lock).toBeNull()
  await page.getByText('设置 6 位数字密码').waitFor()
  await screenshot(page, 'lock-05-wiped')
  expect(errors).toEqual([])
})

test('auto-lock after the inactivity time the holder chose', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await newHolder(page)
  await page.getByText('安全设置').click()
  await page.getByText('多久不操作后自动锁定', { exact: false }).waitFor()
  await page.getByText('1 分钟', { exact: true }).click()
  await page.getByText('✓ 1 分钟').waitFor()
  await screenshot(page, 'lock-06-security-settings')
  await page.clock.fastForward('00:40')
  await expect(page.getByText('已解锁').isVisible()).resolves.toBe(true)
  await page.clock.fastForward('00:30')
  await page.getByText('已锁定，敏感信息已隐藏').waitFor()
  // Locked: 亮证 asks for the PIN before any QR.
  await page.getByText('亮证（出示二维码）').click()
  await page.getByText('亮证前请输入密码，防止他人拿您的手机冒用证照').waitFor()
  await typePin(page, TEST_PIN)
  await page.getByText('请选择出示用途').waitFor()
  expect(errors).toEqual([])
})
