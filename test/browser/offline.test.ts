/**
 * Really offline (issue #12 §1): the H5 app served over HTTP, the government-API simulator as its own
 * HTTP server (test/browser/offlineStack.ts), and then no network at all — the browser context goes
 * offline (`context.setOffline(true)`) and the app's server stops, so nothing can come from the
 * network, only from the app-shell service worker's precache and the phone's storage.
 *
 * One phone, in order: claim online; then offline, 亮证 opened for the first time (its code never
 * loaded before) draws a QR a verifier accepts; a reload opens the wallet; 医保码 (never opened
 * before either) draws its code after the PIN; an officer's phone set up online once reloads
 * offline and checks a fresh QR green. A phone without the worker gets a plain message instead of
 * a page that silently never opens.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createSimulator } from '../../mock/simulator'
import { certRegistry } from '../../src/certs/registry'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { verifyPresentation } from '../../src/services/presentation'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { launchBrowser, newPhonePage, readCanvasQr, screenshot, setPinOnFirstRun, unlockWithPin } from './launch'
import { OFFLINE_DIST, startOfflineStack, type OfflineStack } from './offlineStack'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

let stack: OfflineStack
let browser: Browser
beforeAll(async () => {
  stack = await startOfflineStack()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

/** The JS files a lazy load needs that the wallet (and `also`) do not (from the build's chunk map). */
function filesOnlyFor(request: string, also: string[] = []): string[] {
  const map = JSON.parse(readFileSync(join(OFFLINE_DIST, '..', 'h5-chunks.json'), 'utf8')) as {
    chunks: Array<{ id: string; files: string[] }>
    lazyLoads: Array<{ request: string; chunks: string[] }>
  }
  const wallet = new Set(map.lazyLoads.filter((l) => ['./pages/wallet/index', ...also].includes(l.request)).flatMap((l) => l.chunks))
  const ids = map.lazyLoads.find((l) => l.request === request)!.chunks.filter((id) => !wallet.has(id))
  return ids.flatMap((id) => map.chunks.find((c) => c.id === id)!.files.filter((f) => f.endsWith('.js')))
}

async function verify(text: string) {
  // mock/server.ts derives its keys from the same fixed seed as this simulator.
  const sim = createSimulator()
  const now = Math.floor(Date.now() / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
  return verifyPresentation(text, { trust, registry: certRegistry, backend: joseBackend, now })
}

async function goOffline(context: BrowserContext) {
  await context.setOffline(true)
  await stack.appDown()
}
async function goOnline(context: BrowserContext) {
  await stack.appUp()
  await context.setOffline(false)
}

describe('one phone, claimed online, then no network', () => {
  let page: Page
  let context: BrowserContext
  let errors: string[]
  const requested: string[] = []

  afterAll(async () => {
    await goOnline(context)
    await context?.close()
  })

  test('cold 亮证 after claim: the 亮证 page never loaded online, opened offline, draws a QR a verifier accepts', async () => {
    ;({ page, context, errors } = await newPhonePage(browser))
    page.on('request', (r) => requested.push(r.url()))
    await page.goto(stack.appUrl + '/')
    // The app-shell worker controls the page once it has precached the whole build.
    await page.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith('/sw.js'), undefined, { timeout: 60_000 })
    await setPinOnFirstRun(page)
    await page.getByText(ZHANG).click()
    await page.getByText('模拟核验通过').click()
    await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30_000 })
    await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
    await page.getByText('全部领取').click()
    await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并验签'), ZHANG_CARD_COUNT, { timeout: 60_000 })
    // The purpose sets (what 亮证 and 医保码 show offline) arrive in the background after the claim.
    await page.waitForFunction(
      () => {
        const stored = localStorage.getItem('certwallet.presentation') ?? ''
        return stored.includes('traffic-stop') && stored.includes('pharmacy')
      },
      undefined,
      { timeout: 30_000 }
    )
    // Everything so far came over the network from the two servers: the API was really separate.
    expect(requested.some((u) => u.startsWith(stack.apiUrl + '/api/v1/'))).toBe(true)

    const presentFiles = filesOnlyFor('./subpackages/present/pages/index/index')
    expect(presentFiles.length).toBeGreaterThan(0)
    expect(requested.filter((u) => presentFiles.some((f) => u.endsWith('/' + f)))).toEqual([])

    await goOffline(context)
    await expect(page.evaluate(() => fetch('/index.html?probe', { cache: 'no-store' }).then(() => 'reached', () => 'unreachable'))).resolves.toBe('unreachable')

    await page.getByText('亮证（出示二维码）').click()
    await page.getByText('请选择出示用途').waitFor()
    await page.locator('.purpose', { hasText: '交警查验' }).click()
    await page.locator('.consent-actions__agree').click()
    await page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30_000 })
    const drawn = (await readCanvasQr(page, 'canvas#present-qr')).text
    const v = await verify(drawn)
    expect(v.purpose).toBe('traffic-stop')
    expect(v.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
    // The 亮证 code came from the precache (the page asked for it only now, offline).
    expect(requested.filter((u) => presentFiles.some((f) => u.endsWith('/' + f))).length).toBeGreaterThan(0)
    await screenshot(page, 'offline-01-cold-present')
    expect(errors).toEqual([])
  }, 240_000)

  test('reload with no network: the wallet opens with all its cards', async () => {
    expect(page).toBeDefined()
    await page.goto(stack.appUrl + '/#/pages/wallet/index')
    await page.reload()
    await page.waitForFunction((n) => document.querySelectorAll('.card').length === n, ZHANG_CARD_COUNT, { timeout: 30_000 })
    await expect(page.getByText(ZHANG).count()).resolves.toBe(0)
    await expect(page.locator('.chunk-failure').count()).resolves.toBe(0)
    await screenshot(page, 'offline-02-reload-wallet')
    expect(errors).toEqual([])
  })

  test('医保码 with no network (its pages never opened before): the code after the PIN', async () => {
    expect(page).toBeDefined()
    const medpayFiles = filesOnlyFor('./subpackages/medpay/pages/code/index', ['./subpackages/present/pages/index/index'])
    expect(medpayFiles.length).toBeGreaterThan(0)
    expect(requested.filter((u) => medpayFiles.some((f) => u.endsWith('/' + f)))).toEqual([])
    await page.getByText('医保码 · 医保支付').click()
    await page.getByText('出示医保码', { exact: true }).click({ timeout: 30_000 })
    await unlockWithPin(page)
    await page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30_000 })
    const code = (await readCanvasQr(page, 'canvas#medpay-qr')).text
    expect((await verify(code)).purpose).toBe('pharmacy')
    // Its code came from the precache, asked for only now.
    expect(requested.filter((u) => medpayFiles.some((f) => u.endsWith('/' + f))).length).toBeGreaterThan(0)
    await screenshot(page, 'offline-03-medpay-code')
    expect(errors).toEqual([])
  })

  test('the verifier with no network: an officer’s phone, set up online once, reloads offline and checks a fresh 亮证 QR green', async () => {
    expect(page).toBeDefined()
    const officer = await newPhonePage(browser)
    try {
      await goOnline(officer.context)
      await officer.page.goto(stack.appUrl + '/#/subpackages/verifier/pages/scan/index')
      await officer.page.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith('/sw.js'), undefined, { timeout: 60_000 })
      await officer.page.getByText('请选择核验身份').waitFor()
      await officer.page.locator('.vf-role', { hasText: '路面执勤' }).click()
      await officer.page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30_000 })
      // No network from here on, for both phones.
      await officer.context.setOffline(true)
      await stack.appDown()
      await officer.page.reload()
      await officer.page.getByLabel('粘贴出示码').waitFor({ timeout: 30_000 })
      // The holder (offline all along) shows a fresh 交警查验 QR.
      await page.goto(stack.appUrl + '/#/subpackages/present/pages/index/index')
      await page.getByText('请选择出示用途').waitFor({ timeout: 30_000 })
      await page.locator('.purpose', { hasText: '交警查验' }).click()
      await page.locator('.consent-actions__agree').click()
      await page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30_000 })
      const qr = (await readCanvasQr(page, 'canvas#present-qr')).text
      await officer.page.getByLabel('粘贴出示码').fill(qr)
      await officer.page.getByText('核验出示码').click()
      await officer.page.getByText('核验通过').waitFor({ timeout: 30_000 })
      await expect(officer.page.getByText('交警查验').first().isVisible()).resolves.toBe(true)
      await screenshot(officer.page, 'offline-04-verifier-green')
      expect(officer.errors).toEqual([])
    } finally {
      await goOnline(officer.context)
      await officer.context.close()
    }
  })
})

test('without the app-shell worker, a page whose code cannot load says so in Chinese, with what to do', async () => {
  const { page, context, errors } = await newPhonePage(browser, { serviceWorkers: 'block' })
  try {
    await page.goto(stack.appUrl + '/')
    await page.getByText('设置 6 位数字密码').waitFor()
    await goOffline(context)
    await page.evaluate(() => {
      location.hash = '#/subpackages/present/pages/index/index'
    })
    const box = page.locator('.chunk-failure')
    await box.waitFor({ timeout: 30_000 })
    await expect(box.innerText()).resolves.toContain('页面没有打开')
    await expect(box.innerText()).resolves.toContain('现在没有网络')
    await expect(box.innerText()).resolves.toContain('连接网络后点“重新加载”')
    await expect(box.getByRole('button', { name: '重新加载' }).isVisible()).resolves.toBe(true)
    await screenshot(page, 'offline-05-chunk-failure')
    // Shown instead of an uncaught error.
    expect(errors.filter((e) => /ChunkLoadError|Loading (CSS )?chunk/.test(e))).toEqual([])
    // Back online, 重新加载 opens the page.
    await goOnline(context)
    await box.getByRole('button', { name: '重新加载' }).click()
    // The 亮证 page itself now (this new phone holds nothing to show yet).
    await page.getByText('暂无可出示的证照').waitFor()
    await expect(page.locator('.chunk-failure').count()).resolves.toBe(0)
  } finally {
    await goOnline(context)
    await context.close()
  }
})
