/**
 * Holder and verifier in one browser tab (one in-page simulator, so the holder's revocations reach
 * the verifier's status lists), the QR always going from one page to the other as an image:
 *  - 亮证 canvas → image → verifier upload: green; the same image again: red (replayed); the licence
 *    cancelled by its issuer: the platform's online check of a fresh QR is red (revoked).
 *  - 纸质凭证: the printable sheet (print CSS, window.print), accepted by a hotel desk with the
 *    请核对本人证件 note; after the holder revokes it, red with that reason.
 *  - 学历验证码: made for 60 days, the public check page shows it valid, its offline QR is green for an
 *    employer; revoked, the check page says so and the verifier turns red.
 *  - 文件调用授权: the holder picks the registered hotel, 入住 and 7 days, confirms with the PIN; the
 *    hotel's desk (verifier mode, enrolled with its activation code) fetches the watermarked copy and
 *    shows it verified; the holder revokes the grant in 用证记录 and the desk is refused.
 */
import type { Page } from 'playwright-core'
import { DEFAULT_SEED, seedActivationCodes } from '../../mock/simulator'
import { backHome, claimAllOnFirstRun, installH5Session, newPhonePage, screenshot, screenshotElement, see, seeLoc } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

const PIN = '258014'
const claimAll = (page: Page) => claimAllOnFirstRun(page, h5.url, { pin: PIN, demo: ZHANG, cards: ZHANG_CARD_COUNT })

/** The element's pixels as a PNG file: what a phone camera would photograph. */
async function capture(page: Page, selector: string, name: string): Promise<string> {
  // Sized, visible and painted: a QR has dark modules along its middle row.
  await page.waitForFunction(
    (sel) =>
      Array.from(document.querySelectorAll(sel)).some((el) => {
        const c = el as HTMLCanvasElement
        if (c.width <= 100 || c.offsetParent === null) return false
        const row = c.getContext('2d')?.getImageData(0, Math.floor(c.height / 2), c.width, 1).data
        if (!row) return false
        for (let i = 0; i < row.length; i += 4) if (row[i] < 80 && row[i + 3] > 200) return true
        return false
      }),
    selector
  )
  return screenshotElement(seeLoc(page, selector), name)
}

/** Wallet home → verifier mode as `roleDescription`, material up to date. */
async function openVerifier(page: Page, roleDescription: string) {
  await backHome(page)
  await see(page, '我是核验方（扫码核验）').click()
  const picker = see(page, '请选择核验身份')
  const switchRole = see(page, '切换身份')
  await Promise.race([picker.waitFor(), switchRole.waitFor()])
  if (await switchRole.isVisible().catch(() => false)) await switchRole.click()
  await seeLoc(page, '.vf-role', roleDescription).click()
  await see(page, /^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await see(page, '更新核验数据', true).click()
  await page.waitForFunction(() => !document.body.innerText.includes('正在更新核验数据'), undefined, { timeout: 30000 })
  await see(page, '更新核验数据', true).waitFor({ timeout: 30000 })
}

async function upload(page: Page, file: string) {
  await seeLoc(page, 'input[type=file]').setInputFiles(file)
  await see(page, /^核验(未)?通过$/).waitFor({ timeout: 20000 })
}

/** Tall window, for screenshots of everything below the fold too. */
async function tallShot(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 1600 })
  await screenshot(page, name)
  await page.setViewportSize({ width: 390, height: 844 })
}

async function confirmModal(page: Page, text: string) {
  // Taro H5's modal: a zero-size wrapper with a fixed mask and box; the confirm button is a div.
  const confirm = page.locator('.taro-modal__content .taro-model__confirm').filter({ visible: true }).first()
  await confirm.waitFor()
  await expect(confirm.innerText()).resolves.toBe(text)
  await page.waitForTimeout(300) // its fade-in
  await screenshot(page, `modal-${text}`)
  await confirm.click()
}

async function presentTrafficQr(page: Page, name: string): Promise<string> {
  await backHome(page)
  await see(page, '亮证（出示二维码）').click()
  await page.waitForFunction(() => (document.body.innerText.match(/离线可用/g) ?? []).length >= 5, undefined, { timeout: 30000 })
  await seeLoc(page, '.purpose', '交警查验').click()
  await seeLoc(page, '.consent-actions__agree').click()
  await seeLoc(page, '[data-qr-text^="CW1:"]').waitFor()
  return capture(page, 'canvas#present-qr', name)
}

test('亮证 canvas → verifier upload: green, the same image red (replayed); a cancelled licence red at the platform\'s online check', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  const first = await presentTrafficQr(page, 'share-01-holder-qr')

  await openVerifier(page, '路面执勤')
  await upload(page, first)
  await expect(see(page, '核验通过').isVisible()).resolves.toBe(true)
  await expect(see(page, '交警查验').isVisible()).resolves.toBe(true)
  await screenshot(page, 'share-02-canvas-green')
  await see(page, '完成，核验下一位').click()

  await upload(page, first)
  await expect(see(page, '核验未通过').isVisible()).resolves.toBe(true)
  await expect(see(page, /此二维码已被使用过（可能是截图）/).isVisible()).resolves.toBe(true)
  await expect(see(page, /ERR_REPLAYED/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'share-03-canvas-replayed')
  await see(page, '返回，重新核验').click()

  // The issuing authority cancels the driving licence (admin API of the in-page simulator).
  const certId = await page.evaluate(() => {
    const blob = ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data)
    return (blob.state.credentials as { kind: string; certId: string }[]).find((c) => c.kind === 'driving-licence')!.certId
  })
  const status = await page.evaluate(async (id) => (await fetch(`/api/v1/admin/certificates/${encodeURIComponent(id)}/revoke`, { method: 'POST', headers: { 'X-Admin-Token': 'certwallet-demo-admin' } })).status, certId)
  expect(status).toBe(200)

  // The phone still holds the purpose credentials it fetched before. They are layout 2 (issue #16): no
  // status entry, valid 24 h, so an offline check cannot know of the cancellation until they expire
  // (docs/presentation-format.md, "The revocation delay"). The platform's online check knows now, and the
  // platform refuses to refresh them (test/unit/store/presentation-unlinkable.test.ts covers the refresh and the expiry).
  const second = await presentTrafficQr(page, 'share-04-holder-qr-revoked')
  const { decodeQrFromImageFile } = await import('../../scripts/qrImage')
  const text = await decodeQrFromImageFile(second)
  const online = await page.evaluate(async (qr) => {
    const r = await fetch('/api/v1/verifications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ presentation: qr, purpose: '交警查验' }) })
    return r.json()
  }, text)
  expect(online).toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
  await screenshot(page, 'share-05-canvas-revoked')
  expect(errors).toEqual([])
})

test('纸质凭证: a printable sheet; a hotel desk accepts it with 请核对本人证件; revoked by the holder, red', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.addInitScript(() => {
    ;(window as unknown as { __printed: number }).__printed = 0
    window.print = () => void (window as unknown as { __printed: number }).__printed++
  })
  await claimAll(page)
  await see(page, '打印纸质凭证（给没有手机的家人）').click()
  await see(page, '选择要打印的证照').waitFor()
  await screenshot(page, 'paper-01-choose')
  await see(page, '打印居民身份证电子证照').click()
  await seeLoc(page, '#paper-sheet').waitFor()
  await seeLoc(page, '[data-qr-text^="CWP1:"]').waitFor()
  await expect(seeLoc(page, '#paper-sheet').getByText('张明华').isVisible()).resolves.toBe(true)
  await expect(seeLoc(page, '#paper-sheet').getByText('440106********001X').isVisible()).resolves.toBe(true)
  await expect(see(page, '核验时请同时出示本人身份证件').isVisible()).resolves.toBe(true)
  expect(await page.evaluate(() => document.body.innerText)).not.toContain('44010619900315001X')
  const sheetQr = await capture(page, 'canvas#paper-qr', 'paper-02-qr')
  await tallShot(page, 'paper-03-sheet')

  await see(page, '打印 / 保存为PDF').click()
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1)
  // What the printer gets: the sheet only (no buttons, no app chrome).
  await page.emulateMedia({ media: 'print' })
  await expect(see(page, '打印 / 保存为PDF').isVisible()).resolves.toBe(false)
  await expect(see(page, '核验时请同时出示本人身份证件').isVisible()).resolves.toBe(true)
  await screenshot(page, 'paper-04-print-media')
  await page.emulateMedia({ media: 'screen' })

  await openVerifier(page, '前台入住登记')
  await upload(page, sheetQr)
  await expect(see(page, '核验通过').isVisible()).resolves.toBe(true)
  await expect(see(page, '纸质凭证', true).isVisible()).resolves.toBe(true)
  await expect(see(page, '纸质凭证：请核对本人证件').isVisible()).resolves.toBe(true)
  await expect(see(page, '440106********001X').isVisible()).resolves.toBe(true)
  await tallShot(page, 'paper-05-verifier-green')
  // This desk never enrolled with an activation code (#11 item 7): the check works offline, it is
  // labelled as unregistered, and it cannot write into the holder's 用证记录 (上报 is not offered).
  await expect(page.getByText('未登记核验方（本机未登记，结果不上报）').isVisible()).resolves.toBe(true)
  await expect(page.locator('input[placeholder="用证事由，如：入住登记"]').count()).resolves.toBe(0)
  await tallShot(page, 'paper-05b-unregistered')
  await see(page, '完成，核验下一位').click()

  // The holder revokes the paper.
  await backHome(page)
  await see(page, '打印纸质凭证（给没有手机的家人）').click()
  await see(page, '已生成的纸质凭证').waitFor()
  await seeLoc(page, '.sh-item').getByText('作废', { exact: true }).click()
  await confirmModal(page, '作废')
  await seeLoc(page, '.sh-item .sh-badge', '已作废').waitFor()
  await screenshot(page, 'paper-06-revoked-list')

  await openVerifier(page, '前台入住登记')
  await upload(page, sheetQr)
  await expect(see(page, '核验未通过').isVisible()).resolves.toBe(true)
  await expect(see(page, '该纸质凭证已被持证人作废').isVisible()).resolves.toBe(true)
  await expect(see(page, '请持证人出示本人身份证件，或用手机上的证照夹亮证。').isVisible()).resolves.toBe(true)
  await screenshot(page, 'paper-07-verifier-red')
  expect(errors).toEqual([])
})

test('学历验证码: created for 60 days, checked valid on the public page and offline by an employer; revoked, both say so', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  await see(page, '学历验证码（发给用人单位）').click()
  await see(page, '验证码有效期').waitFor()
  await see(page, '60天', true).click()
  await screenshot(page, 'degree-01-create')
  await see(page, '生成验证码（60天有效）').click()
  const code = (await seeLoc(page, '#share-code').innerText()).trim()
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}( [A-HJ-NP-Z2-9]{4}){3}$/)
  await expect(see(page, /（60天）/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'degree-02-code')

  await backHome(page)
  await see(page, '查验学历验证码').click()
  await seeLoc(page, 'input[placeholder="例如 ABCD EFGH JKLM NPQR"]').fill(code.toLowerCase())
  await see(page, '查验', true).click()
  await see(page, '学历信息真实有效').waitFor({ timeout: 20000 })
  await expect(seeLoc(page, '.sh-row__value', '张明华').isVisible()).resolves.toBe(true)
  await expect(see(page, '签发机构：教育部学历证书电子注册备案中心').isVisible()).resolves.toBe(true)
  expect(await page.evaluate(() => document.body.innerText)).not.toContain('44010619900315001X')
  const offlineQr = await capture(page, 'canvas#share-check-qr', 'degree-03-offline-qr')
  await tallShot(page, 'degree-04-check-valid')

  await openVerifier(page, '入职：学历学位')
  await upload(page, offlineQr)
  await expect(see(page, '核验通过').isVisible()).resolves.toBe(true)
  await expect(see(page, '学历验证码', true).isVisible()).resolves.toBe(true)
  await expect(see(page, '学历验证码：请核对本人证件').isVisible()).resolves.toBe(true)
  await tallShot(page, 'degree-05-verifier-green')
  await see(page, '完成，核验下一位').click()
  // Online, the employer may also type the code itself.
  await seeLoc(page, 'input[aria-label="粘贴出示码"]').fill(code)
  await see(page, '核验出示码').click()
  await see(page, /^核验(未)?通过$/).waitFor({ timeout: 20000 })
  await expect(see(page, '学历验证码：请核对本人证件').isVisible()).resolves.toBe(true)
  await see(page, '完成，核验下一位').click()

  await backHome(page)
  await see(page, '学历验证码（发给用人单位）').click()
  await see(page, '我的验证码').waitFor()
  await seeLoc(page, '.sh-item').getByText('撤销', { exact: true }).click()
  await confirmModal(page, '撤销')
  await seeLoc(page, '.sh-item .sh-badge', '已撤销').waitFor()
  await screenshot(page, 'degree-06-revoked-list')

  await backHome(page)
  await see(page, '查验学历验证码').click()
  await seeLoc(page, 'input[placeholder="例如 ABCD EFGH JKLM NPQR"]').fill(code)
  await see(page, '查验', true).click()
  await see(page, '验证码已撤销').waitFor({ timeout: 20000 })
  await expect(seeLoc(page, '.sh-row__value', '张明华').count()).resolves.toBe(0)
  await screenshot(page, 'degree-07-check-revoked')

  await openVerifier(page, '入职：学历学位')
  await upload(page, offlineQr)
  await expect(see(page, '该学历验证码已被持证人撤销').isVisible()).resolves.toBe(true)
  await screenshot(page, 'degree-08-verifier-red')
  expect(errors).toEqual([])
})

/** The enrolled desk's 文件调用 panel: the 授权编号 typed in, 调取加注件. */
async function deskFetches(page: Page, grantId: string) {
  const box = page.getByRole('textbox', { name: '授权编号，如 fg-…' }).filter({ visible: true }).first()
  await box.waitFor({ timeout: 20000 })
  await box.fill(grantId)
  await see(page, '调取加注件', true).click()
}

test('文件调用授权: the holder grants the registered hotel the ID card for 入住 with the PIN; the hotel fetches the watermarked copy; revoked in 用证记录, refused', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  await seeLoc(page, '.share-entry').scrollIntoViewIfNeeded()
  await screenshot(page, 'share-00-wallet-entry', { fullPage: false })
  await see(page, '文件调用授权（让登记单位调取加注件）').click()
  await see(page, '文件调用授权', true).waitFor()
  await seeLoc(page, '.sh-choice__item', '居民身份证').click()
  // The registered organisations, named as the national registry signs them.
  const hotel = seeLoc(page, '.file-org', '广州天河花园酒店有限公司')
  await hotel.waitFor({ timeout: 20000 })
  await expect(hotel.innerText()).resolves.toContain('统一社会信用代码 91440106MA5CXK3L2H')
  await expect(page.locator('.file-org', { hasText: '交通警察支队' }).count()).resolves.toBe(0)
  await hotel.click()
  await seeLoc(page, '.sh-choice__item', '酒店入住').click()
  await see(page, /^对方将看到：姓名、公民身份号码、民族、住址/).waitFor()
  await seeLoc(page, '.sh-choice__item', '7天').click()
  await tallShot(page, 'share-08-file-grant-form')
  await see(page, '授权调用', true).click()
  await see(page, /授权广州天河花园酒店有限公司调取居民身份证/).waitFor()
  for (const d of PIN) await seeLoc(page, `.sheet .pinpad__key--${d}`).click()
  await see(page, '已授权文件调用').waitFor({ timeout: 20000 })
  const grantId = (await seeLoc(page, '#file-grant-done .sh-row', '授权编号').innerText()).replace('授权编号', '').trim()
  expect(grantId).toMatch(/^fg-[0-9a-f]{24}$/)
  await screenshot(page, 'share-09-file-grant-done')

  await see(page, '完成', true).click()

  // The hotel's desk (verifier mode on this phone, enrolled with the hotel's activation code) fetches
  // the copy with the 授权编号 and shows it only once it verified against the trust list.
  const code = seedActivationCodes(DEFAULT_SEED).find((c) => c.name === '广州天河花园酒店有限公司')!.activationCode
  await openVerifier(page, '前台入住登记')
  await see(page, '用激活码登记本机').click()
  await page.getByRole('textbox', { name: '激活码，如 ABCD-EFGH-JKLM' }).fill(code)
  await see(page, '登记本机', true).click()
  await see(page, /酒店 · 广州天河花园酒店有限公司/).waitFor({ timeout: 20000 })
  await deskFetches(page, grantId)
  await seeLoc(page, '#vf-file-copy').waitFor({ timeout: 20000 })
  await see(page, /^仅供广州天河花园酒店有限公司用于酒店入住，\d{4}-\d{2}-\d{2}前有效$/).waitFor()
  // The same 加注件 as an OFD (#14 §3): its platform seal and the 加注 on every page verified offline.
  await see(page, /^加注件（OFD）签章已验证：全国一体化政务服务平台电子证照共享服务加注专用章，每页加注“仅供广州天河花园酒店有限公司用于酒店入住/).waitFor()
  await expect(seeLoc(page, '#vf-file-copy').innerText()).resolves.toContain('张明华')
  await tallShot(page, 'share-11-desk-file-copy')

  // 用证记录 (from the wallet home's card → its page): the grant, one fetch, revocable.
  await backHome(page)
  await page.locator('.card', { hasText: '居民身份证' }).first().click()
  await see(page, '用证记录（谁查看过这张证照）').click()
  await see(page, '文件调用授权', true).waitFor({ timeout: 20000 })
  await see(page, '已调取：1 次').waitFor({ timeout: 20000 })
  await seeLoc(page, '.usage-tag--file-retrieval').waitFor()
  await tallShot(page, 'share-10-usage-grant')
  await see(page, '撤销授权', true).click()
  await confirmModal(page, '撤销')
  await seeLoc(page, '.usage-tag--grant-revoked').waitFor({ timeout: 20000 })
  // The desk again: refused, and it says why.
  await backHome(page)
  await see(page, '我是核验方（扫码核验）').click()
  await deskFetches(page, grantId)
  await see(page, /^调取失败：.*（ERR_GRANT_REVOKED）$/).waitFor({ timeout: 20000 })
  expect(errors).toEqual([])
})

test('locked wallet: the share pages ask for the PIN first, then go on; the public check needs none', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  await see(page, '立即锁定', true).click()
  await see(page, '已锁定，敏感信息已隐藏').waitFor()
  await see(page, '打印纸质凭证（给没有手机的家人）').click()
  await see(page, '打印或作废纸质凭证前请输入密码，防止他人拿您的手机冒用证照').waitFor()
  await expect(see(page, '选择要打印的证照').isVisible()).resolves.toBe(false)
  await screenshot(page, 'share-06-locked-paper')
  for (const d of PIN) await seeLoc(page, `.pinpad__key--${d}`).click()
  await see(page, '选择要打印的证照').waitFor({ timeout: 20000 })
  await backHome(page)
  await see(page, '查验学历验证码').click()
  await see(page, '输入持证人提供的16位验证码，查看其学历信息是否真实有效。无需登录。').waitFor()
  expect(errors).toEqual([])
})

test('关怀模式: the share entry shows only the main action, and the paper page is in large type', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  const before = await seeLoc(page, '.share-entry__btn').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  await seeLoc(page, '.care-switch__switch').click()
  await see(page, '已开启：大字、大按钮').waitFor()
  await expect(see(page, '文件调用授权（让登记单位调取加注件）').isVisible()).resolves.toBe(false)
  const after = await seeLoc(page, '.share-entry__btn').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(after / before).toBeGreaterThanOrEqual(1.3)
  await see(page, '打印纸质凭证（给没有手机的家人）').click()
  await see(page, '选择要打印的证照').waitFor()
  const text = await seeLoc(page, '.sh-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(text).toBeGreaterThanOrEqual(22) // CSS px on a 390 px phone (34 design px ≈ 17.7 outside care mode)
  await screenshot(page, 'share-07-care-paper')
  expect(errors).toEqual([])
})

/** The in-page simulator's failure rule: every API call answers 503 (the service is unreachable). */
async function serviceDown(page: Page, down: boolean) {
  const status = await page.evaluate(
    async (body) => (await fetch('/__mock/failures', { method: body ? 'POST' : 'DELETE', headers: { 'content-type': 'application/json' }, body: body || undefined })).status,
    down ? JSON.stringify({ mode: 'server-error' }) : ''
  )
  expect(status).toBeLessThan(300)
}

async function presentQr(page: Page, purposeLabel: string, name: string): Promise<string> {
  await backHome(page)
  await see(page, '亮证（出示二维码）').click()
  await page.waitForFunction(() => (document.body.innerText.match(/离线可用/g) ?? []).length >= 5, undefined, { timeout: 30000 })
  await seeLoc(page, '.purpose', purposeLabel).click()
  await seeLoc(page, '.consent-actions__agree').click()
  await seeLoc(page, '[data-qr-text^="CW1:"]').waitFor()
  const file = await capture(page, 'canvas#present-qr', name)
  await see(page, '结束出示').click()
  return file
}

test('年龄核验, 药店/医院 and 学历核验: holder canvas → verifier green with the service down (offline check)', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  const cases = [
    { label: '年龄核验', role: '前台入住登记、年龄核验', shot: 'offline-age', shows: '已满18周岁' },
    { label: '药店/医院', role: '医保电子凭证', shot: 'offline-pharmacy', shows: '医保电子凭证' },
    { label: '学历核验', role: '入职：学历学位、身份与社保', shot: 'offline-degree', shows: '华南理工大学' }
  ]
  const images: string[] = []
  for (const c of cases) images.push(await presentQr(page, c.label, `${c.shot}-holder-qr`))
  for (const [i, c] of cases.entries()) {
    await serviceDown(page, false)
    await openVerifier(page, c.role)
    // From here the verifier has only what it cached: the service answers 503 to everything.
    await serviceDown(page, true)
    await upload(page, images[i])
    await expect(see(page, '核验通过').isVisible()).resolves.toBe(true)
    await expect(see(page, c.shows).isVisible()).resolves.toBe(true)
    if (c.label === '年龄核验') {
      // Only "over 18": no name, no ID number, no birth date.
      const text = await page.evaluate(() => document.body.innerText)
      expect(text).not.toMatch(/440106|1990-03-15|张\*?明?华/)
    }
    await screenshot(page, `${c.shot}-verifier-green`)
    await see(page, '完成，核验下一位').click()
  }
  await serviceDown(page, false)
  expect(errors).toEqual([])
})
