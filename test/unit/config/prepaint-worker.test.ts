/**
 * src/prepaint/worker.js as the built sw.js carries it (config/h5Bundle.ts `prepaintWorker`), run in
 * a service worker's shape (its own global, Cache Storage, fetch events) in Node: which navigations
 * it answers, with what, and that Workbox's listener after it is left alone then. The browser test
 * (test/browser/prepaint.test.ts) runs the real worker in Chromium with the app.
 */
import { runInNewContext } from 'node:vm'
import { prepaintWorker, prepaintWorkerArgs } from '../../../config/h5Bundle'
import { PREPAINT } from '../../../src/prepaint/contract'

const ORIGIN = 'https://wallet.example'
const APP_CSS = '/css/app.0123456789abcdef0123.css'
const INDEX_KEY = '/index.html?__WB_REVISION__=5828ebdcc7e2add06eb2eba7656ff708'
/** GenerateSW's output, as far as the worker reads it: the precache manifest, then Workbox's own fetch listener. */
const WORKBOX = `define(["./workbox-9c191d2f"],function(s){s.precacheAndRoute([{url:"/css/app.0123.css",revision:null},{url:"/index.html",revision:"5828ebdcc7e2add06eb2eba7656ff708"}]);self.addEventListener('fetch',function(e){self.__workboxSaw.push(e.request.url)})});`
/** index.html as the server sent it when the worker was installed (with `npm start`'s marker: the worker must keep it). */
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta name="certwallet-simulator" content="http"><meta charset="utf-8"><title>我的证照</title><script>rem()</script><link href="${APP_CSS}" rel="stylesheet"><link rel="stylesheet" href="/css/first-screen.0a.css"></head><body><div id="app"></div><script>(function (C, L) {})</script></body></html>`
const HOME = '<div class="wallet"><div class="card" data-tap="c1"><span class="card__title">张*华</span></div></div>'
/** The precached start page as Workbox stored it (the server's headers with it). */
const precached = (page = PAGE) => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)), 'x-served-by': 'demo' } })
const record = (over: Record<string, unknown> = {}) => JSON.stringify({ tag: APP_CSS, fingerprint: '["a&b","c"]', html: HOME, ...over })

interface Worker {
  /** What the worker (or, if it left the event alone, nobody) answered; `workbox`: whether Workbox's listener saw it. */
  navigate(url: string, init?: { mode?: string; method?: string }): Promise<{ answered: Response | null; workbox: boolean }>
  fetched: string[]
}

/** The built sw.js run in a fresh global with `stored` in Cache Storage (address → body). */
function worker(stored: Record<string, string | Response>): Worker {
  const listeners: Array<(e: unknown) => void> = []
  const fetched: string[] = []
  const saw: string[] = []
  const lookup = (url: string) => {
    const key = url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url
    const v = stored[key]
    return Promise.resolve(v === undefined ? undefined : typeof v === 'string' ? new Response(v) : v.clone())
  }
  const self = {
    location: new URL(ORIGIN + '/sw.js'),
    addEventListener: (type: string, fn: (e: unknown) => void) => type === 'fetch' && listeners.push(fn),
    __workboxSaw: saw
  }
  const global = {
    self,
    caches: {
      match: lookup,
      open: (name: string) => Promise.resolve({ match: (url: string) => (name === PREPAINT.cache ? lookup(url) : Promise.resolve(undefined)) })
    },
    fetch: (r: { url: string }) => {
      fetched.push(r.url)
      return Promise.resolve(new Response('from the network'))
    },
    // GenerateSW's loader, as far as this test needs it: run the module body at once.
    define: (_deps: string[], body: (s: unknown) => void) => body({ precacheAndRoute: () => undefined }),
    Response,
    Headers,
    URL,
    Promise,
    JSON,
    String
  }
  runInNewContext(prepaintWorker(WORKBOX), global)
  return {
    fetched,
    navigate: async (url, { mode = 'navigate', method = 'GET' } = {}) => {
      let answered: Promise<Response> | null = null
      let stopped = false
      const before = saw.length
      const event = {
        request: { url: new URL(url, ORIGIN).href, mode, method },
        respondWith: (p: Promise<Response>) => (answered = p),
        stopImmediatePropagation: () => (stopped = true)
      }
      for (const l of listeners) {
        l(event)
        if (stopped) break
      }
      return { answered: answered ? await answered : null, workbox: saw.length > before }
    }
  }
}

const text = async (r: Response | null) => (r ? r.text() : null)

it("serves the start page with the saved home in its markup: the head's hash check before the stylesheets, the drawing before a hidden #app", async () => {
  const w = worker({ [INDEX_KEY]: precached(), [PREPAINT.cacheUrl]: record() })
  const { answered, workbox } = await w.navigate('/')
  expect(workbox).toBe(false)
  // The stored page's headers, without its length (the drawing makes it longer).
  expect(answered!.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(answered!.headers.get('x-served-by')).toBe('demo')
  expect(answered!.headers.get('content-length')).toBeNull()
  const html = (await text(answered))!
  // The server's own page: its marker kept, everything outside the two insertions unchanged.
  expect(html).toContain('<meta name="certwallet-simulator" content="http">')
  const check = `<script>new RegExp(${JSON.stringify(PREPAINT.homeHash)}).test(location.hash)||(document.documentElement.className+=" ${PREPAINT.offClass}")</script>`
  expect(html.indexOf(check)).toBeGreaterThan(html.indexOf('<script>rem()</script>'))
  expect(html.indexOf(check)).toBeLessThan(html.indexOf('<link'))
  expect(html).toContain(`<body><div id="prepaint" data-fp="[&quot;a&amp;b&quot;,&quot;c&quot;]" aria-busy="true" style="${PREPAINT.rootStyle}">${HOME}<style>${PREPAINT.drawCss}</style></div><div id="app" hidden></div><script>(function (C, L) {})</script></body>`)
  expect(html.replace(check, '').replace(/<div id="prepaint".*<div id="app" hidden><\/div>/, '<div id="app"></div>')).toBe(PAGE)
  expect(w.fetched).toEqual([])
})

it('serves the same for /index.html and with a query (a same-device request)', async () => {
  const w = worker({ [INDEX_KEY]: precached(), [PREPAINT.cacheUrl]: record() })
  for (const url of ['/index.html', '/?request=abc']) await expect(text((await w.navigate(url)).answered)).resolves.toContain('<div id="prepaint"')
})

it.each([
  ['nothing is saved', undefined],
  ['the saved home is for another build', record({ tag: '/css/app.ffffffffffffffffffff.css' })],
  ['the record is not JSON', '{"tag":'],
  ['the record lacks its fingerprint', record({ fingerprint: 7 })],
  ['the record has no markup', record({ html: null })]
])('serves the precached page as it is when %s', async (_, saved) => {
  const w = worker({ [INDEX_KEY]: precached(), ...(saved === undefined ? {} : { [PREPAINT.cacheUrl]: saved }) })
  const { answered, workbox } = await w.navigate('/')
  expect(workbox).toBe(false)
  await expect(text(answered)).resolves.toBe(PAGE)
})

it('serves the page as it is when it has not the shape the drawing needs', async () => {
  const page = PAGE.replace('<div id="app"></div>', '<div id="app" class="x"></div>')
  const w = worker({ [INDEX_KEY]: precached(page), [PREPAINT.cacheUrl]: record() })
  await expect(text((await w.navigate('/')).answered)).resolves.toBe(page)
})

it('asks the network when its precache has no start page', async () => {
  const w = worker({ [PREPAINT.cacheUrl]: record() })
  await expect(text((await w.navigate('/')).answered)).resolves.toBe('from the network')
  expect(w.fetched).toEqual([ORIGIN + '/'])
})

it.each([
  ['another address of the app', '/some/deep/link', {}],
  ['the API', '/api/v1/trust-list', {}],
  ['a script or style', '/', { mode: 'no-cors' }],
  ['a form post', '/', { method: 'POST' }],
  ['another origin', 'https://elsewhere.example/', {}]
])('leaves %s to Workbox', async (_, url, init) => {
  const w = worker({ [INDEX_KEY]: precached(), [PREPAINT.cacheUrl]: record() })
  const { answered, workbox } = await w.navigate(url, init)
  expect(answered).toBeNull()
  expect(workbox).toBe(true)
})

it("takes the start page's cache key from the precache manifest, and fails the build without one", () => {
  expect(prepaintWorkerArgs(WORKBOX)).toEqual({ index: INDEX_KEY })
  expect(() => prepaintWorkerArgs(WORKBOX.replace('/index.html', '/start.html'))).toThrow(/does not precache \/index\.html/)
  const script = prepaintWorker(WORKBOX)
  expect(script.startsWith('(function')).toBe(true)
  expect(script.endsWith(WORKBOX)).toBe(true)
  expect(script).not.toContain('/*')
})
