/**
 * Sizes of the built apps (run after the builds): `npx tsx scripts/bench-size.ts`.
 *
 * - WeChat / Alipay: main package (everything in dist/<platform> outside the subpackage roots of
 *   app.json), each subpackage, total. Every file counts (wxml/axml, json, css, js, and the
 *   *.LICENSE.txt terser leaves beside bundles): an upper bound of what is uploaded.
 * - H5: total JS (and the part index.html loads up front) and CSS, raw and gzip (what travels).
 *
 * Budget: WeChat main package ≤ 600 KB (WeChat's own limit is 2 MB per package). The command
 * exits 1 when a budget is exceeded; `measureSizes()` is exported for the main bench script.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

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
/** Project budget for the WeChat main package. */
export const WEAPP_MAIN_BUDGET = 600 * KB
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
  const initial = [...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+)"/g)].map((m) => m[1]).filter((f) => js.includes(f))
  return [group('js', js), group('js initial', initial), group('css', css), group('other', other), group('total', files)]
}

/** Sizes of dist/weapp, dist/alipay and dist/h5 (rows with `missing` for platforms not built). */
export async function measureSizes(distRoot = path.join(REPO_ROOT, 'dist')): Promise<SizeRow[]> {
  return [...measureMini('weapp', distRoot), ...measureMini('alipay', distRoot), ...measureH5(distRoot)]
}

const kb = (n: number) => `${(n / KB).toFixed(1)} KB`

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
    if (rows.some((r) => r.ok === false)) {
      console.error('\nOver budget: ' + rows.filter((r) => r.ok === false).map((r) => `${r.platform} ${r.part} ${kb(r.bytes)} > ${kb(r.limitBytes!)}`).join('; '))
      process.exitCode = 1
    }
  })
}
