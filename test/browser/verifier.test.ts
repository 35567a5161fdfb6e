/**
 * The verifier page of the H5 build on the in-page simulator: a traffic officer downloads the
 * offline material, then checks presentations made in this process by the holder CLI core (same
 * simulator seed, so they verify): pasted text → green; the same text again → red (replayed), also
 * after a reload; a QR PNG uploaded through the file input → green; a hotel QR → red (wrong role).
 */
import path from 'node:path'
import { writeFileSync } from 'node:fs'
import QRCode from 'qrcode'
import type { Page } from 'playwright-core'
import { installH5Session, newPhonePage, screenshot, screenshotElement, waitForMock } from './launch'
import { parseHolderArgs, presentAsHolder } from '../../scripts/holder'

const h5 = installH5Session()

const present = (purpose: string, kind: string) => presentAsHolder(parseHolderArgs(['present', '--kind', kind, '--purpose', purpose]))

const VERIFIER_URL = '/#/subpackages/verifier/pages/scan/index'

async function openAs(page: Page, roleDescription: string): Promise<void> {
  await page.goto(h5.url + VERIFIER_URL)
  await waitForMock(page)
  await page.getByText('请选择核验身份').waitFor()
  await screenshot(page, 'verifier-01-roles')
  await page.locator('.vf-role', { hasText: roleDescription }).click()
  // Opening the page already starts an update; wait for it, then press the button as the officer would.
  await page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await page.getByText('更新核验数据', { exact: true }).click()
  await waitForMaterialUpdate(page)
}

/** The 更新核验数据 button is back (the update finished) and the layout above the panels is settled. */
async function waitForMaterialUpdate(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.innerText.includes('正在更新核验数据'), undefined, { timeout: 30000 })
  await page.getByText('更新核验数据', { exact: true }).waitFor({ timeout: 30000 })
}

const openAsPolice = (page: Page) => openAs(page, '路面执勤')

/**
 * No signal: every API request fails as a dropped connection would (ERR_NETWORK). The simulator
 * answers inside the page, so the switch sits in front of it, on `fetch`.
 */
async function installOfflineSwitch(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const realFetch = window.fetch.bind(window)
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (localStorage.getItem('test.offline') === '1' && url.includes('/api/v1/')) return Promise.reject(new TypeError('Failed to fetch'))
      return realFetch(input, init)
    }
  })
}

/** Moves every stored fetch time of the verifier's material back by `ms`. */
async function ageMaterial(page: Page, ms: number): Promise<void> {
  await page.evaluate((by) => {
    // Taro H5 keeps `{ data: … }` under the key: the store's blob as an object (a JSON text in
    // blobs written before; written back as one here, so that older format is read too).
    const outer = JSON.parse(localStorage.getItem('certwallet.verifier')!)
    const blob = typeof outer.data === 'string' ? JSON.parse(outer.data) : outer.data
    const m = blob.state.material
    m.trustList.fetchedAt -= by
    for (const s of Object.values(m.statusLists) as { fetchedAt: number }[]) s.fetchedAt -= by
    m.deviceRevocations.fetchedAt -= by
    localStorage.setItem('certwallet.verifier', JSON.stringify({ ...outer, data: JSON.stringify(blob) }))
  }, ms)
}

async function paste(page: Page, text: string): Promise<void> {
  await page.getByLabel('粘贴出示码').fill(text)
  await page.getByText('核验出示码').click()
}

test('a traffic officer: material, pasted QR green, the same QR red as replayed, an uploaded QR image green', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await openAsPolice(page)
  await expect(page.getByText(/尚未下载|已超过24小时|过期/).count()).resolves.toBe(0)
  await screenshot(page, 'verifier-02-ready')

  const qr = await present('traffic-stop', 'driving-licence')
  await paste(page, qr)
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('交警查验').isVisible()).resolves.toBe(true)
  // A self-chosen role, never enrolled: the answer says so, and it cannot be reported.
  await expect(page.getByText('未登记核验方（本机未登记，结果不上报）').isVisible()).resolves.toBe(true)
  await expect(page.getByText('签发机关：公安部交通管理局（公安部）').first().isVisible()).resolves.toBe(true)
  await expect(page.getByText('准驾车型').isVisible()).resolves.toBe(true)
  // No pretend portrait check: the officer is told to compare the person with a photo ID.
  await expect(page.getByText('人像比对').count()).resolves.toBe(0)
  await expect(page.getByText('核对本人').isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-03-green')
  // Everything below the fold too (the page scrolls inside Taro's container, so: a tall window).
  await page.setViewportSize({ width: 390, height: 1900 })
  await screenshot(page, 'verifier-03b-green-whole')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByText('完成，核验下一位').click()

  await paste(page, qr)
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText(/此二维码已被使用过（可能是截图）/).isVisible()).resolves.toBe(true)
  await expect(page.getByText(/ERR_REPLAYED/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-04-replayed')

  // A reload keeps the replay cache (and the role, and the material).
  await page.reload()
  await waitForMock(page)
  await paste(page, qr)
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText(/此二维码已被使用过/).isVisible()).resolves.toBe(true)
  await page.getByText('返回，重新核验').click()

  const png = path.join(h5.tmp, 'traffic-stop.png')
  await QRCode.toFile(png, [{ data: await present('traffic-stop', 'driving-licence'), mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' })
  await page.getByLabel('上传二维码图片').setInputFiles(png)
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await screenshot(page, 'verifier-05-green-from-image')
  await page.getByText('完成，核验下一位').click()

  // The log: outcomes, times, purposes and codes — no name, no number.
  await page.getByText('最近核验记录').waitFor()
  await expect(page.locator('.vf-log__row').count()).resolves.toBe(4)
  const body = await page.evaluate(() => document.body.innerText + JSON.stringify(localStorage))
  expect(body).not.toContain('张明华')
  expect(body).not.toContain('44010619900315001X')
  await page.setViewportSize({ width: 390, height: 1900 })
  await screenshot(page, 'verifier-06-log')
  expect(errors).toEqual([])
})

test('a hotel QR shown to the traffic officer is red and says which purpose it was', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await openAsPolice(page)
  await paste(page, await present('hotel', 'id-card'))
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('这是“酒店入住”用途的二维码').isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-07-wrong-role')
  expect(errors).toEqual([])
})

test('出示核验码 draws a CWN1 challenge QR that decodes, and a QR without the nonce is refused', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await openAsPolice(page)
  await page.getByText('出示核验码（防截图）').click()
  await page.getByText('请持证人扫描此核验码').waitFor()
  const text = await page.locator('.vf-challenge__qr').getAttribute('data-qr-text')
  expect(text).toMatch(/^CWN1:[0-9A-Z]{32}$/)
  // What is drawn on the canvas decodes to that text.
  await page.waitForFunction(() => {
    const c = document.querySelector('.vf-challenge__qr canvas') as HTMLCanvasElement | null
    return !!c && c.width > 100
  })
  // The canvas's own bitmap (exactly what is drawn, whatever the layout does around it) decodes…
  const drawn = await page.locator('.vf-challenge__qr canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'))
  const bitmap = path.join(h5.tmp, 'challenge-canvas.png')
  writeFileSync(bitmap, Buffer.from(drawn.slice(drawn.indexOf(',') + 1), 'base64'))
  const { decodeQrFromImageFile } = await import('../../scripts/qrImage')
  await expect(decodeQrFromImageFile(bitmap)).resolves.toBe(text)
  // …and so does the screen around it (what the holder's camera sees).
  const shot = await screenshotElement(page.locator('.vf-challenge__qr'), 'verifier-08a-challenge-qr')
  await expect(decodeQrFromImageFile(shot)).resolves.toBe(text)
  await screenshot(page, 'verifier-08-challenge')

  await paste(page, await present('traffic-stop', 'driving-licence'))
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText(/核验码不匹配/).isVisible()).resolves.toBe(true)
  await page.getByText('返回，重新核验').click()
  const nonce = text!.slice('CWN1:'.length)
  await paste(page, await presentAsHolder(parseHolderArgs(['present', '--kind', 'driving-licence', '--purpose', 'traffic-stop', '--nonce', nonce])))
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await expect(page.getByText(/核验码一致/).isVisible()).resolves.toBe(true)
  expect(errors).toEqual([])
})

test('no signal and material over 24 h old: a clear warning, still green with a note; past the trust list limit red', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await installOfflineSwitch(page)
  await openAsPolice(page)
  await page.evaluate(() => localStorage.setItem('test.offline', '1'))
  await ageMaterial(page, 30 * 3600 * 1000)
  await page.reload()
  await waitForMock(page)
  await page.getByText(/已超过24小时未更新/).waitFor({ timeout: 20000 })
  await page.getByText(/更新失败：网络连接失败/).waitFor({ timeout: 30000 })
  await screenshot(page, 'verifier-09-stale-offline')

  await paste(page, await present('traffic-stop', 'driving-licence'))
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await expect(page.getByText(/注销信息超过24小时未更新/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-10-green-stale')
  await page.getByText('完成，核验下一位').click()

  // 31 days on, still offline: the trust list's hard limit has passed.
  await page.clock.install({ time: new Date(Date.now() + 31 * 86400 * 1000) })
  await page.reload()
  await waitForMock(page)
  await page.getByText(/信任列表已于 \d+月\d+日 过期，无法核验/).waitFor({ timeout: 20000 })
  await screenshot(page, 'verifier-11-trust-expired')
  await paste(page, await present('traffic-stop', 'driving-licence'))
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('核验数据已过期，请联网更新').isVisible()).resolves.toBe(true)
  await expect(page.getByText(/ERR_TRUST_LIST_EXPIRED/).isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-12-red-trust-expired')
  expect(errors).toEqual([])
})

test('a hotel desk sees the full ID number for registration, and is told the app keeps nothing', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await openAs(page, '前台入住登记')
  await paste(page, await present('hotel', 'id-card'))
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('44010619900315001X').isVisible()).resolves.toBe(true)
  await expect(page.getByText(/本机不保存住客信息/).isVisible()).resolves.toBe(true)
  await page.setViewportSize({ width: 390, height: 1400 })
  await screenshot(page, 'verifier-13-hotel-green')
  await page.getByText('完成，核验下一位').click()
  const stored = await page.evaluate(() => JSON.stringify(localStorage))
  expect(stored).not.toContain('44010619900315001X')
  expect(stored).not.toContain('张明华')
  expect(errors).toEqual([])
})
