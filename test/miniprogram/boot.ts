/**
 * Headless boot harness for the built WeChat (`dist/weapp`) and Alipay (`dist/alipay`) apps.
 *
 * Loads the emitted files into a Node `vm` context whose globals are only what the mini-program
 * runtime gives (`wx`/`my`, `App`, `Page`, `Component`, `getApp`, `getCurrentPages`, …, `console`,
 * timers). There is deliberately no `crypto`, `TextEncoder`/`TextDecoder`, `atob`/`btoa`, `fetch`,
 * `URL`, `window`, `document`, `structuredClone`, `process` or `Buffer`: code that needs them fails
 * here as it would on a phone.
 *
 * What it simulates, and what it does not:
 * - each JS file is wrapped the way the platform's `define`/`require` does (a function of
 *   `require, module, exports` plus the browser names, all undefined), `require` resolves
 *   relative to the requiring file;
 * - App() → onLaunch/onShow; all main-package pages are evaluated at launch (WeChat's default
 *   without `lazyCodeLoading`), subpackage pages when navigated to; the launch page gets
 *   onLoad/onShow/onReady;
 * - `setData` is recorded and applied to the page's data (paths like `root.cn.[0].cn.[1].v`), from
 *   which the rendered tree is rebuilt; the WXML/AXML templates in `base.wxml`/`base.axml` tell
 *   which node types bind which events, so a tap bubbles to the nearest node that binds `tap`
 *   as the real view layer would;
 * - `request`, storage, random bytes, navigation, toasts/modals, network status, scan, clipboard,
 *   biometrics and system info are stubbed; anything else the code reads from `wx`/`my` is
 *   recorded in `unhandledKeys`;
 * - not simulated: layout, CSS, custom-wrapper and other custom component instances (their
 *   setData), WXS, canvas, real timing of the render thread.
 *
 * Timers are real (Node's), tracked so that `idle()` knows when the app has settled: do not use
 * jest fake timers with it. Typical use:
 *
 *   const mp = await bootMiniProgram({ platform: 'weapp', request: requestViaFetch() })
 *   await mp.tap({ text: '张明华（广东 · 十类证照齐全）' })
 *   await mp.waitFor(() => mp.text().includes('居民身份证'))
 *   expect(mp.errors).toEqual([])
 *   mp.dispose()
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { randomBytes } from 'node:crypto'
import platformTable from '../../docs/platforms.json'

export type Platform = 'weapp' | 'alipay'

/** What the app asked `wx.request` / `my.request` for (copied out of the sandbox). */
export interface MiniRequest {
  url: string
  /** Upper-case, default GET. */
  method: string
  /** Header names as the app gave them (Alipay: lower-cased by Taro). */
  header: Record<string, string>
  /** As passed: object, string, or a Uint8Array copy of an ArrayBuffer body; undefined if none. */
  data: unknown
  dataType?: string
  responseType?: string
  timeout?: number
}

/** What the test's request handler answers. `data` may be an object, a string, bytes. */
export interface MiniResponse {
  statusCode: number
  header?: Record<string, string>
  data?: unknown
}

export type RequestHandler = (req: MiniRequest) => MiniResponse | Promise<MiniResponse>

export interface RequestRecord {
  request: MiniRequest
  response?: MiniResponse
  /** The errMsg / errorMessage the app received, when the request failed (handler threw, timeout, abort). */
  error?: string
  aborted: boolean
}

export interface SetDataCall {
  /** Route of the page that called setData, e.g. `pages/wallet/index`. */
  route: string
  /** A copy of the data argument (paths as keys). */
  data: Record<string, unknown>
  at: number
}

export interface HarnessError {
  kind: 'load' | 'lifecycle' | 'timer' | 'callback' | 'console.error' | 'unhandledrejection' | 'event' | 'navigation'
  message: string
  stack?: string
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug'
  args: unknown[]
}

export interface ApiCall {
  api: string
  /** A copy of the first argument (functions dropped). */
  args: unknown[]
}

export interface BootOptions {
  platform: Platform
  /** Default: `<repo>/dist/<platform>`. */
  distDir?: string
  /** Answers `wx.request`/`my.request`. Default: every request fails ("no request handler"). */
  request?: RequestHandler
  /** Initial storage (key → value; strings or JSON-like values). */
  storage?: Record<string, unknown>
  /** Extra or overriding APIs put on `wx`/`my` before the app loads (overrides a stub of the same name). */
  extraApi?: Record<string, unknown>
  /**
   * Extra sandbox globals. Escape hatch only (e.g. to show that a failure goes away with a
   * polyfill): the point of the harness is that these are absent.
   */
  extraGlobals?: Record<string, unknown>
  /**
   * Launch page (route without leading slash), query, scene and the launch options' `referrerInfo`
   * (`{ appId, extraData }`: a launch by another mini-program, scene 1037). Default: first page of app.json.
   */
  launch?: { path?: string; query?: Record<string, string>; scene?: number; referrerInfo?: Record<string, unknown> }
  /** Merged over the default system info (iPhone-ish, 375×812). */
  systemInfo?: Record<string, unknown>
  /**
   * WeChat only: offer `wx.getRandomValues({ length, success })` (CSPRNG bytes from node:crypto,
   * delivered asynchronously as an ArrayBuffer), as base library ≥ 2.15.0 does. Default true;
   * false plays an older base library. Alipay documents no such API: asking for it there throws.
   */
  randomValues?: boolean
  /**
   * Alipay only: whether the Worker `my.createWorker` starts has `crypto.getRandomValues` (default
   * true, as public real-device reports say). false plays a client whose Worker lacks it.
   */
  workerCrypto?: boolean
  /** Alipay `my.ap.faceVerify` outcome (default 'pass': success with a zimId). */
  faceVerify?: 'pass' | 'fail' | 'cancel'
  /**
   * Alipay: the zimId a pass hands over, as Alipay's back end issued it for `bizId` (e.g. the
   * simulator's signed ticket, which the API redeems). Absent: a made-up `zim-<bizId>`, which a
   * server that verifies tickets refuses.
   */
  faceTicket?: (bizId: string) => Promise<string>
  /** Initial network type: 'wifi' (default), '4g', 'none', … */
  networkType?: string
  /**
   * Model subpackage downloads as WeChat and Alipay do (default false: every page is there): a
   * subpackage is on the phone once a page of it was opened with a network, or once `preloadRule`
   * fetched it (entering the rule's page with a network its `network` allows: 'all', or 'wifi' on
   * wifi, the default). Opening a page of a subpackage not on the phone with no network fails as
   * the platforms' navigation does. `downloadedSubpackages()` / calls('downloadSubpackage') show it.
   */
  subpackageDownloads?: boolean
  /** Answers of `showModal`/`confirm` (default: confirm). A function gets the modal options. */
  modal?: boolean | ((options: Record<string, unknown>) => boolean)
  /** Bound on the initial idle wait after launch (default 5000 ms). */
  timeoutMs?: number
  /** Timers due within this horizon keep `idle()` waiting (default 2000 ms). */
  idleHorizonMs?: number
  /** Also print the sandbox console to the real console (default false: only recorded). */
  echoConsole?: boolean
}

export interface IdleOptions {
  /** Fail after this long (default 5000 ms). */
  timeoutMs?: number
  /** Timers due later than this are ignored (default: the boot option, 2000 ms). */
  horizonMs?: number
}

/** One node of the rendered tree rebuilt from setData. */
export interface MpNode {
  sid: string
  /** Template number Taro gives the node type (`nn`). */
  nn: string
  /** Tag from the base template: 'view', 'text', 'button', 'image', '#text', …; '?' when unknown. */
  tag: string
  /** Own value for text nodes; text content of the whole subtree for elements. */
  text: string
  className: string
  style: string
  /** The node's own id attribute (`uid`) when it has one. */
  id?: string
  /** Event names the node's template binds to `eh` (lower-case: 'tap', 'input', 'longpress'…). */
  events: string[]
  /** Raw data of the node without its children (p0…pN are the component props). */
  attrs: Record<string, unknown>
  /**
   * The component props as the view layer sees them: each data key the node's template binds to an
   * element attribute, under that attribute's name (`{ placeholder: '…', 'canvas-id': 'qr' }`).
   */
  props: Record<string, unknown>
  /**
   * Data keys the node's template never reads (besides `cn`): props the view layer silently drops,
   * e.g. because the runtime's alias table does not match base.wxml. Empty when all is well.
   */
  unread: string[]
  children: MpNode[]
  parent?: MpNode
  /** Data path of the node, e.g. `root.cn.[0].cn.[1]`. */
  path: string
}

/** sid, a matcher (all given fields must match; `text` string = exact trimmed text), or a predicate. */
export type NodeTarget =
  | string
  | { text?: string | RegExp; className?: string; tag?: string; id?: string }
  | ((node: MpNode) => boolean)

export class BootError extends Error {
  constructor(
    message: string,
    readonly errors: HarnessError[] = [],
    readonly logs: LogEntry[] = []
  ) {
    super(message)
    this.name = 'BootError'
  }
}

const REPO_ROOT = path.resolve(__dirname, '..', '..')

/** `dist/<platform>` of this repository (or of `$MP_DIST_ROOT` when set: `$MP_DIST_ROOT/<platform>`). */
export function defaultDistDir(platform: Platform): string {
  return path.join(process.env.MP_DIST_ROOT ? path.resolve(process.env.MP_DIST_ROOT) : path.join(REPO_ROOT, 'dist'), platform)
}

/**
 * Throws a clear error when `dist/<platform>` has not been built (the tests build nothing).
 */
export function assertBuilt(platform: Platform, distDir = defaultDistDir(platform)): string {
  const appJs = path.join(distDir, 'app.js')
  if (!fs.existsSync(appJs)) {
    throw new Error(
      `${path.relative(process.cwd(), distDir) || distDir} is missing (no app.js). ` +
        `Build it first: npm run build:${platform}`
    )
  }
  return distDir
}

/**
 * Why dist/<platform> may be older than its sources (newest file under src/ or config/, or
 * .env.production, changed after the build), or null. Note that `taro build` exits 0 without
 * building when its config fails validation, which leaves an old dist in place.
 */
export function staleness(platform: Platform, distDir = defaultDistDir(platform)): string | null {
  const built = path.join(distDir, 'app.json')
  if (!fs.existsSync(built)) return null
  const builtAt = fs.statSync(built).mtimeMs
  let newest = { file: '', at: 0 }
  // H5-only inputs do not make a mini-program build stale.
  const h5Only = (abs: string) => /[\\/]src[\\/](public|index\.html)/.test(abs) || /\.h5\.[jt]sx?$/.test(abs)
  const visit = (abs: string) => {
    if (h5Only(abs)) return
    const st = fs.statSync(abs)
    if (st.isDirectory()) for (const e of fs.readdirSync(abs)) visit(path.join(abs, e))
    else if (st.mtimeMs > newest.at) newest = { file: abs, at: st.mtimeMs }
  }
  for (const p of ['src', 'config', '.env.production']) if (fs.existsSync(path.join(REPO_ROOT, p))) visit(path.join(REPO_ROOT, p))
  if (newest.at <= builtAt) return null
  return `${path.relative(REPO_ROOT, distDir)} is older than ${path.relative(REPO_ROOT, newest.file)}: rebuild with npm run build:${platform}`
}

// Browser names WeChat's `define` passes as (undefined) parameters to every module.
const WRAPPER_UNDEFINED = [
  'window',
  'document',
  'frames',
  'self',
  'location',
  'navigator',
  'localStorage',
  'history',
  'Caches',
  'screen',
  'alert',
  'confirm',
  'prompt',
  'XMLHttpRequest',
  'WebSocket',
  'Reporter',
  'webkit',
  'WeixinJSCore'
]

// Keys the code reads from wx/my that are not API (library bookkeeping, duck-typing probes).
const IGNORED_KEYS = new Set([
  'webpackJsonp',
  'taroEventCenter',
  'then',
  'toJSON',
  'constructor',
  'nodeType',
  '$$typeof',
  'asymmetricMatch',
  '__esModule',
  'inspect',
  'length',
  'hasOwnProperty'
])

// Default answers of the system-info family (an iPhone-sized screen).
const DEFAULT_SYSTEM_INFO: Record<string, unknown> = {
  brand: 'devtools',
  model: 'iPhone X',
  pixelRatio: 3,
  screenWidth: 375,
  screenHeight: 812,
  windowWidth: 375,
  windowHeight: 724,
  statusBarHeight: 44,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 16.0',
  platform: 'devtools',
  fontSizeSetting: 16,
  SDKVersion: '3.5.0',
  benchmarkLevel: 1,
  safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
  theme: 'light',
  enableDebug: false,
  deviceOrientation: 'portrait'
}

interface TimerEntry {
  handle: ReturnType<typeof setTimeout>
  due: number
  interval: boolean
}

interface TemplateInfo {
  tag: string
  /** lower-case event name → the name the platform uses in `event.type`. */
  events: Map<string, string>
  /**
   * Node data key → the element attribute the template binds it to (`p13` → `placeholder`), as
   * the view layer reads it: Taro's runtime writes a prop under its alias (getComponentsAlias), the
   * template reads that alias, so a runtime alias table out of step with base.wxml shows here.
   */
  attrs: Map<string, string>
  /** Every node data key the template reads (`i.<key>` anywhere in the element's opening tag). */
  reads: Set<string>
}

interface PageRecord {
  route: string
  config: Record<string, unknown>
}

/** The handle one page of the stack gives the test. */
export class PageHandle {
  /** Rebuilt `data` of the page (a copy outside the sandbox; `root` is the rendered tree). */
  readonly data: Record<string, unknown> = {}
  readonly setDataCalls: SetDataCall[] = []
  constructor(
    private readonly mp: MiniProgram,
    readonly route: string,
    readonly query: Record<string, string>,
    /** The page instance inside the sandbox (what `this` is in Page methods). */
    readonly instance: Record<string, any>
  ) {}

  /** Root nodes of the rendered tree. */
  tree(): MpNode[] {
    return this.mp.buildTree(this.data)
  }

  /** Every non-empty text node, in document order. */
  texts(): string[] {
    const out: string[] = []
    walk(this.tree(), (n) => {
      if (n.tag === '#text' && n.text !== '') out.push(n.text)
    })
    return out
  }

  /** All text nodes joined with no separator (handy for `toContain`). */
  text(): string {
    return this.texts().join('')
  }

  findAll(target: NodeTarget): MpNode[] {
    const match = toMatcher(target)
    const out: MpNode[] = []
    walk(this.tree(), (n) => {
      if (match(n)) out.push(n)
    })
    return out
  }

  /** First match in document order; for `{ text }` matchers the innermost element with that text. */
  find(target: NodeTarget): MpNode | undefined {
    const all = this.findAll(target)
    if (typeof target === 'object' && target !== null && 'text' in target && target.text !== undefined) {
      // Innermost: a match none of whose descendants also matches.
      return all.find((n) => !all.some((m) => m !== n && isAncestor(n, m)))
    }
    return all[0]
  }
}

/** A booted mini-program. Most helpers act on the page on top of the stack. */
export class MiniProgram {
  readonly platform: Platform
  readonly distDir: string
  readonly appJson: Record<string, any>
  /** App instance (what `getApp()` returns inside). */
  app: Record<string, any> | undefined
  /** Page stack, bottom first. */
  readonly pages: PageHandle[] = []
  /** Every setData of every page, in order. */
  readonly setDataCalls: SetDataCall[] = []
  readonly requests: RequestRecord[] = []
  /** Storage contents (values as stored; copies outside the sandbox). */
  readonly storage = new Map<string, unknown>()
  /** Every call of a stubbed API. */
  readonly apiCalls: ApiCall[] = []
  readonly errors: HarnessError[] = []
  readonly logs: LogEntry[] = []
  /** Keys read from `wx`/`my` (or probed with `in`) that no stub provides, in first-read order. */
  readonly unhandledKeys: string[] = []
  /** Every key read from `wx`/`my` directly (stubbed or not), in first-read order. */
  readonly readKeys: string[] = []
  /** APIs docs/platforms.json says the emulator offers on this platform but it has no stub for. */
  readonly missingStubs: string[] = []
  /** Alipay Workers started by `my.createWorker` (script path, messages each way). */
  readonly workers: Array<{ path: string; toWorker: unknown[]; fromWorker: unknown[]; terminated: boolean }> = []
  /** Results `scanCode`/`my.scan` will give, first in first out; empty → the user cancels. */
  readonly scanQueue: string[] = []
  /**
   * What `navigateBackMiniProgram` handed back to the mini-program that opened this one (its
   * `extraData`), in order. The call succeeds only while the app was entered from another
   * mini-program (`referrerInfo.appId` of the current enter options), as on both platforms.
   */
  readonly returnedToCaller: Array<{ appId: string; extraData: unknown }> = []
  clipboard = ''

  /** @internal */ readonly context: vm.Context
  private readonly intrinsics: {
    JSON: JSON
    ArrayBuffer: ArrayBufferConstructor
    Uint8Array: Uint8ArrayConstructor
    Promise: PromiseConstructor
    Object: ObjectConstructor
    Array: ArrayConstructor
  }
  private readonly timers = new Map<number, TimerEntry>()
  /** Harness-side timers (request timeouts) to clear on dispose. */
  private readonly nativeTimers = new Set<ReturnType<typeof setTimeout>>()
  private timerSeq = 0
  private pendingOps = 0
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageConfigs = new Map<string, PageRecord>()
  /** @internal */ readonly componentConfigs = new Map<string, Record<string, unknown>>()
  private loadingFile: string | null = null
  private readonly templates: Map<string, TemplateInfo>
  private readonly networkListeners: Array<(res: unknown) => void> = []
  private networkType: string
  /** Subpackage roots on the phone (with `subpackageDownloads`). */
  private readonly downloaded = new Set<string>()
  private readonly idleHorizonMs: number
  private readonly realProcess: NodeJS.Process | undefined
  private readonly onRejection: (reason: unknown, promise: Promise<unknown>) => void
  private disposed = false
  private readonly stubbed = new Set<string>()
  private screenBrightness = 0.5
  private launchOptions: Record<string, unknown> = {}

  constructor(readonly options: BootOptions) {
    this.platform = options.platform
    this.distDir = path.resolve(options.distDir ?? defaultDistDir(options.platform))
    assertBuilt(this.platform, this.distDir)
    this.appJson = JSON.parse(fs.readFileSync(path.join(this.distDir, 'app.json'), 'utf8'))
    this.networkType = options.networkType ?? 'wifi'
    this.idleHorizonMs = options.idleHorizonMs ?? 2000
    this.templates = parseBaseTemplates(this.distDir, this.platform)
    for (const [k, v] of Object.entries(options.storage ?? {})) this.storage.set(k, v)

    const globals = this.createGlobals()
    this.context = vm.createContext(globals, { name: `${this.platform} sandbox` })
    this.intrinsics = vm.runInContext('({ JSON, ArrayBuffer, Uint8Array, Promise, Object, Array })', this.context)

    // Unhandled rejections of sandbox promises (outside jest; jest's own listener fails the test too).
    this.realProcess = vm.runInThisContext('typeof process === "object" ? process : undefined')
    this.onRejection = (reason, promise) => {
      if (promise instanceof this.intrinsics.Promise) {
        this.recordError('unhandledrejection', reason)
        const handler = this.app?.onUnhandledRejection
        if (typeof handler === 'function') this.safeCall('callback', () => handler.call(this.app, { reason, promise }))
      } else if (this.realProcess?.listenerCount('unhandledRejection') === 1) {
        // Not ours, and our listener disabled Node's default: keep its behaviour (crash).
        throw reason
      }
    }
    this.realProcess?.on('unhandledRejection', this.onRejection)
  }

  // ---------------------------------------------------------------- public helpers

  /** Page on top of the stack. */
  get page(): PageHandle {
    const top = this.pages[this.pages.length - 1]
    if (!top) throw new Error('no page is open')
    return top
  }

  texts(): string[] {
    return this.page.texts()
  }

  text(): string {
    return this.page.text()
  }

  tree(): MpNode[] {
    return this.page.tree()
  }

  find(target: NodeTarget): MpNode | undefined {
    return this.page.find(target)
  }

  findAll(target: NodeTarget): MpNode[] {
    return this.page.findAll(target)
  }

  /** Arguments of every call of one stubbed API (first argument, copied). */
  calls(api: string): unknown[] {
    return this.apiCalls.filter((c) => c.api === api).map((c) => c.args[0])
  }

  /** Subpackage roots on the phone so far (with `subpackageDownloads`), sorted. */
  downloadedSubpackages(): string[] {
    return [...this.downloaded].sort()
  }

  /** The subpackage root a route belongs to, or null for a main-package page. */
  private subpackageOf(route: string): string | null {
    const subs: Array<{ root: string; name?: string; pages: string[] }> = this.appJson.subPackages ?? this.appJson.subpackages ?? []
    for (const s of subs) {
      const root = s.root.replace(/\/+$/, '')
      if (s.pages.some((p) => `${root}/${p}` === route)) return root
    }
    return null
  }

  /** Downloads a subpackage (with a network); false when there is none and it is not on the phone. */
  private fetchSubpackage(root: string, why: 'open' | 'preload'): boolean {
    if (this.downloaded.has(root)) return true
    if (this.networkType === 'none') return false
    this.downloaded.add(root)
    this.apiCalls.push({ api: 'downloadSubpackage', args: [{ root, why }] })
    return true
  }

  /** preloadRule of `route`: fetches its packages when the network allows. */
  private preloadFor(route: string): void {
    if (!this.options.subpackageDownloads) return
    const rule = (this.appJson.preloadRule ?? {})[route] as { network?: string; packages?: string[] } | undefined
    if (!rule) return
    const network = rule.network ?? 'wifi'
    if (this.networkType === 'none' || (network === 'wifi' && this.networkType !== 'wifi')) return
    const subs: Array<{ root: string; name?: string }> = this.appJson.subPackages ?? this.appJson.subpackages ?? []
    for (const p of rule.packages ?? []) {
      const sub = subs.find((s) => s.name === p || s.root.replace(/\/+$/, '') === p.replace(/\/+$/, ''))
      if (sub) this.fetchSubpackage(sub.root.replace(/\/+$/, ''), 'preload')
    }
  }

  /**
   * Taps a node of the current page: the event goes to the nearest node (itself or an ancestor)
   * whose template binds `tap`, through the page's `eh`, as the view layer does. Waits for idle.
   */
  async tap(target: NodeTarget, idle?: IdleOptions | false): Promise<void> {
    await this.fire(target, 'tap', {}, idle)
  }

  /** Types into an input/textarea: fires `input` with `detail.value`. Waits for idle. */
  async input(target: NodeTarget, value: string, idle?: IdleOptions): Promise<void> {
    await this.fire(target, 'input', { value, cursor: value.length, keyCode: 0 }, idle)
  }

  /** Fires any event (e.g. 'longpress', 'confirm', 'change') the target's template binds. Waits for idle. */
  async fire(target: NodeTarget, type: string, detail: Record<string, unknown> = {}, idle?: IdleOptions | false): Promise<void> {
    const page = this.page
    const node = page.find(target)
    if (!node) throw new Error(`no node matches ${describeTarget(target)} on ${page.route}; texts: ${JSON.stringify(page.texts())}`)
    let bound: MpNode | undefined = node.tag === '#text' ? node.parent : node
    const key = type.toLowerCase()
    while (bound && !bound.events.includes(key)) bound = bound.parent
    if (!bound) {
      throw new Error(`no node binds '${type}' at or above ${describeTarget(target)} (${node.tag} sid=${node.sid}) on ${page.route}`)
    }
    const info = this.templates.get(bound.nn)
    const eventType = info?.events.get(key) ?? type
    const targetNode = node.tag === '#text' ? (node.parent ?? bound) : node
    const ev = {
      type: eventType,
      timeStamp: Date.now() % 1e7,
      target: { id: targetNode.id ?? targetNode.sid, dataset: { sid: targetNode.sid }, targetDataset: { sid: targetNode.sid }, offsetLeft: 0, offsetTop: 0 },
      currentTarget: { id: bound.id ?? bound.sid, dataset: { sid: bound.sid }, offsetLeft: 0, offsetTop: 0 },
      detail: key === 'tap' || key === 'longpress' || key === 'longtap' ? { x: 0, y: 0, ...detail } : { ...detail },
      touches: [],
      changedTouches: [],
      mark: {}
    }
    const eh = page.instance.eh
    if (typeof eh !== 'function') throw new Error(`page ${page.route} has no eh handler`)
    this.safeCall('event', () => eh.call(page.instance, this.cloneIn(ev)))
    // `false`: deliver the event and return at once (a test that leaves a request hanging on purpose).
    if (idle !== false) await this.idle(idle)
  }

  /** Opens a page as if the user navigated (wx.navigateTo). Waits for idle. */
  async navigateTo(url: string, idle?: IdleOptions): Promise<PageHandle> {
    await this.navigate('navigateTo', { url })
    await this.idle(idle)
    return this.page
  }

  /** The user presses back. Waits for idle. */
  async navigateBack(delta = 1, idle?: IdleOptions): Promise<void> {
    await this.navigate('navigateBack', { delta })
    await this.idle(idle)
  }

  /** Changes the network; fires onNetworkStatusChange listeners. Waits for idle. */
  async setNetwork(networkType: string, idle?: IdleOptions): Promise<void> {
    this.networkType = networkType
    const res = { isConnected: networkType !== 'none', networkType }
    for (const cb of this.networkListeners.slice()) this.safeCall('callback', () => cb(this.cloneIn(res)))
    await this.idle(idle)
  }

  /** App goes to background / foreground (onHide/onShow of app and top page). */
  async hide(): Promise<void> {
    this.lifecycle(this.app, 'onHide')
    if (this.pages.length) this.lifecycle(this.page.instance, 'onHide')
    await this.idle()
  }

  async show(): Promise<void> {
    this.lifecycle(this.app, 'onShow', this.launchOptions)
    if (this.pages.length) this.lifecycle(this.page.instance, 'onShow')
    await this.idle()
  }

  /**
   * A hot start from outside, e.g. another mini-program's `navigateToMiniProgram({ appId, path,
   * extraData })`: the app (running in the background) gets onShow with the new enter options
   * (`getEnterOptionsSync` returns them from now on), and a start with a path reLaunches to that
   * page, as WeChat and Alipay do on a hot start with a path. Waits for idle.
   */
  async enter(opts: { path: string; query?: Record<string, string>; scene?: number; referrerInfo?: Record<string, unknown> }, idle?: IdleOptions): Promise<PageHandle> {
    if (this.pages.length) this.lifecycle(this.page.instance, 'onHide')
    this.lifecycle(this.app, 'onHide')
    const query = opts.query ?? {}
    this.launchOptions = { path: opts.path, query, scene: opts.scene ?? 1037, referrerInfo: opts.referrerInfo ?? {}, apiCategory: 'default' }
    this.lifecycle(this.app, 'onShow', this.launchOptions)
    const q = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
    const r = await this.navigate('reLaunch', { url: `/${opts.path}${q ? '?' + q : ''}` })
    if (!r.ok) throw new Error(`enter ${opts.path}: ${r.msg}`)
    await this.idle(idle)
    return this.page
  }

  /**
   * Resolves when nothing is pending: no request or API callback in flight, no timer due within
   * the horizon (intervals never count). Throws after `timeoutMs`, listing what is pending.
   */
  async idle(opts: IdleOptions = {}): Promise<void> {
    // A wait limit, not a speed claim: generous, so a loaded 2-core machine does not fail a correct flow.
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 15000
    const horizon = opts.horizonMs ?? this.idleHorizonMs
    const deadline = Date.now() + timeoutMs
    let quiet = 0
    for (;;) {
      await turn()
      if (!this.busy(horizon)) {
        if (++quiet >= 2) return
        continue
      }
      quiet = 0
      if (Date.now() > deadline) {
        throw new Error(`not idle after ${timeoutMs} ms: ${this.describePending(horizon)}`)
      }
      await sleep(Math.max(1, Math.min(10, this.nextDue() - Date.now())))
    }
  }

  /** Polls `fn` (errors count as "not yet") until it returns a truthy value; returns that value. */
  async waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    let last: unknown
    for (;;) {
      try {
        const v = await fn()
        if (v) return v
        last = v
      } catch (e) {
        last = e
      }
      if (Date.now() > deadline) {
        const why = last instanceof Error ? last.message : JSON.stringify(last)
        throw new Error(`waitFor timed out after ${timeoutMs} ms (last: ${why}); texts: ${JSON.stringify(this.pages.length ? this.texts() : [])}`)
      }
      await sleep(10)
    }
  }

  /**
   * Runs code inside the sandbox (as the mini-program would: same globals) and returns its value.
   * E.g. `await mp.evaluate('new Promise(r => wx.getRandomValues({ length: 16, success: r }))')`.
   */
  evaluate<T = unknown>(code: string): T {
    return vm.runInContext(code, this.context, { filename: 'harness-evaluate.js' }) as T
  }

  /** Stops every timer and listener. Call in afterEach. */
  dispose(): void {
    this.disposed = true
    for (const t of this.timers.values()) (t.interval ? clearInterval : clearTimeout)(t.handle)
    this.timers.clear()
    for (const h of this.nativeTimers) clearTimeout(h)
    this.nativeTimers.clear()
    this.realProcess?.off('unhandledRejection', this.onRejection)
  }

  /** Errors and console output as one readable string (for failure messages). */
  report(): string {
    return [
      ...this.errors.map((e) => `[${e.kind}] ${e.message}`),
      ...this.logs.map((l) => `console.${l.level}: ${l.args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`)
    ].join('\n')
  }

  // ---------------------------------------------------------------- boot

  /** @internal */
  async boot(): Promise<this> {
    const launchPath = this.options.launch?.path ?? this.appJson.pages?.[0]
    if (!launchPath) throw new BootError('app.json lists no pages')
    const query = this.options.launch?.query ?? {}
    this.launchOptions = { path: launchPath, query, scene: this.options.launch?.scene ?? 1001, referrerInfo: this.options.launch?.referrerInfo ?? {}, apiCategory: 'default' }

    // app.js, then every main-package page (subpackage pages load on navigation).
    this.loadFileOrFail('app.js')
    if (!this.app) throw this.bootError('app.js ran but App() was never called')
    const lazy = this.appJson.lazyCodeLoading === 'requiredComponents'
    const mainPages: string[] = lazy ? [launchPath] : this.appJson.pages
    for (const route of mainPages) this.loadPageOrFail(route)
    if (!this.pageConfigs.has(launchPath)) this.loadPageOrFail(launchPath)
    // A launch into a subpackage page (a scanned code, a share card) downloads that package first.
    const launchSub = this.options.subpackageDownloads ? this.subpackageOf(launchPath) : null
    if (launchSub) this.downloaded.add(launchSub)

    this.lifecycle(this.app, 'onLaunch', this.launchOptions)
    this.lifecycle(this.app, 'onShow', this.launchOptions)
    this.openPage(launchPath, query)
    this.failOnLoadErrors()
    await this.idle({ timeoutMs: this.options.timeoutMs ?? 15000 })
    return this
  }

  private bootError(message: string): BootError {
    return new BootError(`${message}\n${this.report()}`.trim(), this.errors.slice(), this.logs.slice())
  }

  private failOnLoadErrors(): void {
    const fatal = this.errors.filter((e) => e.kind === 'load' || e.kind === 'lifecycle')
    if (fatal.length) throw this.bootError(`boot failed: ${fatal[0].message}`)
  }

  private loadFileOrFail(file: string): void {
    try {
      this.requireFile(file)
    } catch (e) {
      this.recordError('load', e, file)
      throw this.bootError(`${file} failed to load: ${errorMessage(e)}`)
    }
  }

  private loadPageOrFail(route: string): void {
    if (this.pageConfigs.has(route)) return
    const json = this.readJson(`${route}.json`)
    this.loadUsingComponents(json?.usingComponents, path.posix.dirname(route))
    this.loadFileOrFail(`${route}.js`)
    if (!this.pageConfigs.has(route)) throw this.bootError(`${route}.js ran but Page() was never called`)
  }

  private loadUsingComponents(using: Record<string, string> | undefined, fromDir: string): void {
    for (const ref of Object.values(using ?? {})) {
      if (ref.startsWith('plugin://')) continue
      const file = ref.startsWith('/') ? ref.slice(1) : path.posix.join(fromDir, ref)
      if (this.componentConfigs.has(file) || this.modules.has(`${file}.js`)) continue
      const json = this.readJson(`${file}.json`)
      this.loadFileOrFail(`${file}.js`)
      this.loadUsingComponents(json?.usingComponents, path.posix.dirname(file))
    }
  }

  private readJson(file: string): Record<string, any> | undefined {
    const abs = path.join(this.distDir, file)
    return fs.existsSync(abs) ? JSON.parse(fs.readFileSync(abs, 'utf8')) : undefined
  }

  /** Evaluates one emitted file once, wrapped like the platform's define(). */
  private requireFile(file: string): unknown {
    let rel = path.posix.normalize(file).replace(/^\/+/, '')
    if (!rel.endsWith('.js')) rel += '.js'
    const cached = this.modules.get(rel)
    if (cached) return cached.exports
    const abs = path.join(this.distDir, rel)
    if (!fs.existsSync(abs)) throw new Error(`module "${rel}" is not defined`)
    const module = { exports: {} as unknown }
    this.modules.set(rel, module)
    const source = fs.readFileSync(abs, 'utf8')
    // Alipay's worker has a `navigator` (Taro's Alipay runtime reads navigator.swuserAgent).
    const undef = this.platform === 'weapp' ? WRAPPER_UNDEFINED : WRAPPER_UNDEFINED.filter((n) => n !== 'navigator')
    const wrapper = `(function (require, module, exports, ${undef.join(', ')}) {${source}\n})`
    const fn = new vm.Script(wrapper, { filename: abs }).runInContext(this.context) as (...a: unknown[]) => void
    const dir = path.posix.dirname(rel)
    const localRequire = (p: string) => this.requireFile(p.startsWith('/') ? p : path.posix.join(dir, p))
    const previous = this.loadingFile
    this.loadingFile = rel
    try {
      fn.call(module.exports, localRequire, module, module.exports)
    } finally {
      this.loadingFile = previous
    }
    return module.exports
  }

  // ---------------------------------------------------------------- pages

  private openPage(route: string, query: Record<string, string>): PageHandle {
    const record = this.pageConfigs.get(route)
    if (!record) throw new Error(`page ${route} is not registered`)
    const inst: Record<string, any> = {}
    for (const [k, v] of Object.entries(record.config)) {
      if (k === 'data') continue
      inst[k] = v
    }
    const handle = new PageHandle(this, route, query, inst)
    const initial = cloneOut(record.config.data ?? {}) as Record<string, unknown>
    Object.assign(handle.data, initial)
    inst.data = this.cloneIn(initial)
    inst.route = route
    inst.__route__ = route
    inst.options = this.cloneIn(query)
    inst.is = route
    inst.__wxWebviewId__ = this.pages.length + 1
    inst.$viewId = String(this.pages.length + 1)
    inst.setData = (data: Record<string, unknown>, cb?: () => void) => this.setData(handle, data, cb)
    inst.$spliceData = (data: Record<string, unknown>, cb?: () => void) => this.setData(handle, data, cb)
    inst.selectComponent = () => null
    inst.selectAllComponents = () => this.cloneIn([])
    inst.createSelectorQuery = () => this.selectorQuery()
    inst.getOpenerEventChannel = () => ({ emit() {}, on() {}, once() {}, off() {} })
    inst.getPageId = () => `pageId:${inst.__wxWebviewId__}`
    this.pages.push(handle)
    this.lifecycle(inst, 'onLoad', this.cloneIn(query))
    this.lifecycle(inst, 'onShow')
    this.preloadFor(route)
    // The view layer reports ready after its first render of the initial data.
    this.later(() => this.lifecycle(inst, 'onReady'))
    return handle
  }

  private setData(handle: PageHandle, data: Record<string, unknown>, cb?: () => void): void {
    const copy = cloneOut(data) as Record<string, unknown>
    const call: SetDataCall = { route: handle.route, data: copy, at: Date.now() }
    this.setDataCalls.push(call)
    handle.setDataCalls.push(call)
    for (const [p, v] of Object.entries(copy)) setPath(handle.data, p, v)
    handle.instance.data = this.cloneIn(handle.data)
    if (typeof cb === 'function') this.later(() => cb.call(handle.instance))
  }

  private lifecycle(target: Record<string, any> | undefined, name: string, ...args: unknown[]): void {
    const fn = target?.[name]
    if (typeof fn !== 'function') return
    this.safeCall('lifecycle', () => fn.apply(target, args), name)
  }

  private resolveUrl(url: string): { route: string; query: Record<string, string> } {
    const [rawPath, rawQuery = ''] = url.split('?')
    let route: string
    if (rawPath.startsWith('/')) route = rawPath.slice(1)
    else {
      const from = this.pages.length ? path.posix.dirname(this.page.route) : ''
      route = path.posix.normalize(path.posix.join(from, rawPath))
    }
    const query: Record<string, string> = {}
    for (const part of rawQuery.split('&')) {
      if (!part) continue
      const i = part.indexOf('=')
      // Like WeChat, values reach onLoad as written (not decoded).
      if (i < 0) query[part] = ''
      else query[part.slice(0, i)] = part.slice(i + 1)
    }
    return { route, query }
  }

  private routeExists(route: string): 'main' | 'sub' | false {
    if ((this.appJson.pages ?? []).includes(route)) return 'main'
    const subs: Array<{ root: string; pages: string[] }> = this.appJson.subPackages ?? this.appJson.subpackages ?? []
    for (const s of subs) {
      const root = s.root.replace(/\/+$/, '')
      if (s.pages.some((p) => `${root}/${p}` === route)) return 'sub'
    }
    return false
  }

  /** Implements the navigation APIs; resolves with the result the app's callback got. */
  private navigate(api: string, opts: Record<string, any>): Promise<{ ok: boolean; msg: string }> {
    return new Promise((resolve) => {
      this.later(() => {
        try {
          if (api === 'navigateBack') {
            const delta = Math.max(1, Number(opts.delta ?? 1))
            if (this.pages.length <= 1) return resolve({ ok: false, msg: 'cannot navigate back at first page.' })
            const n = Math.min(delta, this.pages.length - 1)
            for (let i = 0; i < n; i++) this.closeTop()
            this.lifecycle(this.page.instance, 'onShow')
            return resolve({ ok: true, msg: 'ok' })
          }
          const { route, query } = this.resolveUrl(String(opts.url ?? ''))
          if (!this.routeExists(route)) return resolve({ ok: false, msg: `page "${route}" is not found` })
          if (api === 'navigateTo' && this.pages.length >= 10) return resolve({ ok: false, msg: 'webview count limit exceed' })
          const sub = this.options.subpackageDownloads ? this.subpackageOf(route) : null
          if (sub && !this.fetchSubpackage(sub, 'open')) return resolve({ ok: false, msg: `loadSubpackage:fail ${sub}: network unavailable` })
          this.loadPageOrFail(route)
          if (api === 'navigateTo') {
            if (this.pages.length) this.lifecycle(this.page.instance, 'onHide')
          } else if (api === 'redirectTo') {
            this.closeTop()
          } else {
            // reLaunch / switchTab
            while (this.pages.length) this.closeTop()
          }
          this.openPage(route, query)
          resolve({ ok: true, msg: 'ok' })
        } catch (e) {
          this.recordError('navigation', e, api)
          resolve({ ok: false, msg: errorMessage(e) })
        }
      })
    })
  }

  private closeTop(): void {
    const top = this.pages.pop()
    if (top) this.lifecycle(top.instance, 'onUnload')
  }

  /** @internal Rebuilds the rendered tree from a page's data. */
  buildTree(data: Record<string, unknown>): MpNode[] {
    const root = data.root as { cn?: unknown[] } | undefined
    const build = (raw: any, p: string, parent?: MpNode): MpNode => {
      const nn = String(raw?.nn ?? '')
      const info = this.templates.get(nn)
      const isText = info ? info.tag === '#text' : typeof raw?.v === 'string' && raw?.cn === undefined
      const attrs: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(raw ?? {})) if (k !== 'cn') attrs[k] = v
      const props: Record<string, unknown> = {}
      const unread: string[] = []
      for (const [k, v] of Object.entries(attrs)) {
        const attr = info?.attrs.get(k)
        if (attr !== undefined) props[attr] = v
        if (info && !info.reads.has(k) && k !== 'nn') unread.push(k)
      }
      const node: MpNode = {
        sid: String(raw?.sid ?? ''),
        nn,
        tag: isText ? '#text' : (info?.tag ?? '?'),
        text: isText ? String(raw?.v ?? '') : '',
        className: String(raw?.cl ?? ''),
        style: String(raw?.st ?? ''),
        id: raw?.uid === undefined ? undefined : String(raw.uid),
        events: info ? [...info.events.keys()] : [],
        attrs,
        props,
        unread,
        children: [],
        parent,
        path: p
      }
      const kids: unknown[] = Array.isArray(raw?.cn) ? raw.cn : []
      node.children = kids.map((k, i) => build(k, `${p}.cn.[${i}]`, node))
      if (!isText) node.text = node.children.map((c) => c.text).join('')
      return node
    }
    const kids = Array.isArray(root?.cn) ? root!.cn : []
    return kids.map((k, i) => build(k, `root.cn.[${i}]`))
  }

  // ---------------------------------------------------------------- bookkeeping

  private busy(horizon: number): boolean {
    if (this.pendingOps > 0) return true
    const limit = Date.now() + horizon
    for (const t of this.timers.values()) if (!t.interval && t.due <= limit) return true
    return false
  }

  private nextDue(): number {
    let next = Date.now() + 10
    for (const t of this.timers.values()) if (!t.interval) next = Math.min(next, t.due)
    return next
  }

  private describePending(horizon: number): string {
    const limit = Date.now() + horizon
    const timers = [...this.timers.values()].filter((t) => !t.interval && t.due <= limit)
    const inflight = this.requests.filter((r) => !r.response && !r.error).map((r) => `${r.request.method} ${r.request.url}`)
    return `${this.pendingOps} async operation(s)${inflight.length ? ` (requests: ${inflight.join(', ')})` : ''}, ${timers.length} timer(s) due within ${horizon} ms`
  }

  /** Runs `fn` soon (like a native callback), counting as pending until it ran. */
  private later(fn: () => void, ms = 0): void {
    this.pendingOps++
    setTimeout(() => {
      this.pendingOps--
      if (!this.disposed) this.safeCall('callback', fn)
    }, ms)
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pendingOps++
    return p.finally(() => {
      this.pendingOps--
    })
  }

  private safeCall(kind: HarnessError['kind'], fn: () => unknown, where?: string): void {
    try {
      const r = fn() as any
      // Lifecycles may be async: a rejection is an error too.
      if (r && typeof r.then === 'function' && typeof r.catch === 'function') {
        r.catch((e: unknown) => this.recordError(kind, e, where))
      }
    } catch (e) {
      this.recordError(kind, e, where)
    }
  }

  private recordError(kind: HarnessError['kind'], e: unknown, where?: string): void {
    const message = `${where ? where + ': ' : ''}${errorMessage(e)}`
    const stack = e && typeof e === 'object' && 'stack' in e ? String((e as any).stack) : undefined
    this.errors.push({ kind, message, stack })
  }

  /** Copies a value into the sandbox realm (so `instanceof Object/ArrayBuffer` hold inside). */
  cloneIn<T>(value: T): T {
    if (value === undefined || value === null || typeof value !== 'object') return value
    if (value instanceof this.intrinsics.ArrayBuffer) return value
    if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') {
      // An ArrayBuffer of this realm: copy into one of the sandbox's.
      const buf = new this.intrinsics.ArrayBuffer((value as unknown as ArrayBuffer).byteLength)
      new this.intrinsics.Uint8Array(buf).set(new Uint8Array(value as unknown as ArrayBuffer))
      return buf as unknown as T
    }
    if (ArrayBuffer.isView(value)) {
      const out = new this.intrinsics.Uint8Array(value.byteLength)
      out.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      return out as unknown as T
    }
    if (Array.isArray(value)) return this.intrinsics.Array.from(value.map((v) => this.cloneIn(v))) as T
    const out = new this.intrinsics.Object() as Record<string, unknown>
    for (const [k, v] of Object.entries(value as object)) {
      out[k] = typeof v === 'function' ? v : this.cloneIn(v)
    }
    return out as T
  }

  // ---------------------------------------------------------------- sandbox globals

  private createGlobals(): Record<string, unknown> {
    const api = this.createApi()
    // The emulator offers exactly what docs/platforms.json lists for this platform (emulated rows).
    const offered = new Set(platformApis(this.platform).filter((r) => r.emulated).map((r) => r.api))
    for (const [k, v] of Object.entries(this.options.extraApi ?? {})) {
      if (!offered.has(k)) throw new Error(`extraApi.${k}: ${this.platform} API not listed (emulated) in docs/platforms.json`)
      api[k] = v
    }
    for (const k of Object.keys(api)) if (!offered.has(k)) delete api[k]
    for (const k of offered) if (!(k in api)) this.missingStubs.push(k)
    for (const k of Object.keys(api)) this.stubbed.add(k)
    const unhandled = (key: PropertyKey) => {
      if (typeof key !== 'string' || IGNORED_KEYS.has(key)) return
      if (!this.readKeys.includes(key)) this.readKeys.push(key)
      if (key in api) return
      if (!this.unhandledKeys.includes(key)) this.unhandledKeys.push(key)
    }
    const apiProxy = new Proxy(api, {
      get(target, key, receiver) {
        unhandled(key)
        return Reflect.get(target, key, receiver)
      },
      has(target, key) {
        unhandled(key)
        return Reflect.has(target, key)
      }
    })

    const timerApi = {
      setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => this.addTimer(fn, ms, args, false),
      clearTimeout: (id?: number) => this.clearTimer(id),
      setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => this.addTimer(fn, ms, args, true),
      clearInterval: (id?: number) => this.clearTimer(id)
    }
    const console = this.createConsole()

    const App = (config: Record<string, any>) => {
      if (this.app) throw new Error('App() called twice')
      this.app = config
    }
    const Page = (config: Record<string, any>) => {
      const file = this.loadingFile
      if (!file) throw new Error('Page() called outside a page file')
      const route = file.replace(/\.js$/, '')
      this.pageConfigs.set(route, { route, config })
    }
    const Component = (config: Record<string, any>) => {
      const file = this.loadingFile
      this.componentConfigs.set((file ?? '?').replace(/\.js$/, ''), config)
    }
    const getApp = () => this.app
    const getCurrentPages = () => this.intrinsics.Array.from(this.pages.map((p) => p.instance))
    const requirePlugin = (name: string) => {
      throw new Error(`requirePlugin: plugin "${name}" is not available in the harness`)
    }

    const common = { console, ...timerApi, App, Page, Component, getApp, getCurrentPages, requirePlugin }
    const globals: Record<string, unknown> =
      this.platform === 'weapp'
        ? {
            ...common,
            wx: apiProxy,
            Behavior: (def: unknown) => def,
            __wxConfig: {
              pages: this.appJson.pages,
              subPackages: this.appJson.subPackages ?? [],
              global: { window: this.appJson.window ?? {} },
              envVersion: 'develop',
              platform: 'devtools',
              debug: false,
              accountInfo: { appId: 'touristappid', icon: '' }
            }
          }
        : {
            ...common,
            my: apiProxy,
            Mixin: (def: unknown) => def,
            navigator: { swuserAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AlipayClient/10.5.0 MiniProgram', language: 'zh-CN' }
          }
    Object.assign(globals, this.options.extraGlobals ?? {})
    return globals
  }

  private createConsole(): Record<string, (...args: unknown[]) => void> {
    const levels: LogEntry['level'][] = ['log', 'info', 'warn', 'error', 'debug']
    const out: Record<string, (...args: unknown[]) => void> = {}
    for (const level of levels) {
      out[level] = (...args: unknown[]) => {
        const copy = args.map((a) => (a instanceof Object || (a && typeof a === 'object') ? describeValue(a) : a))
        this.logs.push({ level, args: copy })
        if (level === 'error') {
          const err = args.find((a) => a && typeof a === 'object' && 'message' in (a as object))
          this.errors.push({
            kind: 'console.error',
            message: args.map((a) => (typeof a === 'string' ? a : errorMessage(a))).join(' '),
            stack: err ? String((err as any).stack) : undefined
          })
        }
        if (this.options.echoConsole) (globalThis.console as any)[level](`[${this.platform}]`, ...args)
      }
    }
    out.group = out.groupCollapsed = out.groupEnd = out.time = out.timeEnd = out.trace = out.table = () => {}
    return out
  }

  private addTimer(fn: unknown, ms: number | undefined, args: unknown[], interval: boolean): number {
    const id = ++this.timerSeq
    if (this.disposed) return id
    const delay = Math.max(0, Number(ms) || 0)
    const run = () => {
      if (!interval) this.timers.delete(id)
      else {
        const t = this.timers.get(id)
        if (t) t.due = Date.now() + delay
      }
      if (typeof fn === 'function') this.safeCall('timer', () => fn(...args))
    }
    const handle = interval ? setInterval(run, delay) : setTimeout(run, delay)
    this.timers.set(id, { handle, due: Date.now() + delay, interval })
    return id
  }

  private clearTimer(id?: number): void {
    if (id === undefined) return
    const t = this.timers.get(id)
    if (!t) return
    ;(t.interval ? clearInterval : clearTimeout)(t.handle)
    this.timers.delete(id)
  }

  private selectorQuery(): Record<string, unknown> {
    const queued: unknown[] = []
    const nodesRef = (q: Record<string, unknown>) => ({
      boundingClientRect: (cb?: (r: unknown) => void) => {
        queued.push({ cb, value: { id: '', dataset: {}, left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 } })
        return q
      },
      scrollOffset: (cb?: (r: unknown) => void) => {
        queued.push({ cb, value: { id: '', dataset: {}, scrollLeft: 0, scrollTop: 0 } })
        return q
      },
      fields: (_f: unknown, cb?: (r: unknown) => void) => {
        queued.push({ cb, value: null })
        return q
      },
      node: (cb?: (r: unknown) => void) => {
        queued.push({ cb, value: null })
        return q
      },
      context: (cb?: (r: unknown) => void) => {
        queued.push({ cb, value: null })
        return q
      }
    })
    const q: Record<string, unknown> = {}
    Object.assign(q, {
      in: () => q,
      select: () => nodesRef(q),
      selectAll: () => nodesRef(q),
      selectViewport: () => nodesRef(q),
      exec: (cb?: (r: unknown) => void) => {
        this.later(() => {
          const values = (queued as Array<{ cb?: (r: unknown) => void; value: unknown }>).map((x) => {
            const v = this.cloneIn(x.value)
            x.cb?.(v)
            return v
          })
          cb?.(this.intrinsics.Array.from(values))
        })
        return q
      }
    })
    return q
  }

  // ---------------------------------------------------------------- API stubs

  /** Calls success/fail/complete (or settles a sandbox Promise when none is given), asynchronously. */
  private respond(name: string, opts: any, run: () => Record<string, unknown>, promiseStyle = true): unknown {
    const o = opts && typeof opts === 'object' ? opts : {}
    const hasCb = ['success', 'fail', 'complete'].some((k) => typeof o[k] === 'function')
    const P = this.intrinsics.Promise
    let settle: ((ok: boolean, v: unknown) => void) | undefined
    const promise =
      !hasCb && promiseStyle
        ? new P((resolve, reject) => {
            settle = (ok, v) => (ok ? resolve(v) : reject(v))
          })
        : undefined
    this.later(() => {
      let ok = true
      let res: Record<string, unknown>
      try {
        res = { ...run(), ...(this.platform === 'weapp' ? { errMsg: `${name}:ok` } : {}) }
      } catch (e) {
        ok = false
        const msg = errorMessage(e)
        res = this.platform === 'weapp' ? { errMsg: `${name}:fail ${msg}`, errno: 1 } : { error: 2, errorMessage: msg }
      }
      const v = this.cloneIn(res)
      if (ok) typeof o.success === 'function' && this.safeCall('callback', () => o.success(v), `${name}.success`)
      else typeof o.fail === 'function' && this.safeCall('callback', () => o.fail(v), `${name}.fail`)
      typeof o.complete === 'function' && this.safeCall('callback', () => o.complete(v), `${name}.complete`)
      settle?.(ok, v)
    })
    return promise
  }

  private record(api: string, args: unknown[]): void {
    this.apiCalls.push({ api, args: args.map((a) => cloneOut(a)) })
  }

  private createApi(): Record<string, unknown> {
    const weapp = this.platform === 'weapp'
    const api: Record<string, unknown> = {}
    const def = (name: string, fn: (...args: any[]) => unknown) => {
      api[name] = (...args: unknown[]) => {
        this.record(name, args)
        return fn(...args)
      }
    }
    const sys = () => ({ ...DEFAULT_SYSTEM_INFO, ...(this.options.systemInfo ?? {}) })
    const pick = (keys: string[]) => () => {
      const s = sys()
      return this.cloneIn(Object.fromEntries(keys.filter((k) => k in s).map((k) => [k, s[k]])))
    }

    // --- system info
    def('getSystemInfoSync', () => this.cloneIn(sys()))
    def('getSystemInfo', (o) => this.respond('getSystemInfo', o, sys))
    def('getSystemInfoAsync', (o) => this.respond('getSystemInfoAsync', o, sys))
    def('getWindowInfo', pick(['pixelRatio', 'screenWidth', 'screenHeight', 'windowWidth', 'windowHeight', 'statusBarHeight', 'safeArea', 'screenTop']))
    def('getDeviceInfo', pick(['brand', 'model', 'system', 'platform', 'benchmarkLevel', 'abi', 'deviceAbi', 'cpuType', 'memorySize']))
    def('getAppBaseInfo', pick(['SDKVersion', 'enableDebug', 'host', 'language', 'version', 'theme', 'fontSizeSetting']))
    def('getSystemSetting', () => this.cloneIn({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }))
    def('getAppAuthorizeSetting', () => this.cloneIn({ cameraAuthorized: 'authorized', albumAuthorized: 'not determined' }))
    def('getAccountInfoSync', () => this.cloneIn({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }))
    def('getLaunchOptionsSync', () => this.cloneIn(this.launchOptions))
    def('getEnterOptionsSync', () => this.cloneIn(this.launchOptions))
    def('getMenuButtonBoundingClientRect', () => this.cloneIn({ width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 }))
    def('canIUse', (schema: string) => typeof schema === 'string' && this.stubbed.has(schema.split('.')[0]))
    api.env = { USER_DATA_PATH: weapp ? 'wxfile://usr' : 'https://usr' }
    def('nextTick', (fn: () => void) => this.later(fn))
    def('onAppShow', () => undefined)
    def('onAppHide', () => undefined)
    def('offAppShow', () => undefined)
    def('offAppHide', () => undefined)
    def('onError', () => undefined)
    def('onUnhandledRejection', () => undefined)
    def('onMemoryWarning', () => undefined)
    def('onWindowResize', () => undefined)
    def('offWindowResize', () => undefined)
    def('onThemeChange', () => undefined)
    def('getUpdateManager', () => this.cloneIn({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }))
    def('reportAnalytics', () => undefined)

    // --- network
    def('request', (o) => this.request(o ?? {}))
    if (!weapp) def('httpRequest', (o) => this.request(o ?? {}))
    def('getNetworkType', (o) =>
      this.respond('getNetworkType', o, () => (weapp ? { networkType: this.networkType } : { networkType: this.networkType.toUpperCase(), networkAvailable: this.networkType !== 'none' }))
    )
    def('onNetworkStatusChange', (cb) => {
      if (typeof cb === 'function') this.networkListeners.push(cb)
    })
    def('offNetworkStatusChange', (cb) => {
      const i = cb ? this.networkListeners.indexOf(cb) : -1
      if (i >= 0) this.networkListeners.splice(i, 1)
      else if (!cb) this.networkListeners.length = 0
    })

    // --- storage (weapp: positional sync forms; alipay: { key, data } objects)
    const getItem = (key: string) => (this.storage.has(key) ? this.cloneIn(this.storage.get(key)) : undefined)
    const setItem = (key: string, data: unknown) => {
      if (typeof key !== 'string' || key === '') throw new Error('invalid key')
      this.storage.set(key, cloneOut(data))
    }
    const info = () => ({ keys: [...this.storage.keys()], currentSize: Math.ceil(byteSize(this.storage) / 1024), limitSize: 10240 })
    if (weapp) {
      def('setStorageSync', (key: string, data: unknown) => setItem(key, data))
      def('getStorageSync', (key: string) => getItem(key) ?? '')
      def('removeStorageSync', (key: string) => void this.storage.delete(key))
      def('clearStorageSync', () => this.storage.clear())
      def('getStorageInfoSync', () => this.cloneIn(info()))
    } else {
      def('setStorageSync', (o: any) => {
        setItem(o?.key, o?.data)
        return this.cloneIn({ success: true })
      })
      def('getStorageSync', (o: any) => this.cloneIn({ data: this.storage.has(o?.key) ? this.storage.get(o?.key) : null }))
      def('removeStorageSync', (o: any) => {
        this.storage.delete(o?.key)
        return this.cloneIn({ success: true })
      })
      def('clearStorageSync', () => {
        this.storage.clear()
        return this.cloneIn({ success: true })
      })
      def('getStorageInfoSync', () => this.cloneIn(info()))
    }
    def('setStorage', (o) =>
      this.respond('setStorage', o, () => {
        setItem(o?.key, o?.data)
        return {}
      })
    )
    def('getStorage', (o) =>
      this.respond('getStorage', o, () => {
        if (!this.storage.has(o?.key)) {
          if (weapp) throw new Error('data not found')
          return { data: null }
        }
        return { data: this.storage.get(o.key) }
      })
    )
    def('removeStorage', (o) =>
      this.respond('removeStorage', o, () => {
        this.storage.delete(o?.key)
        return {}
      })
    )
    def('clearStorage', (o) =>
      this.respond('clearStorage', o, () => {
        this.storage.clear()
        return {}
      })
    )
    def('getStorageInfo', (o) => this.respond('getStorageInfo', o, info))

    // --- randomness: WeChat (base library ≥ 2.15.0); Alipay: only a Worker's crypto.getRandomValues.
    if (!weapp && this.options.randomValues) throw new Error('randomValues: Alipay documents no my.getRandomValues (docs/platforms.md)')
    if (weapp && this.options.randomValues !== false) def('getRandomValues', (o) => this.respond('getRandomValues', o, () => this.randomValues(o)))
    if (!weapp) {
      def('createWorker', (scriptPath: string, options?: unknown) => this.createWorker(scriptPath, options))
      // my.ap.faceVerify({ bizId, bizType, success, fail }): success gives a zimId the server confirms.
      const apFace = (o: any, zimId?: string) =>
        this.respond('ap.faceVerify', o, () => {
          if (typeof o?.bizId !== 'string' || o.bizId === '' || typeof o?.bizType !== 'string') throw new Error('invalid bizId/bizType')
          const outcome = this.options.faceVerify ?? 'pass'
          if (outcome === 'cancel') throw Object.assign(new Error('用户取消'), { code: 6001 })
          if (outcome === 'fail') throw new Error('认证未通过')
          return { zimId: zimId ?? `zim-${o.bizId}`, faceRetCode: '1000' }
        })
      const ticket = this.options.faceTicket
      api.ap = {
        faceVerify: (o: any) => {
          this.record('ap.faceVerify', [o])
          if (!ticket || (this.options.faceVerify ?? 'pass') !== 'pass' || typeof o?.bizId !== 'string') return apFace(o)
          return ticket(o.bizId).then((z) => apFace(o, z))
        }
      }
    }
    if (weapp) {
      def('arrayBufferToBase64', (b: ArrayBuffer) => Buffer.from(new Uint8Array(b)).toString('base64'))
      def('base64ToArrayBuffer', (s: string) => this.cloneIn(new Uint8Array(Buffer.from(String(s), 'base64')).buffer))
    }

    // --- UI feedback
    const ok = (name: string) => (o: unknown) => this.respond(name, o, () => ({}))
    for (const name of ['showToast', 'hideToast', 'showLoading', 'hideLoading', 'showNavigationBarLoading', 'hideNavigationBarLoading', 'stopPullDownRefresh', 'startPullDownRefresh', 'pageScrollTo', 'setBackgroundColor', 'setBackgroundTextStyle', 'setKeepScreenOn', 'vibrateShort', 'vibrateLong', 'hideKeyboard', 'hideHomeButton']) {
      def(name, ok(name))
    }
    const modalAnswer = (o: Record<string, unknown>) => {
      const m = this.options.modal
      return typeof m === 'function' ? m(cloneOut(o) as Record<string, unknown>) : m !== false
    }
    if (weapp) {
      def('showModal', (o) => this.respond('showModal', o, () => {
        const confirm = modalAnswer(o ?? {})
        return { confirm, cancel: !confirm, content: null }
      }))
      def('showActionSheet', (o) => this.respond('showActionSheet', o, () => {
        throw new Error('cancel')
      }))
      def('setNavigationBarTitle', ok('setNavigationBarTitle'))
      def('setNavigationBarColor', ok('setNavigationBarColor'))
      def('setVisualEffectOnCapture', ok('setVisualEffectOnCapture'))
      def('onUserCaptureScreen', () => undefined)
      def('offUserCaptureScreen', () => undefined)
    } else {
      def('confirm', (o) => this.respond('confirm', o, () => ({ confirm: modalAnswer(o ?? {}) })))
      def('alert', ok('alert'))
      def('showActionSheet', (o) => this.respond('showActionSheet', o, () => ({ index: -1 })))
      def('setNavigationBar', ok('setNavigationBar'))
      def('onUserCaptureScreen', () => undefined)
      def('offUserCaptureScreen', () => undefined)
    }
    def('setScreenBrightness', (o) =>
      this.respond('setScreenBrightness', o, () => {
        const v = Number(o?.value ?? o?.brightness)
        if (!(v >= 0 && v <= 1)) throw new Error('invalid value')
        this.screenBrightness = v
        return {}
      })
    )
    def('getScreenBrightness', (o) => this.respond('getScreenBrightness', o, () => (weapp ? { value: this.screenBrightness } : { brightness: this.screenBrightness })))

    // --- navigation
    for (const name of ['navigateTo', 'redirectTo', 'navigateBack', 'reLaunch', 'switchTab']) {
      def(name, (o) => {
        const opts = o ?? {}
        const P = this.intrinsics.Promise
        const p = this.track(this.navigate(name, opts))
        const out = new P<unknown>((resolve, reject) => {
          p.then(({ ok: good, msg }) => {
            const res = this.cloneIn(weapp ? { errMsg: `${name}:${good ? 'ok' : 'fail ' + msg}` } : good ? {} : { error: 2, errorMessage: msg })
            if (good) typeof opts.success === 'function' && this.safeCall('callback', () => opts.success(res))
            else typeof opts.fail === 'function' && this.safeCall('callback', () => opts.fail(res))
            typeof opts.complete === 'function' && this.safeCall('callback', () => opts.complete(res))
            ;(good ? resolve : reject)(res)
          })
        })
        // Only promise-style callers see the promise (and so its rejection).
        const hasCb = ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function')
        if (hasCb) out.catch(() => undefined)
        return hasCb ? undefined : out
      })
    }

    // Back to the mini-program that opened this one, with extraData; only when one did. On success
    // the caller comes to the front: this app goes to the background (onHide).
    def('navigateBackMiniProgram', (o) =>
      this.respond('navigateBackMiniProgram', o, () => {
        const ref = this.launchOptions.referrerInfo as { appId?: unknown } | undefined
        if (typeof ref?.appId !== 'string') throw new Error('not opened by another mini-program')
        this.returnedToCaller.push({ appId: ref.appId, extraData: cloneOut(o?.extraData ?? {}) })
        this.later(() => {
          if (this.pages.length) this.lifecycle(this.page.instance, 'onHide')
          this.lifecycle(this.app, 'onHide')
        })
        return {}
      })
    )

    // --- scan, clipboard
    const scanName = weapp ? 'scanCode' : 'scan'
    def(scanName, (o) =>
      this.respond(scanName, o, () => {
        const next = this.scanQueue.shift()
        if (next === undefined) throw new Error('cancel')
        return weapp ? { result: next, scanType: 'QR_CODE', charSet: 'utf-8', rawData: Buffer.from(next).toString('base64') } : { code: next, qrCode: next, scanType: 'qrCode' }
      })
    )
    def('setClipboardData', (o) =>
      this.respond('setClipboardData', o, () => {
        this.clipboard = String(o?.data ?? o?.text ?? '')
        return {}
      })
    )
    def('getClipboardData', (o) => this.respond('getClipboardData', o, () => (weapp ? { data: this.clipboard } : { text: this.clipboard })))

    // --- biometrics (defaults: supported, enrolled, the user passes). Override through extraApi.
    if (weapp) {
      def('checkIsSupportSoterAuthentication', (o) => this.respond('checkIsSupportSoterAuthentication', o, () => ({ supportMode: ['fingerPrint', 'facial'] })))
      def('checkIsSoterEnrolledInDevice', (o) => this.respond('checkIsSoterEnrolledInDevice', o, () => ({ isEnrolled: true })))
      def('startSoterAuthentication', (o) =>
        this.respond('startSoterAuthentication', o, () => ({ authMode: o?.requestAuthModes?.[0] ?? 'fingerPrint', resultJSON: '{}', resultJSONSignature: '', errCode: 0 }))
      )
    }

    def('createSelectorQuery', () => this.selectorQuery())
    // Saving a drawn QR (纸质凭证): tests that check the file override these through extraApi.
    def('canvasToTempFilePath', (o) => this.respond('canvasToTempFilePath', o, () => ({ tempFilePath: weapp ? 'wxfile://tmp/canvas.png' : 'https://resource/canvas.png' })))
    def('saveImageToPhotosAlbum', (o) => this.respond('saveImageToPhotosAlbum', o, () => ({})))
    return api
  }

  /**
   * `my.createWorker(scriptPath)`: runs the built worker script in its own vm context whose globals
   * are only `worker` (onMessage / postMessage), `console` and (unless `workerCrypto: false`)
   * `crypto.getRandomValues` — no `my`. Messages are copied as plain data each way and delivered
   * asynchronously. Alipay allows one live Worker; the script must be listed in app.json `workers`.
   */
  private createWorker(scriptPath: unknown, _options?: unknown): Record<string, unknown> {
    const rel = String(scriptPath ?? '')
    const declared: unknown = this.appJson.workers
    if (!Array.isArray(declared) || !declared.includes(rel)) throw new Error(`createWorker: ${rel} is not listed in app.json workers`)
    const abs = path.join(this.distDir, rel)
    if (!fs.existsSync(abs)) throw new Error(`createWorker: ${rel} is not in the package`)
    if (this.workers.some((w) => !w.terminated)) throw new Error('createWorker: only one Worker at a time (terminate the previous one)')
    const rec = { path: rel, toWorker: [] as unknown[], fromWorker: [] as unknown[], terminated: false }
    this.workers.push(rec)
    let inWorker: ((m: unknown) => void) | undefined
    let inApp: ((m: unknown) => void) | undefined
    const wctx: Record<string, unknown> = { console: this.createConsole() }
    const wctxt = vm.createContext(wctx, { name: 'alipay worker' })
    const wJSON = vm.runInContext('JSON', wctxt) as JSON
    wctx.worker = {
      onMessage: (fn: (m: unknown) => void) => {
        inWorker = fn
      },
      postMessage: (m: unknown) => {
        if (rec.terminated) return
        const copy = JSON.parse(JSON.stringify(m ?? null))
        rec.fromWorker.push(copy)
        this.later(() => inApp?.(this.intrinsics.JSON.parse(JSON.stringify(copy))))
      }
    }
    if (this.options.workerCrypto !== false) {
      wctx.crypto = {
        getRandomValues: (arr: ArrayBufferView) => {
          if (!ArrayBuffer.isView(arr) || arr.byteLength > 65536) throw new Error('getRandomValues: bad argument')
          new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).set(randomBytes(arr.byteLength))
          return arr
        }
      }
    }
    try {
      new vm.Script(fs.readFileSync(abs, 'utf8'), { filename: abs }).runInContext(wctxt)
    } catch (e) {
      this.recordError('load', e, `worker ${rel}`)
    }
    const handle = {
      postMessage: (m: unknown) => {
        if (rec.terminated) return
        const copy = JSON.parse(JSON.stringify(m ?? null))
        rec.toWorker.push(copy)
        this.later(() => {
          if (!rec.terminated) inWorker?.(wJSON.parse(JSON.stringify(copy)))
        })
      },
      onMessage: (fn: (m: unknown) => void) => {
        inApp = fn
      },
      terminate: () => {
        rec.terminated = true
      }
    }
    return this.cloneIn(handle)
  }

  private randomValues(o: any): Record<string, unknown> {
    const n = Number(o?.length)
    if (!Number.isInteger(n) || n < 1 || n > 1048576) throw new Error('invalid length')
    const bytes = randomBytes(n)
    const buf = new this.intrinsics.ArrayBuffer(n)
    new this.intrinsics.Uint8Array(buf).set(bytes)
    return { randomValues: buf }
  }

  /** wx.request / my.request: hands the request to the test's handler, returns a task. */
  private request(o: Record<string, any>): Record<string, unknown> {
    const weapp = this.platform === 'weapp'
    const name = 'request'
    const headers = (weapp ? o.header : o.headers) ?? {}
    const req: MiniRequest = {
      url: String(o.url ?? ''),
      method: String(o.method ?? 'GET').toUpperCase(),
      header: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
      data: cloneOut(o.data),
      dataType: o.dataType,
      responseType: o.responseType,
      timeout: o.timeout
    }
    const rec: RequestRecord = { request: req, aborted: false }
    this.requests.push(rec)
    let done = false
    const finish = (ok: boolean, res: Record<string, unknown>) => {
      if (done || this.disposed) return
      done = true
      const v = this.cloneIn(res)
      if (ok) typeof o.success === 'function' && this.safeCall('callback', () => o.success(v), 'request.success')
      else typeof o.fail === 'function' && this.safeCall('callback', () => o.fail(v), 'request.fail')
      typeof o.complete === 'function' && this.safeCall('callback', () => o.complete(v), 'request.complete')
    }
    const failWith = (msg: string) => {
      rec.error = msg
      finish(false, weapp ? { errMsg: `${name}:fail ${msg}`, errno: 600001 } : { error: msg === 'timeout' ? 13 : 19, errorMessage: msg })
    }
    const handler = this.options.request
    const timeoutMs = Number(o.timeout) > 0 ? Number(o.timeout) : 60000
    let timeoutHandle: ReturnType<typeof setTimeout> | undefined
    const work = new Promise<void>((resolve) => {
      timeoutHandle = setTimeout(() => {
        failWith('timeout')
        resolve()
      }, timeoutMs)
      this.nativeTimers.add(timeoutHandle)
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error('no request handler in the harness')
          return handler(req)
        })
        .then(
          (res) => {
            if (done) return
            rec.response = res
            const data = decodeBody(res.data, o.dataType, o.responseType)
            const header = res.header ?? {}
            finish(true, weapp ? { data, statusCode: res.statusCode, header, cookies: [], errMsg: 'request:ok' } : { data, status: res.statusCode, headers: header })
          },
          (e) => failWith(errorMessage(e))
        )
        .finally(() => {
          if (timeoutHandle) {
            clearTimeout(timeoutHandle)
            this.nativeTimers.delete(timeoutHandle)
          }
          resolve()
        })
    })
    this.track(work)
    const task: Record<string, unknown> = {
      abort: () => {
        if (done) return
        rec.aborted = true
        failWith('abort')
      },
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined
    }
    return this.cloneIn(task)
  }
}

/**
 * Boots `dist/<platform>` headlessly: app.js, main-package pages, App onLaunch/onShow, the launch
 * page's onLoad/onShow/onReady, then waits until idle. Rejects (BootError) when a file fails to
 * load (e.g. `TextEncoder is not defined`), App()/Page() is never called, or a lifecycle throws.
 * Other errors (console.error, errors in timers/callbacks) are collected in `errors`.
 */
export async function bootMiniProgram(options: BootOptions): Promise<MiniProgram> {
  const mp = new MiniProgram(options)
  try {
    return await mp.boot()
  } catch (e) {
    mp.dispose()
    throw e
  }
}

/**
 * Adapts a fetch-style function (e.g. Node's fetch with msw's `setupServer` listening) to a
 * RequestHandler: GET data becomes the query string, other methods send JSON (or the string /
 * bytes as given), as wx.request does.
 */
export function requestViaFetch(fetchImpl: typeof fetch = fetch): RequestHandler {
  return async (req) => {
    let url = req.url
    let body: BodyInit | undefined
    const header = { ...req.header }
    const hasType = Object.keys(header).some((k) => k.toLowerCase() === 'content-type')
    if (req.data !== undefined && req.data !== null) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (typeof req.data === 'object' && !(req.data instanceof Uint8Array)) {
          const qs = new URLSearchParams(Object.entries(req.data as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString()
          if (qs) url += (url.includes('?') ? '&' : '?') + qs
        }
      } else if (req.data instanceof Uint8Array) {
        body = req.data.slice().buffer
      } else if (typeof req.data === 'string') {
        body = req.data
      } else {
        body = JSON.stringify(req.data)
        if (!hasType) header['content-type'] = 'application/json'
      }
    }
    const res = await fetchImpl(url, { method: req.method, headers: header, body })
    const bytes = new Uint8Array(await res.arrayBuffer())
    const outHeader: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      outHeader[k] = v
    })
    return { statusCode: res.status, header: outHeader, data: req.responseType === 'arraybuffer' ? bytes : Buffer.from(bytes).toString('utf8') }
  }
}

/**
 * Scans emitted JS for identifiers the mini-program runtimes lack, as a backstop for code paths
 * the boot does not reach. A text scan, not a parse: it reports occurrences with a little context
 * per file, including false hits (method names like `process(e,t){`, words inside strings);
 * whether each is real and guarded (`typeof X`) is for the reader to judge.
 */
export function scanForBrowserGlobals(
  distDir: string,
  names = ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'crypto', 'fetch', 'structuredClone', 'Buffer', 'process', 'window', 'document']
): Array<{ file: string; name: string; context: string }> {
  const out: Array<{ file: string; name: string; context: string }> = []
  const files = listFiles(distDir).filter((f) => f.endsWith('.js'))
  for (const file of files) {
    const src = fs.readFileSync(path.join(distDir, file), 'utf8')
    for (const name of names) {
      const re = new RegExp(`(^|[^.\\w$'"])${name}\\b(?!\\s*:)`, 'g')
      let m: RegExpExecArray | null
      while ((m = re.exec(src))) {
        out.push({ file, name, context: src.slice(Math.max(0, m.index - 40), m.index + name.length + 40) })
      }
    }
  }
  return out
}

// ------------------------------------------------------------------ helpers

function listFiles(dir: string, base = ''): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...listFiles(dir, rel))
    else out.push(rel)
  }
  return out
}

/** Reads `tmpl_0_<nn>` templates of base.wxml / base.axml: tag, the events bound to `eh`, the data each attribute reads. */
function parseBaseTemplates(distDir: string, platform: Platform): Map<string, TemplateInfo> {
  const file = path.join(distDir, platform === 'weapp' ? 'base.wxml' : 'base.axml')
  const map = new Map<string, TemplateInfo>()
  if (!fs.existsSync(file)) return map
  const src = fs.readFileSync(file, 'utf8')
  const re = /<template name="tmpl_0_([\w#-]+)">\s*<([\w-]+)([^>]*)>/g
  let m: RegExpExecArray | null
  while ((m = re.exec(src))) {
    const [, nn, tag, attrs] = m
    const info: TemplateInfo = { tag: tag === 'block' ? '#text' : tag, events: new Map(), attrs: new Map(), reads: new Set() }
    // A text node's template reads `i.v` between the tags, not in an attribute.
    if (tag === 'block') info.reads.add('v').add('sid')
    for (const [, attr, value] of attrs.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      for (const [, key] of value.matchAll(/\bi\.(\w+)/g)) {
        info.reads.add(key)
        if (!/^(st|cl|uid|sid)$/.test(key)) info.attrs.set(key, attr)
      }
    }
    const ev = platform === 'weapp' ? /\b(?:bind|catch|capture-bind|capture-catch):?([a-z]+)="eh"/g : /\b(?:on|catch)([A-Z]\w*)="eh"/g
    let e: RegExpExecArray | null
    while ((e = ev.exec(attrs))) {
      const raw = platform === 'weapp' ? e[1] : e[1][0].toLowerCase() + e[1].slice(1)
      info.events.set(raw.toLowerCase(), raw)
    }
    map.set(nn, info)
  }
  // Indirect templates (`<template is="{{xs.c(i, 'tmpl_0_')}}">`, e.g. Input picks `_focus`/`_blur`).
  for (const [nn, info] of map) {
    if (info.tag !== 'template') continue
    const real = map.get(`${nn}_blur`) ?? map.get(`${nn}_focus`)
    // The node reads what either variant reads (`focus` only in `_focus`).
    const both = [map.get(`${nn}_blur`), map.get(`${nn}_focus`)].filter((x): x is TemplateInfo => x !== undefined)
    if (real) map.set(nn, { ...real, attrs: new Map(both.flatMap((x) => [...x.attrs])), reads: new Set(both.flatMap((x) => [...x.reads])) })
  }
  return map
}

function walk(nodes: MpNode[], fn: (n: MpNode) => void): void {
  for (const n of nodes) {
    fn(n)
    walk(n.children, fn)
  }
}

function isAncestor(a: MpNode, b: MpNode): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true
  return false
}

function toMatcher(target: NodeTarget): (n: MpNode) => boolean {
  if (typeof target === 'function') return target
  if (typeof target === 'string') return (n) => n.sid === target
  return (n) => {
    if (target.text !== undefined) {
      if (n.tag === '#text') return false
      const t = n.text.trim()
      if (typeof target.text === 'string' ? t !== target.text : !target.text.test(t)) return false
    }
    if (target.className !== undefined && !n.className.split(/\s+/).includes(target.className)) return false
    if (target.tag !== undefined && n.tag !== target.tag) return false
    if (target.id !== undefined && n.id !== target.id) return false
    return true
  }
}

function describeTarget(target: NodeTarget): string {
  if (typeof target === 'function') return 'predicate'
  if (typeof target === 'string') return `sid ${target}`
  return JSON.stringify(target, (_k, v) => (v instanceof RegExp ? String(v) : v))
}

/** Sets `a.b[0].c` / `a.b.[0].c` in `obj` as setData does (creating objects/arrays on the way). */
export function setPath(obj: Record<string, unknown>, p: string, value: unknown): void {
  const keys: Array<string | number> = []
  const re = /\[(\d+)\]|([^.[\]]+)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(p))) keys.push(m[1] !== undefined ? Number(m[1]) : m[2])
  if (!keys.length) return
  let cur: any = obj
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {}
    cur = cur[k]
  }
  cur[keys[keys.length - 1]] = value
}

/** Deep copy into this realm: plain data, bytes as Uint8Array, functions dropped. */
function cloneOut(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v
  if (seen.has(v)) return seen.get(v)
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength))
  if (Object.prototype.toString.call(v) === '[object ArrayBuffer]') return new Uint8Array((v as ArrayBuffer).slice(0))
  if (Array.isArray(v)) {
    const out: unknown[] = []
    seen.set(v, out)
    for (const x of v) out.push(cloneOut(x, seen))
    return out
  }
  if (Object.prototype.toString.call(v) === '[object Date]') return new Date((v as Date).getTime())
  const out: Record<string, unknown> = {}
  seen.set(v, out)
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'function') out[k] = cloneOut(x, seen)
  }
  return out
}

function decodeBody(data: unknown, dataType?: string, responseType?: string): unknown {
  const toBytes = (d: unknown): Uint8Array => {
    if (d instanceof Uint8Array) return d
    if (d instanceof ArrayBuffer) return new Uint8Array(d)
    if (typeof d === 'string') return new Uint8Array(Buffer.from(d, 'utf8'))
    if (d === undefined) return new Uint8Array(0)
    return new Uint8Array(Buffer.from(JSON.stringify(d), 'utf8'))
  }
  if (responseType === 'arraybuffer') return toBytes(data).slice().buffer // an ArrayBuffer, as WeChat gives
  const text = data instanceof Uint8Array || data instanceof ArrayBuffer ? Buffer.from(toBytes(data)).toString('utf8') : data
  if (typeof text === 'string' && (dataType ?? 'json') === 'json') {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text ?? ''
}

function byteSize(storage: Map<string, unknown>): number {
  let n = 0
  for (const [k, v] of storage) n += k.length + (typeof v === 'string' ? v.length : JSON.stringify(v ?? null).length)
  return n
}

function errorMessage(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>
    if (typeof o.message === 'string') return `${typeof o.name === 'string' ? o.name + ': ' : ''}${o.message}`
    if (typeof o.errMsg === 'string') return o.errMsg
    if (typeof o.errorMessage === 'string') return o.errorMessage
    return safeJson(e)
  }
  return String(e)
}

function describeValue(v: unknown): unknown {
  if (v && typeof v === 'object' && 'message' in (v as object) && 'stack' in (v as object)) return errorMessage(v)
  return cloneOut(v)
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

function turn(): Promise<void> {
  return new Promise((r) => setImmediate(r))
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** One row of docs/platforms.json: a wx / my API the built apps use, and what the emulator does with it. */
export interface PlatformApiRow {
  api: string
  since: string
  doc: string
  checked: boolean
  whenMissing: string
  /** The emulator offers it (false: read or referenced by the build, deliberately absent here). */
  emulated: boolean
  usedBy: string
}

/** The rows of docs/platforms.json for one platform. */
export function platformApis(platform: Platform): PlatformApiRow[] {
  return (platformTable as unknown as Record<Platform, { apis: PlatformApiRow[] }>)[platform].apis
}

/**
 * `wx.x` / `my.x` property uses in the emitted JS (a text scan: the boot only sees code that runs).
 * Returns each API name with the files it appears in.
 */
export function scanApiUses(platform: Platform, distDir = defaultDistDir(platform)): Map<string, string[]> {
  const global = platform === 'weapp' ? 'wx' : 'my'
  const re = new RegExp(`(?:^|[^.\\w$])${global}\\??\\.([A-Za-z_$][\\w$]*)`, 'g')
  const out = new Map<string, string[]>()
  for (const file of listFiles(distDir).filter((f) => f.endsWith('.js') && !f.startsWith('workers/'))) {
    const src = fs.readFileSync(path.join(distDir, file), 'utf8')
    let m: RegExpExecArray | null
    while ((m = re.exec(src))) {
      if (IGNORED_KEYS.has(m[1]) || m[1] === 'taroEventCenter') continue
      const files = out.get(m[1]) ?? []
      if (!files.includes(file)) files.push(file)
      out.set(m[1], files)
    }
  }
  return out
}
