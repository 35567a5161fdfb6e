/**
 * The LAN demo over plain HTTP (issue #12 §2): a phone opens `npm start` at
 * http://<the machine's LAN address>:PORT. Chromium treats that origin as insecure, as a phone's
 * browser does: no `crypto.subtle`, no service worker. The app must still work online there: the
 * signatures and the vault on the pure-JS backend (src/services/crypto/backend.h5.ts), the online
 * answer's JWE on the pure-JS one (src/services/online/jweBackend.h5.ts), and the page says in plain
 * words that offline use needs https or localhost (src/components/OfflineOriginNote.tsx).
 *
 * One phone at the LAN address: PIN → claim → 亮证 (the drawn QR verifies) → an officer's phone at
 * the same address checks it green → an online request answered (the RP sees it verified). The same
 * server at 127.0.0.1 (a secure context) is the contrast: WebCrypto, the app-shell worker, no note.
 */
import type { Browser } from 'playwright-core'
import { createSimulator } from '../../mock/simulator'
import { startDemoServer, lanAddresses, type DemoServer } from '../../scripts/demoServer'
import { startRpServer, type RpServer } from '../../examples/rp-demo/server'
import { certRegistry } from '../../src/certs/registry'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { verifyPresentation } from '../../src/services/presentation'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { launchBrowser, newPhonePage, readCanvasQr, screenshot, setPinOnFirstRun, TEST_PIN, typePin } from './launch'
import { OFFLINE_DIST } from './offlineStack'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const SHOP = '91440101MA5D7RQ21E'
let platform: DemoServer
let shop: RpServer
let browser: Browser
/** http://<LAN address>:<port>: the address `npm start` prints for a phone. */
let lanUrl: string

beforeAll(async () => {
  const address = lanAddresses()[0]
  // The test is about a non-loopback address; a machine without one cannot run it (not a skip).
  if (!address) throw new Error('no non-loopback IPv4 address on this machine: the LAN test needs one')
  platform = await startDemoServer({ port: 0, host: '0.0.0.0', dataDir: null, distDir: OFFLINE_DIST, sim: createSimulator() })
  lanUrl = platform.lanUrls.find((u) => u.includes(address))!
  shop = await startRpServer({ port: 0, govApi: platform.url, walletUrl: lanUrl, clientId: SHOP })
  // The relying party runs on this machine at 127.0.0.1 (its response address must be https or
  // loopback). Chromium's Private Network Access blocks an insecure page from calling a loopback
  // address, which a real RP (a public https site) never is: that one check is turned off here.
  browser = await launchBrowser(['--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'])
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await shop?.close()
  await platform?.close()
})

const NOTE = '本页用局域网 http 地址打开，断网后'

test('a phone at http://<LAN address>: PIN, claim, 亮证, an officer verifies, an online request answered; offline use explained', async () => {
  const phone = await newPhonePage(browser)
  const officer = await newPhonePage(browser)
  const page = phone.page
  const failed: string[] = []
  page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`))
  page.on('console', (m) => failed.push(`console ${m.type()}: ${m.text()}`))
  try {
    await page.goto(lanUrl + '/')
    // What makes this test mean anything: the browser treats the LAN origin as insecure.
    await expect(page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof globalThis.crypto.subtle, sw: 'serviceWorker' in navigator }))).resolves.toEqual({
      secure: false,
      subtle: 'undefined',
      sw: false
    })
    await setPinOnFirstRun(page)
    await page.getByText(NOTE).waitFor()
    await page.getByText(ZHANG).click()
    await page.getByText('模拟核验通过').click()
    await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30_000 })
    await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
    await page.getByText('全部领取').click()
    await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并验签'), ZHANG_CARD_COUNT, {
      timeout: 60_000
    })
    await page.waitForFunction(() => (localStorage.getItem('certwallet.presentation') ?? '').includes('traffic-stop'), undefined, { timeout: 30_000 })
    await screenshot(page, 'lan-01-wallet')

    // 亮证: the QR drawn on the canvas verifies against the simulator's trust list.
    await page.getByText('亮证（出示二维码）').click()
    await page.getByText('请选择出示用途').waitFor()
    await page.locator('.purpose', { hasText: '交警查验' }).click()
    await page.locator('.consent-actions__agree').click()
    await page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30_000 })
    const qr = (await readCanvasQr(page, 'canvas#present-qr')).text
    const now = Math.floor(Date.now() / 1000)
    const trust = await verifyTrustList(await createSimulator().trustList(), PINNED_ROOT_KEYS, joseBackend, now)
    const v = await verifyPresentation(qr, { trust, registry: certRegistry, backend: joseBackend, now })
    expect(v.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])

    // The officer's phone at the same insecure address: the verifier downloads its material and checks the QR.
    await officer.page.goto(lanUrl + '/#/subpackages/verifier/pages/scan/index')
    await officer.page.getByText('请选择核验身份').waitFor()
    await officer.page.locator('.vf-role', { hasText: '路面执勤' }).click()
    await officer.page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30_000 })
    await officer.page.getByText(NOTE).waitFor()
    await officer.page.getByLabel('粘贴出示码').fill(qr)
    await officer.page.getByText('核验出示码').click()
    await officer.page.getByText('核验通过').waitFor({ timeout: 30_000 })
    await screenshot(officer.page, 'lan-02-verifier')

    // 线上身份核验: the answer is encrypted with the pure-JS JWE (no crypto.subtle) and the RP verifies it.
    const started = (await (await fetch(shop.url + '/requests', { method: 'POST' })).json()) as { state: string; sameDevice: string }
    expect(started.sameDevice.startsWith(lanUrl + '/#/subpackages/online/pages/request/index?request=')).toBe(true)
    await page.goto(started.sameDevice)
    await page.locator('#online-consent').waitFor({ timeout: 30_000 })
    await page.locator('#online-approve').click()
    await typePin(page, TEST_PIN)
    await page.locator('#online-done').waitFor({ timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${String(e)}\n${await page.locator('body').innerText()}\n${phone.errors.join('\n')}\n${failed.join('\n')}`)
    })
    const status = (await (await fetch(`${shop.url}/requests/${encodeURIComponent(started.state)}`)).json()) as { status: string; subject?: string }
    expect(status.status).toBe('verified')
    expect(status.subject).toMatch(/^pw-[A-Za-z0-9_-]{22}$/)
    await screenshot(page, 'lan-03-online-answered')

    expect(phone.errors).toEqual([])
    expect(officer.errors).toEqual([])
  } finally {
    await phone.context.close()
    await officer.context.close()
  }
}, 240_000)

test('the contrast: the same server at 127.0.0.1 is a secure context, with WebCrypto, the app-shell worker and no note', async () => {
  const { page, errors, context } = await newPhonePage(browser)
  try {
    await page.goto(platform.url + '/')
    await page.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith('/sw.js'), undefined, { timeout: 60_000 })
    await expect(page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof globalThis.crypto.subtle }))).resolves.toEqual({ secure: true, subtle: 'object' })
    await page.getByText('设置 6 位数字密码').waitFor()
    await expect(page.getByText(NOTE).count()).resolves.toBe(0)
    expect(errors).toEqual([])
  } finally {
    await context.close()
  }
}, 120_000)
