/**
 * `npm run prepaint`: writes src/prepaint/firstOpen.html, the new user's first screen that index.html
 * draws before the app's scripts run (src/prepaint/boot.js), from the real page: the built H5 app
 * (dist/h5) opened in Chromium with nothing stored, its home page's HTML once it is still.
 * Run it after changing what a new user first sees, then build again; test/browser/prepaint.test.ts
 * fails while the file and the page differ.
 */
import { writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startDemoServer } from './demoServer'
import { PREPAINT_FIRST_OPEN } from '../config/h5Bundle'

/** The new user's home page HTML as the app renders it, from a build served like `npm start`. */
export async function firstOpenHtml(distDir: string): Promise<string> {
  const app = await startDemoServer({ port: 0, dataDir: null, distDir })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(app.url + '/')
    await page.locator('#app .pinpad__key--1').waitFor()
    await page.waitForTimeout(1500)
    return await page.evaluate(() => document.querySelector('#app > .taro_page > .wallet')!.parentElement!.innerHTML)
  } finally {
    await browser.close()
    await app.close()
  }
}

if (require.main === module) {
  const dist = join(__dirname, '..', 'dist', 'h5')
  if (!existsSync(join(dist, 'index.html'))) {
    console.error('dist/h5 is not built: npx taro build --type h5')
    process.exit(1)
  }
  void firstOpenHtml(dist).then((html) => {
    writeFileSync(PREPAINT_FIRST_OPEN, html + '\n')
    console.log(`wrote ${PREPAINT_FIRST_OPEN} (${html.length} chars); build again (npx taro build --type h5) to put it in index.html`)
  })
}
