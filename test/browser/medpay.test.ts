/**
 * 医保支付 in the H5 app (Chromium): two phones — the patient's wallet and a pharmacy counter in
 * verifier mode — talk to ONE government service. Each page's API calls (`fetch` to /api/v1) are
 * bridged to a simulator in this process (the in-page service-worker simulator would give each
 * phone its own), so the counter's settlement reaches the patient's phone and back.
 *
 * Flows: the counter uploads a photo of the patient's 医保码 (the canvas image), rings up items,
 * submits; the patient confirms with the PIN; both show the same receipt; refund. 亲情账户: link a
 * parent with her face check, show her code, pay from my account; her own phone shows it too.
 * Failures: the same code scanned twice; the answer to a confirmation lost (retry, charged once).
 */
import type { Page } from 'playwright-core'
import { SEED_INSTITUTIONS } from '../../mock/simulator'
import { installH5Session, screenshot, TEST_PIN, waitForMock } from './launch'
import { installSharedGov } from './sharedGov'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()
const { sim, dropAnswers, phone, claim, captureQr } = installSharedGov(h5)

/** The visible PIN pad (pages below the current one stay in the H5 DOM, hidden). */
async function typePin(page: Page) {
  for (const d of TEST_PIN) await page.locator(`.pinpad__key--${d}:visible`).click()
}

/** The QR on the patient's 医保码 canvas as a PNG file (what the counter photographs), and its text. */
const captureCode = (page: Page, name: string) => captureQr(page, 'canvas#medpay-qr', name, '医保码')

/**
 * The counter: verifier mode → 药店/医院 → 医保结算收款 → enrol this phone with the activation
 * code the platform issued to `institution` (a fresh one each time, as the 医保 office would).
 */
async function openCounter(page: Page, institution: string) {
  const { activationCode } = sim.issueActivationCode(SEED_INSTITUTIONS.find((i) => i.name === institution)!.id)
  await page.goto(h5.url + '/#/subpackages/verifier/pages/scan/index')
  await waitForMock(page)
  await page.getByText('请选择核验身份').waitFor()
  await page.locator('.vf-role', { hasText: '医保电子凭证' }).click()
  await page.getByText('医保结算收款（扫医保码）').click()
  await page.getByText('登记本机为定点医药机构').waitFor()
  await page.getByRole('textbox', { name: '激活码，如 ABCD-EFGH-JKLM' }).fill(activationCode)
  await page.locator('.pos-btn', { hasText: '登记本机' }).click()
  await page.locator('.pos-head__name', { hasText: institution }).waitFor()
  await page.getByText('第一步：扫描患者医保码').waitFor()
}

async function scanImage(page: Page, file: string) {
  await page.getByLabel('上传医保码图片').setInputFiles(file)
}

const add = (page: Page, name: string) => page.getByLabel(`加入 ${name}`).click()
/** 结算单号: S + 医保区划 (6) + yymmdd + 16 random symbols. */
const receiptNo = async (page: Page) => (await page.locator('.mp-kv:visible, .pos-kv:visible', { hasText: '结算单号' }).first().innerText()).match(/S\d{12}[0-9A-Y]{16}/)![0]
const splitRows = async (page: Page) =>
  page.$$eval('.mp-split__row:visible', (rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))

test('pharmacy: the counter scans the 医保码 image, rings up, the patient confirms with the PIN, both see the same receipt; refund', async () => {
  const patient = await phone()
  const counter = await phone()
  await claim(patient.page, ZHANG, ZHANG_CARD_COUNT)
  await screenshot(patient.page, 'medpay-00-wallet-entry')
  // The entry is the green button patients look for (the white-button rule must not win over it).
  const entryColours = await patient.page.locator('.btn--medpay').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])
  expect(entryColours).toEqual(['rgb(11, 110, 95)', 'rgb(255, 255, 255)'])
  await patient.page.getByText('医保码 · 医保支付').click()
  await patient.page.getByText('出示医保码', { exact: true }).waitFor()
  await patient.page.getByText('¥1,286.50').waitFor({ timeout: 20000 })
  await screenshot(patient.page, 'medpay-01-home')

  await patient.page.getByText('出示医保码', { exact: true }).click()
  const code = await captureCode(patient.page, 'zhang-code')
  await patient.page.getByText(/秒后自动刷新/).waitFor()
  await expect(patient.page.getByText('参保人：张*华').isVisible()).resolves.toBe(true)
  await screenshot(patient.page, 'medpay-02-code')

  await openCounter(counter.page, '康民大药房（天河店）')
  await screenshot(counter.page, 'medpay-03-counter-scan')
  await scanImage(counter.page, code.file)
  await counter.page.getByText('参保人 张*华').waitFor({ timeout: 20000 })
  await add(counter.page, '对乙酰氨基酚片')
  await add(counter.page, '对乙酰氨基酚片')
  await add(counter.page, '维生素C泡腾片')
  await counter.page.getByText('本次费用（2 项）').waitFor()
  await expect(counter.page.locator('.pos-kv--total').innerText()).resolves.toContain('¥56.00')
  await screenshot(counter.page, 'medpay-04-counter-cart')
  await counter.page.getByText('提交医保结算').click()
  await counter.page.getByText('已提交，请患者在手机上确认支付').waitFor()
  await screenshot(counter.page, 'medpay-05-counter-waiting')

  // The patient's code page sees the settlement and moves to the confirmation by itself.
  await patient.page.getByText('请确认支付').waitFor({ timeout: 20000 })
  await expect(patient.page.getByText('对乙酰氨基酚片').isVisible()).resolves.toBe(true)
  await expect(patient.page.getByText('0.5g×12片 · 2 × ¥8.50').isVisible()).resolves.toBe(true)
  // One figure: 您需要付, split into 个人账户付 and 现金付; the button and the PIN sheet say the same.
  await expect(patient.page.locator('.mp-due__amount:visible').innerText()).resolves.toBe('¥56.00')
  await expect(patient.page.locator('.mp-due:visible').innerText()).resolves.toMatch(/个人账户付\s*¥56\.00\s*现金付\s*¥0\.00/)
  // Tap-to-explain: one sentence for 统筹.
  await patient.page.getByRole('button', { name: '什么是统筹' }).click()
  await patient.page.getByText(/^统筹：医保基金/).waitFor()
  await screenshot(patient.page, 'medpay-06-confirm')
  await patient.page.locator('.mp-btn:visible', { hasText: '确认支付 ¥56.00' }).click()
  await patient.page.getByText('请输入 6 位密码').waitFor()
  await patient.page.getByText('确认支付 ¥56.00（个人账户付 ¥56.00，现金付 ¥0.00）').waitFor()
  await expect(patient.page.getByText('取消').first().isVisible()).resolves.toBe(true)
  await screenshot(patient.page, 'medpay-07-pin')
  await typePin(patient.page)
  await patient.page.getByText('支付成功').waitFor({ timeout: 20000 })
  await screenshot(patient.page, 'medpay-08-receipt')

  await counter.page.getByText('支付完成').waitFor({ timeout: 20000 })
  await screenshot(counter.page, 'medpay-09-counter-done')
  // The same receipt on both phones: number and split.
  const no = await receiptNo(patient.page)
  expect(await receiptNo(counter.page)).toBe(no)
  const rows = await splitRows(patient.page)
  expect(rows).toEqual(['医疗费总额 ¥56.00', '医保统筹基金支付 ？ ¥0.00', '个人账户支付 ¥56.00', '现金支付 ¥0.00'])
  expect(await splitRows(counter.page)).toEqual(rows)
  // The counter says what paid (统筹 paid nothing here), and never sees the patient's balance.
  await expect(counter.page.getByText('医保已付清').count()).resolves.toBe(0)
  await expect(counter.page.getByText('无需收取现金（医保统筹付 ¥0.00，个人账户付 ¥56.00）').isVisible()).resolves.toBe(true)
  await expect(counter.page.getByText('支付后个人账户余额').count()).resolves.toBe(0)
  await expect(patient.page.getByText('支付后个人账户余额').count()).resolves.toBe(1)
  expect(sim.medpay.getSettlement(no, { medinsNo: 'P44010600512' })).toMatchObject({ status: 'settled', split: { acctPay: 5600, psnCashPay: 0 } })

  // Refund at the counter; the patient's history and balance follow.
  await counter.page.locator('.pos-btn', { hasText: '退费' }).click()
  await counter.page.getByText('已退费').waitFor()
  await patient.page.getByText('完成').click()
  await patient.page.locator('.mp-hist:visible', { hasText: '已退款' }).waitFor({ timeout: 20000 })
  await patient.page.locator('.mp-account__balance:visible', { hasText: '¥1,286.50' }).waitFor()
  await screenshot(patient.page, 'medpay-10-history-refunded')
  expect(patient.errors).toEqual([])
  expect(counter.errors).toEqual([])
})

test('亲情账户: link my mother with her face check, show her code, pay from my account; her phone shows it', async () => {
  const son = await phone()
  const counter = await phone()
  const mother = await phone()
  await claim(son.page, ZHANG, ZHANG_CARD_COUNT)
  await son.page.getByText('医保码 · 医保支付').click()
  await son.page.getByText('添加亲情账户').click()
  await son.page.getByRole('textbox', { name: '亲属姓名' }).fill('李秀英')
  await son.page.getByRole('textbox', { name: '亲属身份证号码' }).fill('330106195207080021')
  await screenshot(son.page, 'medpay-20-family-form')
  await son.page.getByText('下一步：亲属本人刷脸').click()
  await son.page.getByText('请亲属本人刷脸').waitFor()
  await screenshot(son.page, 'medpay-21-family-face')
  await son.page.getByText('模拟亲属本人核验通过').click()
  await son.page.getByText('已绑定').waitFor()
  await son.page.getByText('完成').click()
  await son.page.getByText('出示父母 李*英 的医保码').click()
  await son.page.getByText('父母 李*英（由我的个人账户支付）').waitFor()
  const code = await captureCode(son.page, 'li-code')
  await screenshot(son.page, 'medpay-22-family-code')

  await openCounter(counter.page, '康民大药房（天河店）')
  await scanImage(counter.page, code.file)
  await counter.page.getByText('参保人 李*英').waitFor({ timeout: 20000 })
  await expect(counter.page.getByText('家庭共济：由 张*华 的个人账户支付').isVisible()).resolves.toBe(true)
  await add(counter.page, '阿托伐他汀钙片')
  await add(counter.page, '阿托伐他汀钙片')
  await counter.page.getByText('提交医保结算').click()

  // 乙 3580×2 = 7160 for her (杭州 retiree, all under her deductible), paid from his account.
  await son.page.getByText('请确认支付').waitFor({ timeout: 20000 })
  await expect(son.page.getByText('我的个人账户代付（家庭共济）').first().isVisible()).resolves.toBe(true)
  await screenshot(son.page, 'medpay-23-family-confirm')
  await son.page.locator('.mp-btn:visible', { hasText: '确认支付 ¥71.60' }).click()
  await typePin(son.page)
  await son.page.getByText('支付成功').waitFor({ timeout: 20000 })
  await counter.page.getByText('支付完成').waitFor({ timeout: 20000 })
  await screenshot(counter.page, 'medpay-24-family-counter-done')

  // Her own phone: the visit is in her history, paid by her son; her account untouched.
  await claim(mother.page, '李秀英（浙江 · 退休人员）', 3)
  await mother.page.getByText('医保码 · 医保支付').click()
  await mother.page.locator('.mp-hist:visible', { hasText: '亲属张*华代付' }).waitFor({ timeout: 20000 })
  await mother.page.locator('.mp-account__balance:visible', { hasText: '¥35.00' }).waitFor()
  await screenshot(mother.page, 'medpay-25-family-relative-history')

  // Her side of the link: who may act for her and what they may do; she ends it.
  const mine = mother.page.locator('.mp-relative:visible')
  await mine.getByText('子女 张*华 可以出示您的医保码、用其个人账户为您支付。').waitFor({ timeout: 20000 })
  await screenshot(mother.page, 'medpay-26-family-relative-sees-link')
  await mine.getByText('解除', { exact: true }).click()
  await mother.page.getByText(/解除后，张\*华 不能再出示您的医保码/).waitFor()
  await mother.page.getByText('确定解除').click()
  await mine.waitFor({ state: 'detached', timeout: 20000 })
  for (const p of [son, counter, mother]) expect(p.errors).toEqual([])
})

test('failures: a code scanned twice is refused; a confirmation whose answer is lost is retried and charged once', async () => {
  const patient = await phone()
  const counter = await phone()
  await claim(patient.page, ZHANG, ZHANG_CARD_COUNT)
  // This patient reads with 关怀模式 on: the 医保支付 pages follow it.
  await patient.page.locator('.care-switch__switch').click()
  await patient.page.locator('.wallet.care').waitFor()
  await patient.page.getByText('医保码 · 医保支付').click()
  await patient.page.locator('.mp.care').first().waitFor()
  await patient.page.getByText('出示医保码', { exact: true }).click()
  const code = await captureCode(patient.page, 'twice')

  await openCounter(counter.page, '天河区石牌街社区卫生服务中心')
  await scanImage(counter.page, code.file)
  await counter.page.getByText('参保人 张*华').waitFor({ timeout: 20000 })
  await counter.page.getByText('取消本次，换下一位').click()
  // The same picture again (a screenshot passed around): refused.
  await scanImage(counter.page, code.file)
  await counter.page.getByText('此医保码已使用过（可能是截图），请患者刷新后重新出示').waitFor({ timeout: 20000 })
  await expect(counter.page.getByText('错误代码 ERR_PAYCODE_USED').isVisible()).resolves.toBe(true)
  await screenshot(counter.page, 'medpay-30-code-used-twice')

  // A fresh code (the page redraws every 30 s; ask for the next one by reopening it).
  await patient.page.getByText('返回', { exact: true }).click()
  await patient.page.getByText('出示医保码', { exact: true }).click()
  await patient.page.waitForFunction((old) => {
    const t = document.querySelector('[data-qr-text]')?.getAttribute('data-qr-text')
    return !!t && t !== old
  }, code.text)
  const fresh = await captureCode(patient.page, 'fresh')
  await counter.page.locator('.pos-alert').click()
  await scanImage(counter.page, fresh.file)
  await counter.page.getByText('参保人 张*华').waitFor({ timeout: 20000 })
  await add(counter.page, '普通门诊诊查费')
  await counter.page.getByText('提交医保结算').click()
  await patient.page.getByText('请确认支付').waitFor({ timeout: 20000 })

  // Every answer to the confirmation is lost (the client's own retries too), and the phone's
  // background refresh cannot get through either: it cannot know whether it paid.
  dropAnswers.set('/confirm', 4)
  dropAnswers.set('/holder/medpay/settlements', 1000)
  await patient.page.locator('.mp-btn:visible', { hasText: '确认支付 ¥10.00' }).click()
  await typePin(patient.page)
  await patient.page.getByText('不确定是否已支付？请再点一次“确认支付”，不会重复扣款。').waitFor({ timeout: 30000 })
  await patient.page.locator('.mp-alert:visible').getByText('详情').click()
  await expect(patient.page.getByText('错误代码 ERR_NETWORK').isVisible()).resolves.toBe(true)
  // The confirmation's own retries are over: the button is back (not 正在支付…).
  await patient.page.locator('.mp-btn:visible', { hasText: '确认支付 ¥10.00' }).waitFor({ timeout: 30000 })
  await screenshot(patient.page, 'medpay-31-confirm-answer-lost')
  const setlId = sim.medpay.holderSettlements(sim.internals.personByToken(await holderToken(patient.page))!).items[0].setlId
  expect(sim.medpay.getSettlement(setlId, { medinsNo: 'H44010600087' }).status).toBe('settled') // the service did settle it

  // The patient taps again once confirmations get through (the list still does not, so it is the
  // retried confirmation that tells the phone): same key, same answer, no second charge.
  dropAnswers.delete('/confirm')
  await patient.page.locator('.mp-btn:visible', { hasText: '确认支付 ¥10.00' }).click()
  await typePin(patient.page)
  await patient.page.getByText('支付成功').waitFor({ timeout: 20000 })
  dropAnswers.clear()
  await counter.page.getByText('支付完成').waitFor({ timeout: 20000 })
  const holderId = sim.internals.personByToken(await holderToken(patient.page))!
  expect(sim.medpay.account(holderId).balc).toBe(128650 - 1000)
  await screenshot(patient.page, 'medpay-32-confirm-retried')
  expect(patient.errors).toEqual([])
  expect(counter.errors).toEqual([])
})

/** The holder token in the page's stored wallet (Taro H5 keeps `{ data: <JSON> }` under the key). */
async function holderToken(page: Page): Promise<string> {
  return page.evaluate(() => {
    const outer = JSON.parse(localStorage.getItem('certwallet.wallet')!)
    return (typeof outer.data === 'string' ? JSON.parse(outer.data) : outer.data).state.holder.token as string
  })
}
