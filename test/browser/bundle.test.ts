/**
 * The built H5 app (dist/h5, `npx taro build --type h5`) and the chunk map its build wrote
 * (dist/h5-chunks.json, config/h5Bundle.ts): no module in two chunks, the size goals of issue #12,
 * the simulator only lazily, and an app-shell worker that precaches every file. No browser needed;
 * it sits with the browser tests because it needs the same fresh build.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { analyseH5Bundle } from '../../scripts/h5Bundle'
import { COMPILE_HINT, indexBoot } from '../../config/h5Bundle'

const DIST = join(__dirname, '..', '..', 'dist', 'h5')
const report = analyseH5Bundle(DIST)
const chunkMap = JSON.parse(readFileSync(join(DIST, '..', 'h5-chunks.json'), 'utf8')) as {
  entryFiles: string[]
  chunks: Array<{ id: string; files: string[]; modules: Array<{ id: string }> }>
}
const mapModules = () => chunkMap.chunks.flatMap((c) => c.modules.map((m) => ({ chunk: c.id, id: m.id })))
const html = readFileSync(join(DIST, 'index.html'), 'utf8')
/** The scripts and script preloads index.html's inline boot script starts (src/prepaint/boot.js). */
const load = indexBoot(html)
/** The scripts index.html loads (the entry). */
const entryJs = (load?.scripts ?? []).map((s) => s.replace(/^\//, ''))

test('the chunk map is this build’s, and no module is in two chunks', () => {
  expect(report.missingFiles).toEqual([])
  expect(report.unknownFiles).toEqual([])
  expect(report.duplicates).toEqual([])
  // Not vacuous: the map lists the modules every page shares, each once.
  const modules = mapModules()
  for (const shared of ['src/store/walletStore.ts', 'src/vocabulary/errorText.ts', 'node_modules/jose/', 'node_modules/zustand/']) {
    const holders = new Set(modules.filter((m) => m.id.includes(shared)).map((m) => m.chunk))
    expect([shared, holders.size]).toEqual([shared, 1])
  }
  expect(report.chunks.length).toBeGreaterThan(10)
})

test('total JS ≤ 1.5 MB and first-screen JS ≤ 250 KB gzipped (preloaded by index.html), the simulator not in it', () => {
  expect(report.totalJsBytes).toBeLessThanOrEqual(1_500_000)
  expect(report.firstScreen.gzip).toBeLessThanOrEqual(250_000)
  // msw is the simulator's and loads lazily (mock/browser-entry.ts), never with the first screen.
  expect(report.simulatorChunks.length).toBeGreaterThan(0)
  const simFiles = report.chunks.filter((c) => report.simulatorChunks.includes(c.id)).flatMap((c) => c.files)
  expect(report.firstScreen.files.filter((f) => simFiles.includes(f))).toEqual([])
  // index.html preloads the wallet's chunks, so they load while the entry runs.
  const preloaded = (load?.preloads ?? []).map((s) => s.replace(/^\//, ''))
  expect(entryJs.length).toBeGreaterThan(0)
  expect(preloaded.length).toBeGreaterThan(0)
  expect(report.firstScreen.files.filter((f) => !entryJs.includes(f) && !preloaded.includes(f))).toEqual([])
  // All of them are started by the inline boot script (after the new user's first frame, at high
  // priority: test/unit/config/prepaint-boot.test.ts), none by a tag of the page's own.
  expect(html).not.toMatch(/<script[^>]*\ssrc=/)
  expect(html).not.toMatch(/<link[^>]*rel="preload"/)
  const msw = mapModules().filter((m) => m.id.includes('node_modules/msw/'))
  expect(msw.length).toBeGreaterThan(0)
  expect(msw.filter((m) => !report.simulatorChunks.includes(m.chunk))).toEqual([])
})

test('the first screen is two requests for page code, and its JS carries V8’s compile hint; other JS does not', () => {
  // The entry plus the wallet page: its own chunk and the one chunk of what it shares (first-screen).
  const js = report.firstScreen.files.filter((f) => f.endsWith('.js'))
  expect(js.filter((f) => !entryJs.includes(f)).length).toBeLessThanOrEqual(2)
  expect(js.some((f) => /(^|\/)first-screen\.[0-9a-f]+\.js$/.test(f))).toBe(true)
  for (const f of js) expect([f, readFileSync(join(DIST, f), 'utf8').startsWith(COMPILE_HINT)]).toEqual([f, true])
  // Not every file: lazily loaded code stays lazily compiled.
  const lazy = report.chunks.flatMap((c) => c.files).filter((f) => f.endsWith('.js') && !js.includes(f))
  expect(lazy.length).toBeGreaterThan(10)
  for (const f of lazy) expect([f, readFileSync(join(DIST, f), 'utf8').startsWith(COMPILE_HINT)]).toEqual([f, false])
})

test('the app-shell worker (sw.js) precaches every chunk, stylesheet and asset of the build', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8')
  const precached = new Set([...sw.matchAll(/url:"\/?([^"]+)"/g)].map((m) => m[1]))
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [relative(DIST, join(d, e.name)).split('\\').join('/')]))
  const files = walk(DIST).filter((f) => !/\.LICENSE\.txt$|^sw\.js$|^workbox-[0-9a-f]+\.js$|^mockServiceWorker\.js$/.test(f))
  expect(files).toContain('index.html')
  expect(files.filter((f) => !precached.has(f))).toEqual([])
  // Nothing precached that the build did not make (a stale list would fail the install).
  expect([...precached].filter((f) => !files.includes(f))).toEqual([])
  // The msw worker is a service worker of its own: never precached (docs/offline.md).
  expect(precached.has('mockServiceWorker.js')).toBe(false)
})

test('CSS is in stylesheets in cascade order (Taro’s, the app’s, the home page’s), none injected from JS; no navigation bar is built', () => {
  const sheets = [...html.matchAll(/<link[^>]*>/g)].map((m) => m[0]).filter((l) => /rel="stylesheet"/.test(l)).map((l) => /href="\/([^"]+)"/.exec(l)![1])
  const at = (re: RegExp) => sheets.findIndex((f) => re.test(f))
  // app.css first, with Taro's component CSS before the app's own rules, so the app's and the pages'
  // rules override it, as when style-loader put Taro's at the top of <head>.
  expect(at(/^css\/app\.[0-9a-f]+\.css$/)).toBe(0)
  const appCss = readFileSync(join(DIST, sheets[0]), 'utf8')
  expect(appCss.indexOf('.taro-button-core')).toBeGreaterThan(-1)
  expect(appCss.indexOf('.taro-button-core')).toBeLessThan(appCss.indexOf('.care .care-hide'))
  // The home page's CSS follows, linked rather than preloaded: the chunk loader finds it and inserts nothing.
  const homeJs = report.firstScreen.files.filter((f) => f.endsWith('.js') && !chunkMap.entryFiles.includes(f))
  const homeCss = chunkMap.chunks.filter((c) => c.files.some((f) => homeJs.includes(f))).flatMap((c) => c.files.filter((f) => f.endsWith('.css')))
  expect(homeCss.length).toBeGreaterThan(0)
  for (const f of homeCss) expect([f, at(new RegExp('^' + f.replace(/\./g, '\\.') + '$')) > 0]).toEqual([f, true])
  expect(html).not.toMatch(/as="style"/)
  // No style-loader runtime and no navigation bar (config/taroH5NavigationBar.js) in the entry.
  const entry = entryJs.map((f) => readFileSync(join(DIST, f), 'utf8')).join('\n')
  expect(entry).not.toMatch(/styleTagTransform|insertStyleElement/)
  expect(entry).not.toContain('taro-navigation-bar-no-icon')
  // Not vacuous: the router's navigation-bar handler is there, looking for the bar it will not find.
  expect(entry).toContain('taro-navigation-bar')
})
