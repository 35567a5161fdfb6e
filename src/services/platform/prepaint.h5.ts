import type * as Api from './prepaint'
import { PREPAINT } from '../../prepaint/contract'

/**
 * H5 prepaint, the app's side (issue #12, first screen). index.html's inline script
 * (src/prepaint/boot.js) draws, before any of the app's JavaScript runs, the wallet home as this
 * file last saved it (`certwallet.prepaint` in localStorage: the home page's HTML while the wallet
 * was locked), or for a new user the first-open screen built into index.html. Taps on it are kept.
 * The app renders into a hidden #app meanwhile (no layout of two pages while it starts). When the
 * real home has rendered, `handOverPrepaint` removes the drawing and shows #app in the same commit
 * (so nothing ever shows twice), keeps the scroll position and focus, and replays the taps on the
 * matching real controls: PIN keys in order, and the first other tap.
 *
 * What the snapshot may hold: the home of a locked wallet shows masked values only (a locked wallet
 * holds nothing else in memory), the same that rests in the clear in the wallet's own blob.
 */

interface Drawn {
  root: HTMLElement
  taps: HTMLElement[]
}

interface Saved {
  /** app.css's address: a snapshot from another build (other CSS) is not drawn. */
  tag: string
  fingerprint: string
  html: string
}

declare global {
  interface Window {
    __certwalletPrepaint?: Drawn
  }
}

/** What names a control across the drawing and the real page: its data-tap, else aria-label, else its text. */
const tapKey = (el: Element) => el.getAttribute('data-tap') ?? el.getAttribute('aria-label') ?? el.textContent ?? ''

/** The real page's control for a drawn one: same key, and the same place among those with that key. */
function counterpart(drawnRoot: Element, page: Element, el: Element): HTMLElement | null {
  const key = tapKey(el)
  const same = (root: Element) => Array.from(root.querySelectorAll<HTMLElement>(PREPAINT.tappable)).filter((x) => tapKey(x) === key)
  const i = same(drawnRoot).indexOf(el as HTMLElement)
  return i < 0 ? null : (same(page)[i] ?? null)
}

const PIN_KEY = new RegExp(PREPAINT.pinKey)
const isPinKey = (el: Element) => PIN_KEY.test(el.className)

/** Taps were replayed on the home: it may show what a start does not, as if touched. */
let replayed = false

/** The wallet home's page (Taro's `.taro_page` around the page's root), where it scrolls. */
const homePage = () => document.querySelector('#app > .taro_page > .wallet')?.parentElement ?? null

export const handOverPrepaint: typeof Api.handOverPrepaint = (failed) => {
  const drawn = window.__certwalletPrepaint
  if (!drawn) return
  window.__certwalletPrepaint = undefined
  const page = failed ? null : homePage()
  const focused = document.activeElement && drawn.root.contains(document.activeElement) ? document.activeElement : null
  const scrollTop = drawn.root.scrollTop
  // Matched while the drawing is still in the document (its controls' places).
  const focus = page && focused ? counterpart(drawn.root, page, focused) : null
  const taps = page ? [...drawn.taps.filter(isPinKey), ...drawn.taps.filter((t) => !isPinKey(t)).slice(0, 1)].map((t) => counterpart(drawn.root, page, t)) : []
  drawn.root.remove()
  const app = document.getElementById('app')
  if (app) app.hidden = false
  if (!page) return
  if (scrollTop) page.scrollTop = scrollTop
  focus?.focus()
  if (taps.length) {
    replayed = true
    // After React's commit: each replayed tap runs its handler as a real tap would.
    setTimeout(() => {
      for (const t of taps) if (t?.isConnected) t.click()
    }, 0)
  }
}

const appCssTag = () => document.querySelector(PREPAINT.appCss)?.getAttribute('href') ?? ''

let saved: Saved | null | undefined

function readSaved(): Saved | null {
  if (saved === undefined) {
    try {
      const s = JSON.parse(localStorage.getItem(PREPAINT.key) ?? 'null') as Saved | null
      saved = s && typeof s.html === 'string' && typeof s.fingerprint === 'string' ? s : null
    } catch {
      saved = null
    }
  }
  return saved
}

/**
 * The app-shell worker's copy (Cache Storage: the worker cannot read localStorage). It serves the
 * saved home in index.html's markup (src/prepaint/worker.js); boot.js keeps that drawing only while
 * it matches the record in localStorage, so a copy that failed to follow is never shown.
 */
function mirror(record: string | null): void {
  if (typeof caches === 'undefined') return
  mirrored = record
  caches
    .open(PREPAINT.cache)
    .then(async (c) => {
      if (record === null) await c.delete(PREPAINT.cacheUrl)
      else await c.put(PREPAINT.cacheUrl, new Response(record, { headers: { 'content-type': 'application/json' } }))
    })
    .catch(() => {
      // no Cache Storage here (a private window, storage full): boot.js draws from localStorage
    })
}

/**
 * What this run last gave the worker's copy (undefined: nothing yet). A start gives it the saved
 * home once, as soon as the stores confirm it (confirmPrepaint) or when it is saved again unchanged:
 * a run cut short, or touched before a save, still leaves the worker a copy.
 */
let mirrored: string | null | undefined

function save(page: Element, fingerprint: string): void {
  const next: Saved = { tag: appCssTag(), fingerprint, html: page.innerHTML }
  const record = JSON.stringify(next)
  const now = readSaved()
  if (now && now.tag === next.tag && now.fingerprint === next.fingerprint && now.html === next.html) {
    if (mirrored !== record) mirror(record)
    return
  }
  try {
    localStorage.setItem(PREPAINT.key, record)
    saved = next
    mirror(record)
  } catch {
    // storage full: the next start simply draws nothing early
  }
}

/** How long the home must stay unchanged before it is saved (loads and syncs after a start settle first). */
const STILL_MS = 1000

export const keepPrepaint: typeof Api.keepPrepaint = (fingerprint) => {
  const page = homePage()
  // Replayed taps (handOverPrepaint, before this runs) count as a touch.
  if (!page || typeof MutationObserver === 'undefined' || replayed) return () => undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const attempt = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const fp = fingerprint()
      if (fp !== null && page.isConnected) save(page, fp)
    }, STILL_MS)
  }
  const observer = new MutationObserver(attempt)
  const events = ['pointerdown', 'keydown'] as const
  // A touched home may show what a start does not (an open PIN pad, a typed digit): nothing more is
  // saved this run, so nothing more is watched either.
  const stop = () => {
    clearTimeout(timer)
    observer.disconnect()
    for (const e of events) page.removeEventListener(e, stop, true)
  }
  observer.observe(page, { childList: true, subtree: true, characterData: true, attributes: true })
  for (const e of events) page.addEventListener(e, stop, true)
  attempt()
  return stop
}

export const savedPrepaintFingerprint: typeof Api.savedPrepaintFingerprint = () => readSaved()?.fingerprint ?? null

export const confirmPrepaint: typeof Api.confirmPrepaint = () => {
  // The record as read at this start (readSaved): written by save() in this key order, so the same text.
  const s = readSaved()
  if (mirrored === undefined && s) mirror(JSON.stringify(s))
}

export const dropPrepaint: typeof Api.dropPrepaint = () => {
  saved = null
  mirror(null)
  try {
    localStorage.removeItem(PREPAINT.key)
  } catch {
    // nothing to do
  }
}
