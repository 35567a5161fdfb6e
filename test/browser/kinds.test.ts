/**
 * Issue #13 in Chromium at phone size, on the in-page simulator: the three new kinds (结婚证,
 * 职业资格证书, 不动产权证书) on the home page and their detail pages, and the sync that follows
 * the physical card: 新证照可领取, 信息已更新 after a 换证 with a new address (masked), and a
 * 交警 暂扣 of the driving licence (驾驶证暂扣中). Screenshots in test-output/screenshots/kinds-*.png.
 */
import type { Page } from 'playwright-core'
import { DEMO_ADMIN_TOKEN } from '../../mock/handlers'
import { installH5Session, newPhonePage, screenshot, setPinOnFirstRun, waitForMock } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

async function claimAll(page: Page) {
  await setPinOnFirstRun(page)
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30000 })
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await page.getByText('全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT, { timeout: 30000 })
}

async function storedCards(page: Page): Promise<{ certId: string; kind: string; status: string }[]> {
  return page.evaluate(() => ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data).state.credentials)
}

async function adminPost(page: Page, path: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ path, body, token }) =>
      (await fetch(`/api/v1/admin${path}`, { method: 'POST', headers: { 'X-Admin-Token': token, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })).status,
    { path, body, token: DEMO_ADMIN_TOKEN }
  )
}

const card = (page: Page, label: string) => page.locator('.card', { hasText: label })

async function sync(page: Page) {
  await page.getByText('同步证照状态').click()
  await page.getByText('同步证照状态').waitFor({ timeout: 30000 })
}

test('the new kinds: 结婚证, 职业资格证书 and 不动产权证书 in their groups, masked, each with its detail page', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await claimAll(page)
  for (const label of ['结婚证', '职业资格证书', '不动产权证书']) {
    await expect(card(page, label).getByText(/^真实有效/).isVisible()).resolves.toBe(true)
  }
  // Groups in registry order; the new ones after 学历.
  const titles = await page.locator('.group__title').allInnerTexts()
  expect(titles).toEqual(['证件', '驾驶', '社保医保', '学历', '职业资格', '房产'])
  // The spouse's name and the flat's address are masked on the cards.
  const text = await page.locator('body').innerText()
  expect(text).not.toContain('林晓燕')
  expect(text).not.toContain('天河路385号1203房')
  await card(page, '结婚证').scrollIntoViewIfNeeded()
  await screenshot(page, 'kinds-01-new-cards', { fullPage: true })

  await card(page, '不动产权证书').click()
  await page.getByText('权利人', { exact: true }).waitFor()
  await expect(page.getByText('天河路385号1203房').count()).resolves.toBe(0)
  // Every value stays inside its row: the long masked 不动产单元号 wraps rather than running past the card.
  const overflowing = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.field'))
      .filter((row) => (row as HTMLElement).offsetParent !== null)
      .flatMap((row) => Array.from(row.querySelectorAll('.field__value')).filter((v) => v.getBoundingClientRect().right > row.getBoundingClientRect().right + 1).map((v) => v.textContent))
  )
  expect(overflowing).toEqual([])
  await screenshot(page, 'kinds-02-real-estate-detail')
  expect(errors).toEqual([])
})

test('sync follows the physical card: 新证照可领取, 信息已更新 after a 换证, 驾驶证暂扣中', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await claimAll(page)
  const cards = await storedCards(page)
  const idCard = cards.find((c) => c.kind === 'id-card')!
  const licence = cards.find((c) => c.kind === 'driving-licence')!

  // The authorities act: a new qualification, a 换证 after a move, a 暂扣 by the traffic police.
  expect(
    await adminPost(page, '/holders/p-zhang/certificates', {
      kind: 'professional-qualification',
      issuer: 'mohrss',
      claims: { name: '张明华', sex: '男', id_number: '44010619900315001X', occupation: '人工智能训练师', level: '二级/技师', certificate_number: 'S000044010603226000771', issue_date: '2026-11-20', issuing_body: '广东省职业技能鉴定指导中心' }
    })
  ).toBe(201)
  expect(await adminPost(page, `/certificates/${encodeURIComponent(idCard.certId)}/reissue`, { claims: { address: '广东省广州市海珠区新港中路397号', issuing_authority: '广州市公安局海珠分局' } })).toBe(200)
  expect(await adminPost(page, `/certificates/${encodeURIComponent(licence.certId)}/suspend`)).toBe(200)
  await sync(page)

  // 新证照可领取: only the new one is listed, and one tap adds it.
  await page.getByText('新证照可领取（1）').waitFor({ timeout: 30000 })
  await expect(page.locator('.panel--new').getByText('职业资格证书').isVisible()).resolves.toBe(true)
  await page.locator('.panel--new').scrollIntoViewIfNeeded()
  await screenshot(page, 'kinds-03-new-certificate-offered', { fullPage: false })

  // 暂扣 in the licence's own words, on the card.
  await expect(card(page, '电子驾驶证').locator('.badge').innerText()).resolves.toBe('驾驶证暂扣中')
  // 信息已更新 on the ID card, naming what changed.
  await expect(card(page, '居民身份证电子证照').getByText('信息已更新：住址、签发机关（点开查看）').isVisible()).resolves.toBe(true)
  await card(page, '电子驾驶证').scrollIntoViewIfNeeded()
  await screenshot(page, 'kinds-04-suspended-and-updated-cards', { fullPage: false })

  await page.locator('.panel--new').getByText('全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT + 1, { timeout: 30000 })
  await expect(page.getByText(/新证照可领取/).count()).resolves.toBe(0)

  // The detail page of the ID card: what changed, masked (the full new address is not on screen).
  await card(page, '居民身份证电子证照').click()
  // (Taro keeps the home page in the DOM, hidden: look inside the detail page.)
  await page.locator('.detail__updated-title', { hasText: '信息已更新' }).waitFor()
  await expect(page.locator('.detail__updated').innerText()).resolves.toContain('签发机关')
  await expect(page.locator('.detail__updated').innerText()).resolves.toContain('广州市公安局天河分局 → 广州市公安局海珠分局')
  await expect(page.locator('.detail__updated').innerText()).resolves.toContain('住址')
  await expect(page.getByText('新港中路397号').count()).resolves.toBe(0)
  await screenshot(page, 'kinds-05-detail-updated')
  await page.locator('.detail__updated').getByText('知道了').click()
  await expect(page.locator('.detail__updated').count()).resolves.toBe(0)
  await page.goBack()

  // The detail page of the licence: the words and what they mean.
  await card(page, '电子驾驶证').click()
  await page.locator('.detail__status--bad', { hasText: '驾驶证暂扣中。' }).waitFor()
  await expect(page.locator('.detail__head .badge').last().innerText()).resolves.toBe('驾驶证暂扣中')
  await screenshot(page, 'kinds-06-detail-suspended')
  expect(errors).toEqual([])
})
