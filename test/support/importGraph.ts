/**
 * The repository's import graph, read off the sources (no bundler): the layer rules of
 * test/architecture/import-rules.test.ts and the WeChat main package's error texts
 * (test/unit/vocabulary/errorText.test.ts) both walk it.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')

export interface Edge {
  from: string
  to: string
  /** `import type` / `export type`: erased at build time, so it cannot make a runtime cycle. */
  typeOnly: boolean
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'generated' ? [] : walk(p)
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

const isFile = (p: string) => existsSync(p) && statSync(p).isFile()
const EXTENSIONS = ['', '.ts', '.tsx', '.h5.ts', '.h5.tsx', '/index.ts', '/index.tsx']
/** The per-platform files Taro picks between (x.weapp.ts …) when a specifier names `x`. */
const PLATFORMS = ['h5', 'weapp', 'alipay']

function baseOf(from: string, spec: string): string | null {
  if (spec.startsWith('@/')) return join(ROOT, 'src', spec.slice(2))
  if (spec.startsWith('.')) return resolve(dirname(join(ROOT, from)), spec)
  return null
}

/** Resolves a relative or `@/` specifier to a repo-relative file, or null for a package. */
export function resolveSpecifier(from: string, spec: string): string | null {
  const base = baseOf(from, spec)
  if (base === null) return null
  for (const ext of EXTENSIONS) if (isFile(base + ext)) return relative(ROOT, base + ext)
  // Platform files (x.weapp.ts …) beside a shared type: Taro picks one; the h5 one stands for all.
  return relative(ROOT, base)
}

/**
 * Every file a specifier may load on some platform: the shared file and each platform's own
 * (`x.ts` on WeChat beside `x.h5.ts` on H5; `x.weapp.ts`, `x.alipay.ts`), or [] for a package.
 */
export function resolveAllPlatforms(from: string, spec: string): string[] {
  const base = baseOf(from, spec)
  if (base === null) return []
  const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e).filter(isFile)
  const shared = found.length ? [found[0]] : []
  const perPlatform = PLATFORMS.flatMap((p) => [`${base}.${p}.ts`, `${base}.${p}.tsx`]).filter(isFile)
  return [...shared, ...perPlatform].map((p) => relative(ROOT, p))
}

export const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
/** `import('./x')`, with or without a webpack magic comment: a lazy load (H5 only, by the rules). */
export const DYNAMIC_IMPORT_RE = /\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)/g

export const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')

function edgesOf(file: string): Edge[] {
  const out: Edge[] = []
  for (const m of read(file).matchAll(IMPORT_RE)) {
    const to = resolveSpecifier(file, m[3])
    if (to) out.push({ from: file, to, typeOnly: !!m[2] })
  }
  return out
}

export const files = ['src', 'mock', 'scripts'].flatMap((d) => walk(join(ROOT, d))).map((p) => relative(ROOT, p))
export const edges = files.flatMap(edgesOf)
export const packagesOf = (file: string) => [...read(file).matchAll(IMPORT_RE)].map((m) => m[3]).filter((s) => !s.startsWith('.') && !s.startsWith('@/'))

export const under = (prefix: string) => (f: string) => f === prefix || f.startsWith(prefix + '/')

/** The main package's entries: the app and the pages outside the subpackages (src/app.config.ts). */
export const mainEntries = () => files.filter((f) => f === 'src/app.ts' || under('src/pages')(f))

/**
 * Every file code starting at `entries` may run, on any platform: over runtime imports (not
 * `import type`), each platform's file of a specifier, and lazy `import()`s (H5 loads those into
 * the page that asked). Returns each file with the one that imported it ('' for an entry).
 */
export function reachFrom(entries: string[]): Map<string, string> {
  const via = new Map<string, string>(entries.map((f) => [f, '']))
  const queue = [...via.keys()]
  while (queue.length) {
    const f = queue.shift()!
    const text = read(f)
    const next = [
      ...[...text.matchAll(IMPORT_RE)].filter((m) => !m[2]).flatMap((m) => resolveAllPlatforms(f, m[3])),
      ...[...text.matchAll(DYNAMIC_IMPORT_RE)].flatMap((m) => resolveAllPlatforms(f, m[1]))
    ]
    for (const t of next) if (/\.(ts|tsx)$/.test(t) && !via.has(t)) via.set(t, f) && queue.push(t)
  }
  return via
}

/** Every file the main package's code may run (from src/app.ts and src/pages, see {@link reachFrom}). */
export const mainPackageReach = (): Map<string, string> => reachFrom(mainEntries())
