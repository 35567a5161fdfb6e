/**
 * The holder's wallet beyond the first claim (test/browser/wallet.test.ts covers that) on the H5
 * build in Chromium: reissue and revoke seen after a sync; a failing sync that loses nothing;
 * 关怀模式 remembered across a reload with type measured at ≥ 1.3×; the 用证记录 with a QR shown,
 * a filter and a deletion request; a lost phone deactivated from a second phone, after which its
 * QR fails at the verifier page.
 *
 * Most tests use the simulator inside the page (msw worker). The two-phone and usage-log tests
 * need one simulator shared by several pages (two phones of one person, a verifier, records the
 * test seeds): there the worker is blocked and the pages' /api/v1 and /__mock requests are routed
 * to one simulator served from this process (mock/server.ts, the same handlers).
 */
import type { BrowserContext, Page } from 'playwright-core'
import { DEMO_ADMIN_TOKEN } from '../../mock/handlers'
import { startMockServer, type MockServer } from '../../mock/server'
import { createSimulator } from '../../mock/simulator'
import { certRegistry } from '../../src/certs/registry'
import { installH5Session, newPhonePage, screenshot, waitForMock } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()


/** First run: a 6-digit PIN, twice (the lock comes before anything is claimed). */
async function setPin(page: Page, pin = '135790') {
  await page.getByText('设置 6 位数字密码').waitFor({ timeout: 30000 })
  for (const d of pin) await page.locator(`.pinpad__key--${d}`).click()
  await page.getByText('请再输入一次密码').waitFor()
  for (const d of pin) await page.locator(`.pinpad__key--${d}`).click()
  await page.getByText(ZHANG).waitFor({ timeout: 30000 })
}

/** Demo account 张明华 → 模拟核验通过 → 全部领取 (with the degree's 用证事由) → all his cards. */
async function claimAll(page: Page) {
  await page.getByText(new RegExp(`^(设置 6 位数字密码|请输入 6 位密码|${ZHANG})$`)).first().waitFor({ timeout: 30000 })
  if (await page.getByText('设置 6 位数字密码').isVisible()) await setPin(page)
  else if (await page.getByText('请输入 6 位密码').isVisible()) {
    // Locked (after a restart): sign-in binds the session to the device key, so unlock first.
    for (const d of '135790') await page.locator(`.pinpad__key--${d}`).click()
    await page.getByText(ZHANG).waitFor({ timeout: 30000 })
  }
  await page.getByText(ZHANG).click()
  await page.getByText('模拟核验通过').click()
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 30000 })
  await page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).fill('求职学历核验')
  await page.getByText('全部领取').click()
  await waitForCards(page, ZHANG_CARD_COUNT)
}

async function waitForCards(page: Page, n: number) {
  await page.waitForFunction((count) => document.querySelectorAll('.card').length === count && !/正在下载并核对|正在恢复/.test(document.body.innerText), n, { timeout: 30000 })
}

/**
 * The wallet store's persisted state (Taro H5 keeps `{ data: <the store's JSON> }` under the key), each
 * sealed box as its text: a box kept in IndexedDB (`side:v1:<hash>`, src/services/storage/sideStore.h5.ts)
 * is read from there, so a box moved there compares equal to itself inline.
 */
async function storedWallet(page: Page): Promise<{ credentials: { certId: string; kind: string; status: string; sealed: string; replacedCertId?: string }[]; lastSyncAt: number }> {
  return page.evaluate(async () => {
    const state = ((d) => (typeof d === 'string' ? JSON.parse(d) : d))(JSON.parse(localStorage.getItem('certwallet.wallet')!).data).state
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('certwallet-side', 1)
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    for (const c of state.credentials as { sealed: string }[]) {
      if (!c.sealed.startsWith('side:v1:')) continue
      const text = await new Promise<unknown>((resolve) => {
        const r = db.transaction('boxes', 'readonly').objectStore('boxes').get(c.sealed)
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => resolve(undefined)
      })
      if (typeof text !== 'string') throw new Error(`box ${c.sealed} is not stored`)
      c.sealed = text
    }
    db.close()
    return state
  })
}

async function postJson(page: Page, path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return page.evaluate(
    async ({ path, body, headers }) => (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).status,
    { path, body, headers }
  )
}

const admin = (page: Page, certId: string, action: 'reissue' | 'revoke') =>
  postJson(page, `/api/v1/admin/certificates/${encodeURIComponent(certId)}/${action}`, {}, { 'X-Admin-Token': DEMO_ADMIN_TOKEN })

const card = (page: Page, label: string) => page.locator('.card', { hasText: label })

async function fontPx(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
}

test('a reissued ID card and a cancelled driving licence show after 同步证照状态', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await claimAll(page)
  const before = await storedWallet(page)
  const idCard = before.credentials.find((c) => c.kind === 'id-card')!
  const driving = before.credentials.find((c) => c.kind === 'driving-licence')!

  // The issuing authorities act (simulator admin hooks, through the page's own simulator).
  expect(await admin(page, idCard.certId, 'reissue')).toBe(200)
  expect(await admin(page, driving.certId, 'revoke')).toBe(200)
  await page.getByText('同步证照状态').click()
  await page.getByText('同步证照状态').waitFor({ timeout: 30000 })

  await expect(card(page, '居民身份证电子证照').locator('.badge').innerText()).resolves.toBe('有效')
  await expect(card(page, '居民身份证电子证照').getByText('已更新为新版本证照').isVisible()).resolves.toBe(true)
  await expect(card(page, '电子驾驶证').locator('.badge').innerText()).resolves.toBe('驾驶证已注销') // the licence's own words (statusWords)
  const after = await storedWallet(page)
  const newId = after.credentials.find((c) => c.kind === 'id-card')!
  expect(newId.certId).not.toBe(idCard.certId)
  expect(newId.certId.split('.').slice(-2)[0]).toBe('002') // version 002 replaced 001
  expect(newId.replacedCertId).toBe(idCard.certId)
  expect(newId.sealed).not.toBe(idCard.sealed) // a new credential, sealed at rest
  expect(after.credentials.find((c) => c.kind === 'driving-licence')).toMatchObject({ certId: driving.certId, status: 'revoked' })
  expect(after.credentials).toHaveLength(ZHANG_CARD_COUNT)
  // Everything is held: the claim list is gone, the old ID card is not offered again.
  await expect(page.getByText('全部领取').count()).resolves.toBe(0)
  await card(page, '居民身份证电子证照').scrollIntoViewIfNeeded()
  await screenshot(page, 'holder-01-reissued-revoked')

  // A cancelled licence can no longer be presented: 交警查验 is gone from 亮证.
  await page.getByText('亮证（出示二维码）').click()
  await page.getByText('请选择出示用途').waitFor()
  await expect(page.locator('.purpose', { hasText: '酒店入住' }).count()).resolves.toBe(1)
  await expect(page.locator('.purpose', { hasText: '交警查验' }).count()).resolves.toBe(0)
  expect(errors).toEqual([])
})

test('a sync that fails (server down, then a broken signature mid-reissue) loses and replaces nothing', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await claimAll(page)
  // What must survive: the cards and their "as of" time (trust material may be refreshed meanwhile).
  const cardsOf = async () => {
    const w = await storedWallet(page)
    return { credentials: w.credentials, lastSyncAt: w.lastSyncAt }
  }
  const before = await cardsOf()
  const asOf = await page.locator('.wallet__asof').innerText()

  // 1. The service is down.
  expect(await postJson(page, '/__mock/failures', { mode: 'server-error' })).toBeLessThan(300)
  await page.getByText('同步证照状态').click()
  await page.getByText('政务服务暂时不可用，请稍后重试').first().waitFor({ timeout: 30000 })
  // Holders see what happened; the code waits behind 详情 for the help desk.
  await expect(page.getByText('错误代码 ERR_SERVER').count()).resolves.toBe(0)
  await page.locator('.alert--near').getByText('详情').click()
  await expect(page.getByText('错误代码 ERR_SERVER').isVisible()).resolves.toBe(true)
  // By the sync button (the top of the page may be scrolled away), with what still holds.
  await expect(page.locator('.alert--near').getByText(`您的证照没有变化，仍是 ${asOf.replace('同步于 ', '')} 的状态。`).isVisible()).resolves.toBe(true)
  await expect(page.locator('.card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.locator('.wallet__asof').innerText()).resolves.toBe(asOf)
  expect(await cardsOf()).toEqual(before)
  await screenshot(page, 'holder-02-sync-failed')

  // 2. The ID card was reissued, but the new credential arrives with a broken signature: the old
  //    card stays, whole; nothing is half-replaced.
  expect(await postJson(page, '/__mock/failures', { mode: 'bad-signature', pathPrefix: '/holder/certificates/' })).toBeLessThan(300)
  const idCard = before.credentials.find((c) => c.kind === 'id-card')!
  expect(await admin(page, idCard.certId, 'reissue')).toBe(200)
  await page.locator('.alert').first().click() // dismiss the previous message
  await page.getByText('同步证照状态').click()
  await page.getByText('证照与发证机关签发的不一致，可能被改动过').first().waitFor({ timeout: 30000 })
  await page.locator('.alert--near').getByText('详情').click()
  await expect(page.getByText('错误代码 ERR_SIGNATURE_INVALID').isVisible()).resolves.toBe(true)
  expect(await cardsOf()).toEqual(before)
  await expect(page.locator('.card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.locator('.wallet__asof').innerText()).resolves.toBe(asOf)

  // 3. Back to normal: the same sync now replaces the card.
  expect(await page.evaluate(async () => (await fetch('/__mock/failures', { method: 'DELETE' })).status)).toBeLessThan(300)
  await page.locator('.alert').first().click()
  await page.getByText('同步证照状态').click()
  await card(page, '居民身份证电子证照').getByText('已更新为新版本证照').waitFor({ timeout: 30000 })
  expect((await storedWallet(page)).credentials.find((c) => c.kind === 'id-card')!.replacedCertId).toBe(idCard.certId)
  expect(errors).toEqual([])
})

test('关怀模式: one switch, type ≥ 1.3×, buttons ≥ 96rpx, remembered after a reload, on the wallet and 亮证', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await setPin(page)
  await page.getByText('领取电子证照').waitFor()
  const measured = ['.panel__title', '.panel__text', '.care-switch__label', '.btn--demo']
  const normal: Record<string, number> = {}
  for (const s of measured) normal[s] = await fontPx(page, s)
  await expect(page.locator('.care').count()).resolves.toBe(0)

  await page.locator('.care-switch__switch').click()
  await page.locator('.wallet.care').waitFor()
  const expectCareSizes = async () => {
    for (const s of measured) expect([s, (await fontPx(page, s)) / normal[s] >= 1.3]).toEqual([s, true])
    // 96rpx on a 390 px wide phone (design width 750) is 49.9 CSS px.
    const viewport = page.viewportSize()!.width
    for (const b of await page.locator('.btn').all()) {
      const box = await b.boundingBox()
      if (box) expect(box.height).toBeGreaterThanOrEqual((96 * viewport) / 750)
    }
  }
  await expectCareSizes()
  await expect(page.getByText('已开启：大字、大按钮').isVisible()).resolves.toBe(true)
  await expect(page.getByText('我是核验方（扫码核验）').isVisible()).resolves.toBe(false) // fewer controls
  await screenshot(page, 'holder-03-care-first-open')

  // Remembered: a reload (an app restart) comes back in care mode.
  await page.reload()
  await waitForMock(page)
  await page.locator('.wallet.care').waitFor()
  // Restarted, so locked: signing in needs the device key, so the PIN comes first (on a care-mode pad).
  await page.getByText('请输入 6 位密码').waitFor({ timeout: 30000 })
  for (const d of '135790') await page.locator(`.pinpad__key--${d}`).click()
  await page.getByText(ZHANG).waitFor({ timeout: 30000 })
  await expectCareSizes()

  // The wallet in care mode: plain words, bigger cards, no secondary rows.
  await claimAll(page)
  await expect(page.getByText('出示证件（给对方扫码）').isVisible()).resolves.toBe(true)
  await expect(page.getByText('检查证件有没有变化').isVisible()).resolves.toBe(true)
  await expect(page.locator('.card__row:visible').count()).resolves.toBe(0)
  const cardTitleCare = await fontPx(page, '.card__title')
  await screenshot(page, 'holder-04-care-wallet')

  // 亮证 follows it too (CarePage): measure with and without the care class on the same page.
  // Locked again (the PIN opened it to sign in): 亮证 asks for the PIN first, on a care-mode pad.
  await page.getByText('立即锁定').click()
  await page.getByText('出示证件（给对方扫码）').click()
  await page.getByText('请输入 6 位密码').waitFor({ timeout: 30000 })
  await page.locator('.present.care .pinpad').waitFor()
  expect(await fontPx(page, '.pinpad__key--5')).toBeGreaterThanOrEqual(1.3 * 48 * (390 / 750))
  await screenshot(page, 'holder-05a-care-unlock')
  for (const d of '135790') await page.locator(`.pinpad__key--${d}`).click()
  await page.getByText('请选择出示用途').waitFor({ timeout: 30000 })
  await page.locator('.present.care').waitFor()
  const care = { label: await fontPx(page, '.purpose__label'), title: await fontPx(page, '.present-title') }
  await screenshot(page, 'holder-05-care-present')
  await page.locator('.present').evaluate((el) => el.classList.remove('care'))
  expect(care.label / (await fontPx(page, '.purpose__label'))).toBeGreaterThanOrEqual(1.3)
  expect(care.title / (await fontPx(page, '.present-title'))).toBeGreaterThanOrEqual(1.3)

  // And off again: back to normal sizes on the wallet.
  await page.goBack()
  await page.locator('.care-switch__switch').click()
  await page.waitForFunction(() => !document.querySelector('.wallet.care'))
  expect(cardTitleCare / (await fontPx(page, '.card__title'))).toBeGreaterThanOrEqual(1.3)
  expect(errors).toEqual([])
})

describe('with one simulator shared by several pages (phones and a verifier)', () => {
  let mock: MockServer
  const sim = createSimulator()
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, sim })
  })
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()))
    mock.failures.clear()
    sim.reset()
  })
  afterAll(async () => {
    await mock?.close()
  })

  /**
   * A phone (a fresh browser profile) whose API requests reach the shared simulator: the msw
   * worker is blocked and `/api/v1`, `/__mock` are forwarded to it from this process.
   */
  async function phone(): Promise<{ page: Page; errors: string[] }> {
    const { page, errors, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
    contexts.push(context)
    await context.addInitScript(() => {
      // The app waits for this promise before any request (src/services/api/simulatorReady.ts);
      // with the worker blocked, requests go to the network, where the test routes them.
      Object.defineProperty(globalThis, '__certwalletMockReady', {
        configurable: true,
        get: () => Promise.resolve(),
        set: (p: Promise<unknown> | undefined) => void p?.catch(() => undefined)
      })
    })
    await context.route(/\/(api\/v1|__mock)\//, async (route) => {
      const req = route.request()
      const url = new URL(req.url())
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers())) if (['content-type', 'accept', 'authorization', 'dpop', 'idempotency-key', 'x-admin-token'].includes(k)) headers[k] = v
      const body = req.postDataBuffer()
      const res = await fetch(mock.url + url.pathname + url.search, { method: req.method(), headers, body: body ? new Uint8Array(body) : undefined })
      const out: Record<string, string> = {}
      res.headers.forEach((v, k) => (out[k] = v))
      await route.fulfill({ status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) })
    })
    await page.goto(h5.url + '/')
    await setPin(page)
    return { page, errors }
  }

  /** 亮证 → purpose → 同意出示 → the QR's text (data-qr-text). */
  async function showQr(page: Page, purpose: string): Promise<string> {
    await page.getByText('亮证（出示二维码）').click()
    await page.getByText('请选择出示用途').waitFor()
    await page.waitForFunction(() => (document.body.innerText.match(/离线可用/g) ?? []).length === 5, undefined, { timeout: 30000 })
    await page.locator('.purpose', { hasText: purpose }).click()
    await page.locator('.consent-actions__agree').click()
    await page.waitForSelector('[data-qr-text^="CW1:"]')
    return (await page.locator('[data-qr-text]').getAttribute('data-qr-text'))!
  }

  const label = (kind: string, field: string) => certRegistry.require(kind).fields.find((f) => f.name === field)!.label

  test('用证记录: a QR shown is listed with exactly its fields; the service records; filter; deletion request; offline', async () => {
    const { page, errors } = await phone()
    await claimAll(page)
    await showQr(page, '酒店入住')
    await page.getByText('结束出示').click()
    await page.goBack()
    await page.getByText('用证记录').waitFor()

    // What verifiers did through the service (the share/verify flows write these; seeded here).
    const certs = sim.listCertificates('p-zhang')
    const idCard = certs.find((c) => c.kind === 'id-card')!.certId
    const driving = certs.find((c) => c.kind === 'driving-licence')!.certId
    const hotel = sim.usage.record({
      holderId: 'p-zhang', at: new Date(Date.now() - 3600_000).toISOString(), channel: 'verification', certIds: [idCard], kinds: ['id-card'],
      purpose: '酒店入住登记', verifier: { name: '广州白云宾馆', role: '酒店' }, fields: ['name', 'id_number'], outcome: 'accepted'
    })
    sim.usage.record({
      holderId: 'p-zhang', at: new Date(Date.now() - 7200_000).toISOString(), channel: 'file-retrieval', certIds: [driving], kinds: ['driving-licence'],
      purpose: '网约车从业资格审核', verifier: { name: '某出行平台', role: '用人单位' }, fields: ['name', 'vehicle_class'], outcome: null
    })

    await page.getByText('用证记录').click()
    await page.getByText('谁、什么时候、为了什么，看了您的哪些信息。').waitFor()
    await page.locator('.usage-entry--server').first().waitFor({ timeout: 30000 })
    const qrEntry = page.locator('.usage-entry--local')
    await expect(qrEntry.count()).resolves.toBe(1)
    await expect(qrEntry.getByText('亮证二维码').isVisible()).resolves.toBe(true)
    await expect(qrEntry.getByText('用途：酒店入住').isVisible()).resolves.toBe(true)
    await expect(qrEntry.getByText('核验方：未知（本机出示，对方未登记）').isVisible()).resolves.toBe(true)
    // Exactly the fields of the hotel set, labelled as the ID-card module labels them.
    const hotelFields = ['name', 'ethnicity', 'address', 'id_number'].map((f) => label('id-card', f)).concat('照片校验码（不含照片）').join('、')
    await expect(qrEntry.locator('.usage-fields__names').innerText()).resolves.toBe(hotelFields)
    const hotelEntry = page.locator('.usage-entry--server', { hasText: '广州白云宾馆' })
    await expect(hotelEntry.getByText('核验方：广州白云宾馆（酒店）').isVisible()).resolves.toBe(true)
    await expect(hotelEntry.locator('.usage-fields__names').innerText()).resolves.toBe(`${label('id-card', 'name')}、${label('id-card', 'id_number')}`)
    await expect(hotelEntry.getByText('核验结果：通过').isVisible()).resolves.toBe(true)
    await expect(page.getByText(`${label('driving-licence', 'name')}、${label('driving-licence', 'vehicle_class')}`).isVisible()).resolves.toBe(true)
    await screenshot(page, 'holder-06-usage-log')

    // Filter by certificate: the driving licence has only the file retrieval.
    await page.locator('.usage-chip', { hasText: '电子驾驶证' }).click()
    await expect(page.locator('.usage-entry').count()).resolves.toBe(1)
    await expect(page.getByText('用途：网约车从业资格审核').isVisible()).resolves.toBe(true)
    await expect(page.getByText('文件调用', { exact: true }).isVisible()).resolves.toBe(true)
    await page.locator('.usage-chip', { hasText: '居民身份证电子证照' }).click()
    await expect(page.locator('.usage-entry').count()).resolves.toBe(2)
    await page.locator('.usage-chip', { hasText: '全部证照' }).click()
    await expect(page.locator('.usage-entry').count()).resolves.toBe(3)

    // Ask the hotel to erase its copy: a confirmation, then the state on the record and at the service.
    await hotelEntry.getByText('请求删除').click()
    await page.getByText('将请求“广州白云宾馆”删除其留存的您的信息（酒店入住登记）。').waitFor()
    await page.getByText('发送请求').click()
    await hotelEntry.getByText('已请求核验方删除，等待对方确认').waitFor({ timeout: 30000 })
    await hotelEntry.scrollIntoViewIfNeeded()
    expect(sim.usage.list('p-zhang').find((r) => r.recordId === hotel.recordId)!.deletion).toBe('requested')
    await screenshot(page, 'holder-07-usage-deletion')

    // The service goes away: local records and the last fetched ones stay, with their time.
    expect(await postJson(page, '/__mock/failures', { mode: 'server-error' })).toBeLessThan(300)
    await page.getByText('刷新记录').click()
    await page.getByText(/暂时连不上政务服务。下面是本机的出示记录，和 \d+月\d+日 \d\d:\d\d 获取的核验记录。/).waitFor({ timeout: 30000 })
    await expect(page.locator('.usage-entry').count()).resolves.toBe(3)
    await expect(hotelEntry.getByText('已请求核验方删除，等待对方确认').isVisible()).resolves.toBe(true)
    await page.locator('.usage-banner').scrollIntoViewIfNeeded()
    await screenshot(page, 'holder-08-usage-offline')
    expect(errors).toEqual([])
  })

  test('lost phone: phone B restores every card in one tap, deactivates phone A; A’s QR then fails at the verifier', async () => {
    const a = await phone()
    await claimAll(a.page)
    // A fetches its offline QR material (as it does after every claim); wait until it holds all of it.
    await a.page.getByText('亮证（出示二维码）').click()
    await a.page.waitForFunction(() => (document.body.innerText.match(/离线可用/g) ?? []).length === 5, undefined, { timeout: 30000 })

    // Phone B: a fresh profile, the same person. After the face check: one tap restores them all.
    const b = await phone()
    await b.page.getByText(ZHANG).click()
    await b.page.getByText('模拟核验通过').click()
    await b.page.getByText('一键恢复全部证照').waitFor({ timeout: 30000 })
    await expect(b.page.getByText(`您在其他手机上使用过证照夹。点下面的按钮，一次恢复全部 ${ZHANG_CARD_COUNT} 张证照，不用逐张重新申请。`).isVisible()).resolves.toBe(true)
    await expect(b.page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' }).count()).resolves.toBe(0)
    await screenshot(b.page, 'holder-09-restore-offer')
    await b.page.getByText('一键恢复全部证照').click()
    await waitForCards(b.page, ZHANG_CARD_COUNT)
    await expect(b.page.getByText(/真实有效/).count()).resolves.toBe(ZHANG_CARD_COUNT)

    // B → 我的设备: two phones, this one marked; A deactivated after a clear confirmation.
    await b.page.getByText('我的设备（手机丢失可停用）').click()
    await b.page.getByText('手机 2（本机）').waitFor({ timeout: 30000 })
    await expect(b.page.locator('.device').count()).resolves.toBe(2)
    await expect(b.page.locator('.device__deactivate').count()).resolves.toBe(1) // never this phone
    await screenshot(b.page, 'holder-10-devices')
    await b.page.getByText('停用这台手机').click()
    await b.page.getByText('停用手机 1？').waitFor()
    await expect(b.page.getByText(/停用后，该手机上的亮证将无法通过核验/).first().isVisible()).resolves.toBe(true)
    await screenshot(b.page, 'holder-11-deactivate-confirm')
    await b.page.getByText('确定停用').click()
    await b.page.getByText('手机 1 已停用。它出示的二维码将无法通过核验。').waitFor({ timeout: 30000 })
    await expect(b.page.locator('.device', { hasText: '手机 1' }).getByText('已停用').isVisible()).resolves.toBe(true)
    const devices = sim.listDevices('p-zhang')
    expect(devices.map((d) => d.status).sort()).toEqual(['active', 'deactivated'])
    await screenshot(b.page, 'holder-12-deactivated')

    // The lost phone still draws a QR from its stored sets (offline), and a verifier refuses it.
    const lostQr = await (async () => {
      await a.page.locator('.purpose', { hasText: '酒店入住' }).click()
      await a.page.locator('.consent-actions__agree').click()
      await a.page.waitForSelector('[data-qr-text^="CW1:"]')
      return (await a.page.locator('[data-qr-text]').getAttribute('data-qr-text'))!
    })()
    await b.page.goBack()
    const goodQr = await showQr(b.page, '酒店入住')

    const v = await phone()
    await v.page.goto(h5.url + '/#/subpackages/verifier/pages/scan/index')
    await v.page.getByText('请选择核验身份').waitFor()
    await v.page.locator('.vf-role', { hasText: '前台入住登记' }).click()
    await v.page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
    await v.page.getByLabel('粘贴出示码').fill(lostQr)
    await v.page.getByText('核验出示码').click()
    await v.page.getByText('核验未通过').waitFor({ timeout: 20000 })
    await expect(v.page.getByText(/ERR_DEVICE_DEACTIVATED/).isVisible()).resolves.toBe(true)
    await screenshot(v.page, 'holder-13-lost-phone-red')
    await v.page.getByText('返回，重新核验').click()
    await v.page.getByLabel('粘贴出示码').fill(goodQr)
    await v.page.getByText('核验出示码').click()
    await v.page.getByText('核验通过').waitFor({ timeout: 20000 })
    expect(b.errors).toEqual([])
  })
})
