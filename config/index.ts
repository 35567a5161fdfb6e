import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

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
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {},
    alias: {
      '@': path.resolve(__dirname, '..', 'src')
    },
    // H5 serves src/public/ (msw's mockServiceWorker.js) from the site root.
    copy: {
      patterns: taroEnv === 'h5' ? [{ from: 'src/public/', to: 'dist/h5/', ignore: ['**/.gitkeep'] }] : [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false
    },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // A missing export is a runtime crash at load (blank page): fail the build instead.
        chain.module.set('strictExportPresence', true)
      }
    },
    h5: {
      // mock/ (the simulator, bundled only in simulator mode) is TypeScript outside src/.
      compile: { include: [path.resolve(__dirname, '..', 'mock')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
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
        // Simulator mode (no government endpoint configured): start the msw service worker before
        // the app's first request. src/ never imports mock/; the entry is added here instead.
        if (!process.env.TARO_APP_API_BASE_URL) {
          chain.entry('app').prepend(path.resolve(__dirname, '..', 'mock', 'browser-entry.ts'))
        }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
