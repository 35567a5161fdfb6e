/**
 * The H5 prepaint (issue #12, first screen; src/prepaint/boot.js, src/services/platform/prepaint.h5.ts):
 * before the app's JavaScript has run, index.html draws the new user's first screen or the
 * returning user's home as the last start left it, keeps the taps made on it, and hands them to the
 * app when it takes over. The app's entry script is held back here (a slow phone, made slow on
 * purpose) so each step can be seen. Served like `npm start` (the simulator over HTTP, no service
 * worker), so the test's route can hold the entry script.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startDemoServer, type DemoServer } from '../../scripts/demoServer'
import { indexBoot } from '../../config/h5Bundle'
import { claimAllOnFirstRun, installH5Session, newPhonePage, screenshot, see, TEST_PIN, typePin, unlockWithPin } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()
/** Each test's own simulated government (a person's certificates are claimed once per server). */
let app: DemoServer
beforeEach(async () => {
  app = await startDemoServer({ port: 0, dataDir: null, distDir: join(__dirname, '..', '..', 'dist', 'h5') })
})
afterEach(async () => {
  await app?.close()
})

/** Holds the app's entry script (js/app.*.js) until the returned function is called, for every load of `page`. */
async function holdApp(page: Page): Promise<() => void> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
    await gate
    await route.continue()
  })
  return release
}

/** A start with the app held back draws nothing before it; then the app starts and shows the cards. */
async function restartDrawsNothing(page: Page): Promise<void> {
  const release = await holdApp(page)
  await page.reload({ waitUntil: 'commit' })
  await page.waitForFunction(() => document.readyState !== 'loading') // parsed: boot.js has run
  await expect(page.locator('#prepaint').count()).resolves.toBe(0)
  release()
  await page.locator('#app .card').first().waitFor()
}

const saved = (page: Page) => page.evaluate(() => localStorage.getItem('certwallet.prepaint'))

test('the drawn first screen is the one the app renders (else: npm run prepaint, then build)', async () => {
  const { page, errors, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
  await page.goto(app.url + '/')
  await page.locator('#app .pinpad__key--1').waitFor()
  await page.waitForTimeout(1000)
  const live = await page.evaluate(() => document.querySelector('#app > .taro_page > .wallet')!.parentElement!.innerHTML.trim())
  // What index.html draws for a new user (the inline script's first screen), as served.
  const drawn = indexBoot(await (await fetch(app.url + '/')).text())!.first!
  expect(drawn.length).toBeGreaterThan(1000)
  expect(live).toBe(drawn)
  expect(errors).toEqual([])
  await context.close()
})

test('a new user sees the PIN pad before the app runs, and the digits typed on it count', async () => {
  const { page, errors, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
  // When the drawing's first frame began: a frame callback asked for as soon as the drawing is in.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.getElementById('prepaint')) return
      observer.disconnect()
      requestAnimationFrame(() => ((window as unknown as { __drawnFrame: number }).__drawnFrame = performance.now()))
    }).observe(document, { childList: true, subtree: true })
  })
  const release = await holdApp(page)
  await page.goto(app.url + '/', { waitUntil: 'commit' })
  await page.locator('#prepaint .pinpad__key--1').waitFor()
  // Drawn, with the app's own page not yet there (and hidden until it takes over).
  expect(await page.locator('#app').evaluate((el) => (el as HTMLElement).hidden && el.childElementCount === 0)).toBe(true)
  await expect(page.getByText('设置 6 位数字密码').isVisible()).resolves.toBe(true)
  await screenshot(page, 'prepaint-01-new-user-drawn')
  // Three digits on the drawing: each shows as pressed and fills a dot.
  for (const d of TEST_PIN.slice(0, 3)) await page.locator(`#prepaint .pinpad__key--${d}`).click()
  await expect(page.locator('#prepaint .pinpad__dot--on').count()).resolves.toBe(3)
  release()
  // The app takes over with those three digits, in order, and nothing shows twice.
  await page.locator('#app .pinpad__dots[aria-label="已输入 3 位，共 6 位"]').waitFor()
  await expect(page.locator('#prepaint').count()).resolves.toBe(0)
  await expect(page.getByText('设置 6 位数字密码').count()).resolves.toBe(1)
  // On a first visit the app's script was asked for only after the drawing's first frame (boot.js):
  // fetched and compiled during it, it held that frame back.
  const [asked, frame] = await page.evaluate(() => [
    performance.getEntriesByType('resource').find((e) => /\/js\/app\.[0-9a-f]+\.js$/.test(e.name))?.startTime ?? -1,
    (window as unknown as { __drawnFrame?: number }).__drawnFrame ?? Infinity
  ])
  expect(asked).toBeGreaterThan(frame)
  await typePin(page, TEST_PIN.slice(3))
  // The confirmation matches only if the first three were 1, 3, 5.
  await page.getByText('请再输入一次密码').waitFor()
  await typePin(page, TEST_PIN)
  await page.getByText('领取电子证照').waitFor()
  expect(errors).toEqual([])
  await context.close()
})

test("when the app's script cannot be fetched, the drawing says so and a tap on that reloads", async () => {
  const { page, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
  await page.route(/\/js\/app\.[0-9a-f]+\.js$/, (route) => route.abort('internetdisconnected'))
  await page.goto(app.url + '/', { waitUntil: 'commit' })
  const alert = page.getByRole('alert')
  await expect(alert.textContent()).resolves.toBe('网络不好，证照夹没有打开。请检查网络后，点这里重新打开。')
  await screenshot(page, 'prepaint-03-app-not-fetched', { fullPage: false })
  // Back online: the tap reloads, and the app starts.
  await page.unroute(/\/js\/app\.[0-9a-f]+\.js$/)
  await alert.click()
  await page.locator('#app .pinpad__key--1').waitFor()
  await expect(page.locator('#prepaint').count()).resolves.toBe(0)
  await context.close()
})

test('a returning user sees the home as the last start left it; a tap on a card opens that card', async () => {
  const { page, errors, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
  await claimAllOnFirstRun(page, app.url, { demo: ZHANG, cards: ZHANG_CARD_COUNT, inPageSimulator: false })
  // An unlocked, touched home is not what a start shows: nothing saved.
  expect(await saved(page)).toBeNull()

  // A start left alone (locked, its sync done, still for a second) is saved for the next one.
  await page.reload()
  await page.waitForFunction(() => localStorage.getItem('certwallet.prepaint') !== null, undefined, { timeout: 30_000 })
  const snapshot = JSON.parse((await saved(page))!) as { tag: string; html: string; fingerprint: string }
  expect(snapshot.tag).toMatch(/^\/css\/app\.[0-9a-f]+\.css$/)
  expect(snapshot.html).toContain('已锁定，敏感信息已隐藏')
  expect(snapshot.html).not.toContain('44010619900315001X')

  const release = await holdApp(page)
  await page.reload({ waitUntil: 'commit' })
  await page.locator('#prepaint .card').nth(ZHANG_CARD_COUNT - 1).waitFor({ state: 'attached' })
  await expect(page.locator('#prepaint .card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.locator('#app .card').count()).resolves.toBe(0)
  await screenshot(page, 'prepaint-02-returning-drawn', { fullPage: false })
  // The driver taps 电子驾驶证 on the drawing (twice, impatiently): shown pressed, opened once the app is in.
  const licence = page.locator('#prepaint .card', { hasText: '电子驾驶证' })
  await licence.click()
  await licence.click()
  await expect(licence.evaluate((el) => el.classList.contains('prepaint--pressed'))).resolves.toBe(true)
  release()
  await see(page, '返回').waitFor()
  await expect(see(page, '电子驾驶证').isVisible()).resolves.toBe(true)
  await expect(page.locator('#prepaint').count()).resolves.toBe(0)
  // One page opened over the home, not two.
  await expect(page.locator('#app > .taro_page').count()).resolves.toBe(2)

  // Unlocked and everything shown: what is saved still holds masked values only.
  await see(page, '查看完整信息').click()
  await unlockWithPin(page)
  await see(page, '隐藏敏感信息').waitFor({ timeout: 20_000 })
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/"html":"[^"]*44010619900315001X/)
  expect(await saved(page)).not.toContain('44010619900315001X')
  expect(errors).toEqual([])
  await context.close()
})

test('a drawing that no longer matches the wallet, or another build, is not drawn', async () => {
  const { page, errors, context } = await newPhonePage(h5.browser, { serviceWorkers: 'block' })
  await claimAllOnFirstRun(page, app.url, { demo: ZHANG, cards: ZHANG_CARD_COUNT, inPageSimulator: false })
  await page.reload()
  await page.waitForFunction(() => localStorage.getItem('certwallet.prepaint') !== null, undefined, { timeout: 30_000 })

  // Care mode on changes what the home shows: the saved drawing is dropped at once.
  await page.locator('#app .care-toggle').click()
  await page.waitForFunction(() => localStorage.getItem('certwallet.prepaint') === null, undefined, { timeout: 5_000 })
  await restartDrawsNothing(page)
  // Left alone, this start saves the care-mode home.
  await page.waitForFunction(() => (localStorage.getItem('certwallet.prepaint') ?? '').includes('wallet care'), undefined, { timeout: 30_000 })

  // A drawing saved by another build (other CSS) is not drawn.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('certwallet.prepaint')!)
    localStorage.setItem('certwallet.prepaint', JSON.stringify({ ...s, tag: '/css/app.0000000000000000.css' }))
  })
  await restartDrawsNothing(page)
  expect(errors).toEqual([])
  await context.close()
})

/** The saved home in the app-shell worker's copy (Cache Storage), as the page reads it; null if none. */
const workerCopy = (page: Page) =>
  page.evaluate(async () => {
    const r = await (await caches.open('certwallet-prepaint')).match('/__prepaint/home')
    return r ? r.text() : null
  })

/** `read()` once it is `want`, polled every 100 ms; fails after `ms`. */
async function until<T>(read: () => Promise<T>, want: T, ms: number): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    const got = await read()
    if (got === want) return
    if (Date.now() > end) throw new Error(`still ${String(got).slice(0, 80)} after ${ms} ms, not ${String(want).slice(0, 80)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** How the start page came: whether the worker served it with the drawing in it, and the drawing when the parser was done. */
async function start(page: Page, url: string): Promise<{ fromWorker: boolean; inMarkup: boolean; atParsed: { cards: number; appHidden: boolean; off: boolean; drawing: boolean } }> {
  const response = await page.goto(url, { waitUntil: 'domcontentloaded' })
  const body = await response!.text()
  return {
    fromWorker: response!.fromServiceWorker(),
    inMarkup: body.includes('<div id="prepaint" data-fp="'),
    atParsed: await page.evaluate(() => (window as unknown as { __atParsed: { cards: number; appHidden: boolean; off: boolean; drawing: boolean } }).__atParsed)
  }
}

test("with the app-shell worker, the returning user's home comes in the page itself, also offline; it goes where it does not belong", async () => {
  const { page, errors, context } = await newPhonePage(h5.browser)
  // What the page held when the parser was done (boot.js, inline at the end of the body, has run),
  // and how many of the app's cards there were when the drawing went.
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>
    document.addEventListener('DOMContentLoaded', () => {
      if (!document.getElementById('app')) return // about:blank
      const drawing = document.getElementById('prepaint')
      w.__atParsed = { cards: document.querySelectorAll('#prepaint .card').length, appHidden: document.getElementById('app')!.hidden, off: document.documentElement.classList.contains('prepaint-off'), drawing: drawing !== null && drawing.hasAttribute('data-fp') }
    })
    new MutationObserver((records, observer) => {
      for (const r of records) for (const n of Array.from(r.removedNodes)) if ((n as Element).id === 'prepaint') {
        w.__appCardsWhenDrawingWent = document.querySelectorAll('#app .card').length
        observer.disconnect()
      }
    }).observe(document, { childList: true, subtree: true })
  })
  await claimAllOnFirstRun(page, app.url, { demo: ZHANG, cards: ZHANG_CARD_COUNT, inPageSimulator: false })
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith('/sw.js'), undefined, { timeout: 60_000 })
  await page.reload()
  // A start left alone saves the home, and gives the worker the same record.
  await page.waitForFunction(() => localStorage.getItem('certwallet.prepaint') !== null, undefined, { timeout: 30_000 })
  await until(() => workerCopy(page), await saved(page), 10_000)

  // The next start: the worker's page has the home in it, parsed before any of the app's scripts.
  let s = await start(page, app.url + '/')
  expect(s).toEqual({ fromWorker: true, inMarkup: true, atParsed: { cards: ZHANG_CARD_COUNT, appHidden: true, off: false, drawing: true } })
  await screenshot(page, 'prepaint-04-returning-from-worker', { fullPage: false })
  // The app takes over: its own ten cards, the drawing gone when they were there.
  await page.waitForFunction(() => document.getElementById('prepaint') === null)
  await expect(page.locator('#app .card').count()).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.evaluate(() => (window as unknown as { __appCardsWhenDrawingWent: number }).__appCardsWhenDrawingWent)).resolves.toBe(ZHANG_CARD_COUNT)
  await expect(page.locator('#app').isVisible()).resolves.toBe(true)

  // The worker's copy lost (say, a run closed before it was written): the next start gives it back
  // as soon as the stores agree with the saved home, even when a tap stops that start from saving.
  await page.evaluate(async () => (await caches.open('certwallet-prepaint')).delete('/__prepaint/home'))
  await page.goto('about:blank')
  await page.goto(app.url + '/')
  await page.locator('#app .card').first().waitFor()
  await page.mouse.click(120, 40) // on the page's title: touched, so this start saves nothing
  await until(() => workerCopy(page), await saved(page), 5_000)

  // No signal at the roadside: the same start, offline.
  await context.setOffline(true)
  s = await start(page, app.url + '/')
  expect(s.fromWorker && s.inMarkup && s.atParsed.cards === ZHANG_CARD_COUNT).toBe(true)
  await page.locator('#app .card').nth(ZHANG_CARD_COUNT - 1).waitFor()
  await expect(page.locator('#prepaint').count()).resolves.toBe(0)
  await context.setOffline(false)

  // Opened at the verifier's address: the worker (which does not see the hash) sent the drawing, the
  // page's head hid it before any paint, boot.js removed it, and the verifier shows.
  await page.goto('about:blank')
  s = await start(page, app.url + '/#/subpackages/verifier/pages/scan/index')
  expect(s).toEqual({ fromWorker: true, inMarkup: true, atParsed: { cards: 0, appHidden: false, off: true, drawing: false } })
  await see(page, '扫码核验').waitFor()

  // The worker's copy no longer the home saved in localStorage (a write that did not follow): it
  // is painted, but goes after its first frame, before the app has drawn anything.
  await page.goto('about:blank')
  await page.goto(app.url + '/')
  await page.locator('#app .card').first().waitFor()
  await page.evaluate(() => {
    const r = JSON.parse(localStorage.getItem('certwallet.prepaint')!)
    localStorage.setItem('certwallet.prepaint', JSON.stringify({ ...r, fingerprint: '["not this one"]' }))
  })
  await page.goto('about:blank')
  s = await start(page, app.url + '/')
  expect(s.inMarkup).toBe(true)
  await page.locator('#app .card').nth(ZHANG_CARD_COUNT - 1).waitFor()
  await expect(page.evaluate(() => (window as unknown as { __appCardsWhenDrawingWent: number }).__appCardsWhenDrawingWent)).resolves.toBe(0)

  // A change that the home shows (care mode) drops both copies at once.
  await page.waitForFunction(() => (localStorage.getItem('certwallet.prepaint') ?? '').includes('"fingerprint":"[') && !localStorage.getItem('certwallet.prepaint')!.includes('not this one'), undefined, { timeout: 30_000 })
  await until(() => workerCopy(page), await saved(page), 10_000)
  await page.locator('#app .care-toggle').click()
  await page.waitForFunction(() => localStorage.getItem('certwallet.prepaint') === null, undefined, { timeout: 5_000 })
  await until(() => workerCopy(page), null, 5_000)
  s = await start(page, app.url + '/')
  expect(s.inMarkup).toBe(false)
  expect(errors).toEqual([])
  await context.close()
})
