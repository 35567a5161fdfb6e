/**
 * config/h5Bundle.ts's guard for the H5 navigation bar it removes: the build must fail when any app
 * or page config would have Taro show its bar (`navigationStyle`), and pass for src/ as it is.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { navigationStyleConfigs, TaroH5NoNavigationBar } from '../../../config/h5Bundle'

const fakeCompiler = () => {
  const replaced: Array<{ re: RegExp }> = []
  return {
    replaced,
    compiler: {
      webpack: {
        NormalModuleReplacementPlugin: class {
          constructor(public re: RegExp) {
            replaced.push({ re })
          }
          apply() {}
        }
      }
    }
  }
}

it('finds no navigationStyle in src/, so the H5 build swaps the bar out', () => {
  const src = join(__dirname, '..', '..', '..', 'src')
  expect(navigationStyleConfigs(src)).toEqual([])
  const { compiler, replaced } = fakeCompiler()
  new TaroH5NoNavigationBar(src).apply(compiler)
  expect(replaced.map((r) => r.re.test('./navigationBar.js'))).toEqual([true])
})

it('fails the build when a page config sets navigationStyle, naming the file', () => {
  const src = mkdtempSync(join(tmpdir(), 'navstyle-'))
  mkdirSync(join(src, 'pages', 'x'), { recursive: true })
  writeFileSync(join(src, 'app.config.ts'), "export default defineAppConfig({ pages: ['pages/x/index'] })\n")
  writeFileSync(join(src, 'pages', 'x', 'index.config.ts'), "export default definePageConfig({ navigationStyle: 'default' })\n")
  expect(navigationStyleConfigs(src)).toEqual([join('pages', 'x', 'index.config.ts')])
  const { compiler, replaced } = fakeCompiler()
  expect(() => new TaroH5NoNavigationBar(src).apply(compiler)).toThrow(/navigationStyle is set in pages.x.index\.config\.ts/)
  expect(replaced).toEqual([])
})
