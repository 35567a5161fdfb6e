/**
 * 线上身份核验 (issue #16) in two browser contexts: the relying party's page (examples/rp-demo,
 * 网上营业厅 · 开户核验, and a second RP) and the wallet H5, both against one simulated platform over
 * HTTP (npm start's server). Cross-device: the RP's QR photographed and uploaded into the wallet,
 * consent, PIN, verified on the RP page; declined → the RP says so; over-asking refused; the same
 * holder gets two pseudonyms at two RPs and the same one again on a second visit; the wallet's
 * posted response replayed is refused; a tampered request never reaches the consent screen; the RP's
 * same-device link opens the wallet on the request.
 */
import type { Page } from 'playwright-core'
import { createSimulator } from '../../mock/simulator'
import { startDemoServer, type DemoServer } from '../../scripts/demoServer'
import { startRpServer, type RpServer } from '../../examples/rp-demo/server'
import { rpKeys } from '../../examples/rp-demo/rp'
import { base64urlEncode } from '../../src/services/encoding'
import { joseBackend, requestText, signAuthorizationRequest } from '../../src/verifier'
import { launchBrowser, newPhonePage, screenshot, screenshotElement, setPinOnFirstRun, typePin, TEST_PIN } from './launch'
import { OFFLINE_DIST } from './offlineStack'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const SHOP = '91440101MA5D7RQ21E'
const HOTEL = '91440106MA9Y4TKP3T'
let platform: DemoServer
let shop: RpServer
let hotel: RpServer
let browser: Awaited<ReturnType<typeof launchBrowser>>

beforeAll(async () => {
  platform = await startDemoServer({ port: 0, dataDir: null, distDir: OFFLINE_DIST, sim: createSimulator() })
  shop = await startRpServer({ port: 0, govApi: platform.url, walletUrl: platform.url, clientId: SHOP })
  hotel = await startRpServer({ port: 0, govApi: platform.url, walletUrl: platform.url, clientId: HOTEL, title: '花园酒店 · 网上预订核验' })
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await shop?.close()
  await hotel?.close()
  await platform?.close()
})

const see = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first()

/** The RP page starts a request; returns the request text shown under 复制请求文本. */
async function startAt(rpPage: Page): Promise<string> {
  await rpPage.locator('#start').click()
  await rpPage.locator('#qrimg[src^="data:image/png"]').waitFor()
  return rpPage.locator('#reqtext').inputValue()
}

async function openOnlinePage(wallet: Page) {
  await wallet.goto(platform.url + '/#/subpackages/online/pages/request/index')
  await see(wallet, '线上身份核验').waitFor()
}

async function paste(wallet: Page, text: string) {
  // What a person does after the last answer: 完成 / 重新扫码 brings the entry back.
  for (const id of ['#online-done', '#online-declined', '#online-refused']) {
    const done = wallet.locator(`${id} .ol-btn`).filter({ visible: true })
    if (await done.count()) await done.first().click()
  }
  await openOnlinePage(wallet)
  await wallet.locator('#online-request-text').fill(text)
  await wallet.locator('#online-request-open').click()
}

async function approve(wallet: Page) {
  await wallet.locator('#online-approve').click()
  await typePin(wallet, TEST_PIN)
  await wallet.locator('#online-done').waitFor({ timeout: 30_000 })
}

async function verifiedSubject(rpPage: Page): Promise<string> {
  await rpPage.locator('#result').waitFor({ state: 'visible', timeout: 30_000 })
  return (await rpPage.locator('#subject').textContent())!.trim()
}

test('cross-device consent, decline, over-asking, pairwise pseudonyms, replay and tampering', async () => {
  const w = await newPhonePage(browser)
  const wallet = w.page
  const posted: string[] = []
  wallet.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/response')) posted.push(r.postData() ?? '')
  })
  const rp = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' })
  const shopPage = await rp.newPage()
  const hotelPage = await rp.newPage()
  try {
    // The holder: PIN, face check, every card of the demo holder.
    await wallet.goto(platform.url + '/')
    await setPinOnFirstRun(wallet)
    await wallet.getByText(ZHANG).click()
    await wallet.getByText('模拟核验通过').click()
    await wallet.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30_000 })
    await wallet.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('开户核验')
    await wallet.getByText('全部领取').click()
    await wallet.waitForFunction((n) => document.querySelectorAll('.card').length === n, ZHANG_CARD_COUNT, { timeout: 60_000 })

    // 1. Cross-device: the QR photographed from the RP page and uploaded into the wallet.
    await shopPage.goto(shop.url + '/')
    await see(shopPage, '核验方：粤信通网上营业厅').waitFor()
    await startAt(shopPage)
    const qr = await screenshotElement(shopPage.locator('#qrimg'), 'online-01-rp-qr')
    await wallet.getByText('线上身份核验（扫网站二维码）').click()
    const t0 = Date.now()
    await wallet.locator('.ol-upload__input').setInputFiles(qr)
    await wallet.locator('#online-consent').waitFor({ timeout: 30_000 }).catch(async (e) => {
      await screenshot(wallet, 'online-debug')
      throw new Error(String(e) + '\n' + (await wallet.locator('body').innerText()))
    })
    expect(await wallet.locator('#online-rp-name').textContent()).toBe('粤信通网上营业厅')
    const fieldsText = await wallet.locator('#online-fields').innerText()
    expect(fieldsText).toContain('已满18周岁')
    expect(fieldsText).not.toContain('身份证号')
    const tConsent = Date.now()
    await screenshot(wallet, 'online-02-consent')
    await wallet.locator('#online-approve').click()
    await typePin(wallet, TEST_PIN)
    const tPin = Date.now()
    await wallet.locator('#online-done').waitFor({ timeout: 30_000 })
    const first = await verifiedSubject(shopPage)
    // docs/BENCHMARKS.md: scan (upload) → consent shown, and PIN → the RP page shows the result.
    console.log(`online: upload→consent ${tConsent - t0} ms, PIN→RP result ${Date.now() - tPin} ms`)
    expect(first).toMatch(/^pw-[A-Za-z0-9_-]{22}$/)
    expect(await shopPage.locator('#age').textContent()).toBe('是')
    await screenshot(shopPage, 'online-03-rp-verified')

    // 2. Replay: the wallet's posted response, sent again, is refused.
    expect(posted).toHaveLength(1)
    const again = await fetch(shop.url + '/response', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: posted[0] })
    expect([again.status, await again.json()]).toEqual([400, { code: 'ERR_REPLAYED' }])

    // 3. Decline: the RP page says so.
    await paste(wallet, await startAt(shopPage))
    await wallet.locator('#online-consent').waitFor()
    await wallet.locator('#online-decline').click()
    await wallet.locator('#online-declined').waitFor()
    await see(shopPage, '您在证照夹中拒绝了本次核验').waitFor({ timeout: 15_000 })

    // 4. Pairwise: a second visit at the same RP, then another RP.
    await paste(wallet, await startAt(shopPage))
    await approve(wallet)
    expect(await verifiedSubject(shopPage)).toBe(first)
    await hotelPage.goto(hotel.url + '/')
    await paste(wallet, await startAt(hotelPage))
    expect(await wallet.locator('#online-rp-name').textContent()).toBe('花园酒店集团网上前台')
    await approve(wallet)
    const atHotel = await verifiedSubject(hotelPage)
    expect(atHotel).toMatch(/^pw-/)
    expect(atHotel).not.toBe(first)

    // 5. Over-asking: the 营业厅 (not allowed the ID number) asks for it, signed with its own key.
    const nonce = base64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(18)))
    const overAsk = await signAuthorizationRequest(
      { clientId: SHOP, responseUri: shop.rp.responseUri, purpose: 'hotel', claims: ['name', 'id_number', 'ethnicity', 'address', 'portrait_hash'], nonce, state: 'over-asking-1', iat: Math.floor(Date.now() / 1000) },
      rpKeys(`rp-demo-secret:${SHOP}`).sign,
      joseBackend
    )
    await paste(wallet, requestText(overAsk))
    await wallet.locator('#online-refused').waitFor()
    await see(wallet, '超出了它在政务平台登记的范围').waitFor()
    expect(await wallet.locator('#online-consent').count()).toBe(0)
    await screenshot(wallet, 'online-04-over-asking')

    // 6. Tampering: one character of the signature changed → refused before any consent.
    const text = await startAt(shopPage)
    const tampered = text.slice(0, -5) + (text.at(-5) === 'A' ? 'B' : 'A') + text.slice(-4)
    await paste(wallet, tampered)
    await wallet.locator('#online-refused').waitFor()
    await see(wallet, '签名不对').waitFor()
    expect(await wallet.locator('#online-consent').count()).toBe(0)

    // 7. Same device: the RP's 在本机用证照夹打开 link opens the wallet on the request (no scan, no paste).
    for (const id of ['#online-refused']) {
      const again = wallet.locator(`${id} .ol-btn`).filter({ visible: true })
      if (await again.count()) await again.first().click()
    }
    const started = (await (await fetch(shop.url + '/requests', { method: 'POST' })).json()) as { state: string; sameDevice: string }
    expect(started.sameDevice.startsWith(platform.url + '/#/subpackages/online/pages/request/index?request=CWR1')).toBe(true)
    await wallet.goto(started.sameDevice)
    await wallet.locator('#online-consent').waitFor({ timeout: 30_000 })
    await approve(wallet)
    expect(await (await fetch(`${shop.url}/requests/${encodeURIComponent(started.state)}`)).json()).toMatchObject({ status: 'verified', subject: first })

    // The holder's 用证记录 names the RPs, the purpose and the field.
    await wallet.goto(platform.url + '/#/subpackages/holder/pages/usage/index')
    await see(wallet, '粤信通网上营业厅').waitFor({ timeout: 20_000 })
    await see(wallet, '花园酒店集团网上前台').waitFor()
    await screenshot(wallet, 'online-05-usage')
    expect(w.errors).toEqual([])
  } finally {
    await rp.close()
    await w.context.close()
  }
}, 300_000)
