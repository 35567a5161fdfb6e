/**
 * Phones that talk to ONE government service: each page's API calls (`fetch` to /api/v1) are
 * bridged to a simulator in the test's own process (the in-page service-worker simulator would give
 * each phone its own), so what one phone does (a counter's settlement, a son's 代办 link) reaches the
 * others. Used by the two-phone browser tests (medpay.test.ts, family.test.ts). Call at the top of
 * the file, after installH5Session: the simulator is reset before each test.
 */
import fs from 'node:fs'
import path from 'node:path'
import { getResponse } from 'msw'
import type { Page } from 'playwright-core'
import { createFailureController } from '../../mock/failures'
import { createHandlers } from '../../mock/handlers'
import { createSimulator } from '../../mock/simulator'
import { claimAllOnFirstRun, newPhonePage, readCanvasQr, type H5Session } from './launch'

interface BridgedRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | null
}

export function installSharedGov(h5: H5Session) {
  const sim = createSimulator()
  const failures = createFailureController()
  const handlers = createHandlers(sim, failures)
  /** Path endings whose next answers are lost after the service acted (a dropped connection). */
  const dropAnswers = new Map<string, number>()

  afterAll(() => failures.dispose())
  beforeEach(() => {
    sim.reset()
    dropAnswers.clear()
  })

  /** A phone whose /api/v1 requests go to the shared simulator of this process. */
  async function phone(): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await newPhonePage(h5.browser)
    await page.exposeFunction('__govApi', async (req: BridgedRequest) => {
      const res = (await getResponse(handlers, new Request(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined })))!
      const pathname = new URL(req.url).pathname
      for (const [end, n] of dropAnswers) {
        if (n > 0 && pathname.endsWith(end)) {
          dropAnswers.set(end, n - 1)
          return { drop: true }
        }
      }
      const headers: Record<string, string> = {}
      res.headers.forEach((v, k) => (headers[k] = v))
      return { status: res.status, headers, body: await res.text() }
    })
    await page.addInitScript(() => {
      const realFetch = window.fetch.bind(window)
      type Answer = { drop?: boolean; status: number; headers: Record<string, string>; body: string }
      const bridge = (window as unknown as { __govApi(r: unknown): Promise<Answer> }).__govApi
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init)
        if (!new URL(request.url).pathname.startsWith('/api/v1/')) return realFetch(input, init)
        const headers: Record<string, string> = {}
        request.headers.forEach((v, k) => (headers[k] = v))
        const body = request.method === 'GET' ? null : await request.text()
        const a = await bridge({ url: request.url, method: request.method, headers, body })
        if (a.drop) throw new TypeError('Failed to fetch')
        return new Response(a.body, { status: a.status, headers: a.headers })
      }
    })
    return { page, errors }
  }

  /** First run on a phone: PIN, face check, claim every certificate (`cards` of them). */
  const claim = (page: Page, demo: string, cards: number) => claimAllOnFirstRun(page, h5.url, { demo, cards, listed: /可领取的证照（\d+）/ })

  /**
   * The QR on `canvas` as a PNG file (what the other phone photographs), checked to decode to the
   * text the page says it drew; `what` names the canvas in the error if it never does.
   */
  async function captureQr(page: Page, canvas: string, name: string, what: string): Promise<{ file: string; text: string }> {
    await page.waitForSelector('[data-qr-text^="CW1:"]', { timeout: 30000 })
    const { text, png } = await readCanvasQr(page, canvas, 10_000).catch((e: Error) => {
      throw new Error(`the ${what} canvas did not show its QR: ${e.message}`)
    })
    const file = path.join(h5.tmp, `${name}.png`)
    fs.writeFileSync(file, png)
    return { file, text }
  }

  return { sim, failures, dropAnswers, phone, claim, captureQr }
}
