/**
 * Reads a built H5 app (dist/h5) and the chunk map its build wrote (dist/h5-chunks.json, made by
 * config/h5Bundle.ts) and works out what the bundle checks and the bench report: duplicated
 * modules, total JS, what the first screen loads, the largest chunks and what is in them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { ChunkMap } from '../config/h5Bundle'

export interface ChunkRow {
  id: string
  files: string[]
  /** JS bytes as emitted (minified) and gzipped (level 9, as a static server would precompress). */
  bytes: number
  gzip: number
  /** The lazy loads that need this chunk (`./pages/wallet/index`, `./browser` …); [] = the entry. */
  usedBy: string[]
  /** The biggest modules in it (source size before minifying), for "what is big". */
  largest: Array<{ name: string; size: number }>
}

export interface H5BundleReport {
  dir: string
  /** Modules found in more than one chunk, with the chunks. */
  duplicates: Array<{ module: string; chunks: string[] }>
  /** JS files on disk that the chunk map does not know, and chunk-map files missing on disk (a stale map). */
  unknownFiles: string[]
  missingFiles: string[]
  /** Every .js file under the app folder (chunks, the service workers, the workbox runtime). */
  totalJsBytes: number
  totalJsGzip: number
  /** What opening the app loads before the wallet shows: the entry plus the wallet page's chunks. */
  firstScreen: { files: string[]; bytes: number; gzip: number }
  /** The chunks only the in-page simulator (msw) needs; loaded lazily in simulator mode only. */
  simulatorChunks: string[]
  chunks: ChunkRow[]
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
}

/** `dir` is the app folder (dist/h5); its chunk map sits beside it (dist/h5-chunks.json). */
export function analyseH5Bundle(dir: string): H5BundleReport {
  const mapFile = join(dir, '..', `${dir.split(/[\\/]/).filter(Boolean).pop()}-chunks.json`)
  if (!existsSync(join(dir, 'index.html')) || !existsSync(mapFile)) {
    throw new Error(`${dir} or its chunk map ${mapFile} is missing: build first (npx taro build --type h5)`)
  }
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as ChunkMap
  const size = new Map<string, { bytes: number; gzip: number }>()
  const onDisk = walk(dir)
    .map((f) => relative(dir, f).split('\\').join('/'))
    .filter((f) => f.endsWith('.js'))
  for (const f of onDisk) {
    const buf = readFileSync(join(dir, f))
    size.set(f, { bytes: buf.length, gzip: gz(buf) })
  }
  const known = new Set(map.chunks.flatMap((c) => c.files))
  const missingFiles = [...known].filter((f) => !existsSync(join(dir, f)))
  // The service workers and the workbox runtime are made outside the chunk graph.
  const unknownFiles = onDisk.filter((f) => f.startsWith('js/') && !known.has(f))

  const owners = new Map<string, string[]>()
  for (const c of map.chunks) for (const m of c.modules) owners.set(m.id, [...(owners.get(m.id) ?? []), c.id])
  const duplicates = [...owners].filter(([, chunks]) => chunks.length > 1).map(([module, chunks]) => ({ module, chunks }))

  const usedBy = new Map<string, string[]>()
  for (const load of map.lazyLoads) for (const id of load.chunks) usedBy.set(id, [...(usedBy.get(id) ?? []), load.request])
  const js = (files: string[]) => files.filter((f) => f.endsWith('.js'))
  const chunks: ChunkRow[] = map.chunks
    .map((c) => ({
      id: c.id,
      files: c.files,
      bytes: js(c.files).reduce((s, f) => s + (size.get(f)?.bytes ?? 0), 0),
      gzip: js(c.files).reduce((s, f) => s + (size.get(f)?.gzip ?? 0), 0),
      usedBy: usedBy.get(c.id) ?? [],
      largest: [...c.modules].sort((a, b) => b.size - a.size).slice(0, 4).map((m) => ({ name: shortName(m.name), size: m.size }))
    }))
    .sort((a, b) => b.bytes - a.bytes)

  const simulatorLoad = map.lazyLoads.find((l) => l.request === './browser')
  const simulatorChunks = simulatorLoad
    ? simulatorLoad.chunks.filter((id) => (usedBy.get(id) ?? []).every((r) => r === './browser'))
    : []
  const walletLoad = map.lazyLoads.find((l) => /(^|\/)pages\/wallet\/index$/.test(l.request))
  if (!walletLoad) throw new Error('the chunk map has no lazy load of pages/wallet/index')
  const firstFiles = [
    ...js(map.entryFiles),
    ...walletLoad.chunks.flatMap((id) => js(map.chunks.find((c) => c.id === id)?.files ?? [])).filter((f) => !map.entryFiles.includes(f))
  ]
  const sum = (files: string[], k: 'bytes' | 'gzip') => files.reduce((s, f) => s + (size.get(f)?.[k] ?? 0), 0)
  return {
    dir,
    duplicates,
    unknownFiles,
    missingFiles,
    totalJsBytes: sum(onDisk, 'bytes'),
    totalJsGzip: sum(onDisk, 'gzip'),
    firstScreen: { files: firstFiles, bytes: sum(firstFiles, 'bytes'), gzip: sum(firstFiles, 'gzip') },
    simulatorChunks,
    chunks
  }
}

/** `../main/node_modules/valibot/dist/index.mjs` → `valibot/dist/index.mjs`; loaders dropped. */
function shortName(name: string): string {
  const plain = name.split('!').pop() ?? name
  const nm = plain.lastIndexOf('node_modules/')
  return nm >= 0 ? plain.slice(nm + 'node_modules/'.length) : plain.replace(/^\.\//, '')
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

/** The markdown table for docs/BENCHMARKS.md. */
export function bundleMarkdown(r: H5BundleReport, top = 8): string {
  const lines = [
    `| measure | value | goal |`,
    `| --- | --- | --- |`,
    `| total JS (every .js under dist/h5) | ${kb(r.totalJsBytes)} (${kb(r.totalJsGzip)} gz) | ≤ 1.5 MB |`,
    `| first screen JS (entry + wallet page), gzip | ${kb(r.firstScreen.gzip)} (${kb(r.firstScreen.bytes)} raw, ${r.firstScreen.files.length} files) | ≤ 250 KB gz |`,
    `| modules in more than one chunk | ${r.duplicates.length} | 0 |`,
    `| chunks | ${r.chunks.length} (simulator only: ${r.simulatorChunks.length}) | |`,
    '',
    `Largest chunks (module sizes are source bytes before minifying):`,
    '',
    `| chunk | JS | gz | loaded by | largest modules |`,
    `| --- | --- | --- | --- | --- |`
  ]
  for (const c of r.chunks.slice(0, top)) {
    const by = c.usedBy.length === 0 ? 'entry (index.html)' : c.usedBy.length > 3 ? `${c.usedBy.length} lazy loads` : c.usedBy.join(', ')
    const mods = c.largest.map((m) => `${m.name} ${kb(m.size)}`).join('; ')
    lines.push(`| ${c.files.filter((f) => f.endsWith('.js')).join(' ')} | ${kb(c.bytes)} | ${kb(c.gzip)} | ${by} | ${mods} |`)
  }
  return lines.join('\n')
}
