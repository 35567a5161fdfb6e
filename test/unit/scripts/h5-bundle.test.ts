/** scripts/h5Bundle.ts over a made-up build: it finds a module copied into two chunks and a stale map. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analyseH5Bundle, bundleMarkdown } from '../../../scripts/h5Bundle'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'h5bundle-'))
  mkdirSync(join(root, 'h5', 'js'), { recursive: true })
  writeFileSync(join(root, 'h5', 'index.html'), '<script src="/js/app.js"></script>')
  writeFileSync(join(root, 'h5', 'js', 'app.js'), 'a'.repeat(1000))
  writeFileSync(join(root, 'h5', 'js', '1.js'), 'b'.repeat(500))
  writeFileSync(join(root, 'h5', 'js', '2.js'), 'c'.repeat(300))
  writeFileSync(join(root, 'h5', 'js', '3.js'), 'd'.repeat(4000))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const mod = (id: string, size = 10) => ({ id, name: id, size })
function writeMap(walletModules: string[]) {
  writeFileSync(
    join(root, 'h5-chunks.json'),
    JSON.stringify({
      entryFiles: ['js/app.js'],
      chunks: [
        { id: 'app', files: ['js/app.js'], initial: true, modules: [mod('react')] },
        { id: '1', files: ['js/1.js'], initial: false, modules: walletModules.map((m) => mod(m)) },
        { id: '2', files: ['js/2.js'], initial: false, modules: [mod('./src/store/walletStore.ts', 99)] },
        { id: '3', files: ['js/3.js'], initial: false, modules: [mod('msw')] }
      ],
      lazyLoads: [
        { request: './pages/wallet/index', chunks: ['1', '2'] },
        { request: './subpackages/present/pages/index/index', chunks: ['2'] },
        { request: './browser', chunks: ['3'] }
      ]
    })
  )
}

test('a module in two chunks is reported with both', () => {
  writeMap(['./src/pages/wallet/index.tsx', './src/store/walletStore.ts'])
  const r = analyseH5Bundle(join(root, 'h5'))
  expect(r.duplicates).toEqual([{ module: './src/store/walletStore.ts', chunks: ['1', '2'] }])
  expect(bundleMarkdown(r)).toContain('| modules in more than one chunk | 1 | 0 |')
})

test('sizes: total JS, the first screen (entry + wallet chunks) without the simulator chunk', () => {
  writeMap(['./src/pages/wallet/index.tsx'])
  const r = analyseH5Bundle(join(root, 'h5'))
  expect(r.duplicates).toEqual([])
  expect(r.totalJsBytes).toBe(5800)
  expect(r.firstScreen.files).toEqual(['js/app.js', 'js/1.js', 'js/2.js'])
  expect(r.firstScreen.bytes).toBe(1800)
  expect(r.firstScreen.gzip).toBeGreaterThan(0)
  expect(r.firstScreen.gzip).toBeLessThan(1800)
  expect(r.simulatorChunks).toEqual(['3'])
  expect(r.chunks[0]).toMatchObject({ id: '3', bytes: 4000, usedBy: ['./browser'] })
})

test('a stale map (files that are not there, files it does not know) is reported', () => {
  writeMap(['./src/pages/wallet/index.tsx'])
  rmSync(join(root, 'h5', 'js', '2.js'))
  writeFileSync(join(root, 'h5', 'js', '9.js'), 'x')
  const r = analyseH5Bundle(join(root, 'h5'))
  expect(r.missingFiles).toEqual(['js/2.js'])
  expect(r.unknownFiles).toEqual(['js/9.js'])
})

test('no build: a message that says to build first', () => {
  expect(() => analyseH5Bundle(join(root, 'nothing'))).toThrow(/build first/)
})
