/**
 * H5 bundle shape: how webpack splits the app into chunks, the chunk map every build writes beside
 * dist/h5 (read by test/browser/bundle.test.ts and `npm run bench -- h5`), and the app-shell
 * service worker (Workbox) that precaches the whole build.
 *
 * Why: Taro's H5 default is `splitChunks.chunks: 'initial'`, which never splits the lazily loaded
 * page chunks, so every page chunk carried its own copy of the store, services, error texts and
 * jose (15 chunks of 270–550 KB, 5.9 MB of JS). With `chunks: 'all'` and no size floor, a module
 * used by two chunks moves to a chunk of its own that both load: no module is in two chunks.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Compiler, Module } from 'webpack'
import { sourceFiles } from './miniComponents'
import { PREPAINT } from '../src/prepaint/contract'

/** Where the chunk map of a build in `<root>/h5` goes: `<root>/h5-chunks.json` (not served). */
export function chunkMapPath(h5OutputDir: string): string {
  return path.join(path.dirname(h5OutputDir), `${path.basename(h5OutputDir)}-chunks.json`)
}

/** The shape of `<root>/h5-chunks.json`. */
export interface ChunkMap {
  /** Files the entry (index.html) loads, in order: the runtime and the initial chunks. */
  entryFiles: string[]
  chunks: Array<{
    id: string
    /** Emitted files (js/…, css/…), relative to dist/h5. */
    files: string[]
    initial: boolean
    /** Every module the chunk carries; concatenated modules are listed one by one. */
    modules: Array<{ id: string; name: string; size: number }>
  }>
  /** Each lazy load (`import()`): what it asked for and every chunk it needs. */
  lazyLoads: Array<{ request: string; chunks: string[] }>
}

const rel = (root: string, text: string) => text.split(root + path.sep).join('')

/** Lists the modules of a chunk, opening concatenated modules (they carry `modules`). */
function flatModules(m: Module): Module[] {
  const inner = (m as unknown as { modules?: Module[] }).modules
  return inner && inner.length > 0 ? inner.flatMap(flatModules) : [m]
}

export class ChunkMapPlugin {
  constructor(private readonly projectRoot: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.afterEmit.tap('ChunkMapPlugin', (compilation) => {
      const { chunkGraph, requestShortener } = compilation
      const chunks: ChunkMap['chunks'] = []
      for (const chunk of compilation.chunks) {
        const modules: ChunkMap['chunks'][number]['modules'] = []
        for (const top of chunkGraph.getChunkModulesIterable(chunk)) {
          for (const m of flatModules(top)) {
            modules.push({ id: rel(this.projectRoot, m.identifier()), name: m.readableIdentifier(requestShortener), size: m.size() })
          }
        }
        chunks.push({ id: String(chunk.id), files: [...chunk.files].sort(), initial: chunk.canBeInitial(), modules })
      }
      const entryFiles: string[] = []
      for (const entrypoint of compilation.entrypoints.values()) entryFiles.push(...entrypoint.getFiles())
      const lazyLoads: ChunkMap['lazyLoads'] = []
      for (const group of compilation.chunkGroups) {
        if (group.isInitial()) continue
        for (const origin of group.origins) {
          lazyLoads.push({ request: origin.request ?? '', chunks: group.chunks.map((c) => String(c.id)) })
        }
      }
      const map: ChunkMap = { entryFiles, chunks, lazyLoads }
      writeFileSync(chunkMapPath(compilation.outputOptions.path ?? compiler.outputPath), JSON.stringify(map, null, 1))
    })
  }
}

/** Whether a lazy load's request (the router asks for `./pages/wallet/index`) is the home page's, the first screen. */
const isHomePage = (request: string | undefined | null) => /(^|\/)pages\/wallet\/index$/.test(request ?? '')

type HomeCompilation = Parameters<Parameters<Compiler['hooks']['compilation']['tap']>[1]>[0]

/** The files the first screen loads: the entry's, and the home page's chunks (`pages/wallet/index`). */
function firstScreenFiles(compilation: HomeCompilation): { entry: Set<string>; home: Set<string> } {
  const entry = new Set<string>()
  for (const ep of compilation.entrypoints.values()) for (const f of ep.getFiles()) entry.add(f)
  const home = new Set<string>()
  for (const group of compilation.chunkGroups) {
    if (!group.origins.some((o) => isHomePage(o.request))) continue
    for (const chunk of group.chunks) for (const f of chunk.files) if (!entry.has(f)) home.add(f)
  }
  return { entry, home }
}

/**
 * `optimization.splitChunks` for H5: every module shared by two chunks gets a chunk of its own,
 * except what the home page shares, which is one chunk (`first-screen`).
 */
export const h5SplitChunks = {
  chunks: 'all' as const,
  // No floor and no cap: a floor or a request cap is exactly what leaves small shared modules
  // copied into every chunk that uses them.
  minSize: 0,
  minRemainingSize: 0,
  maxAsyncRequests: Infinity,
  maxInitialRequests: Infinity,
  cacheGroups: {
    default: false as const,
    defaultVendors: false as const,
    // Any module used by two or more chunks: one chunk per set of chunks that share it.
    // What the home page (the first screen) shares with other chunks: one chunk, so opening the app
    // makes two requests for its page code rather than twelve (each request cost the throttled main
    // thread ~5 ms: docs/BENCHMARKS.md). Other pages that need any of it load all of it; still no
    // module is in two chunks.
    firstScreen: {
      name: 'first-screen',
      chunks: 'async' as const,
      minChunks: 2,
      priority: 20,
      reuseExistingChunk: false,
      enforce: true,
      test: (module: Module, { chunkGraph }: { chunkGraph: { getModuleChunksIterable(m: Module): Iterable<{ groupsIterable: Iterable<{ origins: Array<{ request?: string }> }> }> } }) => {
        for (const chunk of chunkGraph.getModuleChunksIterable(module)) {
          for (const group of chunk.groupsIterable) if (group.origins.some((o) => isHomePage(o.request))) return true
        }
        return false
      }
    },
    shared: {
      minChunks: 2,
      priority: 10,
      reuseExistingChunk: true,
      enforce: true
    }
  }
}

/** The app-shell worker's URL (site root, so its scope is the whole app). */
export const APP_SHELL_SW = '/sw.js'

/**
 * Workbox GenerateSW options: precache every file of the build (chunks, CSS, index.html, static
 * assets), serve index.html for navigations, take control at once. Not precached: the msw worker
 * (a service worker script of its own, only used in simulator mode) and license notes.
 */
export const appShellWorkerOptions = {
  swDest: APP_SHELL_SW.slice(1),
  clientsClaim: true,
  skipWaiting: true,
  cleanupOutdatedCaches: true,
  navigateFallback: '/index.html',
  navigateFallbackDenylist: [/^\/api\//, /^\/__mock\//, /^\/mockServiceWorker\.js$/],
  exclude: [/\.LICENSE\.txt$/, /\.map$/, /^mockServiceWorker\.js$/],
  // Hashed names never change content: no cache-busting query needed.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\.(js|css)$/,
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  sourcemap: false
}

/** index.html's tag groups hook, on Taro's own html-webpack-plugin instance (hooks are per module instance). */
function alterAssetTagGroups(compilation: unknown): { tap(name: string, fn: (data: HtmlTags) => HtmlTags): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const HtmlWebpackPlugin = require('html-webpack-plugin') as {
    getHooks(c: unknown): { alterAssetTagGroups: { tap(name: string, fn: (data: HtmlTags) => HtmlTags): void } }
  }
  return HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups
}

/**
 * index.html preloads the home page's lazy chunks (the wallet: `pages/wallet/index`), so the
 * browser fetches and compiles them while the entry runs instead of after the router asks for them
 * (one round trip less before the PIN pad or the cards on a phone's network).
 */
export class FirstScreenPreloadPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('FirstScreenPreloadPlugin', (compilation) => {
      alterAssetTagGroups(compilation).tap('FirstScreenPreloadPlugin', (data) => {
        const publicPath = compilation.outputOptions.publicPath === 'auto' ? '/' : String(compilation.outputOptions.publicPath ?? '/')
        const files = [...firstScreenFiles(compilation).home].filter((f) => /\.(js|css)$/.test(f))
        // In the page's chunk-group order, the order the chunk loader would have inserted its CSS in.
        const links = files.map((f) => ({
          tagName: 'link',
          voidTag: true,
          meta: { plugin: 'FirstScreenPreloadPlugin' },
          // The home page's CSS as a stylesheet, not a preload: mini-css-extract's chunk loader finds
          // the <link rel="stylesheet"> and resolves at once, instead of inserting one when the router
          // asks for the page (a synchronous style recalc on the main thread) and waiting for its load.
          attributes: (f.endsWith('.css') ? { rel: 'stylesheet', href: publicPath + f } : { rel: 'preload', as: 'script', href: publicPath + f }) as Record<string, string>
        }))
        // Preloads first; the stylesheets after app.css, where the chunk loader would have put them
        // (page CSS overrides Taro's component CSS, which is in app.css).
        const sheets = links.filter((l) => l.attributes.rel === 'stylesheet')
        const preloads = links.filter((l) => l.attributes.rel !== 'stylesheet')
        // PrepaintPlugin then takes the script preloads and the entry script out of the head for the
        // inline boot script to start (at high priority: boot.js).
        return { ...data, headTags: [...preloads, ...data.headTags, ...sheets] }
      })
    })
  }
}

/** The prepaint's inline script and the new user's first screen (src/prepaint/, issue #12). */
export const PREPAINT_BOOT = path.resolve(__dirname, '..', 'src', 'prepaint', 'boot.js')
export const PREPAINT_FIRST_OPEN = path.resolve(__dirname, '..', 'src', 'prepaint', 'firstOpen.html')
/** The prepaint's part of the app-shell worker (src/prepaint/worker.js). */
export const PREPAINT_WORKER = path.resolve(__dirname, '..', 'src', 'prepaint', 'worker.js')

/** What boot.js is called with besides {@link PREPAINT}: the app's scripts and the new user's first screen. */
export interface PrepaintArgs {
  /** The app's entry scripts, in order. */
  scripts: string[]
  /** The home's chunks, fetched with the entry. */
  preloads: string[]
  /** src/prepaint/firstOpen.html, or null before `npm run prepaint` has written it. */
  first: string | null
}

/**
 * Where index.html's inline boot script is: from its `<script>` (`start`) to after its `</script>`
 * (`end`), and its call's second argument (`args`, from `argsAt` to `argsEnd`). Null if the page has
 * none (not built with {@link PrepaintPlugin}).
 */
export function indexBootAt(html: string): { start: number; end: number; argsAt: number; argsEnd: number } | null {
  const argsAt = html.indexOf('{"scripts":')
  const argsEnd = html.indexOf(')</script>', argsAt)
  const start = html.lastIndexOf('<script>', argsAt)
  return argsAt < 0 || argsEnd < 0 || start < 0 ? null : { start, end: argsEnd + ')</script>'.length, argsAt, argsEnd }
}

/** What the inline boot script of an index.html built with {@link PrepaintPlugin} is called with; null if it has none. */
export function indexBoot(html: string): PrepaintArgs | null {
  const at = indexBootAt(html)
  return at ? (JSON.parse(html.slice(at.argsAt, at.argsEnd)) as PrepaintArgs) : null
}

/**
 * boot.js as index.html carries it: its comments and indentation dropped, called with {@link PREPAINT}
 * and `args`. `</` is escaped in the strings, so the first screen's markup cannot end the script.
 */
export function prepaintBootScript(args: PrepaintArgs): string {
  // The keys in this order: indexBoot finds the call by its first one.
  return `${inlineFunction(PREPAINT_BOOT)}(${inlineJson(PREPAINT)},${inlineJson({ scripts: args.scripts, preloads: args.preloads, first: args.first })})`
}

/** A plain-ES5 file of src/prepaint/ from its `(function` on, without its comments and indentation. */
function inlineFunction(file: string): string {
  const text = readFileSync(file, 'utf8')
  return text
    .slice(text.indexOf('(function'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'))
    .join('\n')
}

const inlineJson = (v: unknown) => JSON.stringify(v).replace(/<\//g, '<\\/')

/**
 * What src/prepaint/worker.js is called with: `index`, the cache key of index.html in the precache
 * of `sw` (GenerateSW's worker: Workbox keys a file without a hash in its name by its address and
 * `__WB_REVISION__`). Throws when `sw` does not precache index.html that way.
 */
export function prepaintWorkerArgs(sw: string): { index: string } {
  const rev = /\{url:"\/index\.html",revision:"([0-9a-f]+)"\}/.exec(sw)?.[1]
  if (!rev) throw new Error('PrepaintPlugin: sw.js does not precache /index.html with a revision')
  return { index: `/index.html?__WB_REVISION__=${rev}` }
}

/** worker.js as sw.js carries it: called with {@link PREPAINT} and {@link prepaintWorkerArgs}, then `sw` itself. */
export function prepaintWorker(sw: string): string {
  return `${inlineFunction(PREPAINT_WORKER)}(${inlineJson(PREPAINT)},${inlineJson(prepaintWorkerArgs(sw))});\n${sw}`
}

/**
 * Puts the prepaint into index.html, after `<div id="app">`: the inline script (src/prepaint/boot.js)
 * that draws the new user's first screen (src/prepaint/firstOpen.html, made by `npm run prepaint` from
 * the real page and kept true by test/browser/prepaint.test.ts; a string in the script's call, so a
 * returning user's start does not parse it) or the returning user's saved home. The app's entry script and its script preloads leave the head:
 * boot.js starts them, after the first frame of the new user's first screen, otherwise at once
 * (session 13, docs/BENCHMARKS.md: the drawn PIN pad 0.75× at 4× CPU throttle).
 * And, when the build has the app-shell worker, puts src/prepaint/worker.js at the top of sw.js: the
 * worker serves the returning user's saved home in index.html's markup.
 */
export class PrepaintPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('PrepaintPlugin', (compilation) => {
      // After GenerateSW (OPTIMIZE_TRANSFER) has written sw.js.
      compilation.hooks.processAssets.tap({ name: 'PrepaintPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const sw = compilation.getAsset(APP_SHELL_SW.slice(1))
        if (sw) compilation.updateAsset(sw.name, new sources.RawSource(prepaintWorker(sw.source.source().toString())))
      })
    })
    compiler.hooks.compilation.tap('PrepaintPlugin', (compilation) => {
      alterAssetTagGroups(compilation).tap('PrepaintPlugin', (data) => {
        const tag = (tagName: string, attributes: Record<string, string>, innerHTML: string) => ({ tagName, voidTag: false, meta: { plugin: 'PrepaintPlugin' }, attributes, innerHTML })
        const first = existsSync(PREPAINT_FIRST_OPEN) ? readFileSync(PREPAINT_FIRST_OPEN, 'utf8').trim() : null
        const load: PrepaintArgs = { scripts: [], preloads: [], first }
        const keep = (t: HtmlTags['headTags'][number]) => {
          if (t.tagName === 'script' && typeof t.attributes.src === 'string') load.scripts.push(t.attributes.src)
          else if (t.tagName === 'link' && t.attributes.rel === 'preload' && t.attributes.as === 'script') load.preloads.push(String(t.attributes.href))
          else return true
          return false
        }
        const headTags = data.headTags.filter(keep)
        const bodyTags = data.bodyTags.filter(keep)
        return { ...data, headTags, bodyTags: [...bodyTags, tag('script', {}, prepaintBootScript(load))] }
      })
    })
  }
}

interface HtmlTags {
  headTags: Array<{ tagName: string; voidTag: boolean; meta: Record<string, unknown>; attributes: Record<string, string | boolean> }>
  bodyTags: Array<{ tagName: string; voidTag: boolean; meta: Record<string, unknown>; attributes: Record<string, string | boolean>; innerHTML?: string }>
}

/** V8's explicit compile hint (Chrome 136+): compile every function of the file eagerly, off the main thread. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

/**
 * Marks the first screen's JS (the entry and the home page's chunks) with {@link COMPILE_HINT}:
 * nearly all of it runs before the PIN pad or the cards show, and without the hint V8 compiles
 * each function lazily on the main thread when it is first called. Added after minifying (terser
 * drops comments) and before the content hashes are computed, so names still match contents.
 */
export class FirstScreenCompileHintPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.compilation.tap('FirstScreenCompileHintPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'FirstScreenCompileHintPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE }, () => {
        const { entry, home } = firstScreenFiles(compilation)
        const files = [...entry, ...home]
        for (const f of files) {
          if (!f.endsWith('.js')) continue
          compilation.updateAsset(f, (old) => new sources.ConcatSource(COMPILE_HINT, old))
        }
      })
    })
  }
}

/**
 * Swaps @tarojs/router's navigation bar for config/taroH5NavigationBar.js. Fails the build if any
 * app or page config sets `navigationStyle` (Taro shows its bar only for 'default'): such a page would
 * need Taro's bar back.
 */
/** The part of webpack's compiler a module-replacing plugin uses (its own NormalModuleReplacementPlugin). */
export interface ReplacingCompiler {
  webpack: { NormalModuleReplacementPlugin: new (re: RegExp, fn: (r: { request?: string; context?: string }) => void) => { apply(c: unknown): void } }
}

export class TaroH5NoNavigationBar {
  constructor(private readonly srcDir: string) {}
  apply(compiler: ReplacingCompiler): void {
    const wants = navigationStyleConfigs(this.srcDir)
    if (wants.length) throw new Error(`navigationStyle is set in ${wants.join(', ')}: config/taroH5NavigationBar.js removes Taro's H5 navigation bar; restore it first`)
    const replacement = path.resolve(__dirname, 'taroH5NavigationBar.js')
    new compiler.webpack.NormalModuleReplacementPlugin(/navigationBar\.js$/, (r) => {
      if (r.request && /@tarojs[\\/]router[\\/]dist/.test(r.context ?? '')) r.request = replacement
    }).apply(compiler)
  }
}

/** App and page config files under `srcDir` that mention `navigationStyle` (src/ as the build reads it: `sourceFiles`). */
export function navigationStyleConfigs(srcDir: string): string[] {
  return sourceFiles(srcDir)
    .filter(({ file, text }) => /\.config\.ts$/.test(file) && text.includes('navigationStyle'))
    .map(({ file }) => path.relative(srcDir, file))
}
