/**
 * What real holders hit (issue #13), walked in Chromium at phone size from a fresh browser:
 * a 70-year-old in 关怀模式 from the first open to a certificate's full ID number, someone who
 * forgot the PIN, an employer without a wallet, and axe-core on every page in both modes.
 * Screenshots: test-output/screenshots/ux-*.png.
 */
import type { Page } from 'playwright-core'
import { installH5Session, newPhonePage, screenshot, typePin, TEST_PIN, waitForMock } from './launch'
import { seriousA11yViolations, type AxeFinding } from './axe'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()
const ZHANG_ID = '44010619900315001X'

async function postJson(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ path, body }) => (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    { path, body }
  )
}
const setFailure = (page: Page, rule: object) => postJson(page, '/__mock/failures', rule)
const clearFailures = (page: Page) => page.evaluate(async () => (await fetch('/__mock/failures', { method: 'DELETE' })).status)

/** True when the element's box lies inside the window (seen without scrolling). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect()
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight
    })
}

async function waitForCards(page: Page, n: number) {
  await page.waitForFunction((count) => document.querySelectorAll('.card').length === count && !/正在下载并核对|正在恢复/.test(document.body.innerText), n, { timeout: 30000 })
}

async function setPin(page: Page, pin = TEST_PIN) {
  await page.getByText('设置 6 位数字密码').waitFor({ timeout: 30000 })
  await typePin(page, pin)
  await page.getByText('请再输入一次密码').waitFor()
  await typePin(page, pin)
}

async function claimAll(page: Page) {
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30000 })
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await page.getByText('全部领取').click()
  await waitForCards(page, ZHANG_CARD_COUNT)
}

/** Two animation frames: what the last state change rendered is painted before a screenshot or an axe run (H5 pages open without a slide: src/app.config.ts). */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))))

const expectClean = (findings: AxeFinding[], where: string) => expect({ where, findings }).toEqual({ where, findings: [] })

test('关怀模式, first open to the full ID number: the words toggle it, errors where the eye is, plain words, 取消 and 返回', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await page.getByText('设置 6 位数字密码').waitFor({ timeout: 30000 })
  // The employer's way in is on the first screen, before any wallet exists.
  await expect(page.getByText('查验学历验证码（无需领证）').isVisible()).resolves.toBe(true)
  // The words 关怀模式 turn it on (not only the small switch).
  await page.locator('.care-switch__label').click()
  await page.locator('.wallet.care').waitFor()
  await expect(page.getByText('已开启：大字、大按钮').isVisible()).resolves.toBe(true)
  expectClean(await seriousA11yViolations(page), 'first open, 关怀模式')

  // A weak PIN is refused on its first entry, the reason between the dots and the keys, on screen.
  await typePin(page, '123456')
  await page.getByText(/密码太简单/).waitFor()
  await expect(page.getByText('请再输入一次密码').count()).resolves.toBe(0)
  expect(await inViewport(page, '.pinpad .lockmsg--error')).toBe(true)
  await expect(page.getByText(/ERR_PIN_WEAK/).count()).resolves.toBe(0)
  await screenshot(page, 'ux-01-care-weak-pin', { fullPage: false })
  await typePin(page, TEST_PIN)
  await page.getByText('请再输入一次密码').waitFor()
  await typePin(page, TEST_PIN)
  await page.getByText(/^密码设置成功/).waitFor()
  await screenshot(page, 'ux-02-care-pin-set', { fullPage: false })

  // A mistyped ID number (wrong check character) is said to be one, before any face check.
  await page.getByRole('textbox', { name: '姓名' }).fill('张明华')
  await page.getByRole('textbox', { name: '身份证号码' }).fill('440106199003150011')
  await page.getByText('开始人脸核验').click()
  await page.getByText(/^身份证号码格式不对/).waitFor()
  await expect(page.getByText('模拟核验通过').count()).resolves.toBe(0)
  expect(await inViewport(page, '.panel .alert')).toBe(true)
  await screenshot(page, 'ux-03-care-id-format', { fullPage: false })

  // 429 with Retry-After: how long to wait, in words.
  expect(await setFailure(page, { mode: 'rate-limit', retryAfterSeconds: 120, pathPrefix: '/auth', count: 1 })).toBeLessThan(300)
  await page.getByRole('textbox', { name: '身份证号码' }).fill(ZHANG_ID)
  await page.getByText('开始人脸核验').click()
  await page.getByText('访问人数较多，请 2 分钟后再试').waitFor({ timeout: 20000 })
  await screenshot(page, 'ux-04-care-retry-after', { fullPage: false })
  await clearFailures(page)

  // The face page has a way back.
  await page.getByText('开始人脸核验').click()
  await page.getByText('模拟核验通过').waitFor()
  await expect(page.getByText('取消，返回上一步').isVisible()).resolves.toBe(true)
  expectClean(await seriousA11yViolations(page), 'face page, 关怀模式')
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30000 })
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')

  // A broken trust-list signature during 全部领取: said by the button, in everyday words.
  expect(await setFailure(page, { mode: 'bad-signature', pathPrefix: '/trust-list' })).toBeLessThan(300)
  await page.getByText('全部领取').click()
  await page.getByText(/^收到的核验数据不完整或被改动过/).waitFor({ timeout: 30000 })
  await expect(page.getByText(/信任列表|验签/).count()).resolves.toBe(0)
  const near = page.locator('.alert--near')
  await near.scrollIntoViewIfNeeded()
  const buttonBox = (await page.getByText('全部领取').boundingBox())!
  const alertBox = (await near.boundingBox())!
  expect(Math.abs(alertBox.y - (buttonBox.y + buttonBox.height))).toBeLessThan(120)
  await screenshot(page, 'ux-05-care-trust-list-error', { fullPage: false })
  await clearFailures(page)
  await page.getByText('全部领取').click()
  await waitForCards(page, ZHANG_CARD_COUNT)
  await expect(page.getByText(/^真实有效/).count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.getByText(/验签/).count()).resolves.toBe(0)
  await screenshot(page, 'ux-06-care-home')
  expectClean(await seriousA11yViolations(page), 'home with cards, 关怀模式')

  // The ID card: no 证照标识 in 关怀模式, a visible 返回, the PIN pad at the top with 取消.
  await page.locator('.card', { hasText: '居民身份证' }).first().click()
  await page.locator('.detail').waitFor()
  await expect(page.getByText('证照标识').count()).resolves.toBe(0)
  await expect(page.locator('.backbar__btn:visible').first().isVisible()).resolves.toBe(true)
  const masked = await page.locator('.field', { hasText: '公民身份号码' }).locator('.idgroup').allInnerTexts()
  expect(masked).toEqual(['440106', '********', '001X'])
  await page.locator('.backbar__btn:visible').click()
  await page.getByText('立即锁定').click()
  await page.locator('.card', { hasText: '居民身份证' }).first().click()
  await page.getByText('查看完整信息').click()
  await page.getByText('请输入 6 位密码').waitFor()
  await settle(page)
  expect(await inViewport(page, '.pinpad__title')).toBe(true)
  expect(await inViewport(page, '.pinpad__key--9')).toBe(true)
  await screenshot(page, 'ux-07-care-detail-pin', { fullPage: false })
  expectClean(await seriousA11yViolations(page), 'detail PIN pad, 关怀模式')
  await page.getByText('取消').first().click()
  await expect(page.getByText('请输入 6 位密码').count()).resolves.toBe(0)
  await page.getByText('查看完整信息').click()
  await typePin(page, TEST_PIN)
  await page.getByText('隐藏敏感信息').waitFor()
  const full = await page.locator('.field', { hasText: '公民身份号码' }).locator('.idgroup').allInnerTexts()
  expect(full).toEqual(['440106', '19900315', '001X'])
  // Each group stays on one line.
  const lines = await page
    .locator('.field', { hasText: '公民身份号码' })
    .locator('.idgroup')
    .evaluateAll((els) => els.map((el) => el.getClientRects().length))
  expect(lines).toEqual([1, 1, 1])
  await screenshot(page, 'ux-08-care-detail-full', { fullPage: false })

  // The purpose picker has its 返回 too.
  await page.locator('.backbar__btn:visible').click()
  await page.getByText('出示证件（给对方扫码）').click()
  await page.getByText('请选择出示用途').waitFor()
  await settle(page)
  await expect(page.locator('.backbar__btn:visible').first().isVisible()).resolves.toBe(true)
  await screenshot(page, 'ux-09-care-purpose-picker', { fullPage: false })
  expect(errors).toEqual([])
})

test('忘记密码: explained first, face check, new PIN, certificates claimed again; no wrong PIN spent', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPin(page)
  await claimAll(page)
  await page.getByText('立即锁定').click()
  await page.getByText('输入密码解锁').click()
  await page.getByText('忘记密码').click()
  await page.getByText(/^不用再猜密码/).waitFor()
  await screenshot(page, 'ux-10-forgot-explained', { fullPage: false })
  expectClean(await seriousA11yViolations(page), '忘记密码 explanation')
  await page.getByRole('textbox', { name: '姓名' }).fill('张明华')
  await page.getByRole('textbox', { name: '身份证号码' }).fill(ZHANG_ID)
  await page.getByText('开始刷脸').click()
  await page.getByText('忘记密码：刷脸确认是本人').waitFor()
  await page.getByText('模拟核验通过').click()
  await page.getByText('刷脸通过。请设置新密码。').waitFor({ timeout: 20000 })
  // Until the new PIN is set, the old cards are still there.
  const stored = await page.evaluate(() => ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data).state.credentials.length)
  expect(stored).toBe(ZHANG_CARD_COUNT)
  await page.getByText('设置新的 6 位数字密码').waitFor()
  await typePin(page, '246813')
  await page.getByText('请再输入一次密码').waitFor()
  await typePin(page, '246813')
  await page.getByText(/^密码设置成功。请点下面的按钮，重新领取/).waitFor({ timeout: 20000 })
  await screenshot(page, 'ux-11-forgot-new-pin', { fullPage: false })
  const again = page.getByText(/^(全部领取|一键恢复全部证照)$/).first()
  await again.waitFor({ timeout: 20000 })
  if (await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).count()) {
    await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  }
  await again.click()
  await waitForCards(page, ZHANG_CARD_COUNT)
  const lock = await page.evaluate(() => ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data).state.lock.pin.failures)
  expect(lock).toBe(0)
  await screenshot(page, 'ux-12-forgot-claimed-again')
  expect(errors).toEqual([])
})

test('the employer checks a 学历验证码 from the first screen, without a wallet', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await page.getByText('查验学历验证码（无需领证）').click()
  await page.locator('.backbar__btn:visible').waitFor()
  await settle(page)
  await expect(page.getByText('设置 6 位数字密码').isVisible()).resolves.toBe(false)
  await screenshot(page, 'ux-13-employer-check', { fullPage: false })
  expectClean(await seriousA11yViolations(page), 'employer check')
  await page.locator('.backbar__btn:visible').click()
  await page.getByText('设置 6 位数字密码').waitFor()
  expect(errors).toEqual([])
})

test('关怀模式: the verifier reads its answer aloud (H5 speechSynthesis)', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  // What the page says is recorded (headless Chromium has no voice to hear).
  await page.addInitScript(() => {
    const said: string[] = []
    ;(window as unknown as { said: string[] }).said = said
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void said.push(`${u.lang}|${u.text}`)
  })
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await page.locator('.care-switch__label').click()
  await page.locator('.wallet.care').waitFor()
  await page.goto(h5.url + '/#/subpackages/verifier/pages/scan/index')
  await page.getByText('请选择核验身份').waitFor({ timeout: 30000 })
  await page.locator('.vf-role', { hasText: '路面执勤' }).click()
  await page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await page.getByLabel('粘贴出示码').fill('CW1:NOT-A-REAL-CODE')
  await page.getByText('核验出示码').click()
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await page.getByText('朗读结果', { exact: true }).click()
  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said)
  expect(said).toHaveLength(1)
  expect(said[0]).toMatch(/^zh-CN\|核验未通过。/)
  await settle(page)
  await screenshot(page, 'ux-14-care-verifier-read-aloud', { fullPage: false })
  expect(errors).toEqual([])
})

const PAGES = [
  '/pages/wallet/index',
  '/subpackages/holder/pages/detail/index',
  '/subpackages/present/pages/index/index',
  '/subpackages/verifier/pages/scan/index',
  '/subpackages/share/pages/paper/index',
  '/subpackages/share/pages/degree/index',
  '/subpackages/share/pages/check/index',
  '/subpackages/share/pages/file/index',
  '/subpackages/medpay/pages/index/index',
  '/subpackages/medpay/pages/code/index',
  '/subpackages/medpay/pages/settlement/index?setlId=none',
  '/subpackages/medpay/pages/family/index',
  '/subpackages/pos/pages/counter/index',
  '/subpackages/holder/pages/usage/index',
  '/subpackages/holder/pages/devices/index'
]

test('axe-core: every page, normal and 关怀模式, has no serious or critical violation', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPin(page)
  await claimAll(page)
  const idCard = await page.evaluate(() => ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data).state.credentials.find((c: { kind: string }) => c.kind === 'id-card').certId as string)
  const found: Record<string, AxeFinding[]> = {}
  for (const care of [false, true]) {
    if (care) {
      // The words 关怀模式 on the home page turn it on; it is remembered on this phone.
      await page.goto(`${h5.url}/#/pages/wallet/index`)
      await page.reload()
      await waitForMock(page)
      await page.locator('.care-switch__label').click()
      await page.locator('.wallet.care').waitFor()
    }
    for (const path of PAGES) {
      const url = path === '/subpackages/holder/pages/detail/index' ? `${path}?certId=${encodeURIComponent(idCard)}` : path
      await page.goto(`${h5.url}/#${url}`)
      await page.reload()
      await waitForMock(page)
      await page.locator(care ? '.care, .vf' : 'body').first().waitFor()
      await page.waitForTimeout(700)
      const v = await seriousA11yViolations(page)
      if (v.length) found[`${care ? 'care' : 'normal'} ${path}`] = v
    }
  }
  expect(found).toEqual({})
  expect(errors).toEqual([])
}, 300000)
