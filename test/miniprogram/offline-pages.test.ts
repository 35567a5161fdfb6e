/**
 * Offline from the first tap in the mini-programs (issue #12 §1): the built app.json's preloadRule,
 * and what opens with no signal, in the WeChat and Alipay builds booted in the emulator with its
 * subpackage download model (`subpackageDownloads`: a subpackage is on the phone only after a page
 * of it was opened online or preloadRule fetched it). Needs both builds first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { assertBuilt, bootMiniProgram, defaultDistDir, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'

const HOLDER_OFFLINE = ['subpackages/holder', 'subpackages/medpay', 'subpackages/present', 'subpackages/share']
/** One page of each holder subpackage that a holder may need with no signal. */
const OFFLINE_PAGES = [
  'subpackages/medpay/pages/code/index',
  'subpackages/present/pages/index/index',
  'subpackages/share/pages/paper/index',
  'subpackages/holder/pages/usage/index',
  // 证照详情: in the holder subpackage since issue #12 §3 (out of the main package).
  'subpackages/holder/pages/detail/index'
]
const VERIFIER = 'subpackages/verifier/pages/scan/index'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

function sizeOf(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? sizeOf(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0)
}

async function opens(app: MiniProgram, route: string): Promise<boolean> {
  const before = app.page.route
  await app.navigateTo('/' + route)
  const ok = app.page.route === route
  if (ok) await app.navigateBack()
  expect(app.page.route).toBe(before)
  return ok
}

describe.each(['weapp', 'alipay'] as Platform[])('offline from the first tap in the %s build', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('app.json: the wallet page preloads the holder subpackages on any network (≤ 2 MB together), never the verifier', () => {
    const dist = defaultDistDir(platform)
    const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
    const roots = (app.subPackages ?? app.subpackages).map((s: { root: string }) => s.root.replace(/\/+$/, ''))
    expect(app.preloadRule).toEqual({ 'pages/wallet/index': { network: 'all', packages: expect.arrayContaining(HOLDER_OFFLINE) } })
    const packages: string[] = app.preloadRule['pages/wallet/index'].packages
    expect([...packages].sort()).toEqual(HOLDER_OFFLINE)
    for (const p of packages) expect(roots).toContain(p)
    expect(packages).not.toContain('subpackages/verifier')
    expect(packages.reduce((n, p) => n + sizeOf(path.join(dist, p)), 0)).toBeLessThanOrEqual(2048 * 1024)
  })

  it('opened once online (on 4G), the wallet brings 亮证, 医保码, 纸质凭证, 用证记录 and 证照详情: with no signal they open; the verifier opens only after one online visit', async () => {
    const server = simulatorServer()
    const app = (mp = await bootMiniProgram({ platform, request: server.handler, subpackageDownloads: true, networkType: '4g', timeoutMs: 20000 }))
    expect(app.page.route).toBe('pages/wallet/index')
    expect(app.downloadedSubpackages()).toEqual(HOLDER_OFFLINE)
    expect(app.calls('downloadSubpackage')).toEqual(expect.arrayContaining(HOLDER_OFFLINE.map((root) => ({ root, why: 'preload' }))))

    await app.setNetwork('none')
    for (const route of OFFLINE_PAGES) expect(await opens(app, route)).toBe(true)
    // Verifier mode was never opened online: its package is not on the phone.
    expect(await opens(app, VERIFIER)).toBe(false)

    await app.setNetwork('wifi')
    expect(await opens(app, VERIFIER)).toBe(true)
    await app.setNetwork('none')
    expect(await opens(app, VERIFIER)).toBe(true)
    expect(app.downloadedSubpackages()).toEqual([...HOLDER_OFFLINE, 'subpackages/verifier'].sort())
  }, 60_000)

  it('the control: a first start with no signal preloads nothing, and 医保码 cannot open until the network is back', async () => {
    const app = (mp = await bootMiniProgram({ platform, request: simulatorServer().handler, subpackageDownloads: true, networkType: 'none', timeoutMs: 20000 }))
    expect(app.downloadedSubpackages()).toEqual([])
    expect(await opens(app, OFFLINE_PAGES[0])).toBe(false)
    await app.setNetwork('4g')
    expect(await opens(app, OFFLINE_PAGES[0])).toBe(true)
  }, 60_000)
})
