/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * src/prepaint/boot.js as index.html carries it (config/h5Bundle.ts `prepaintBootScript`), run in
 * jsdom: what it draws, and when it draws nothing. The browser test (test/browser/prepaint.test.ts)
 * drives the same script in Chromium with the app.
 */
import { indexBoot, prepaintBootScript } from '../../../config/h5Bundle'

const APP_CSS = '/css/app.0123456789abcdef0123.css'
const FIRST_OPEN = '<div class="wallet"><div class="pinpad__dots"><div class="pinpad__dot"></div><div class="pinpad__dot"></div></div><div class="pinpad__key pinpad__key--1" role="button">1</div></div>'
const ARGS = { scripts: ['/js/app.0123abcd.js'], preloads: ['/js/first-screen.4567ef01.js', '/js/3832.89ab.js'], first: FIRST_OPEN }
const SNAPSHOT = '<div class="wallet"><div class="card" data-tap="c1"><span class="card__title">张明华</span></div><div role="button">亮证（出示二维码）</div></div>'
type Drawn = { root: HTMLElement; taps: HTMLElement[] } | undefined
const drawn = () => (window as unknown as { __certwalletPrepaint: Drawn }).__certwalletPrepaint

/** The page as the app-shell worker serves it with the saved home in it (src/prepaint/worker.js), fingerprint `[]`. */
const SPLICED = `<div id="prepaint" data-fp="[]" aria-busy="true">${SNAPSHOT}</div><div id="app" hidden></div>`

function page({ hash = '', stored = {} as Record<string, string>, body = '<div id="app"></div>' } = {}) {
  localStorage.clear()
  for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v)
  document.head.innerHTML = `<link rel="stylesheet" href="${APP_CSS}">`
  document.body.innerHTML = body
  ;(window as unknown as { __certwalletPrepaint: Drawn }).__certwalletPrepaint = undefined
  window.history.replaceState(null, '', '/' + hash)
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function(prepaintBootScript(ARGS))()
}

const snapshot = (tag = APP_CSS) => JSON.stringify({ tag, fingerprint: '[]', html: SNAPSHOT })

/** The app's scripts boot.js has started: preloads, then the entry scripts, in document order. */
const started = () => Array.from(document.head.querySelectorAll('link[rel="preload"], script[src]')).map((e) => (e.tagName === 'SCRIPT' ? 'script ' + e.getAttribute('src') : 'preload ' + e.getAttribute('href')))
const FETCHED = ['preload /js/first-screen.4567ef01.js', 'preload /js/3832.89ab.js', 'preload /js/app.0123abcd.js']
const ALL_STARTED = [...FETCHED, 'script /js/app.0123abcd.js']

/** requestAnimationFrame as a test drives it: frames run only when the test says. */
let frames: FrameRequestCallback[] = []
const runFrame = () => {
  const due = frames
  frames = []
  for (const f of due) f(0)
}

beforeEach(() => {
  jest.useFakeTimers()
  frames = []
  jest.spyOn(window, 'requestAnimationFrame').mockImplementation((f) => frames.push(f))
})
afterEach(() => {
  jest.useRealTimers()
  jest.restoreAllMocks()
})

it('carries no comments and is a script of its own', () => {
  const s = prepaintBootScript(ARGS)
  expect(s.startsWith('(function')).toBe(true)
  expect(s).not.toMatch(/^\s*\/\//m)
  expect(s).not.toContain('/*')
  // The first screen's markup is in a string that cannot end the inline script, and reads back whole.
  expect(s).not.toContain('</')
  expect(indexBoot(`<body><div id="app"></div><script>${s}</script></body>`)).toEqual(ARGS)
})

it("draws a returning user's saved home before #app, hides #app, and keeps the taps made on it", () => {
  page({ stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot() } })
  const root = document.getElementById('prepaint')!
  expect(root.nextElementSibling?.id).toBe('app')
  expect(root.querySelector('.card__title')?.textContent).toBe('张明华')
  expect(document.getElementById('app')!.hidden).toBe(true)
  root.querySelector<HTMLElement>('.card')!.click()
  root.querySelector<HTMLElement>('[role="button"]')!.click()
  expect(drawn()!.taps.map((t) => t.className)).toEqual(['card prepaint--pressed', 'prepaint--pressed'])
})

it("draws the new user's first screen; a PIN key fills the next dot", () => {
  page()
  const root = document.getElementById('prepaint')!
  root.querySelector<HTMLElement>('.pinpad__key--1')!.click()
  expect(root.querySelectorAll('.pinpad__dot--on')).toHaveLength(1)
})

it('stays while the app is slow, keeping the taps, and says so after 8 s', () => {
  page()
  jest.advanceTimersByTime(7_999)
  expect(document.querySelector('#prepaint .prepaint__line')).toBeNull()
  jest.advanceTimersByTime(1)
  const line = document.querySelector('#prepaint .prepaint__line')!
  expect(line.getAttribute('role')).toBe('status')
  expect(line.textContent).toBe('正在打开，请稍候。您点过的按钮，打开后会继续。')
  document.querySelector<HTMLElement>('#prepaint .pinpad__key--1')!.click()
  expect(drawn()!.taps).toHaveLength(1)
  expect(document.getElementById('app')!.hidden).toBe(true)
})

it("says plainly, with a reload, when the app's script cannot be fetched, and takes no more taps", () => {
  page()
  document.querySelector<HTMLElement>('#prepaint .pinpad__key--1')!.click()
  const script = document.createElement('script')
  document.head.appendChild(script)
  script.dispatchEvent(new Event('error'))
  const line = document.querySelector('#prepaint .prepaint__line')!
  expect(line.getAttribute('role')).toBe('alert')
  expect(line.getAttribute('tabindex')).toBe('0')
  expect(line.textContent).toBe('网络不好，证照夹没有打开。请检查网络后，点这里重新打开。')
  expect(drawn()!.taps).toHaveLength(0)
  expect(document.getElementById('prepaint')!.className).toBe('prepaint--failed') // greyed out below the line
  document.querySelector<HTMLElement>('#prepaint .pinpad__key--1')!.click()
  expect(drawn()!.taps).toHaveLength(0)
  // The 8 s line does not replace it.
  jest.advanceTimersByTime(10_000)
  expect(document.querySelector('#prepaint .prepaint__line')!.getAttribute('role')).toBe('alert')
})

it('an image that fails to load is not the app failing', () => {
  page()
  const img = document.createElement('img')
  document.body.appendChild(img)
  img.dispatchEvent(new Event('error'))
  expect(document.querySelector('#prepaint .prepaint__line')).toBeNull()
})

it.each([
  ['another page is opened', { hash: '#/subpackages/verifier/pages/scan/index', stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot() } }],
  ['the snapshot is from another build (other CSS)', { stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot('/css/app.ffff.css') } }],
  ['there is a wallet but no snapshot (it was dropped)', { stored: { 'certwallet.wallet': '{}' } }],
  ['the snapshot is unreadable', { stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': '{"tag":' } }],
  ['a new user has turned care mode on (the built first screen is not in care mode)', { stored: { 'certwallet.settings': '{"data":{"state":{"careMode":true},"version":1}}' } }]
])('draws nothing when %s', (_why, setup) => {
  page(setup)
  expect(document.getElementById('prepaint')).toBeNull()
  expect(document.getElementById('app')!.hidden).toBe(false)
  expect(drawn()).toBeUndefined()
  // Nothing to wait for: the app's scripts start at once.
  expect(started()).toEqual(ALL_STARTED)
})

it("starts the app's scripts under the new user's first screen only after its first frame", () => {
  page()
  expect(document.getElementById('prepaint')).not.toBeNull()
  expect(started()).toEqual([])
  runFrame()
  expect(started()).toEqual([]) // the frame's own work comes first
  jest.advanceTimersByTime(0)
  expect(started()).toEqual(ALL_STARTED)
  const app = document.head.querySelector<HTMLScriptElement>('script[src]')!
  expect(app.async).toBe(false)
  expect(app.getAttribute('fetchpriority')).toBe('high')
  // Once only, though the fallback timer fires too.
  jest.advanceTimersByTime(2000)
  expect(started()).toEqual(ALL_STARTED)
})

it('starts them after 1 s even if no frame comes', () => {
  page()
  jest.advanceTimersByTime(999)
  expect(started()).toEqual([])
  jest.advanceTimersByTime(1)
  expect(started()).toEqual(ALL_STARTED)
})

it("fetches them at once under a returning user's saved home, and runs them after its first frame", () => {
  page({ stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot() } })
  expect(document.getElementById('prepaint')).not.toBeNull()
  expect(started()).toEqual(FETCHED)
  runFrame()
  jest.advanceTimersByTime(0)
  expect(started()).toEqual(ALL_STARTED)
})

it('starts them at once in a hidden tab, which gets no frames', () => {
  const visibility = jest.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
  page()
  expect(document.getElementById('prepaint')).not.toBeNull()
  expect(started()).toEqual(ALL_STARTED)
  visibility.mockRestore()
})

it('starts them even when drawing fails half way', () => {
  const getItem = jest.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new Error('SecurityError: storage is disabled')
  })
  page()
  expect(document.getElementById('prepaint')).toBeNull()
  expect(started()).toEqual(ALL_STARTED)
  getItem.mockRestore()
})

it('draws the home for its own address too', () => {
  page({ hash: '#/pages/wallet/index', stored: { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot() } })
  expect(document.getElementById('prepaint')).not.toBeNull()
})

describe("the saved home already in the page's markup (the app-shell worker's)", () => {
  const RETURNING = { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot() }
  const frameAndTimers = () => {
    runFrame()
    jest.advanceTimersByTime(0)
  }

  it('is taken over as the drawing: no second one, its taps kept, the scripts fetched at once and run after its first frame', () => {
    page({ stored: RETURNING, body: SPLICED })
    expect(document.querySelectorAll('#prepaint')).toHaveLength(1)
    expect(drawn()!.root).toBe(document.getElementById('prepaint'))
    expect(document.getElementById('app')!.hidden).toBe(true)
    document.querySelector<HTMLElement>('#prepaint .card')!.click()
    expect(drawn()!.taps.map((t) => t.getAttribute('data-tap'))).toEqual(['c1'])
    expect(started()).toEqual(FETCHED)
    frameAndTimers()
    expect(started()).toEqual(ALL_STARTED)
    // Still the saved home: it stays until the app takes over.
    expect(document.getElementById('prepaint')).not.toBeNull()
    expect(drawn()).toBeDefined()
  })

  it.each([
    ['the wallet is gone', { 'certwallet.prepaint': snapshot() }],
    ['nothing is saved here any more', { 'certwallet.wallet': '{}' }],
    ['the home saved here is another one', { 'certwallet.wallet': '{}', 'certwallet.prepaint': JSON.stringify({ tag: APP_CSS, fingerprint: '["other"]', html: SNAPSHOT }) }],
    ['the home saved here is from another build', { 'certwallet.wallet': '{}', 'certwallet.prepaint': snapshot('/css/app.ffffffffffffffffffff.css') }],
    ['the record here is not JSON', { 'certwallet.wallet': '{}', 'certwallet.prepaint': '{"tag":' }]
  ])('goes after its first frame when %s, and the app starts with nothing drawn', (_, stored) => {
    page({ stored, body: SPLICED })
    frameAndTimers()
    expect(document.getElementById('prepaint')).toBeNull()
    expect(document.getElementById('app')!.hidden).toBe(false)
    expect(drawn()).toBeUndefined()
    expect(started()).toEqual(ALL_STARTED)
  })

  it('goes at once elsewhere than the home (the worker does not see the address), and #app shows', () => {
    page({ hash: '#/subpackages/verifier/pages/scan/index', stored: RETURNING, body: SPLICED })
    expect(document.getElementById('prepaint')).toBeNull()
    expect(document.getElementById('app')!.hidden).toBe(false)
    expect(drawn()).toBeUndefined()
    expect(started()).toEqual(ALL_STARTED)
  })

  it('stays for the home by its own address', () => {
    page({ hash: '#/pages/wallet/index', stored: RETURNING, body: SPLICED })
    frameAndTimers()
    expect(document.getElementById('prepaint')).not.toBeNull()
  })
})
