/**
 * The H5 app in Chromium on the built-in simulator: a new holder claims every certificate, the
 * cards show verified signatures; a simulator failure shows a clear Chinese error.
 */
import { installH5Session, newPhonePage, screenshot, setPinOnFirstRun, waitForMock } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

test('a new holder claims all of their certificates and sees them verified', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await page.getByText('设置 6 位数字密码').waitFor()
  await screenshot(page, '01-first-open')
  await setPinOnFirstRun(page)

  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor()
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await screenshot(page, '02-claim-list')
  await page.getByText('全部领取').click()

  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT, { timeout: 30000 })
  for (const label of ['居民身份证电子证照', '电子驾驶证', '电子行驶证', '电子社保卡', '医保电子凭证']) {
    await expect(page.getByText(label, { exact: false }).first().isVisible()).resolves.toBe(true)
  }
  await expect(page.locator('.card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.getByText(/真实有效/).count()).resolves.toBe(ZHANG_CARD_COUNT)
  // Sensitive fields are masked on the cards: the full ID number never appears.
  await expect(page.getByText('44010619900315001X').count()).resolves.toBe(0)
  await screenshot(page, '03-wallet-home')

  // A card opens its page at once: no slide (src/app.config.ts), and the wallet behind it is
  // hidden in the same step, not 350 ms later.
  await page.locator('.card').first().click()
  await page.getByText('返回').first().waitFor()
  const shown = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.taro_router > .taro_page'))
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => ({ id: el.id, transition: getComputedStyle(el).transitionDuration, transform: getComputedStyle(el).transform }))
  )
  expect(shown).toEqual([{ id: expect.stringContaining('detail'), transition: '0s', transform: 'none' }])
  expect(errors).toEqual([])
})

test('a simulator outage shows a clear Chinese error, not a blank page', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPinOnFirstRun(page)
  const status = await page.evaluate(async () => {
    const r = await fetch('/__mock/failures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'server-error' }) })
    return r.status
  })
  expect(status).toBeLessThan(300)
  await page.getByText(ZHANG).click()
  await page.getByText('政务服务暂时不可用，请稍后重试').waitFor({ timeout: 30000 })
  // By the button pressed, in plain words; the code one tap away (详情).
  await expect(page.getByText('错误代码 ERR_SERVER').count()).resolves.toBe(0)
  await page.getByText('详情').click()
  await expect(page.getByText('错误代码 ERR_SERVER').isVisible()).resolves.toBe(true)
  await screenshot(page, '04-server-error')
  expect(errors).toEqual([])
})
