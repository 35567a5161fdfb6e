import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
// @ts-expect-error plain ESM script without types
import { serveStatic } from '../../scripts/serve-static.mjs'

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots')

/** Debian's Chromium, headless, no background networking, a fresh profile (no downloads here). */
export async function launchBrowser(): Promise<Browser> {
  // NOTE: playwright's launch() always starts Chromium with a fresh temporary profile
  // (it refuses --user-data-dir here), which is the fresh user-data-dir we want.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

export async function serveH5(): Promise<{ url: string; close(): Promise<void> }> {
  return serveStatic(join(__dirname, '..', '..', 'dist', 'h5'))
}

/** A phone-sized page that fails the test on any uncaught page error. */
export async function newPhonePage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { page, errors }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** Waits until the simulator's service worker controls the page. */
export async function waitForMock(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 20000 })
}

export const TEST_PIN = '135790'

/** Presses the drawn PIN pad's keys. */
export async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.locator(`.pinpad__key--${d}`).first().click()
}

/** First open: the PIN is chosen (twice) before anything else; then the claim start shows. */
export async function setPinOnFirstRun(page: Page, pin = TEST_PIN): Promise<void> {
  await page.getByText('设置 6 位数字密码').waitFor()
  await typePin(page, pin)
  await page.getByText('请再输入一次密码').waitFor()
  await typePin(page, pin)
  await page.getByText('领取电子证照').waitFor()
}

/** A locked wallet (after a restart) asks for the PIN where a secret is needed. */
export async function unlockWithPin(page: Page, pin = TEST_PIN): Promise<void> {
  await page.getByText('请输入 6 位密码').waitFor()
  await typePin(page, pin)
  await page.getByText('请输入 6 位密码').waitFor({ state: 'detached' })
}
