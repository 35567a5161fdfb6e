// Taro's component CSS, imported here (app.ts imports this file before app.css) so that the build's
// one app.css has it before the app's own rules, which override it; Taro's entry would import it
// after app.ts. Extracted in production, not injected from JS (config/index.ts).
import '@tarojs/components-react/dist/index.css'
import { apiBase } from '../api/apiBase'
import type { ApiBase } from '../api/apiBase.types'
import { describeChunkFailure, isChunkLoadFailure } from './chunkFailure'
import { keepsAppOffline } from './offlineOrigin'
import { handOverPrepaint } from './prepaint'

/**
 * H5: the app-shell service worker and the guard for lazy loads.
 *
 * - `/sw.js` (Workbox, made by config/h5Bundle.ts) precaches every chunk and asset of the build,
 *   so after the first online visit the wallet, 亮证, 医保码 and the verifier open with no network.
 * - With the in-page simulator (a simulator build served statically: mock/browser-entry.ts starts
 *   msw) the msw worker (`/mockServiceWorker.js`, scope `/`) must control the page, or nothing
 *   answers /api/v1. A page has one controlling worker and a scope one registration, so the
 *   app-shell worker is not registered then; registering either worker at `/` replaces the other's
 *   registration, so switching modes on one origin never leaves both fighting (docs/offline.md).
 *   Served by `npm start` (simulator over HTTP), with `npm run mock`, or against a real endpoint,
 *   the app-shell worker is registered.
 * - A lazy chunk that fails to load (no network and not yet cached) never fails silently: a plain
 *   Chinese message says what happened and what to do, with a 重新加载 button.
 */
export function startAppShell(): void {
  if (typeof window === 'undefined') return
  installChunkFailureGuard()
  installKeyboardButtons()
  // The in-page simulator starts (mock/browser-entry.ts, which runs before this) only in a simulator
  // build not served by `npm start`; then its msw worker must control the page, not ours.
  const inPageSimulator = (apiBase as ApiBase).simulator === 'service-worker' && globalThis.__certwalletMockReady !== undefined
  if (process.env.NODE_ENV === 'production' && !inPageSimulator && 'serviceWorker' in navigator) {
    const register = () => {
      navigator.serviceWorker.register('/sw.js').catch(() => {
        // No worker (e.g. an insecure origin): the app still works online; nothing to tell the holder.
      })
    }
    if (document.readyState === 'complete') register()
    else window.addEventListener('load', register, { once: true })
  }
}

let shown = false

function installChunkFailureGuard(): void {
  const onFailure = (reason: unknown) => {
    if (!isChunkLoadFailure(reason)) return false
    showChunkFailure()
    return true
  }
  window.addEventListener('unhandledrejection', (event) => {
    if (onFailure(event.reason)) event.preventDefault()
  })
  window.addEventListener('error', (event) => {
    onFailure(event.error)
  })
}

/** A plain overlay (not React: the page that failed to load may be the one React would render). */
function showChunkFailure(): void {
  if (shown) return
  shown = true
  handOverPrepaint(true) // the home drawn early (src/prepaint/boot.js) would wait for a page that is not coming
  const { title, detail, action, code } = describeChunkFailure(navigator.onLine, keepsAppOffline())
  const box = document.createElement('div')
  box.className = 'chunk-failure'
  box.setAttribute('role', 'alertdialog')
  box.setAttribute('aria-label', title)
  box.style.cssText =
    'position:fixed;inset:0;z-index:10000;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.45);font-family:sans-serif'
  const card = document.createElement('div')
  card.style.cssText = 'background:#fff;border-radius:12px;padding:20px;margin:24px;max-width:420px;line-height:1.6;color:#222'
  const h = document.createElement('div')
  h.style.cssText = 'font-size:18px;font-weight:600;margin-bottom:8px'
  h.textContent = title
  const p = document.createElement('div')
  p.style.cssText = 'font-size:15px;margin-bottom:6px'
  p.textContent = detail
  const c = document.createElement('div')
  c.style.cssText = 'font-size:12px;color:#888;margin-bottom:14px'
  c.textContent = `错误代码 ${code}`
  const row = document.createElement('div')
  row.style.cssText = 'display:flex;gap:12px;justify-content:flex-end'
  const back = document.createElement('button')
  back.textContent = '返回'
  back.style.cssText = 'font-size:16px;padding:8px 16px;border:1px solid #ccc;border-radius:6px;background:#fff'
  back.onclick = () => {
    box.remove()
    shown = false
    history.back()
  }
  const reload = document.createElement('button')
  reload.textContent = action
  reload.style.cssText = 'font-size:16px;padding:8px 16px;border:0;border-radius:6px;background:#b71c1c;color:#fff'
  reload.onclick = () => location.reload()
  row.append(back, reload)
  card.append(h, p, c, row)
  box.append(card)
  document.body.append(box)
}

/** Every drawn control: the H5 Button (src/components/h5/Button.tsx, which sets its role) and those `a11y()` marks `role="button"`/`"switch"`. */
const DRAWN_BUTTON = '[role="button"], [role="switch"]'

/**
 * Keyboard use of the drawn buttons (issue #13). They are divs: the H5 Button
 * (src/components/h5/Button.tsx) and the controls `a11y()` marks carry `role` and `tabindex="0"`
 * themselves, so Tab reaches them; here Enter or Space on a focused one clicks it, as on a native
 * `<button>`, and a disabled one stays inert. (Until session 10 a MutationObserver over the whole
 * document added role and tabindex to Taro's Buttons as they appeared, on every start.)
 */
export function installKeyboardButtons(root: Document = document): void {
  // Where the keyboard is: a clear ring on the focused control (the drawn ones have no native one).
  const style = root.createElement('style')
  style.textContent = `${DRAWN_BUTTON.split(', ').map((s) => `${s}:focus-visible`).join(', ')} { outline: 3px solid #1a56db; outline-offset: 2px; }`
  root.head.appendChild(style)
  root.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return
      const el = e.target as HTMLElement | null
      if (!el || typeof el.matches !== 'function' || !el.matches(DRAWN_BUTTON)) return
      if (el.getAttribute('aria-disabled') === 'true' || el.classList.contains('taro-btn-disabled')) return
      e.preventDefault()
      el.click()
    },
    true
  )
}
