/**
 * The verifier page of the H5 build on the in-page simulator: a traffic officer downloads the
 * offline material, then checks presentations made in this process by the holder CLI core (same
 * simulator seed, so they verify): pasted text → green; the same text again → red (replayed), also
 * after a reload; a QR PNG uploaded through the file input → green; a hotel QR → red (wrong role).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhonePage, screenshot, serveH5, waitForMock } from './launch'
import { parseHolderArgs, presentAsHolder } from '../../scripts/holder'

let browser: Browser
let server: { url: string; close(): Promise<void> }
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwallet-verifier-'))

beforeAll(async () => {
  server = await serveH5()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const present = (purpose: string, kind: string) => presentAsHolder(parseHolderArgs(['present', '--kind', kind, '--purpose', purpose]))

async function openAsPolice(page: Page): Promise<void> {
  await page.goto(server.url + '/#/subpackages/verifier/pages/scan/index')
  await waitForMock(page)
  await page.getByText('请选择核验身份').waitFor()
  await screenshot(page, 'verifier-01-roles')
  await page.locator('.vf-role', { hasText: '路面执勤' }).click()
  // Opening the page already starts an update; wait for it, then press the button as the officer would.
  await page.getByText(/^核验数据更新于 \d+月\d+日 \d\d:\d\d$/).waitFor({ timeout: 30000 })
  await page.getByText('更新核验数据', { exact: true }).click()
  await page.getByText('更新核验数据', { exact: true }).waitFor({ timeout: 30000 })
}

async function paste(page: Page, text: string): Promise<void> {
  await page.getByLabel('粘贴出示码').fill(text)
  await page.getByText('核验出示码').click()
}

test('a traffic officer: material, pasted QR green, the same QR red as replayed, an uploaded QR image green', async () => {
  const { page, errors } = await newPhonePage(browser)
  await openAsPolice(page)
  await expect(page.getByText(/尚未下载|已超过24小时|过期/).count()).resolves.toBe(0)
  await screenshot(page, 'verifier-02-ready')

  const qr = await present('traffic-stop', 'driving-licence')
  await paste(page, qr)
  await page.getByText('核验通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('交警查验').isVisible()).resolves.toBe(true)
  await expect(page.getByText('签发机关：公安部交通管理局（公安部）').first().isVisible()).resolves.toBe(true)
  await expect(page.getByText('准驾车型').isVisible()).resolves.toBe(true)
  await expect(page.getByText('人像比对').isVisible()).resolves.toBe(true)
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

  const png = path.join(tmp, 'traffic-stop.png')
  await QRCode.toFile(png, [{ data: await present('traffic-stop', 'driving-licence'), mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' })
  await page.locator('input[type=file]').setInputFiles(png)
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
  const { page, errors } = await newPhonePage(browser)
  await openAsPolice(page)
  await paste(page, await present('hotel', 'id-card'))
  await page.getByText('核验未通过').waitFor({ timeout: 20000 })
  await expect(page.getByText('这是“酒店入住”用途的二维码').isVisible()).resolves.toBe(true)
  await screenshot(page, 'verifier-07-wrong-role')
  expect(errors).toEqual([])
})

test('出示核验码 draws a CWN1 challenge QR that decodes, and a QR without the nonce is refused', async () => {
  const { page, errors } = await newPhonePage(browser)
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
  const shot = path.join(tmp, 'challenge.png')
  await page.locator('.vf-challenge__qr').scrollIntoViewIfNeeded()
  await page.locator('.vf-challenge__qr').screenshot({ path: shot })
  const { decodeQrFromImageFile } = await import('../../scripts/qrImage')
  fs.copyFileSync(shot, path.join(__dirname, '..', '..', 'test-output', 'screenshots', 'verifier-08a-challenge-qr.png'))
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
