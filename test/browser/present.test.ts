/**
 * 亮证 in the H5 app (Chromium, built-in simulator): a holder claims certificates, opens 亮证 for
 * 交警查验, sees exactly what is shared, agrees, and gets a QR drawn on a canvas that decodes
 * (jsQR) to a CW1 presentation a verifier accepts; the countdown runs; a verifier's nonce binds
 * the next QR; with the service down, the stored sets still present.
 */
import type { Page } from 'playwright-core'
import { createSimulator } from '../../mock/simulator'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { certRegistry } from '../../src/certs/registry'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { verifyPresentation } from '../../src/services/presentation'
import { installH5Session, newPhonePage, readCanvasQr, screenshot, setPinOnFirstRun, unlockWithPin, waitForMock } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

async function setFailure(page: Page, mode: string, pathPrefix?: string) {
  const status = await page.evaluate(
    async (body) => (await fetch('/__mock/failures', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status,
    JSON.stringify({ mode, pathPrefix })
  )
  expect(status).toBeLessThan(300)
}

async function claimAll(page: Page, beforeClaim?: () => Promise<void>) {
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPinOnFirstRun(page)
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor()
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await beforeClaim?.()
  await page.getByText('全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT, { timeout: 30000 })
}

async function verify(text: string, nonce?: string) {
  // The H5 simulator derives its keys from the same fixed seed as this one.
  const sim = createSimulator()
  const now = Math.floor(Date.now() / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
  return verifyPresentation(text, { trust, registry: certRegistry, backend: joseBackend, now, nonce })
}

/** Opens `path` in a fresh document (an app restart: stores rehydrate from localStorage). */
async function restartOn(page: Page, path: string) {
  await page.goto(h5.url + path)
  await page.reload()
  await waitForMock(page)
}

const purposeButton = (page: Page, label: string) => page.locator('.purpose', { hasText: label })

const countdown = async (page: Page) => Number((await page.getByText(/秒后自动刷新/).innerText()).match(/(\d+)/)![1])

test('交警查验: consent, then a canvas QR that decodes and verifies; countdown; nonce; offline', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await claimAll(page)
  await page.getByText('亮证（出示二维码）').click()

  // Picker: the purposes this holder can use, each ready offline once its sets are stored.
  await page.getByText('请选择出示用途').waitFor()
  await page.waitForFunction(() => (document.body.innerText.match(/离线可用/g) ?? []).length === 5, undefined, { timeout: 30000 })
  for (const label of ['交警查验', '酒店入住', '年龄核验', '药店/医院', '学历核验']) {
    await expect(page.getByText(label, { exact: true }).isVisible()).resolves.toBe(true)
  }
  await screenshot(page, '10-present-picker')

  // Consent: exactly the fields shared (masked as on the card), what is kept back, the verifier.
  await purposeButton(page, '交警查验').click()
  await page.locator('.consent-actions__agree').waitFor()
  await expect(page.getByText('将出示以下信息').isVisible()).resolves.toBe(true)
  await expect(page.getByText('出示对象：执勤交通警察').isVisible()).resolves.toBe(true)
  await expect(page.locator('.shared__value', { hasText: '440106********001X' }).isVisible()).resolves.toBe(true)
  await expect(page.getByText('44010619900315001X').count()).resolves.toBe(0)
  await expect(page.getByText('不会出示').isVisible()).resolves.toBe(true)
  await screenshot(page, '11-present-consent')

  await page.locator('.consent-actions__agree').click()
  await page.waitForSelector('[data-qr-text^="CW1:"]')
  await page.getByText(/秒后自动刷新/).waitFor()
  await expect(page.getByText('截图无效：二维码 60 秒内有效，且只能使用一次').isVisible()).resolves.toBe(true)
  await expect(page.getByText('持证人：张*华').isVisible()).resolves.toBe(true)

  // The canvas holds a real QR (≥ 280 CSS px) of exactly the text in data-qr-text.
  const box = await page.locator('#present-qr').boundingBox()
  expect(box!.width).toBeGreaterThanOrEqual(280)
  const attr = await page.locator('[data-qr-text]').getAttribute('data-qr-text')
  const drawn = (await readCanvasQr(page, 'canvas#present-qr', 10_000)).text
  expect(drawn).toBe(attr)
  const v = await verify(drawn)
  expect(v.purpose).toBe('traffic-stop')
  expect(v.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
  await screenshot(page, '12-present-qr')

  // The countdown runs.
  const c1 = await countdown(page)
  await page.waitForTimeout(2200)
  const c2 = await countdown(page)
  expect(c2).toBeLessThan(c1)

  // A verifier's challenge binds the next QR to its nonce (H5: pasted).
  await page.getByText('扫描核验方二维码').click()
  await page.getByRole('textbox', { name: '粘贴核验方的核验码（CWN1:…）' }).fill('CWN1:roadside-check-7731')
  await page.getByText('确定', { exact: true }).click()
  await page.getByText('已绑定核验方核验码').waitFor()
  await page.waitForFunction((before) => document.querySelector('[data-qr-text]')?.getAttribute('data-qr-text') !== before, attr)
  const bound = (await readCanvasQr(page, 'canvas#present-qr', 10_000)).text
  expect((await verify(bound, 'roadside-check-7731')).checks.nonce).toBe(true)
  await expect(verify(bound, 'someone-else-0000')).rejects.toMatchObject({ code: 'ERR_KB_NONCE_MISMATCH' })

  // Service down: the stored sets still present after a restart. (The in-page simulator keeps its
  // state across the reload, localStorage; here it is made to answer 503.)
  await restartOn(page, '/#/subpackages/present/pages/index/index')
  await setFailure(page, 'server-error')
  // After a restart the wallet is locked: the QR's device proof needs the PIN first.
  await unlockWithPin(page)
  await page.getByText('请选择出示用途').waitFor()
  await purposeButton(page, '交警查验').click()
  await page.locator('.consent-actions__agree').click()
  await page.waitForSelector('[data-qr-text^="CW1:"]')
  const offline = (await readCanvasQr(page, 'canvas#present-qr', 10_000)).text
  expect((await verify(offline)).purpose).toBe('traffic-stop')
  expect(errors).toEqual([])
})

test('nothing stored and the service down: a clear Chinese message with the code, no QR', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  // Purpose credentials are unavailable from the start (503), so the phone never stored any.
  await claimAll(page, async () => setFailure(page, 'server-error', '/holder/presentation-credentials'))
  await page.getByText('亮证（出示二维码）').click()
  await page.getByText('请选择出示用途').waitFor()
  await page.getByText('政务服务暂时不可用，请稍后重试').first().waitFor({ timeout: 30000 })
  await page.locator('.present-alert').getByText('详情').first().click()
  await page.getByText('错误代码 ERR_SERVER').first().waitFor()
  await expect(page.getByText('离线可用').count()).resolves.toBe(0)
  await purposeButton(page, '酒店入住').click()
  await page.getByText('本机还没有可离线出示的“酒店入住”数据，请联网后再试。').waitFor()
  await expect(page.locator('[data-qr-text]').count()).resolves.toBe(0)
  await screenshot(page, '13-present-nothing-stored')
  expect(errors).toEqual([])
})
