/**
 * The error texts' split (issue #12 §3; src/vocabulary/errorText.ts and featureErrorText.ts) as
 * the builds ship it: the main package carries the main table and none of the subpackages' texts,
 * and every subpackage carries those (its pages register them). Needs `npm run build:weapp` and
 * `npm run build:alipay` first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { assertBuilt, defaultDistDir, type Platform } from './boot'
import { MAIN_ERROR_TEXT } from '../../src/vocabulary/errorText'
import { FEATURE_ERROR_TEXT } from '../../src/vocabulary/featureErrorText'

const list = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(dir, e.name)) : [path.join(dir, e.name)]))

describe.each(['weapp', 'alipay'] as Platform[])('%s build', (platform) => {
  const dist = defaultDistDir(platform)
  beforeAll(() => assertBuilt(platform))

  const roots = (): string[] => {
    const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }>; subpackages?: Array<{ root: string }> }
    return (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/+$/, ''))
  }
  const js = (files: string[]) => files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(f, 'utf8')).join('\n')

  it('the main package carries the main table and no subpackage-only text', () => {
    const subs = roots().map((r) => path.join(dist, r) + path.sep)
    expect(subs.length).toBeGreaterThan(5)
    const main = js(list(dist).filter((f) => !subs.some((s) => f.startsWith(s))))
    const absent = Object.values(MAIN_ERROR_TEXT).filter((t) => !main.includes(t))
    expect(absent).toEqual([])
    const present = Object.entries(FEATURE_ERROR_TEXT).filter(([, t]) => main.includes(t)).map(([c]) => c)
    expect(present).toEqual([])
  })

  it.each(['verifier', 'pos', 'share', 'medpay', 'online', 'holder', 'present'])('subpackage %s carries the subpackages’ texts', (sub) => {
    const root = roots().find((r) => r.endsWith(`/${sub}`))!
    const code = js(list(path.join(dist, root)))
    expect(Object.entries(FEATURE_ERROR_TEXT).filter(([, t]) => !code.includes(t)).map(([c]) => c)).toEqual([])
  })
})
