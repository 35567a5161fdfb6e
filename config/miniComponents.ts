/**
 * Mini-program builds: Taro's runtime component tables, pruned to the components the app renders.
 *
 * At runtime Taro merges @tarojs/shared's `internalComponents` (every component of every platform,
 * each attribute with its template default) with the platform's own `components` table
 * (@tarojs/plugin-platform-weapp / -alipay `dist/runtime.js`, `mergeInternalComponents`), and reads
 * the merged table once, through `getComponentsAlias`: a component's `_num` (the template number,
 * `nn` in setData) is its index among ALL component keys sorted, and an attribute's alias (`p<i>`)
 * its index among that component's own sorted attributes. base.wxml is written at build time from
 * Taro's own copy of the full table. Nothing else at runtime reads an attribute of the table:
 * hydrate() and Element#setAttribute/removeAttribute only rename props through the aliases, the
 * DSL asks for View's `_num`, @tarojs/react asks whether a tag is a key (`compName in
 * internalComponents`, for click → tap), and the innerHTML tag list is compiled out
 * (mini.runtime.enableInnerHTML: false).
 *
 * So the loader below keeps every key (every `_num` stays the same) and every attribute of the
 * components the app renders (their aliases stay the same), and empties the attribute objects of
 * the others: 11 KB of attribute names and defaults out of the main package (docs/BENCHMARKS.md).
 * The pruned table is computed at build time from the real one, so a Taro upgrade moves with it;
 * an unexpected shape fails the build, and so does a template for a component whose attributes
 * were dropped (a tag found in JSX after the loader ran: MiniComponentTables at emit).
 * test/unit/config/miniComponents.test.ts compares the aliases of the full and the pruned tables.
 *
 * The same loader cuts Taro's lists of the platform APIs it wraps in a Promise (`needPromiseApis`,
 * @tarojs/shared `native-apis` and the platform runtime; 1.9 KB) to the APIs the app can call
 * (calledApiNames, remappedApiNames below): a name left out still reaches the platform, it only
 * returns the platform's own result instead of a Promise.
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import * as acorn from 'acorn'
import * as walk from 'acorn-walk'
import { taroComponentConfig, UNUSED_BASE_COMPONENTS } from './miniTemplates'

const realFiles = new Map<string, string>()

/** A component table: component name (PascalCase) → attribute (kebab or bindXxx) → template default. */
export type ComponentTable = Record<string, Record<string, string>>

/**
 * The modules that hold a table, and the table's name in each (ESM, as webpack reads them).
 * @tarojs/shared's tables are in `dist/components.js` and `dist/native-apis.js` (webpack bundles
 * its per-file `dist/index.js`); `dist/shared.esm.js` has both too, should a resolution pick that
 * one. The unit test and the check at emit use the first file of each.
 */
export const TABLE_MODULES = {
  shared: { files: ['components.js', 'shared.esm.js'].map((f) => path.join(packageDir('@tarojs/shared'), 'dist', f)), table: 'internalComponents' },
  weapp: { files: [path.join(packageDir('@tarojs/plugin-platform-weapp'), 'dist', 'runtime.js')], table: 'components' },
  alipay: { files: [path.join(packageDir('@tarojs/plugin-platform-alipay'), 'dist', 'runtime.js')], table: 'components' }
} as const

/**
 * The modules that list the platform APIs Taro wraps in a Promise (`needPromiseApis`, read by
 * @tarojs/shared processApis): @tarojs/shared's list and the platform's own.
 */
export const PROMISE_API_MODULES = {
  shared: { files: ['native-apis.js', 'shared.esm.js'].map((f) => path.join(packageDir('@tarojs/shared'), 'dist', f)), table: 'needPromiseApis' },
  weapp: { files: TABLE_MODULES.weapp.files, table: 'needPromiseApis' },
  alipay: { files: TABLE_MODULES.alipay.files, table: 'needPromiseApis' }
} as const

function packageDir(name: string): string {
  return path.dirname(realFile(require.resolve(`${name}/package.json`)))
}

/**
 * A module's real path: Taro aliases @tarojs/shared to a path resolved without following symlinks
 * (a worktree's node_modules may be one), webpack resolves the platform runtime through them.
 */
export function realFile(file: string): string {
  let real = realFiles.get(file)
  if (real === undefined) {
    try {
      real = fs.realpathSync(file)
    } catch {
      real = file
    }
    realFiles.set(file, real)
  }
  return real
}

/** Tag of a component name as Taro's templates write it (ScrollView → scroll-view), Taro's `toDashed`. */
export function toTag(name: string): string {
  return name.replace(/([a-z\d])([A-Z])/g, '$1-$2').toLowerCase()
}

/** Every TypeScript source under `dir` (src/ by default) with its text: what the scans below read, read once per folder. */
const sourceCache = new Map<string, { file: string; text: string }[]>()
export function sourceFiles(dir = path.resolve(__dirname, '..', 'src')): { file: string; text: string }[] {
  let files = sourceCache.get(dir)
  if (!files) {
    files = []
    const visit = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) visit(p)
        else if (/\.tsx?$/.test(e.name)) files!.push({ file: p, text: fs.readFileSync(p, 'utf8') })
      }
    }
    visit(dir)
    sourceCache.set(dir, files)
  }
  return files
}

/** Tags of the components src/ imports from @tarojs/components (View → view, ScrollView → scroll-view). */
export function importedComponentTags(srcDir?: string): string[] {
  const names = new Set<string>()
  for (const { text } of sourceFiles(srcDir)) {
    for (const m of text.matchAll(/import\s*(?!type\b)\{([^}]*)\}\s*from\s*'@tarojs\/components'/g)) {
      for (const n of m[1].split(',').map((x) => x.trim()).filter((x) => x && !x.startsWith('type '))) names.add(n.split(/\s+as\s+/)[0])
    }
  }
  return [...names].map(toTag).sort()
}

/**
 * Taro's derived node types: a `static-`/`pure-`/`catch-`/`click-` view, text or image has the
 * attributes of its base component (@tarojs/shared getComponentsAlias).
 */
export function baseTag(tag: string): string {
  return tag.replace(/^(?:(?:static|pure|catch|click)-)+(view|text|image)$/, '$1')
}

/**
 * The components whose attributes the runtime keeps: what src/ imports from @tarojs/components,
 * and what Taro's build always writes a template for (its default `includes`: view and its
 * variants, text) minus what config/miniTemplates.ts takes out of base.wxml. One list, read from
 * the two places that decide what base.wxml holds.
 */
export function renderedComponentTags(srcDir?: string): string[] {
  const unused = new Set<string>(UNUSED_BASE_COMPONENTS)
  const taroDefaults = [...taroDefaultIncludes()].filter((t) => !unused.has(t))
  return [...new Set([...importedComponentTags(srcDir), ...taroDefaults].map(baseTag))].sort()
}

/** Taro's always-included templates (@tarojs/webpack5-runner `utils/component`), before any build adds to them. */
function taroDefaultIncludes(): string[] {
  const file = path.join(packageDir('@tarojs/webpack5-runner'), 'dist', 'utils', 'component.js')
  const m = /includes:\s*new Set\(\[([^\]]*)\]\)/.exec(fs.readFileSync(file, 'utf8'))
  if (!m) throw new Error(`config/miniComponents.ts: Taro's default component includes not found in ${file} (Taro upgrade?)`)
  return [...m[1].matchAll(/'([a-z-]+)'/g)].map((x) => x[1])
}

type Node = acorn.Node & Record<string, any>

function fail(file: string, what: string): never {
  throw new Error(`config/miniComponents.ts: ${what} in ${file}; Taro's component table is not where or what it was (Taro upgrade?). Fix the loader or take it out of config/index.ts.`)
}

function parse(source: string): Node {
  return acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', ranges: false }) as Node
}

function tableDeclaration(program: Node, table: string, file: string): { index: number; init: Node } {
  const found: { index: number; init: Node }[] = []
  program.body.forEach((stmt: Node, index: number) => {
    if (stmt.type !== 'VariableDeclaration') return
    for (const d of stmt.declarations) if (d.id.type === 'Identifier' && d.id.name === table) found.push({ index, init: d.init })
  })
  if (found.length !== 1 || found[0].init?.type !== 'ObjectExpression') fail(file, `no single top-level \`const ${table} = {…}\``)
  return found[0]
}

/**
 * The table a module defines, evaluated from its source: the top-level declarations before it and
 * the table itself, with names imported from @tarojs/shared bound to the real ones.
 */
export function evaluateTable(source: string, table: string, file = 'module'): ComponentTable {
  const program = parse(source)
  tableDeclaration(program, table, file)
  return checkTable(evaluateDeclaration(source, table, file), file)
}

/** A top-level constant of a module, evaluated from its source (the declarations before it and itself). */
export function evaluateDeclaration(source: string, name: string, file = 'module'): unknown {
  const program = parse(source)
  const index = (program.body as Node[]).findIndex((s) => s.type === 'VariableDeclaration' && s.declarations.some((d: Node) => d.id.type === 'Identifier' && d.id.name === name))
  if (index < 0) fail(file, `no top-level \`const ${name}\``)
  const shared = require('@tarojs/shared') as Record<string, unknown>
  const context: Record<string, unknown> = { Object, Set, Map, String }
  for (const stmt of program.body.slice(0, index) as Node[]) {
    if (stmt.type !== 'ImportDeclaration') continue
    for (const s of stmt.specifiers) {
      if (s.type !== 'ImportSpecifier' || stmt.source.value !== '@tarojs/shared') fail(file, `an unexpected import (${source.slice(stmt.start, stmt.end)})`)
      context[s.local.name] = shared[s.imported.name]
    }
  }
  const decls = (program.body.slice(0, index + 1) as Node[]).filter((s) => s.type === 'VariableDeclaration' || s.type === 'FunctionDeclaration')
  const code = `${decls.map((s) => source.slice(s.start, s.end)).join('\n')}\n;${name}`
  return vm.runInNewContext(code, context, { filename: file }) as unknown
}

function checkTable(value: unknown, file: string): ComponentTable {
  const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!isPlain(value) || Object.keys(value).length === 0) fail(file, 'a component table that is not an object of components')
  for (const [name, attrs] of Object.entries(value)) {
    if (!/^[A-Z][A-Za-z]*$/.test(name) || !isPlain(attrs)) fail(file, `component ${name}: not a PascalCase name with an attribute object`)
    for (const [attr, def] of Object.entries(attrs)) if (typeof def !== 'string') fail(file, `${name}.${attr}: a default that is not a string`)
  }
  return value as ComponentTable
}

/** Every key kept; the attributes only of the components in `keep` (tags); the rest `{}`. */
export function pruneTable(table: ComponentTable, keep: Iterable<string>): ComponentTable {
  const kept = new Set(keep)
  return Object.fromEntries(Object.entries(table).map(([name, attrs]) => [name, kept.has(toTag(name)) ? { ...attrs } : {}]))
}

/** Identifiers the program reads (declarations, property names and member names do not count). */
function referencedNames(program: Node): Map<string, number> {
  const counts = new Map<string, number>()
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1)
  walk.full(program, (node: Node, _state: unknown, type: string) => {
    // Declared names reach the callback as patterns (type 'VariablePattern'), read ones as 'Identifier'.
    if (type === 'Identifier') add(node.name)
    // acorn-walk does not visit export specifiers: `export { touchEvents }` reads touchEvents.
    if (node.type === 'ExportNamedDeclaration' && !node.source) for (const s of node.specifiers) add(s.local.name)
  })
  return counts
}

/** Initialisers that may go when nothing reads them: literals, objects, and Object.assign / singleQuote of those. */
function isDroppable(init: Node | null): boolean {
  if (!init) return true
  switch (init.type) {
    case 'Literal':
    case 'Identifier':
      return true
    case 'ObjectExpression':
      return init.properties.every((p: Node) => p.type === 'SpreadElement' ? isDroppable(p.argument) : !p.computed && isDroppable(p.value))
    case 'CallExpression': {
      const callee = init.callee
      const known = (callee.type === 'MemberExpression' && callee.object.name === 'Object' && callee.property.name === 'assign') || (callee.type === 'Identifier' && callee.name === 'singleQuote')
      return known && init.arguments.every(isDroppable)
    }
    default:
      return false
  }
}

/**
 * The module's source with its table pruned: the table's initialiser becomes a literal of the
 * pruned table, and the top-level constants only the old initialiser read (the per-component
 * objects, the default-value constants) are dropped, so that the minifier has nothing left to keep.
 */
export function pruneTableSource(source: string, table: string, keep: Iterable<string>, file = 'module'): string {
  const full = evaluateTable(source, table, file)
  const { init } = tableDeclaration(parse(source), table, file)
  let out = `${source.slice(0, init.start)}${JSON.stringify(pruneTable(full, keep))}${source.slice(init.end)}`
  for (;;) {
    const program = parse(out)
    const { index } = tableDeclaration(program, table, file)
    const refs = referencedNames(program)
    const dead = (program.body.slice(0, index) as Node[]).filter(
      (s) => s.type === 'VariableDeclaration' && s.declarations.length === 1 && s.declarations[0].id.type === 'Identifier' && !refs.has(s.declarations[0].id.name) && isDroppable(s.declarations[0].init)
    )
    if (dead.length === 0) return out
    for (const s of dead.reverse()) out = out.slice(0, s.start) + out.slice(s.end)
  }
}

/**
 * The platform APIs that may be called through `Taro.*`: every API docs/platforms.json lists (for
 * both platforms: WeChat's names are Taro's), and every `Taro.<name>` src/ writes. Taro wraps an API
 * in a Promise only when its name is in `needPromiseApis`; a name left out of that list still
 * reaches the platform, but returns what the platform returns instead of a Promise, so the list
 * must keep every API anything awaits.
 */
export function calledApiNames(srcDir?: string, platformsJson = path.resolve(__dirname, '..', 'docs', 'platforms.json')): string[] {
  const names = new Set<string>()
  const table = JSON.parse(fs.readFileSync(platformsJson, 'utf8')) as Record<string, { apis?: { api: string }[] }>
  for (const platform of ['weapp', 'alipay']) {
    const apis = table[platform]?.apis
    if (!apis?.length) throw new Error(`config/miniComponents.ts: docs/platforms.json lists no ${platform} APIs`)
    for (const a of apis) names.add(a.api)
  }
  for (const { text } of sourceFiles(srcDir)) for (const m of text.matchAll(/\bTaro\s*\.\s*(\w+)/g)) names.add(m[1])
  return [...names].sort()
}

/**
 * APIs a platform runtime renames or rewrites on the way to the platform (Alipay's `apiDiff`:
 * previewImage, setNavigationBarColor → setNavigationBar, …). They stay in the Promise list
 * whether the app calls them or not: for a name outside it, Taro's processApis calls
 * `transformMeta(name, {})` at start-up, and Alipay's previewImage rewrite reads `options.urls`
 * there (the app would not boot).
 */
export function remappedApiNames(platform: 'weapp' | 'alipay'): string[] {
  const file = TABLE_MODULES[platform].files[0]
  const source = fs.readFileSync(file, 'utf8')
  const body = parse(source).body as Node[]
  const declared = (name: string) => body.some((s) => (s.type === 'FunctionDeclaration' && s.id.name === name) || (s.type === 'VariableDeclaration' && s.declarations.some((d: Node) => d.id.name === name)))
  if (!declared('transformMeta')) return []
  const diff = declared('apiDiff') ? evaluateDeclaration(source, 'apiDiff', file) : undefined
  if (typeof diff !== 'object' || diff === null) fail(file, 'a transformMeta without an apiDiff table')
  return [...Object.keys(diff), 'showModal'].sort()
}

/** The names in a module's top-level `const <table> = new Set([...strings])`. */
export function evaluateApiList(source: string, table: string, file = 'module'): string[] {
  return apiListDeclaration(parse(source), table, file).names
}

function apiListDeclaration(program: Node, table: string, file: string): { array: Node; names: string[] } {
  const found: Node[] = []
  for (const stmt of program.body as Node[]) {
    if (stmt.type !== 'VariableDeclaration') continue
    for (const d of stmt.declarations) if (d.id.type === 'Identifier' && d.id.name === table) found.push(d.init)
  }
  const init = found[0]
  const array = init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'Set' && init.arguments.length === 1 ? init.arguments[0] : undefined
  if (found.length !== 1 || array?.type !== 'ArrayExpression') fail(file, `no single top-level \`const ${table} = new Set([…])\``)
  const names = array.elements.map((e: Node | null) => (e?.type === 'Literal' && typeof e.value === 'string' ? e.value : fail(file, `${table}: an entry that is not a string`)))
  return { array, names }
}

/** The module's source with its Promise-API list cut to the names in `keep`. */
export function pruneApiListSource(source: string, table: string, keep: Iterable<string>, file = 'module'): string {
  const kept = new Set(keep)
  const { array, names } = apiListDeclaration(parse(source), table, file)
  if (names.length === 0) fail(file, `${table}: empty`)
  return `${source.slice(0, array.start)}${JSON.stringify(names.filter((n) => kept.has(n)))}${source.slice(array.end)}`
}

/** Options of the webpack loader (config/index.ts passes them). */
export interface PruneLoaderOptions {
  /** The component table's name in this module, when it has one. */
  table?: string
  /** The Promise-API list's name in this module, when it has one. */
  apiList?: string
  keep: string[]
  keepApis: string[]
}

/** What the loader rewrote in this process, as `<table>:<real path>` (MiniComponentTables checks them at emit). */
export const prunedFiles = new Set<string>()

/** The webpack loader: `this.resourcePath` is one of TABLE_MODULES / PROMISE_API_MODULES. */
export default function pruneComponentTablesLoader(this: { getOptions(): PruneLoaderOptions; resourcePath: string }, source: string): string {
  const { table, apiList, keep, keepApis } = this.getOptions()
  let out = source
  if (table) {
    out = pruneTableSource(out, table, keep, this.resourcePath)
    prunedFiles.add(`${table}:${realFile(this.resourcePath)}`)
  }
  if (apiList) {
    out = pruneApiListSource(out, apiList, keepApis, this.resourcePath)
    prunedFiles.add(`${apiList}:${realFile(this.resourcePath)}`)
  }
  return out
}

interface Compiler {
  hooks: { afterCompile: { tap(name: string, fn: (compilation: { errors: Error[] }) => void): void } }
}

/**
 * Adds the loader for @tarojs/shared and the platform's runtime (weapp or alipay), and fails the
 * build when it did not run on both or when base.wxml got a template for a component whose
 * attributes it dropped.
 */
export class MiniComponentTables {
  readonly keep: string[]
  readonly keepApis: string[]
  constructor(readonly platform: 'weapp' | 'alipay') {
    this.keep = renderedComponentTags()
    this.keepApis = [...new Set([...calledApiNames(), ...remappedApiNames(platform)])].sort()
  }

  /** The modules to prune and what to prune in each (config/index.ts adds one webpack rule per module). */
  rules(): { file: string; options: PruneLoaderOptions }[] {
    const byFile = new Map<string, PruneLoaderOptions>()
    const add = (files: readonly string[], key: 'table' | 'apiList', name: string) => {
      for (const f of files) byFile.set(f, { ...(byFile.get(f) ?? { keep: this.keep, keepApis: this.keepApis }), [key]: name })
    }
    add(TABLE_MODULES.shared.files, 'table', TABLE_MODULES.shared.table)
    add(TABLE_MODULES[this.platform].files, 'table', TABLE_MODULES[this.platform].table)
    add(PROMISE_API_MODULES.shared.files, 'apiList', PROMISE_API_MODULES.shared.table)
    add(PROMISE_API_MODULES[this.platform].files, 'apiList', PROMISE_API_MODULES[this.platform].table)
    return [...byFile].map(([file, options]) => ({ file, options }))
  }

  apply(compiler: Compiler): void {
    compiler.hooks.afterCompile.tap('MiniComponentTables', (compilation) => {
      const expected = [TABLE_MODULES.shared, TABLE_MODULES[this.platform], PROMISE_API_MODULES.shared, PROMISE_API_MODULES[this.platform]]
      const missing = expected.filter((m) => !m.files.some((f) => prunedFiles.has(`${m.table}:${f}`)))
      if (missing.length) compilation.errors.push(new Error(`config/miniComponents.ts: not pruned: ${missing.map((m) => `${m.table} in ${m.files.join(' or ')}`).join('; ')} (no longer bundled from there? Taro upgrade?)`))
      const kept = new Set(this.keep)
      const rendered = [...(taroComponentConfig.current?.includes ?? [])].map(baseTag)
      const dropped = [...new Set(rendered.filter((t) => !kept.has(t) && knownTags(this.platform).has(t)))]
      if (dropped.length) compilation.errors.push(new Error(`config/miniComponents.ts: base template renders ${dropped.join(', ')}, whose attributes the runtime table dropped (import it from @tarojs/components in src/ and restart the build, or add it to renderedComponentTags)`))
    })
  }
}

let known: Map<string, Set<string>> | undefined
/** Tags of every component in the merged table of a platform. */
function knownTags(platform: 'weapp' | 'alipay'): Set<string> {
  known ??= new Map()
  if (!known.has(platform)) {
    const tables = [TABLE_MODULES.shared, TABLE_MODULES[platform]].map((m) => evaluateTable(fs.readFileSync(m.files[0], 'utf8'), m.table, m.files[0]))
    known.set(platform, new Set(tables.flatMap((t) => Object.keys(t).map(toTag))))
  }
  return known.get(platform)!
}
