/**
 * Issue #14 §2 in the H5 build on the in-page simulator: the holder claims, opens the ID card's
 * 电子证照原件 (verified offline in the page, its 照面 drawn from the OFD's own page with the ID
 * number masked), exports the .ofd (a download), then verifier mode uploads that file: green, with
 * the seal named. The same file with one page character changed: red with its own code.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { unzipSync, zipSync } from 'fflate'
import { backHome, claimAllOnFirstRun, installH5Session, newPhonePage, screenshot, see, seeLoc } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

const PIN = '258014'
const claimAll = (page: Page) => claimAllOnFirstRun(page, h5.url, { pin: PIN, demo: ZHANG, cards: ZHANG_CARD_COUNT })

test('claim → open the 原件 (照面 from the OFD, masked) → export the .ofd → upload it in verifier mode → verified', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  await page.locator('.card', { hasText: '居民身份证' }).first().click()
  await see(page, '电子证照原件（查看照面、导出 OFD）').click()
  await see(page, /^签章有效：广东省公安厅电子证照专用章/).waitFor({ timeout: 30000 })
  const face = seeLoc(page, '.original-page')
  await expect(face.locator('[data-name="field:name"]').innerText()).resolves.toBe('张明华')
  await expect(face.locator('[data-name="field:id_number"]').innerText()).resolves.toBe('440106********001X')
  await expect(face.innerText()).resolves.not.toContain('44010619900315001X')
  await screenshot(page, 'original-01-face')
  // The 原件 page's own buttons: 证照详情 (still in the DOM under it) has a 查看完整信息 button too.
  const originalButton = (text: string) => seeLoc(page, '.original').locator('.original-btn', { hasText: text })
  await originalButton('查看完整信息').click()
  await expect(face.locator('[data-name="field:id_number"]').innerText()).resolves.toBe('44010619900315001X')
  await originalButton('隐藏敏感信息').click()

  const [download] = await Promise.all([page.waitForEvent('download'), see(page, '导出原件（OFD 文件）').click()])
  expect(download.suggestedFilename()).toMatch(/^居民身份证电子证照-.*\.ofd$/)
  const file = path.join(h5.tmp, 'id-card.ofd')
  await download.saveAs(file)
  const bytes = new Uint8Array(readFileSync(file))
  expect(Object.keys(unzipSync(bytes))).toContain('Doc_0/Signs/Sign_0/SignedValue.dat')
  await see(page, /^已导出/).waitFor()

  await backHome(page)
  await see(page, '我是核验方（扫码核验）').click()
  await seeLoc(page, '.vf-role', '前台入住登记').click()
  await see(page, /^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await page.waitForFunction(() => !document.body.innerText.includes('正在更新核验数据'), undefined, { timeout: 30000 })
  await page.getByLabel('上传电子证照原件').setInputFiles(file)
  await see(page, '核验通过', true).waitFor({ timeout: 30000 })
  await see(page, '电子证照原件（OFD 签章已验证）').waitFor()
  await expect(see(page, /广东省公安厅电子证照专用章 · 证照标识/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'original-02-verified')
  await see(page, '完成，核验下一位').click()

  // One character of the page changed (the name): red, with the digest code shown to staff.
  const files = unzipSync(bytes)
  const content = 'Doc_0/Pages/Page_0/Content.xml'
  files[content] = new TextEncoder().encode(new TextDecoder().decode(files[content]).replace('张明华', '张明化'))
  const tampered = path.join(h5.tmp, 'id-card-tampered.ofd')
  writeFileSync(tampered, zipSync(files))
  await page.getByLabel('上传电子证照原件').setInputFiles(tampered)
  await see(page, '核验未通过', true).waitFor({ timeout: 30000 })
  await expect(see(page, /ERR_OFD_DIGEST_MISMATCH/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'original-03-tampered')
  expect(errors).toEqual([])
})
