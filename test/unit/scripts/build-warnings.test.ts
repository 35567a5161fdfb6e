/**
 * `npm start` replaces Taro's bare "⚠️ 编译警告." with what is wrong (scripts/buildWarnings.mjs),
 * read from webpack's stats text (here as the H5 build printed it before chunk splitting).
 */
// @ts-expect-error plain ESM script without types
import { summarizeWarnings } from '../../../scripts/buildWarnings.mjs'

const STATS = `assets by info 5.92 MiB [immutable]
WARNING in asset size limit: The following asset(s) exceed the recommended size limit (244 KiB).
This can impact web performance.
Assets: 
  js/876.8b918f26.js (539 KiB)
  js/991.847c39ee.js (306 KiB)
  js/62.1b5654d0.js (1.2 MiB)

WARNING in entrypoint size limit: The following entrypoint(s) combined asset size exceeds the recommended limit (244 KiB). This can impact web performance.
Entrypoints:
  app (286 KiB)
      js/22.3ffe72d2.js
      js/app.3ffe72d2.js

WARNING in ./src/x.ts 3:0-10
export 'y' (imported as 'y') was not found in './z'

webpack 5.91.0 compiled with 3 warnings in 199075 ms
`

describe('summarizeWarnings', () => {
  it('names the oversized files (largest first), the entry size, and passes any other warning through', () => {
    expect(summarizeWarnings(STATS)).toEqual([
      '3 个脚本超过 webpack 建议的单文件大小 244 KiB（最大 js/62.1b5654d0.js 1.2 MiB）：在慢网络上首次下载较慢，不影响使用（体积见 docs/BENCHMARKS.md）',
      '首屏入口 app 共 286 KiB，超过 webpack 建议的 244 KiB：首次打开在慢网络上会慢；不影响使用',
      './src/x.ts 3:0-10'
    ])
  })

  it('says nothing when webpack warned of nothing', () => {
    expect(summarizeWarnings('webpack 5.91.0 compiled successfully in 1000 ms\n')).toEqual([])
  })
})
