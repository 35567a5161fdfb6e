/**
 * ARCHITECTURE.md is the map of the tree as it is: every path it names must exist, so a move
 * that forgets the map fails here rather than misleading the next reader.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')

describe('ARCHITECTURE.md', () => {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8')
  const named = [...text.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1])
    .filter((p) => /^(src|mock|test|scripts|docs)\//.test(p) && !p.includes('<'))

  it('names real places', () => {
    expect(named.length).toBeGreaterThan(15)
    // `a/b.*` names every platform file of b (b.weapp.ts, b.h5.ts …): at least one must exist.
    const exists = (p: string) =>
      p.includes('*')
        ? readdirSync(join(ROOT, dirname(p))).some((f) => f.startsWith(basename(p).split('*')[0]))
        : existsSync(join(ROOT, p.replace(/[.,;:]$/, '')))
    expect(named.filter((p) => !exists(p))).toEqual([])
  })

  it('names every layer folder that exists under src/', () => {
    for (const layer of ['src/pages', 'src/subpackages', 'src/components', 'src/store', 'src/services', 'src/certs', 'src/vocabulary']) {
      expect(text).toContain(layer)
    }
  })
})
