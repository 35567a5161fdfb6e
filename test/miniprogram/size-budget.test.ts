/**
 * The WeChat main package against its budget (scripts/bench-size.ts, docs/BENCHMARKS.md), and the
 * one thing the smaller base.wxml rests on: the holder's main pages nest no deeper than the
 * template levels the build writes (config/index.ts MINI_BASE_LEVEL, read back from the built
 * base template's `tmpl_<level>_…` names). Deeper nodes would still
 * render (through Taro's `comp`), only slower. Needs `npm run build:weapp` (and alipay) first.
 */
import { measureSizes, WEAPP_MAIN_BUDGET } from '../../scripts/bench-size'
import fs from 'node:fs'
import path from 'node:path'
import { assertBuilt, bootMiniProgram, defaultDistDir, type MiniProgram, type MpNode, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'
import { UNUSED_BASE_COMPONENTS } from '../../config/miniTemplates'
import { importedComponentTags, renderedComponentTags, sourceFiles } from '../../config/miniComponents'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

/** Template levels in the built base template (WeChat base.wxml; Alipay base.axml). */
function baseLevels(platform: Platform): number {
  const dist = defaultDistDir(platform)
  const file = ['base.wxml', 'base.axml'].map((f) => path.join(dist, f)).find((f) => fs.existsSync(f))!
  const levels = [...fs.readFileSync(file, 'utf8').matchAll(/name="tmpl_(\d+)_/g)].map((m) => Number(m[1]))
  return Math.max(...levels) + 1
}

describe.each(['weapp', 'alipay'] as Platform[])('the %s base template', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('has a template for every component src/ renders, and none for the ones Taro includes by default that nothing renders (config/miniTemplates.ts)', () => {
    const dist = defaultDistDir(platform)
    const file = ['base.wxml', 'base.axml'].map((f) => path.join(dist, f)).find((f) => fs.existsSync(f))!
    const tags = new Set([...fs.readFileSync(file, 'utf8').matchAll(/<([a-z][a-z-]*)[\s>]/g)].map((m) => m[1]))
    const used = importedComponentTags()
    expect(used).toEqual(expect.arrayContaining(['view', 'text', 'button', 'input', 'canvas']))
    for (const tag of used) expect({ tag, inTemplate: tags.has(tag) }).toEqual({ tag, inTemplate: true })
    for (const tag of UNUSED_BASE_COMPONENTS) {
      expect(used).not.toContain(tag)
      expect({ tag, inTemplate: tags.has(tag) }).toEqual({ tag, inTemplate: false })
    }
  })
})

const depth = (nodes: MpNode[]): number => nodes.reduce((d, n) => Math.max(d, 1 + depth(n.children)), 0)

it('the WeChat main package is within its budget', async () => {
  assertBuilt('weapp')
  const main = (await measureSizes()).find((r) => r.platform === 'weapp' && r.part === 'main')!
  expect(main.missing).toBeUndefined()
  expect(main.limitBytes).toBe(WEAPP_MAIN_BUDGET)
  expect(main.bytes).toBeLessThanOrEqual(WEAPP_MAIN_BUDGET)
})

it('Alipay templates recurse: its base template has one level, so the level count does not apply there', () => {
  assertBuilt('alipay')
  expect(baseLevels('alipay')).toBe(1)
})

describe.each(['weapp'] as Platform[])('page depth in the %s build', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it("wallet (all of 张明华's cards), 亮证 and a card's details nest no deeper than the base template's levels", async () => {
    const levels = baseLevels(platform)
    expect(levels).toBeLessThan(16) // below Taro's default: the saving is in the build
    const app = (mp = await bootMiniProgram({ platform, request: simulatorServer().handler, timeoutMs: 20000 }))
    for (const round of ['设置 6 位数字密码', '请再输入一次密码']) {
      await app.waitFor(() => app.texts().includes(round), 10000)
      for (const d of '135790') await app.tap({ className: `pinpad__key--${d}` })
    }
    const seen: Record<string, number> = { [app.page.route]: depth(app.page.tree()) }
    await app.waitFor(() => app.texts().includes('领取电子证照'), 20000)
    await app.tap({ text: /^张明华/ })
    await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
    await app.tap({ text: '模拟核验通过' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
    seen['wallet, claim list'] = depth(app.page.tree())
    await app.input({ className: 'input' }, '求职学历核验')
    await app.tap({ text: '全部领取' }, { timeoutMs: 30000 })
    await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 20000)
    seen['wallet, all cards'] = depth(app.page.tree())
    await app.tap({ text: '亮证（出示二维码）' })
    await app.waitFor(() => app.texts().filter((t) => t === '离线可用').length === 5, 20000)
    seen['present'] = depth(app.page.tree())
    await app.navigateBack()
    await app.tap({ text: /^真实有效/ })
    seen['detail'] = depth(app.page.tree())
    for (const [page, d] of Object.entries(seen)) expect({ page, depth: d }).toEqual({ page, depth: expect.any(Number) })
    expect(Math.max(...Object.values(seen))).toBeLessThanOrEqual(levels)
    expect(app.errors).toEqual([])
  }, 90_000)
})

describe("Taro's runtime keeps only what the app uses (config/taroMini.cjs, mini.runtime in config/index.ts)", () => {
  const taroJs = (platform: Platform) => fs.readFileSync(path.join(defaultDistDir(platform), 'taro.js'), 'utf8')

  it.each(['weapp', 'alipay'] as Platform[])('%s: no HTML parser, and the runtime exports are tree-shaken', (platform) => {
    assertBuilt(platform)
    const code = taroJs(platform)
    // The HTML parser's block-element table (innerHTML support, off in mini.runtime).
    expect(code).not.toContain('figcaption')
    // Exports nothing calls: kept, under their own names, only when webpack cannot tell which
    // exports are used (Taro's own index.js reads the runtime with a destructured require).
    expect(code).not.toMatch(/\b(stripTrailing|stripBasename|setInnerHTML|eventHandlerTTDom)\b/)
  })

  it.each(['weapp', 'alipay'] as Platform[])("%s: the component tables ship attributes only for the components the app renders (config/miniComponents.ts)", (platform) => {
    assertBuilt(platform)
    const code = taroJs(platform)
    expect(renderedComponentTags()).toEqual(expect.arrayContaining(['view', 'input', 'canvas']))
    // Attributes of components nothing renders: Map's, Video's, ScrollView's.
    for (const attr of ['enable-satellite', 'include-points', 'show-center-play-btn', 'scroll-into-view']) expect({ attr, shipped: code.includes(attr) }).toEqual({ attr, shipped: false })
    // The rendered ones keep theirs (View, Input, Canvas), and every component keeps its key.
    for (const attr of ['hover-stop-propagation', 'placeholder-class', 'disable-scroll']) expect({ attr, shipped: code.includes(attr) }).toEqual({ attr, shipped: true })
    expect(code).toMatch(/\bMap:\{\}/)
    expect(code).toMatch(/\bVideo:\{\}/)
  })

  it('no mini-program code sets innerHTML (the setter is compiled out)', () => {
    const offenders = sourceFiles()
      .filter(({ file, text }) => !/\.h5\.tsx?$/.test(file) && /\binnerHTML\b|dangerouslySetInnerHTML/.test(text))
      .map(({ file }) => file)
    expect(offenders).toEqual([])
  })
})
