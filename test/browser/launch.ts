import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
// @ts-expect-error plain ESM script without types
import { serveStatic } from '../../scripts/serve-static.mjs'

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots')

/** Debian's Chromium, headless, no background networking, a fresh profile (no downloads here). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
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
      '--disable-sync',
      ...extraArgs
    ]
  })
}

export async function serveH5(): Promise<{ url: string; close(): Promise<void> }> {
  return serveStatic(join(__dirname, '..', '..', 'dist', 'h5'))
}

/** What one browser test file works with; valid inside its tests and hooks. */
export interface H5Session {
  readonly browser: Browser
  /** Where dist/h5 is served, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** A scratch folder for this file (images handed to file inputs), removed after it. */
  readonly tmp: string
}

/**
 * Serves dist/h5 and launches Chromium before the file's tests; closes both (and removes the scratch
 * folder) after them. Call at the top of a browser test file.
 */
export function installH5Session(): H5Session {
  let browser: Browser | undefined
  let server: { url: string; close(): Promise<void> } | undefined
  let tmp: string | undefined
  beforeAll(async () => {
    server = await serveH5()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the H5 session starts in beforeAll: use it inside tests and hooks')
    return value
  }
  return {
    get browser() {
      return started(browser)
    },
    get url() {
      return started(server).url
    },
    get tmp() {
      tmp ??= mkdtempSync(join(tmpdir(), 'certwallet-browser-'))
      return tmp
    }
  }
}

/** A phone-sized page in a fresh context (its own storage) that records uncaught page errors. */
export async function newPhonePage(
  browser: Browser,
  options: Pick<BrowserContextOptions, 'serviceWorkers'> = {}
): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', ...options })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { page, errors, context }
}

/** Saves test-output/screenshots/<name>.png (the whole page unless `fullPage: false`) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  try {
    await page.screenshot({ path, fullPage: options.fullPage ?? true })
  } catch (e) {
    // Headless Chromium now and then never delivers the frame a full-page capture waits for (seen
    // once in CI right after setViewportSize). The picture is a record, not an assertion: try once more.
    if (!/Timeout/.test(String(e))) throw e
    await page.screenshot({ path, fullPage: options.fullPage ?? true, timeout: 15000 })
  }
  return path
}

/**
 * One element's pixels (what a camera would photograph) as test-output/screenshots/<name>.png.
 * The element's box must hold still over two animation frames before the capture and be the same
 * after it; otherwise the page moved mid-capture (a banner above it changed height) and the shot is
 * taken again, so the file never holds a clip of the wrong region.
 */
export async function screenshotElement(element: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  const box = () =>
    element.evaluate(
      (el) =>
        new Promise<string>((resolve) => {
          const read = () => {
            const r = el.getBoundingClientRect()
            return `${r.x},${r.y},${r.width},${r.height},${window.scrollY}`
          }
          const first = read()
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(read() === first ? first : '')))
        })
    )
  for (let attempt = 0; attempt < 5; attempt++) {
    await element.scrollIntoViewIfNeeded()
    const before = await box()
    if (!before) continue
    await element.screenshot({ path, animations: 'disabled' })
    if ((await box()) === before) return path
  }
  throw new Error(`screenshotElement(${name}): the element kept moving`)
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

/**
 * The QR drawn on `canvas` (a selector), read from the canvas's own pixels (jsQR) until it decodes
 * to the text the page says it drew (`data-qr-text`), with the PNG bytes: what a camera would
 * photograph. Throws after `timeoutMs` with what it last decoded.
 */
export async function readCanvasQr(page: Page, canvas: string, timeoutMs = 15_000): Promise<{ text: string; png: Buffer }> {
  const deadline = Date.now() + timeoutMs
  let last: string | null = null
  while (Date.now() < deadline) {
    const { dataUrl, expected } = await page.evaluate((sel) => {
      const c = document.querySelector(sel) as HTMLCanvasElement | null
      return { dataUrl: c?.toDataURL('image/png') ?? null, expected: document.querySelector('[data-qr-text]')?.getAttribute('data-qr-text') ?? null }
    }, canvas)
    if (dataUrl) {
      const bytes = Buffer.from(dataUrl.split(',')[1], 'base64')
      const png = PNG.sync.read(bytes)
      last = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null
      if (last && last === expected) return { text: last, png: bytes }
    }
    await page.waitForTimeout(150)
  }
  throw new Error(`${canvas} does not show the QR of data-qr-text (decoded: ${last ? 'another text' : 'nothing'})`)
}

/**
 * The visible match only. Taro H5 keeps earlier page instances in the DOM (hidden) when a test goes
 * back and forth, so the same text can exist several times; people only see one.
 */
export const see = (page: Page, text: string | RegExp, exact = false) => page.getByText(text, { exact }).filter({ visible: true }).first()
/** The visible element matching `selector` (and `hasText`), as {@link see}. */
export const seeLoc = (page: Page, selector: string, hasText?: string) => page.locator(selector, hasText ? { hasText } : undefined).filter({ visible: true }).first()

/**
 * First open at `url`: the PIN chosen ({@link setPinOnFirstRun}), the face check of the demo person
 * `demo`, the claim list (`listed`: its heading, by default with `cards` in it), every certificate
 * claimed with a 用证事由 where the list asks for one; resolves when `cards` cards show.
 * `inPageSimulator: false` for an app served with the simulator over HTTP (scripts/demoServer.ts):
 * no msw worker to wait for.
 */
export async function claimAllOnFirstRun(
  page: Page,
  url: string,
  {
    pin = TEST_PIN,
    demo,
    cards,
    listed = `可领取的证照（${cards}）`,
    inPageSimulator = true
  }: { pin?: string; demo: string; cards: number; listed?: string | RegExp; inPageSimulator?: boolean }
): Promise<void> {
  await page.goto(url + '/')
  if (inPageSimulator) await waitForMock(page)
  await setPinOnFirstRun(page, pin)
  await see(page, demo).click({ timeout: 30000 })
  await see(page, '模拟核验通过').click()
  await see(page, listed).waitFor()
  const purpose = page.getByRole('textbox', { name: '用证事由（如：求职学历核验）' })
  if (await purpose.count()) await purpose.fill('求职学历核验')
  await see(page, '全部领取').click()
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('正在下载并核对'), cards, { timeout: 60000 })
}

/** Back to the wallet home with the browser's back button, without reloading (a reload locks the wallet). */
export async function backHome(page: Page): Promise<void> {
  for (let i = 0; i < 6; i++) {
    if (await see(page, '我的证照', true).isVisible().catch(() => false)) return
    await page.goBack()
    await see(page, '我的证照', true).waitFor({ timeout: 600 }).catch(() => undefined)
  }
  await see(page, '我的证照', true).waitFor()
}
