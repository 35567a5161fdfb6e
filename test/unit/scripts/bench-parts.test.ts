/**
 * `npm run bench -- <part> …` rewrites only the sections its parts measure: the others (another
 * part's, the fuzz table) stay as the last run left them. And the weapp bundle analysis groups
 * Taro's flattened source-map names by npm package and src folder.
 */
import { BENCH_PARTS, mergeSections } from '../../../scripts/bench'
import { groupOf, summarise } from '../../../scripts/bench-size'

const HEADER = '# Benchmarks\n\nMeasured now.\n'

it('replaces its own sections by title, keeps every other one in place, and appends new ones', () => {
  const doc = '# Benchmarks\n\nMeasured before.\n\n## A\n\nold a\n\n## Lock\n\nold lock\n\n## Fuzzing (npm run fuzz)\n\nfuzz table\n'
  const out = mergeSections(doc, ['## Lock\n\nnew lock', '## Without JIT\n\njitless'], HEADER)
  expect(out).toContain('Measured now.')
  expect(out).not.toContain('Measured before.')
  expect(out).toContain('## A\n\nold a')
  expect(out).toContain('## Lock\n\nnew lock')
  expect(out).not.toContain('old lock')
  expect(out).toContain('## Fuzzing (npm run fuzz)\n\nfuzz table')
  expect(out.indexOf('## Lock')).toBeLessThan(out.indexOf('## Fuzzing'))
  expect(out.indexOf('## Without JIT')).toBeGreaterThan(out.indexOf('## Fuzzing'))
  expect(out.split('## Lock').length).toBe(2)
  // An empty file gets the header and the sections.
  expect(mergeSections('', ['## Lock\n\nx'], HEADER)).toBe('# Benchmarks\n\nMeasured now.\n\n## Lock\n\nx\n')
})

it('has the parts other helpers rely on (lock, jitless, size …)', () => {
  expect(BENCH_PARTS).toEqual(expect.arrayContaining(['lock', 'jitless', 'size', 'verify']))
})

it.each([
  ['webpack://certwallet/.._main_node_modules_@noble_curves_esm_abstract_weierstrass.js', '@noble/curves'],
  ['webpack://certwallet/.._main_node_modules_react-reconciler_cjs_react-reconciler.production.min.js', 'react-reconciler'],
  ['webpack://certwallet/._src_store_walletStore.ts', 'src/store'],
  ['webpack://certwallet/._src_services_api_generated_schemas.ts', 'src/services/api'],
  ['webpack://certwallet/./src/app.ts?d457', 'src/app.ts?d457'],
  ['webpack://certwallet/../node_modules/qrcode/lib/core/qrcode.js', 'qrcode'],
  ['webpack://certwallet/.._src_env.ts', '(other)']
])('groups %s as %s', (source, group) => {
  expect(groupOf(source)).toBe(group)
})

it('sums the analysis by kind', () => {
  const rows = [
    { group: '@tarojs/runtime', bytes: 10, files: [] },
    { group: 'react-reconciler', bytes: 7, files: [] },
    { group: 'src/store', bytes: 5, files: [] },
    { group: '(wxml files)', bytes: 3, files: [] },
    { group: 'zustand', bytes: 1, files: [] }
  ]
  expect(Object.fromEntries(summarise(rows))).toEqual({
    'Taro runtime (@tarojs/*)': 10,
    'React (react, react-reconciler, scheduler)': 7,
    'app code (src/)': 5,
    'templates and styles (wxml, wxss, wxs, json)': 3,
    'other libraries': 1
  })
})
