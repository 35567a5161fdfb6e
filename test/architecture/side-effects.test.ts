/**
 * package.json's `sideEffects` (issue #12 §3): webpack drops a module none of whose exports is used
 * unless the list names it, so a module that acts when imported (registers something, starts
 * something, a stylesheet) and is missing from the list silently does nothing in production builds.
 * Read off the sources the builds bundle: every entry (src/app.ts, every page, the simulator's
 * browser entry) and what it imports, on any platform, lazily or not.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { files, read, reachFrom, resolveAllPlatforms, ROOT } from '../support/importGraph'

const list = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] }).sideEffects

/** webpack's matching: a pattern without a slash matches a file name anywhere, else the path from the package root. */
function listed(file: string): boolean {
  return list.some((pattern) => {
    const re = new RegExp('^' + pattern.replace(/^\.\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*') + '$')
    return pattern.includes('/') ? re.test(file) : re.test(file.split('/').pop()!)
  })
}

const entries = files.filter((f) => f === 'src/app.ts' || f === 'mock/browser-entry.ts' || /^src\/(.+\/)?pages\/.+\/index\.tsx$/.test(f))
const bundled = [...reachFrom(entries).keys()]

/** Lines of a module that act at import time: a call, an `if`, or a write to a global, at the top level. */
function actsWhenImported(file: string): string[] {
  const KEYWORDS = /^(import|export|const|let|var|function|async|class|type|interface|declare|enum|abstract|for|while|return)\b/
  return read(file)
    .split('\n')
    .filter((line) => !KEYWORDS.test(line) && (/^[A-Za-z_$][\w$]*(\.[\w$]+)*\s*\(/.test(line) || /^if\s*\(/.test(line) || /^(globalThis|window|self|document)\b/.test(line)))
}

describe('package.json sideEffects', () => {
  it('reads the bundled sources (not vacuous)', () => {
    expect(entries).toEqual(expect.arrayContaining(['src/app.ts', 'mock/browser-entry.ts', 'src/pages/wallet/index.tsx', 'src/subpackages/verifier/pages/scan/index.tsx']))
    expect(bundled.length).toBeGreaterThan(200)
    expect(listed('src/pages/wallet/index.css')).toBe(true)
    expect(listed('src/store/walletStore.ts')).toBe(false)
  })

  it('names every module imported for its effect alone (`import "./x"`)', () => {
    const bare = bundled.flatMap((f) => [...read(f).matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => ({ from: f, spec: m[1] })))
    expect(bare.length).toBeGreaterThan(20)
    const targets = bare.flatMap(({ from, spec }) => {
      if (/\.(css|scss)$/.test(spec)) return [spec.split('/').pop()!]
      const found = resolveAllPlatforms(from, spec)
      expect([from, spec, found.length > 0]).toEqual([from, spec, true])
      return found
    })
    expect(targets.filter((t) => !listed(t))).toEqual([])
  })

  it('names every bundled module that acts when imported', () => {
    const acting = bundled.filter((f) => actsWhenImported(f).length > 0)
    // The detector finds the known ones (else this checks nothing).
    expect(acting).toEqual(expect.arrayContaining(['src/app.ts', 'src/components/featureErrorText.ts', 'mock/browser-entry.ts']))
    expect(acting.filter((f) => !listed(f)).map((f) => `${f}: ${actsWhenImported(f)[0]}`)).toEqual([])
  })

  it('names only files that exist', () => {
    const plain = list.filter((p) => p.startsWith('./') && !p.includes('*')).map((p) => p.slice(2))
    expect(plain.length).toBeGreaterThan(3)
    expect(plain.filter((p) => !existsSync(join(ROOT, p)))).toEqual([])
  })
})
