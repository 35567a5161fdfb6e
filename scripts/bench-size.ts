/**
 * Sizes of the built apps (run after the builds): `npx tsx scripts/bench-size.ts`.
 *
 * - WeChat / Alipay: main package (everything in dist/<platform> outside the subpackage roots of
 *   app.json), each subpackage, total. Every file counts (wxml/axml, json, css, js, and the
 *   *.LICENSE.txt terser leaves beside bundles): an upper bound of what is uploaded.
 * - H5: total JS (and the part index.html loads up front) and CSS, raw and gzip (what travels).
 *
 * Budget: WeChat main package ≤ WEAPP_MAIN_BUDGET (WeChat's own limit is 2 MB per package). The command
 * exits 1 when a budget is exceeded; `measureSizes()` is exported for the main bench script.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping'
import { indexBoot } from '../config/h5Bundle'

export interface SizeRow {
  platform: 'weapp' | 'alipay' | 'h5'
  /** 'main' | 'subpackage <root>' | 'total' (mini-programs); 'js' | 'js initial' | 'css' | 'other' | 'total' (h5). */
  part: string
  bytes: number
  /** gzip -9 size (H5 rows only: mini-program packages are compressed by the platform). */
  gzipBytes?: number
  files: number
  /** Budget or platform limit for this row, when there is one. */
  limitBytes?: number
  /** false when over the limit. */
  ok?: boolean
  /** Set instead of sizes when the platform has not been built. */
  missing?: string
}

export const KB = 1024
/**
 * Project budget for the WeChat main package: 452 KB (was 600, then 575, 505, 490, 470), a little above what it
 * is (about 449 KB after the store and API-client splits of issue #12, Taro's runtime tree-shaken, its component
 * tables and Promise-API lists pruned: config/taroMini.cjs, config/miniComponents.ts; the error texts split,
 * package.json `sideEffects`, 7 template levels), so that code sliding back into the main package fails the
 * build test. The goal of issue #12 is 450 KB; docs/BENCHMARKS.md has what is in the package and what was
 * cut. test/miniprogram/size-budget.test.ts holds the build to it.
 */
export const WEAPP_MAIN_BUDGET = 452 * KB
/** WeChat's limit per package (main or sub). */
export const WEAPP_PACKAGE_LIMIT = 2048 * KB

const REPO_ROOT = path.resolve(__dirname, '..')

function listFiles(dir: string, base = ''): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...listFiles(dir, rel))
    else if (e.isFile()) out.push(rel)
  }
  return out
}

function sizeOf(dir: string, files: string[]): number {
  return files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
}

function withLimit(row: SizeRow, limit?: number): SizeRow {
  return limit === undefined ? row : { ...row, limitBytes: limit, ok: row.bytes <= limit }
}

function measureMini(platform: 'weapp' | 'alipay', distRoot: string): SizeRow[] {
  const dir = path.join(distRoot, platform)
  const appJsonPath = path.join(dir, 'app.json')
  if (!fs.existsSync(appJsonPath)) return [{ platform, part: 'total', bytes: 0, files: 0, missing: `${dir} not built (npm run build:${platform})` }]
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'))
  const roots: string[] = (appJson.subPackages ?? appJson.subpackages ?? []).map((s: { root: string }) => s.root.replace(/\/+$/, ''))
  const files = listFiles(dir)
  const inRoot = (f: string, root: string) => f === root || f.startsWith(root + '/')
  const main = files.filter((f) => !roots.some((r) => inRoot(f, r)))
  const rows: SizeRow[] = []
  const isWeapp = platform === 'weapp'
  rows.push(withLimit({ platform, part: 'main', bytes: sizeOf(dir, main), files: main.length }, isWeapp ? WEAPP_MAIN_BUDGET : undefined))
  for (const root of roots) {
    const sub = files.filter((f) => inRoot(f, root))
    rows.push(withLimit({ platform, part: `subpackage ${root}`, bytes: sizeOf(dir, sub), files: sub.length }, isWeapp ? WEAPP_PACKAGE_LIMIT : undefined))
  }
  rows.push({ platform, part: 'total', bytes: sizeOf(dir, files), files: files.length })
  return rows
}

function measureH5(distRoot: string): SizeRow[] {
  const dir = path.join(distRoot, 'h5')
  if (!fs.existsSync(path.join(dir, 'index.html'))) return [{ platform: 'h5', part: 'total', bytes: 0, files: 0, missing: `${dir} not built (npm run build:h5)` }]
  const files = listFiles(dir).filter((f) => !f.endsWith('.LICENSE.txt') && !f.endsWith('.map'))
  const gz = (fs_: string[]) => fs_.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0)
  const group = (part: string, list: string[]): SizeRow => ({ platform: 'h5', part, bytes: sizeOf(dir, list), gzipBytes: gz(list), files: list.length })
  // mockServiceWorker.js is only loaded in mock mode; count it under "other", not app JS.
  const js = files.filter((f) => f.endsWith('.js') && f !== 'mockServiceWorker.js')
  const css = files.filter((f) => f.endsWith('.css'))
  const other = files.filter((f) => !js.includes(f) && !css.includes(f))
  // What index.html loads up front (the rest are lazy chunks, e.g. msw in simulator mode).
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8')
  // Its own script tags, or those its inline boot script starts (config/h5Bundle.ts PrepaintPlugin).
  const tags = [...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+)"/g)].map((m) => m[1])
  const initial = [...tags, ...(indexBoot(html)?.scripts ?? []).map((s) => s.replace(/^\//, ''))].filter((f) => js.includes(f))
  return [group('js', js), group('js initial', initial), group('css', css), group('other', other), group('total', files)]
}

/** Sizes of dist/weapp, dist/alipay and dist/h5 (rows with `missing` for platforms not built). */
export async function measureSizes(distRoot = path.join(REPO_ROOT, 'dist')): Promise<SizeRow[]> {
  return [...measureMini('weapp', distRoot), ...measureMini('alipay', distRoot), ...measureH5(distRoot)]
}

const kb = (n: number) => `${(n / KB).toFixed(1)} KB`

/** Where the analysis build goes (`npm run analyze:weapp`): with source maps, apart from dist/weapp. */
export const ANALYSIS_ROOT = path.join(REPO_ROOT, 'dist', 'analysis')

/**
 * The group a source belongs to: an npm package, a src/ folder (two levels), or webpack's own code.
 * Taro's mini builds flatten paths with '_' (`webpack://certwallet/._src_store_walletStore.ts`,
 * `.._main_node_modules_@noble_curves_esm_abstract_modular.js`); plain paths are read too. Sources
 * with neither (Taro's own packages map to their `../src/…`) count for `fallback`.
 */
export function groupOf(source: string, fallback = '(other)'): string {
  const s = source.replace(/^webpack:\/\/[^/]*\//, '')
  const pkg = s.match(/node_modules[/_]((?:@[^/_]+[/_])?[^/_]+)/)
  if (pkg) return pkg[1].replace(/^(@[^/_]+)_/, '$1/')
  const src = s.match(/^\.[/_]src[/_](.+)$/)
  if (src) {
    const parts = src[1].split(/[/_]/)
    return parts.length > 2 ? `src/${parts[0]}/${parts[1]}` : `src/${parts[0]}`
  }
  if (/^webpack[/_]/.test(s) || s.includes('webpack/runtime')) return '(webpack runtime)'
  return fallback
}

/**
 * Minified bytes of one emitted JS file per source, from its source map (as source-map-explorer
 * does): each generated segment's bytes, up to the next segment, count for the segment's source;
 * bytes no segment covers count as '(unmapped)'.
 */
export function attributeBytes(code: string, map: string, fallback = '(other)'): Map<string, number> {
  const tm = new TraceMap(map)
  const lines = code.split('\n')
  const decoded = decodedMappings(tm)
  const out = new Map<string, number>()
  const add = (k: string, n: number) => n > 0 && out.set(k, (out.get(k) ?? 0) + n)
  lines.forEach((line, i) => {
    const bytes = (from: number, to: number) => Buffer.byteLength(line.slice(from, to))
    const segs = decoded[i] ?? []
    if (segs.length === 0 || segs[0][0] > 0) add('(unmapped)', bytes(0, segs.length ? segs[0][0] : line.length))
    for (let j = 0; j < segs.length; j++) {
      const seg = segs[j]
      const end = j + 1 < segs.length ? segs[j + 1][0] : line.length
      const src = seg.length >= 4 && seg[1] !== undefined ? tm.sources[seg[1]] : null
      add(src ? groupOf(src, fallback) : '(unmapped)', bytes(seg[0], end))
    }
    if (i < lines.length - 1) add('(unmapped)', 1) // the newline
  })
  return out
}

export interface BundleRow {
  group: string
  bytes: number
  /** Emitted files of the main package the group is in. */
  files: string[]
}

/**
 * Per group (npm package or src folder): minified bytes in the WeChat main package, from the
 * analysis build's source maps; non-JS files of the main package (wxml, wxss, json) as one row each
 * kind. Null when the analysis build is missing.
 */
export function analyseMain(root = path.join(ANALYSIS_ROOT, 'weapp')): BundleRow[] | null {
  const appJsonPath = path.join(root, 'app.json')
  if (!fs.existsSync(appJsonPath)) return null
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'))
  const roots: string[] = (appJson.subPackages ?? appJson.subpackages ?? []).map((s: { root: string }) => s.root.replace(/\/+$/, ''))
  const main = listFiles(root).filter((f) => !roots.some((r) => f === r || f.startsWith(r + '/')) && !f.endsWith('.map'))
  const rows = new Map<string, BundleRow>()
  const add = (group: string, bytes: number, file: string) => {
    const r = rows.get(group) ?? { group, bytes: 0, files: [] }
    r.bytes += bytes
    if (!r.files.includes(file)) r.files.push(file)
    rows.set(group, r)
  }
  for (const f of main) {
    const full = path.join(root, f)
    if (f.endsWith('.js') && fs.existsSync(full + '.map')) {
      for (const [g, n] of attributeBytes(fs.readFileSync(full, 'utf8'), fs.readFileSync(full + '.map', 'utf8'), f === 'taro.js' ? '@tarojs/* (own sources)' : `(other, ${f})`)) add(g, n, f)
    } else {
      const ext = path.extname(f).slice(1) || 'other'
      add(`(${ext === 'js' ? 'js without a map' : ext} files)`, fs.statSync(full).size, f)
    }
  }
  return [...rows.values()].sort((a, b) => b.bytes - a.bytes)
}

/** The analysis rows summed by kind: framework, templates, crypto, QR, app code, … */
export function summarise(rows: BundleRow[]): [string, number][] {
  const kinds: [string, (g: string) => boolean][] = [
    ['Taro runtime (@tarojs/*)', (g) => g.startsWith('@tarojs/')],
    ['React (react, react-reconciler, scheduler)', (g) => ['react', 'react-reconciler', 'scheduler'].includes(g)],
    ['templates and styles (wxml, wxss, wxs, json)', (g) => /^\((wxml|wxss|wxs|json) files\)$/.test(g)],
    ['crypto (@noble/*)', (g) => g.startsWith('@noble/')],
    ['QR (qrcode, dijkstrajs)', (g) => g === 'qrcode' || g === 'dijkstrajs'],
    ['other libraries', (g) => !g.startsWith('src') && !g.startsWith('(')],
    ['app code (src/)', (g) => g.startsWith('src')]
  ]
  const out = new Map<string, number>()
  for (const r of rows) {
    const kind = kinds.find(([, test]) => test(r.group))?.[0] ?? 'rest (runtime glue, licences, unmapped)'
    out.set(kind, (out.get(kind) ?? 0) + r.bytes)
  }
  return [...out].sort((a, b) => b[1] - a[1])
}

/** The bundle table for docs/BENCHMARKS.md (empty note when the analysis build is missing). */
export function formatBundleAnalysis(rows = analyseMain()): string[] {
  const head = '### What is in the WeChat main package'
  if (!rows) return [head, '', 'Not measured: run `npm run analyze:weapp` first (a weapp build with source maps into dist/analysis).', '']
  const total = rows.reduce((n, r) => n + r.bytes, 0)
  return [
    head,
    '',
    'From the source maps of `npm run analyze:weapp` (the weapp build with `source-map`, into dist/analysis): every minified byte of the main package counted for the npm package or src folder it comes from (as source-map-explorer does); other files by kind. ' +
      `Total ${kb(total)}.`,
    '',
    '| from | bytes in main | share | in files |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.group} | ${kb(r.bytes)} | ${((100 * r.bytes) / total).toFixed(1)}% | ${r.files.length > 3 ? r.files.slice(0, 3).join(', ') + ` +${r.files.length - 3}` : r.files.join(', ')} |`),
    '',
    'By kind:',
    '',
    '| kind | bytes in main | share |',
    '| --- | ---: | ---: |',
    ...summarise(rows).map(([k, n]) => `| ${k} | ${kb(n)} | ${((100 * n) / total).toFixed(1)}% |`),
    ''
  ]
}

/** A markdown table of the rows. */
export function formatSizeTable(rows: SizeRow[]): string {
  const lines = ['| platform | part | files | size | gzip | limit | ok |', '| --- | --- | ---: | ---: | ---: | ---: | --- |']
  for (const r of rows) {
    if (r.missing) {
      lines.push(`| ${r.platform} | ${r.part} | – | – | – | – | ${r.missing} |`)
      continue
    }
    lines.push(
      `| ${r.platform} | ${r.part} | ${r.files} | ${kb(r.bytes)} | ${r.gzipBytes === undefined ? '' : kb(r.gzipBytes)} | ${r.limitBytes === undefined ? '' : kb(r.limitBytes)} | ${r.ok === undefined ? '' : r.ok ? 'yes' : '**NO**'} |`
    )
  }
  return lines.join('\n')
}

if (require.main === module) {
  measureSizes().then((rows) => {
    console.log(formatSizeTable(rows))
    if (process.argv.includes('--analyse')) console.log('\n' + formatBundleAnalysis().join('\n'))
    if (rows.some((r) => r.ok === false)) {
      console.error('\nOver budget: ' + rows.filter((r) => r.ok === false).map((r) => `${r.platform} ${r.part} ${kb(r.bytes)} > ${kb(r.limitBytes!)}`).join('; '))
      process.exitCode = 1
    }
  })
}
