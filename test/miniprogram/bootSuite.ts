/**
 * The boot checks shared by weapp-boot.test.ts and alipay-boot.test.ts. They build nothing: run
 * `npm run build:weapp` / `npm run build:alipay` first (a missing dist fails with that advice).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getResponse } from 'msw'
import { assertBuilt, bootMiniProgram, defaultDistDir, platformApis, requestViaFetch, scanApiUses, staleness, type MiniProgram, type MiniRequest, type Platform } from './boot'
import { createHandlers } from '../../mock/handlers'
import { createFailureController, type FailureController } from '../../mock/failures'
import { createSimulator } from '../../mock/simulator'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

/** wx.request / my.request answered by the simulator's own msw handlers (no network). */
export function simulatorServer() {
  const sim = createSimulator()
  const failures: FailureController = createFailureController()
  const handlers = createHandlers(sim, failures)
  const paths: string[] = []
  const simFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    paths.push(new URL(request.url).pathname)
    return (await getResponse(handlers, request)) ?? new Response('{"code":"ERR_NOT_FOUND"}', { status: 404 })
  }) as typeof fetch
  return { sim, failures, paths, handler: requestViaFetch(simFetch), fetch: simFetch }
}

/**
 * The app built against a configured government endpoint (`TARO_APP_API_BASE_URL` set): there the
 * platform's own face check runs instead of the simulator's page. Build it with
 * `CERTWALLET_DIST_ROOT=dist/endpoint TARO_APP_API_BASE_URL=https://zwfw.example.gov.cn npx taro build --type <platform>`.
 */
export function endpointDistDir(platform: Platform): string {
  const dir = path.resolve(__dirname, '..', '..', 'dist', 'endpoint', platform)
  if (!fs.existsSync(path.join(dir, 'app.js'))) {
    throw new Error(
      `${path.relative(process.cwd(), dir)} is missing. Build it first: CERTWALLET_DIST_ROOT=dist/endpoint TARO_APP_API_BASE_URL=https://zwfw.example.gov.cn npx taro build --type ${platform}`
    )
  }
  return dir
}

/** A request handler that answers 503 to everything and remembers what it saw. */
export function unavailableServer() {
  const seen: MiniRequest[] = []
  return {
    seen,
    handler: async (req: MiniRequest) => {
      seen.push(req)
      return { statusCode: 503, header: { 'content-type': 'application/json' }, data: { code: 'UNAVAILABLE', message: '服务暂不可用' } }
    }
  }
}

/** Copies a built dist to a temp dir, letting `edit` change app.js; returns the copy's path. */
export function patchedDistCopy(platform: Platform, edit: (appJs: string) => string): string {
  const src = defaultDistDir(platform)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `certwallet-${platform}-`))
  fs.cpSync(src, dir, { recursive: true })
  const appJs = path.join(dir, 'app.js')
  fs.writeFileSync(appJs, edit(fs.readFileSync(appJs, 'utf8')))
  return dir
}

export function bootSuite(platform: Platform): void {
  const api = platform === 'weapp' ? 'wx' : 'my'
  let mp: MiniProgram | undefined

  beforeAll(() => {
    assertBuilt(platform) // "dist/<platform> is missing … Build it first: npm run build:<platform>"
    const stale = staleness(platform)
    if (stale) console.warn(`Testing a stale build: ${stale}`)
  })

  afterEach(() => {
    mp?.dispose()
    mp = undefined
  })

  async function boot(opts: Partial<Parameters<typeof bootMiniProgram>[0]> = {}): Promise<MiniProgram> {
    mp = await bootMiniProgram({ platform, request: unavailableServer().handler, ...opts })
    return mp
  }

  it('boots and renders the wallet page through setData, with no errors', async () => {
    const app = await boot()
    expect(app.errors).toEqual([])
    expect(app.page.route).toBe('pages/wallet/index')
    expect(app.setDataCalls.length).toBeGreaterThan(0)
    // The first setData sets root.cn to the whole tree.
    expect(Object.keys(app.setDataCalls[0].data)).toContain('root.cn')
    expect(app.texts()).toContain('我的证照')
    // Keys read but not offered must be table rows the emulator leaves out on purpose (wx.cloud).
    const listed = new Set(platformApis(platform).map((r) => r.api))
    expect(app.unhandledKeys.filter((k) => !listed.has(k))).toEqual([])
  })

  it(`offers exactly the ${api}.* APIs docs/platforms.json lists, and the build uses no other`, async () => {
    const rows = platformApis(platform)
    const listed = new Set(rows.map((r) => r.api))
    const app = await boot()
    expect(app.missingStubs).toEqual([])
    // (Taro itself stores taroEventCenter / webpackJsonp on it: bookkeeping, not APIs.)
    const offered = app.evaluate<string[]>(`Object.keys(${api})`).filter((k) => k !== 'taroEventCenter' && k !== 'webpackJsonp')
    expect([...offered].sort()).toEqual(rows.filter((r) => r.emulated).map((r) => r.api).sort())
    // Every key the running build read off ${api} (Taro's start-up copy of every key onto Taro.*
    // reads only what is offered) and every ${api}.x in the bundle text is a row of the table.
    expect(app.readKeys.filter((k) => !listed.has(k))).toEqual([])
    expect([...scanApiUses(platform).entries()].filter(([k]) => !listed.has(k))).toEqual([])
    // An unlisted API cannot be smuggled in through extraApi.
    await expect(bootMiniProgram({ platform, extraApi: { getFuzzyLocation: () => undefined } })).rejects.toThrow(/not listed .*docs\/platforms\.json/)
    expect(app.errors).toEqual([])
  })

  it('a bundle that calls an unlisted API fails the table check', async () => {
    const dir = patchedDistCopy(platform, (src) => `${src}\n;(function () { if (false) ${api}.getFuzzyLocation({}) })()`)
    try {
      const listed = new Set(platformApis(platform).map((r) => r.api))
      expect([...scanApiUses(platform, dir).keys()].filter((k) => !listed.has(k))).toEqual(['getFuzzyLocation'])
      const app = await bootMiniProgram({ platform, distDir: dir })
      app.evaluate(`typeof ${api}.startLocationUpdate`)
      expect(app.unhandledKeys.filter((k) => !listed.has(k))).toEqual(['startLocationUpdate'])
      app.dispose()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it(`runs in a sandbox without browser/Node globals, with ${api} stubs behind it`, async () => {
    const app = await boot({ storage: { greeting: '你好' } })
    const absent = ['crypto', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'fetch', 'URL', 'window', 'document', 'structuredClone', 'process', 'Buffer', 'setImmediate', 'queueMicrotask']
    const types = app.evaluate<Record<string, string>>(`({ ${absent.map((n) => `${n}: typeof ${n}`).join(', ')} })`)
    expect(Object.entries(types).filter(([, t]) => t !== 'undefined')).toEqual([])
    expect(app.evaluate(`typeof ${api}.request`)).toBe('function')

    // Storage is the in-memory map, in the platform's own calling convention.
    const read = platform === 'weapp' ? `wx.getStorageSync('greeting')` : `my.getStorageSync({ key: 'greeting' }).data`
    expect(app.evaluate(read)).toBe('你好')
  })

  if (platform === 'weapp') {
    it('gives CSPRNG bytes through wx.getRandomValues, asynchronously, as an ArrayBuffer of the sandbox', async () => {
      const app = await boot()
      let sync = true
      const p = app.evaluate<Promise<{ n: number; isAb: boolean; distinct: number }>>(
        `new Promise((resolve) => wx.getRandomValues({ length: 32, success: (res) => resolve({ n: res.randomValues.byteLength, isAb: res.randomValues instanceof ArrayBuffer, distinct: new Set(new Uint8Array(res.randomValues)).size }) }))`
      )
      void p.then(() => (sync = false))
      expect(sync).toBe(true)
      const res = await p
      expect(res).toMatchObject({ n: 32, isAb: true })
      expect(res.distinct).toBeGreaterThan(8)
    })
  }

  it('opens the verifier subpackage page and goes back', async () => {
    const app = await boot()
    const scan = await app.navigateTo('/subpackages/verifier/pages/scan/index?from=test')
    expect(scan.route).toBe('subpackages/verifier/pages/scan/index')
    expect(scan.query).toEqual({ from: 'test' })
    expect(app.texts()).toContain('扫码核验')
    await app.navigateBack()
    expect(app.pages.map((p) => p.route)).toEqual(['pages/wallet/index'])
    expect(app.errors).toEqual([])
  })

  it(`a tap reaches the page: a demo account sends the face-check request through ${api}.request`, async () => {
    const server = unavailableServer()
    const app = await boot({ request: server.handler })
    await setPin(app)
    await app.tap({ text: /^张明华/ })
    expect(server.seen.length).toBeGreaterThan(0)
    expect(server.seen[0].method).toBe('POST')
    expect(app.requests[0].response?.statusCode).toBe(503)
    expect(app.errors).toEqual([])
  })

  /** First run: the 6-digit PIN on the drawn keypad, twice. */
  async function setPin(app: MiniProgram, pin = '135790'): Promise<void> {
    await app.waitFor(() => app.texts().includes('设置 6 位数字密码'), 10000)
    for (const d of pin) await app.tap({ className: `pinpad__key--${d}` })
    await app.waitFor(() => app.texts().includes('请再输入一次密码'), 10000)
    for (const d of pin) await app.tap({ className: `pinpad__key--${d}` })
    await app.waitFor(() => app.texts().includes('领取电子证照'), 20000)
  }

  async function claimAll(app: MiniProgram, done = (t: string[]) => t.includes('同步证照状态')): Promise<void> {
    await setPin(app)
    await app.tap({ text: /^张明华/ })
    await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
    await app.tap({ text: '模拟核验通过' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
    await app.input({ className: 'input' }, '求职学历核验')
    await app.tap({ text: '全部领取' })
    await app.waitFor(() => !app.texts().some((t) => t.startsWith('正在下载并核对')) && done(app.texts()), 15000)
  }

  it('claims all of 张明华\'s certificates from the simulator, each verified with the pure-JS backend', async () => {
    const server = simulatorServer()
    const app = await boot({ request: server.handler })
    await claimAll(app)
    const texts = app.texts()
    for (const label of ['居民身份证电子证照', '居民身份电子凭证', '电子驾驶证', '电子行驶证', '电子社保卡', '医保电子凭证']) {
      expect(texts).toContain(label)
    }
    expect(texts.filter((t) => t.startsWith('真实有效')).length).toBe(ZHANG_CARD_COUNT)
    // Signatures and status were checked against the trust list and the issuers' status lists.
    expect(server.paths).toContain('/api/v1/trust-list')
    expect(server.paths.filter((p) => p.startsWith('/api/v1/status-lists/')).length).toBeGreaterThan(0)
    // The ID number is masked on the card.
    expect(texts.some((t) => t.includes('44010619900315001X'))).toBe(false)
    expect(app.errors).toEqual([])
  })

  it('refuses credentials whose issuer signature is broken, and says why in Chinese', async () => {
    const server = simulatorServer()
    server.failures.set({ mode: 'bad-signature', pathPrefix: '/holder/certificates' })
    const app = await boot({ request: server.handler })
    await claimAll(app, (t) => t.some((x) => x.includes('证照与发证机关签发的不一致')))
    expect(app.texts().filter((t) => t.includes('证照与发证机关签发的不一致，可能被改动过')).length).toBe(ZHANG_CARD_COUNT)
    expect(app.texts().filter((t) => t.startsWith('真实有效'))).toEqual([])
    expect(app.errors).toEqual([])
  })

  it('fails to boot a bundle that uses TextEncoder (absent in the mini-program runtime)', async () => {
    const dir = patchedDistCopy(platform, (src) => `new TextEncoder();\n${src}`)
    try {
      await expect(bootMiniProgram({ platform, distDir: dir })).rejects.toThrow(/app\.js failed to load: ReferenceError: TextEncoder is not defined/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
}
