/**
 * Issue #12 §2, no false alarm after a reload: a holder who claimed, reloads (an app restart),
 * unlocks and syncs is still signed in — no 登录已失效 / ERR_UNAUTHORIZED — in both modes:
 * - the in-page simulator (msw service worker, static hosting): its state is in localStorage;
 * - `npm start`'s HTTP simulator on the page's own origin (scripts/demoServer.ts), here also
 *   stopped and started again between the claim and the reload: its state is in a data folder.
 * The second mode also shows the page calls the HTTP API (no service worker registered).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import type { Page, Response } from 'playwright-core'
import { startDemoServer, type DemoServer } from '../../scripts/demoServer'
import { installH5Session, newPhonePage, screenshot, setPinOnFirstRun, typePin, waitForMock } from './launch'
import { seedActivationCodes } from '../../mock/simulator'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()
const ID_NUMBER = '44010619900315001X'

async function claimAll(page: Page): Promise<void> {
  await setPinOnFirstRun(page)
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30000 })
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await page.getByText('全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), ZHANG_CARD_COUNT, { timeout: 30000 })
}

/** After a restart: unlock (查看完整信息 asks for the PIN), back to the wallet, 同步证照状态 — a holder call. */
async function unlockAndSync(page: Page): Promise<Response> {
  await page.locator('.card', { hasText: '居民身份证电子证照' }).click()
  await page.getByText('查看完整信息').click()
  await page.getByText('请输入 6 位密码').waitFor()
  await typePin(page, '135790')
  await page.getByText(ID_NUMBER).waitFor()
  await page.goBack()
  await page.getByText('同步证照状态').waitFor()
  const changes = page.waitForResponse((r) => r.url().includes('/api/v1/holder/changes'), { timeout: 30000 })
  await page.getByText('同步证照状态').click()
  const res = await changes
  await page.getByText('同步证照状态').waitFor({ timeout: 30000 })
  return res
}

/** Texts a false sign-out would show. */
const falseAlarm = (page: Page) => page.getByText(/登录已失效|ERR_UNAUTHORIZED/).count()

test('in-page simulator: reload → still signed in, the sync answers 200, no 登录已失效', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await claimAll(page)
  expect(await page.evaluate(() => localStorage.getItem('certwallet.simulator')?.startsWith('{"format":"certwallet-simulator-state"'))).toBe(true)

  await page.reload()
  await waitForMock(page)
  const sync = await unlockAndSync(page)
  expect(sync.status()).toBe(200)
  await expect(falseAlarm(page)).resolves.toBe(0)
  await expect(page.locator('.card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await screenshot(page, 'demo-01-in-page-after-reload')
  expect(errors).toEqual([])
})

describe('npm start: the HTTP simulator on the same origin', () => {
  let dataDir: string
  let demo: DemoServer | null = null
  const distDir = join(__dirname, '..', '..', 'dist', 'h5')
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'certwallet-demo-browser-'))
  })
  afterAll(async () => {
    await demo?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('the page calls the HTTP API (no service worker); server restart + reload → still signed in', async () => {
    demo = await startDemoServer({ port: 0, dataDir, distDir })
    const port = Number(new URL(demo.url).port)
    const { page, errors } = await newPhonePage(h5.browser)
    const apiAnswers: { url: string; status: number; fromServiceWorker: boolean }[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/')) apiAnswers.push({ url: r.url(), status: r.status(), fromServiceWorker: r.fromServiceWorker() })
    })
    await page.goto(demo.url + '/')
    await claimAll(page)
    // The claim went over HTTP to this server, and the in-page simulator never started: the only
    // worker is the app shell's (sw.js), never msw's.
    expect(apiAnswers.length).toBeGreaterThan(3)
    expect(apiAnswers.every((a) => !a.fromServiceWorker)).toBe(true)
    const workers = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => (r.active ?? r.installing ?? r.waiting)?.scriptURL ?? ''))
    expect(workers.filter((w) => w.includes('mockServiceWorker'))).toEqual([])
    expect(await page.evaluate(() => localStorage.getItem('certwallet.simulator'))).toBeNull()
    expect(demo.sim.exportState().state.tokens.length).toBeGreaterThan(0)

    // The server stops and starts again on the same folder (and port); then the page reloads.
    await demo.close()
    demo = await startDemoServer({ port, dataDir, distDir })
    expect(demo.store?.loaded).toBe('restored')
    await page.reload()
    const sync = await unlockAndSync(page)
    expect(sync.status()).toBe(200)
    expect(sync.fromServiceWorker()).toBe(false)
    await expect(falseAlarm(page)).resolves.toBe(0)
    await screenshot(page, 'demo-02-http-after-restart')
    expect(errors).toEqual([])
  })

  test('two phones share one government: a degree code made on one checks on another; a phone without crypto.subtle (http://<LAN address>) claims too', async () => {
    // A government of its own (张明华 already has a phone in the one above: a second phone would restore instead).
    await demo?.close()
    demo = await startDemoServer({ port: 0, dataDir: null, distDir })
    // Phone B opens the app as a phone on the LAN would over plain HTTP: no secure context, so no
    // WebCrypto (127.0.0.1 would count as secure; the test takes crypto.subtle away instead).
    const b = await newPhonePage(h5.browser)
    await b.context.addInitScript(() => {
      Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true })
    })
    await b.page.goto(demo.url + '/')
    expect(await b.page.evaluate(() => typeof crypto.subtle)).toBe('undefined')
    await claimAll(b.page)
    await expect(b.page.getByText(/真实有效/).count()).resolves.toBe(ZHANG_CARD_COUNT)
    // Phone B makes a 学历验证码…
    await b.page.getByText('学历验证码（发给用人单位）').filter({ visible: true }).first().click()
    await b.page.getByText('60天', { exact: true }).filter({ visible: true }).first().click()
    await b.page.getByText('生成验证码（60天有效）').filter({ visible: true }).first().click()
    const code = (await b.page.locator('#share-code').filter({ visible: true }).first().innerText()).trim()
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}( [A-HJ-NP-Z2-9]{4}){3}$/)
    // …and phone A, an employer's phone with no wallet, checks it on the public page.
    const a = await newPhonePage(h5.browser)
    await a.page.goto(demo.url + '/#/subpackages/share/pages/check/index')
    await a.page.locator('input[placeholder="例如 ABCD EFGH JKLM NPQR"]').filter({ visible: true }).first().fill(code)
    await a.page.getByText('查验', { exact: true }).filter({ visible: true }).first().click()
    await a.page.getByText('学历信息真实有效').waitFor({ timeout: 20000 })
    await screenshot(a.page, 'demo-03-degree-checked-on-another-phone')
    expect(b.errors).toEqual([])
    expect(a.errors).toEqual([])
  })

  test('the README\'s two phones: the patient pays at the counter through the shared server; a restart keeps the settlement and the enrolment', async () => {
    await demo?.close()
    const folder = mkdtempSync(join(tmpdir(), 'certwallet-demo-pay-'))
    demo = await startDemoServer({ port: 0, dataDir: folder, distDir })
    const port = Number(new URL(demo.url).port)
    const patient = await newPhonePage(h5.browser)
    const counter = await newPhonePage(h5.browser)
    await patient.page.goto(demo.url + '/')
    await claimAll(patient.page)
    await patient.page.getByText('医保码 · 医保支付').click()
    await patient.page.getByText('出示医保码', { exact: true }).click()
    await patient.page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30000 })
    // The canvas as the counter's camera would see it, once it shows the code's text.
    const qrFile = join(folder, 'code.png')
    let captured = false
    for (const deadline = Date.now() + 10_000; !captured && Date.now() < deadline; ) {
      const { dataUrl, expected } = await patient.page.evaluate(() => ({
        dataUrl: (document.querySelector('canvas#medpay-qr') as HTMLCanvasElement).toDataURL('image/png'),
        expected: document.querySelector('[data-qr-text]')!.getAttribute('data-qr-text')!
      }))
      const bytes = Buffer.from(dataUrl.split(',')[1], 'base64')
      const png = PNG.sync.read(bytes)
      captured = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data === expected
      if (captured) writeFileSync(qrFile, bytes)
      else await patient.page.waitForTimeout(100)
    }
    expect(captured).toBe(true)

    // The counter: verifier mode → 医保结算收款, enrolled with the code npm start prints.
    await counter.page.goto(demo.url + '/#/subpackages/verifier/pages/scan/index')
    await counter.page.getByText('请选择核验身份').waitFor()
    await counter.page.locator('.vf-role', { hasText: '医保电子凭证' }).click()
    await counter.page.getByText('医保结算收款（扫医保码）').click()
    const code = seedActivationCodes('certwallet-simulator-seed-v1').find((c) => c.name === '康民大药房（天河店）')!.activationCode
    await counter.page.getByRole('textbox', { name: '激活码，如 ABCD-EFGH-JKLM' }).fill(code)
    await counter.page.locator('.pos-btn', { hasText: '登记本机' }).click()
    await counter.page.getByText('第一步：扫描患者医保码').waitFor()
    await counter.page.getByLabel('上传医保码图片').setInputFiles(qrFile)
    await counter.page.getByText('参保人 张*华').waitFor({ timeout: 20000 })
    await counter.page.getByLabel('加入 对乙酰氨基酚片').click()
    await counter.page.getByText('提交医保结算').click()
    await patient.page.getByText('请确认支付').waitFor({ timeout: 20000 })
    await patient.page.locator('.mp-btn:visible', { hasText: '确认支付' }).click()
    await patient.page.getByText('请输入 6 位密码').waitFor()
    for (const d of '135790') await patient.page.locator(`.pinpad__key--${d}:visible`).click()
    await patient.page.getByText('支付成功').waitFor({ timeout: 20000 })
    await counter.page.getByText('支付完成').waitFor({ timeout: 20000 })
    const settled = demo.sim.exportState().medpay.settlements
    expect(settled).toHaveLength(1)
    expect((settled[0][1] as { view: { status: string } }).view.status).toBe('settled')

    // The server restarts: the settlement, the enrolment and the spent activation code are kept.
    await demo.close()
    demo = await startDemoServer({ port, dataDir: folder, distDir })
    expect(demo.sim.exportState().medpay.settlements).toEqual(settled)
    expect(demo.sim.activationCodes().find((c) => c.name === '康民大药房（天河店）')).toMatchObject({ activationCode: null, enrolled: true })
    await screenshot(counter.page, 'demo-04-counter-paid')
    expect(patient.errors).toEqual([])
    expect(counter.errors).toEqual([])
    rmSync(folder, { recursive: true, force: true })
  })
})
