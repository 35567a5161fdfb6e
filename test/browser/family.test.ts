/**
 * 家人代办 (issue #13) in the H5 app (Chromium): three phones — the son's wallet, a hotel desk in
 * verifier mode and his mother's own wallet — talk to ONE government service (each page's /api/v1
 * calls are bridged to a simulator in this process, as in medpay.test.ts).
 *
 * Journey: the son adds his mother with her face consent (酒店入住, 药店/医院) → her card shows
 * under 家人的证照 → he presents it (代为出示) → the desk uploads the QR image and sees both
 * people, "代为出示：张明华 代 李秀英", and reports it → on her own phone her 用证记录 shows the
 * use and who made it, and 谁可以为我代办 lists her son. He also prints her paper credential (her 身份证,
 * inside the scope) from the paper page.
 */
import type { Page } from 'playwright-core'
import { SEED_INSTITUTIONS } from '../../mock/simulator'
import { installH5Session, screenshot, see, waitForMock } from './launch'
import { installSharedGov } from './sharedGov'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()
const { sim, phone, claim, captureQr } = installSharedGov(h5)

/** The hotel desk: verifier mode → 前台入住登记 → enrolled with the activation code the platform issued. */
async function openHotelDesk(page: Page) {
  const { activationCode } = sim.issueActivationCode(SEED_INSTITUTIONS.find((i) => i.name === '广州天河花园酒店有限公司')!.id)
  await page.goto(h5.url + '/#/subpackages/verifier/pages/scan/index')
  await waitForMock(page)
  await page.getByText('请选择核验身份').waitFor()
  await page.locator('.vf-role', { hasText: '前台入住登记' }).click()
  await see(page, /^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await see(page, '用激活码登记本机').click()
  await page.getByRole('textbox', { name: '激活码，如 ABCD-EFGH-JKLM' }).fill(activationCode)
  await see(page, '登记本机', true).click()
  await see(page, /酒店 · 广州天河花园酒店有限公司/).waitFor({ timeout: 20000 })
}

async function tallShot(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 1600 })
  await screenshot(page, name)
  await page.setViewportSize({ width: 390, height: 844 })
}

test('家人代办: add my mother with her face consent → 代为出示 → the desk sees both → her 用证记录 shows who presented', async () => {
  const son = await phone()
  const desk = await phone()
  const mother = await phone()
  await claim(son.page, ZHANG, ZHANG_CARD_COUNT)

  // 1. Adding her: name, number, what she allows; then her own face check on his phone.
  await see(son.page, '家人代办（为家人出示证件）').click()
  await see(son.page, '添加家人').waitFor()
  await son.page.getByRole('textbox', { name: '家人姓名' }).fill('李秀英')
  await son.page.getByRole('textbox', { name: '家人身份证号码' }).fill('330106195207080021')
  await tallShot(son.page, 'family-01-add-form')
  await see(son.page, '下一步：家人本人刷脸').click()
  await see(son.page, '请家人本人刷脸').waitFor()
  await expect(see(son.page, /同意由您代为出示：酒店入住、药店\/医院/).isVisible()).resolves.toBe(true)
  await screenshot(son.page, 'family-02-her-face-check')
  await see(son.page, '模拟家人本人核验通过').click()
  const card = son.page.locator('.fam-card', { hasText: '李秀英' }).filter({ visible: true }).first()
  await card.getByText('代办中').waitFor({ timeout: 30000 })
  await expect(card.innerText()).resolves.toMatch(/330106\s*\*{8}\s*0021/)
  await expect(card.innerText()).resolves.not.toContain('330106195207080021')
  // The form starts empty again: her number is not left on screen.
  await son.page.waitForFunction(() => Array.from(document.querySelectorAll('input')).some((i) => i.placeholder === '家人身份证号码' && i.offsetParent !== null && i.value === ''), undefined, { timeout: 15000 })
  await tallShot(son.page, 'family-03-linked')

  // Her card sits in its own group on the wallet home.
  await son.page.goBack()
  await see(son.page, '家人的证照').waitFor({ timeout: 20000 })
  await son.page.locator('.card--family', { hasText: '居民身份证' }).filter({ visible: true }).first().waitFor({ timeout: 20000 })
  await tallShot(son.page, 'family-04-wallet-family-group')

  // 2. 代为出示 from 亮证: pick whose card.
  await see(son.page, '亮证（出示二维码）').click()
  await see(son.page, '为家人出示').waitFor()
  await son.page.locator('.purpose', { hasText: '酒店入住' }).filter({ hasText: '李秀英' }).filter({ visible: true }).first().click()
  await see(son.page, '代为出示：张明华 代 李秀英').waitFor({ timeout: 30000 })
  const qr = await captureQr(son.page, 'canvas#delegated-qr', 'li-hotel', '代为出示')
  await screenshot(son.page, 'family-05-delegated-qr')

  // 3. The desk sees both people, and reports the check online.
  await openHotelDesk(desk.page)
  await desk.page.getByLabel('上传二维码图片').setInputFiles(qr.file)
  await see(desk.page, '核验通过').waitFor({ timeout: 20000 })
  await see(desk.page, '代为出示：张明华 代 李秀英').waitFor()
  await expect(desk.page.locator('.vf-note--agent').filter({ visible: true }).first().innerText()).resolves.toMatch(/440106\s*\*{8}\s*001X/)
  // She is not at the desk: the screen asks to check the agent's own ID, not "持证人本人".
  await expect(desk.page.getByText('核对本人', { exact: true }).filter({ visible: true }).count()).resolves.toBe(0)
  await tallShot(desk.page, 'family-06-desk-sees-both')
  await desk.page.getByRole('textbox', { name: '用证事由，如：入住登记' }).fill('入住登记')
  await see(desk.page, '上报', true).click()
  await see(desk.page, '已上报').waitFor({ timeout: 20000 })
  await expect(see(desk.page, /政务平台复核通过/).isVisible()).resolves.toBe(true)

  // 3b. Paper for her (给没有智能手机的家人): her 身份证 inside the scope, from the paper page.
  for (let i = 0; i < 6 && !(await see(son.page, '我的证照', true).isVisible().catch(() => false)); i++) {
    await son.page.goBack()
    await son.page.waitForTimeout(600)
  }
  await see(son.page, '打印纸质凭证（给没有手机的家人）').click()
  await see(son.page, '为家人打印（家人代办）').waitFor({ timeout: 30000 })
  await see(son.page, '打印 李秀英 的居民身份证电子证照').click()
  const sheet = son.page.locator('#paper-sheet').filter({ visible: true }).first()
  await sheet.getByText('李秀英').waitFor({ timeout: 30000 })
  await expect(sheet.innerText()).resolves.not.toContain('330106195207080021')
  await tallShot(son.page, 'family-09-paper-for-her')

  // 4. Her own phone: the use, and who made it; and who may present for her.
  await claim(mother.page, '李秀英（浙江 · 退休人员）', 3)
  // She reads with 关怀模式 on: the words change, the pages follow it.
  await mother.page.locator('.care-switch__switch').click()
  await mother.page.locator('.wallet.care').waitFor()
  await see(mother.page, '谁查看过我的证件').click()
  await see(mother.page, '代办人：张明华（家人代为出示）').waitFor({ timeout: 30000 })
  await tallShot(mother.page, 'family-07-her-usage-log')
  await mother.page.goBack()
  await see(mother.page, '帮家人出示证件').click()
  await mother.page.locator('.fam.care').first().waitFor()
  const hers = mother.page.locator('.fam-card', { hasText: '张明华' }).filter({ visible: true }).first()
  await hers.getByText('TA 可以为您出示证件').waitFor({ timeout: 30000 })
  await tallShot(mother.page, 'family-08-who-may-present-for-me')
  // The paper he printed is hers: listed on her phone, where she can void it.
  expect(sim.listPaperCredentials('p-li')).toEqual([expect.objectContaining({ kind: 'id-card', status: 'valid' })])
  for (const p of [son, desk, mother]) expect(p.errors).toEqual([])
})
