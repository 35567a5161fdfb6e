import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { GenerateSW } from 'workbox-webpack-plugin'
import { MiniComponentTables, realFile } from './miniComponents'
import { appShellWorkerOptions, ChunkMapPlugin, FirstScreenCompileHintPlugin, FirstScreenPreloadPlugin, h5SplitChunks, PrepaintPlugin, TaroH5NoNavigationBar, type ReplacingCompiler } from './h5Bundle'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Swaps msw's cookie store for mock/noCookieStore.ts (webpack's own NormalModuleReplacementPlugin),
 * before the request resolves so the TypeScript file gets its loader.
 */
class MswNoCookieJar {
  apply(compiler: ReplacingCompiler): void {
    const replacement = path.resolve(__dirname, '..', 'mock', 'noCookieStore.ts')
    new compiler.webpack.NormalModuleReplacementPlugin(/cookieStore\.mjs$/, (r) => {
      if (r.request && /msw[\\/]lib[\\/]core[\\/]utils/.test(r.context ?? '')) r.request = replacement
    }).apply(compiler)
  }
}

/** Template nesting levels in the mini-program builds' base.wxml (Taro's default is 16). */
export const MINI_BASE_LEVEL = 7

export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV ?? 'h5'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'certwallet',
    date: '2026-11-27',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // Each platform gets its own folder: the template's shared dist/ lets builds clobber each other.
    // CERTWALLET_DIST_ROOT moves it (the endpoint-mode builds the mini-program tests boot).
    outputRoot: `${process.env.CERTWALLET_DIST_ROOT ?? 'dist'}/${taroEnv}`,
    // Mini-programs: no templates for components Taro always includes but the app never renders.
    plugins: taroEnv === 'h5' ? [] : [path.resolve(__dirname, 'miniTemplates.ts')],
    defineConstants: {},
    alias: {
      '@': path.resolve(__dirname, '..', 'src')
    },
    // H5 serves src/public/ (msw's mockServiceWorker.js) from the site root.
    // Alipay: the random-bytes Worker (src/workers/random.js, hand-written ES5 shipped as is: the
    // Worker has no webpack runtime) and mini.project.json, which keeps the Alipay IDE from
    // transpiling it (docs/platforms.md).
    copy: {
      patterns:
        taroEnv === 'h5'
          ? [{ from: 'src/public/', to: `${process.env.CERTWALLET_DIST_ROOT ?? 'dist'}/h5/`, ignore: ['**/.gitkeep'] }]
          : taroEnv === 'alipay'
            ? [
                { from: 'src/workers/random.js', to: `${process.env.CERTWALLET_DIST_ROOT ?? 'dist'}/alipay/workers/random.js` },
                { from: 'config/alipay/mini.project.json', to: `${process.env.CERTWALLET_DIST_ROOT ?? 'dist'}/alipay/mini.project.json` }
              ]
            : [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    // WeChat templates cannot recurse: Taro writes every element template once per nesting level
    // into base.wxml (58 KB of the main package at the default 16 levels: docs/BENCHMARKS.md).
    // Deeper nodes go on through Taro's `comp` component, so fewer levels cost nothing but speed
    // on trees deeper than that; our pages nest ≤ 7 (test/miniprogram/size-budget.test.ts checks).
    baseLevel: MINI_BASE_LEVEL,
    cache: {
      enable: false
    },
    mini: {
      // Bundle analysis (`npm run analyze:weapp`, read by `npm run bench -- size`): source maps map every
      // minified byte to its module. That build goes to dist/analysis: .map files must not count as package size.
      ...(process.env.CERTWALLET_BUNDLE_ANALYSIS ? { enableSourceMap: true, sourceMapType: 'source-map' } : {}),
      // Taro's DOM extras: innerHTML is on by default and ships an HTML parser, a CSS scanner and a
      // tag table (about 10 KB of the main package). No page sets innerHTML or
      // dangerouslySetInnerHTML (test/architecture/import-rules.test.ts checks src/).
      runtime: { enableInnerHTML: false },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // A missing export is a runtime crash at load (blank page): fail the build instead.
        chain.module.set('strictExportPresence', true)
        // Taro's index.js, reading the runtime so that tree shaking works (config/taroMini.cjs says why).
        chain.resolve.alias.set('@tarojs/taro$', path.resolve(__dirname, 'taroMini.cjs'))
        // Taro's runtime component tables: attributes only for the components the app renders
        // (every component keeps its key, so every template number and attribute alias is what
        // base.wxml expects; config/miniComponents.ts says why that holds): 10.3 KB of the WeChat
        // main package. And Taro's list of APIs it wraps in a Promise cut to the APIs the app can call
        // (docs/platforms.json and every Taro.<name> in src/).
        if (taroEnv === 'weapp' || taroEnv === 'alipay') {
          const tables = new MiniComponentTables(taroEnv)
          for (const [i, rule] of tables.rules().entries()) {
            chain.module
              .rule(`component-table-${i}`)
              .test((file: string) => realFile(file) === rule.file)
              .use('prune')
              .loader(path.resolve(__dirname, 'miniComponents.ts'))
              .options(rule.options)
          }
          chain.plugin('component-tables').use(MiniComponentTables, [taroEnv])
        }
      }
    },
    h5: {
      // Taro's React-rendered HTML components (@tarojs/components-react) instead of its Stencil web
      // components: the entry no longer carries the Stencil runtime (146 KB of source) and the first
      // screen defines no custom elements. The app uses View, Text, Button, Input (and, in the
      // mini-programs only, Canvas: H5 draws QR codes on a plain <canvas>).
      useHtmlComponents: true,
      // mock/ (the simulator, bundled only in simulator mode) is TypeScript outside src/.
      compile: { include: [path.resolve(__dirname, '..', 'mock')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        // contenthash, not hash: webpack 5 deprecates [hash] (a DeprecationWarning on every build).
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash].css',
        chunkFilename: 'css/[name].[chunkhash].css'
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        chain.module.set('strictExportPresence', true)
        // Ship the copied msw worker byte-for-byte as `msw init` wrote it (terser would rewrite it).
        const minimizers = (chain.optimization as unknown as { minimizers: { has(name: string): boolean } }).minimizers
        if (minimizers.has('terserPlugin')) {
          chain.optimization.minimizer('terserPlugin').tap(([options]) => [{ ...options, exclude: /mockServiceWorker\.js$/ }])
        }
        // Simulator mode (no government endpoint configured, and not TARO_APP_H5_SIMULATOR=http, the
        // `npm run mock` server): start the msw service worker before
        // the app's first request. src/ never imports mock/; the entry is added here instead.
        if (!process.env.TARO_APP_API_BASE_URL && process.env.TARO_APP_H5_SIMULATOR !== 'http') {
          chain.entry('app').prepend(path.resolve(__dirname, '..', 'mock', 'browser-entry.ts'))
          // msw's cookie jar (tough-cookie + the public-suffix list): the API sets no cookies (mock/noCookieStore.ts).
          chain.plugin('msw-no-cookie-jar').use(MswNoCookieJar)
        }
        // No module in two chunks (config/h5Bundle.ts says why), and the chunk map beside dist/h5
        // that test/browser/bundle.test.ts and the bench read.
        chain.optimization.splitChunks(h5SplitChunks)
        // webpack's 244 KiB per-file hint is not our budget: test/browser/bundle.test.ts holds the
        // real one (total JS ≤ 1.5 MB, first screen ≤ 250 KB gzipped), so the hint only made noise.
        chain.performance.hints(false)
        chain.plugin('chunk-map').use(ChunkMapPlugin, [path.resolve(__dirname, '..')])
        chain.plugin('first-screen-preload').use(FirstScreenPreloadPlugin)
        // The first screen drawn before the app's scripts run (src/prepaint/boot.js says how).
        chain.plugin('prepaint').use(PrepaintPlugin)
        // Taro's components with a lighter View (src/components/h5/View.tsx says why). Set here, after
        // Taro's platform plugin has set its own alias for the same name.
        chain.resolve.alias.set('@tarojs/components$', path.resolve(__dirname, '..', 'src', 'components', 'h5', 'taroComponents.ts'))
        // No hidden navigation bar built on every start (config/taroH5NavigationBar.js says why).
        chain.plugin('no-navigation-bar').use(TaroH5NoNavigationBar, [path.resolve(__dirname, '..', 'src')])
        // Taro's own component CSS (@tarojs/components*, 25 KB) goes into app.css with ours instead of
        // being injected from app.js by style-loader: no CSS strings to evaluate and no <style>
        // insertions on the main thread before the first render. Production builds only (watch mode
        // keeps style-loader for both, as Taro does).
        if (process.env.NODE_ENV !== 'development') {
          chain.module.rules.delete('taroStyle')
          chain.module.rule('customStyle').exclude.clear()
        }
        chain.plugin('first-screen-compile-hint').use(FirstScreenCompileHintPlugin)
        // The app-shell service worker (dist/h5/sw.js): precaches the whole build so the wallet,
        // 亮证, 医保码 and the verifier open offline after the first visit. Not in watch mode.
        if (process.env.NODE_ENV !== 'development') {
          chain.plugin('app-shell-sw').use(GenerateSW, [appShellWorkerOptions])
        }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
