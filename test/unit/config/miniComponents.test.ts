/**
 * config/miniComponents.ts prunes Taro's runtime component tables in the mini-program builds. The
 * runtime turns the merged table into template numbers and attribute aliases
 * (@tarojs/shared getComponentsAlias); base.wxml is written from Taro's full copy. These tests
 * compute the aliases over the full and the pruned tables (the real Taro files, pruned by the
 * loader's own code) and hold them equal where it matters: every component keeps its number, and
 * every component the app renders keeps all its aliases.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import { build, transformSync } from 'esbuild'
import * as acorn from 'acorn'
import { getComponentsAlias } from '@tarojs/shared'
import {
  baseTag,
  calledApiNames,
  evaluateApiList,
  evaluateTable,
  MiniComponentTables,
  PROMISE_API_MODULES,
  pruneApiListSource,
  remappedApiNames,
  importedComponentTags,
  pruneTable,
  pruneTableSource,
  renderedComponentTags,
  TABLE_MODULES,
  type ComponentTable
} from '../../../config/miniComponents'

type Alias = Record<string, Record<string, string>>

/** What Taro's mergeInternalComponents does, on copies. */
function merge(shared: ComponentTable, platform: ComponentTable): ComponentTable {
  const out: ComponentTable = Object.fromEntries(Object.entries(shared).map(([k, v]) => [k, { ...v }]))
  for (const [k, v] of Object.entries(platform)) out[k] = k in out ? Object.assign(out[k], v) : { ...v }
  return out
}

/** Taro's node types whose attributes are a rendered component's: the tag itself, its static/pure/catch/click variants, and text nodes. */
function renderedAliasKeys(alias: Alias, rendered: string[]): string[] {
  return Object.keys(alias).filter((k) => k === '#text' || rendered.includes(baseTag(k)))
}

/**
 * Where the pruned aliases differ from the full ones: the list of node types (and its order), any
 * template number, and any alias of a rendered node type.
 */
function aliasDiffs(full: Alias, pruned: Alias, rendered: string[]): string[] {
  const diffs: string[] = []
  if (JSON.stringify(Object.keys(full)) !== JSON.stringify(Object.keys(pruned))) diffs.push('node types differ')
  for (const [k, a] of Object.entries(full)) if (pruned[k]?._num !== a._num) diffs.push(`${k}: _num ${a._num} → ${pruned[k]?._num}`)
  for (const k of renderedAliasKeys(full, rendered)) {
    if (JSON.stringify(full[k]) !== JSON.stringify(pruned[k])) diffs.push(`${k}: aliases differ`)
  }
  return diffs
}

const read = (file: string) => fs.readFileSync(file, 'utf8')
const rendered = renderedComponentTags()

describe.each(['weapp', 'alipay'] as const)("the %s runtime's component tables, pruned", (platform) => {
  const sharedFile = TABLE_MODULES.shared.files[0]
  const platformFile = TABLE_MODULES[platform].files[0]
  const table = (file: string, name: string, prune: boolean) => {
    const src = read(file)
    return evaluateTable(prune ? pruneTableSource(src, name, rendered, file) : src, name, file)
  }
  const full = merge(table(sharedFile, 'internalComponents', false), table(platformFile, 'components', false))
  const pruned = merge(table(sharedFile, 'internalComponents', true), table(platformFile, 'components', true))
  const fullAlias = getComponentsAlias(full) as Alias
  const prunedAlias = getComponentsAlias(pruned) as Alias

  it('keep every template number and every alias of the node types the app renders', () => {
    expect(aliasDiffs(fullAlias, prunedAlias, rendered)).toEqual([])
    // The app's components and Taro's view variants are all among them, with their aliases.
    const keys = renderedAliasKeys(fullAlias, rendered)
    expect(keys).toEqual(expect.arrayContaining(['view', 'static-view', 'pure-view', 'catch-view', 'click-view', 'text', 'static-text', 'button', 'input', 'canvas', '#text']))
    expect(prunedAlias.input.placeholder).toBe(fullAlias.input.placeholder)
    expect(prunedAlias.input.placeholder).toMatch(/^p\d+$/)
  })

  it('drop the attributes of components the app does not render', () => {
    expect(Object.keys(pruned)).toEqual(Object.keys(full))
    expect(Object.keys(full.Map)).toContain(platform === 'weapp' ? 'enable-satellite' : 'scale')
    expect(pruned.Map).toEqual({})
    expect(pruned.ScrollView).toEqual({})
    expect(pruned.Image).toEqual({})
    expect(prunedAlias.map).toEqual({ _num: fullAlias.map._num })
    const bytes = (t: ComponentTable) => JSON.stringify(t).length
    expect(bytes(pruned)).toBeLessThan(bytes(full) / 3)
  })

  it('the comparison fails when a key is dropped or an attribute of a rendered component is lost', () => {
    const withoutAd = { ...pruned }
    delete withoutAd.Ad
    expect(aliasDiffs(fullAlias, getComponentsAlias(withoutAd) as Alias, rendered)).toEqual(expect.arrayContaining(['node types differ', expect.stringMatching(/_num/)]))
    const extra = { ...pruned, Aaa: {} }
    expect(aliasDiffs(fullAlias, getComponentsAlias(extra) as Alias, rendered)).not.toEqual([])
    const input = { ...pruned.Input }
    delete input.placeholder
    expect(aliasDiffs(fullAlias, getComponentsAlias({ ...pruned, Input: input }) as Alias, rendered)).toEqual(['input: aliases differ'])
    // Dropping Input from what is kept shifts its aliases too.
    const notInput = merge(pruneTable(table(sharedFile, 'internalComponents', false), rendered.filter((t) => t !== 'input')), pruneTable(table(platformFile, 'components', false), rendered.filter((t) => t !== 'input')))
    expect(aliasDiffs(fullAlias, getComponentsAlias(notInput) as Alias, rendered)).toEqual(['input: aliases differ'])
  })

  it('leave the rest of the platform runtime as it was: only declarations nothing reads are gone', () => {
    const src = read(platformFile)
    const out = pruneTableSource(src, 'components', rendered, platformFile)
    const topNames = (code: string) =>
      (acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as any).body.flatMap((s: any) =>
        s.type === 'VariableDeclaration' ? s.declarations.map((d: any) => d.id.name) : s.type === 'FunctionDeclaration' ? [s.id.name] : []
      ) as string[]
    const gone = topNames(src).filter((n) => !topNames(out).includes(n))
    for (const name of gone) expect({ name, readIn: new RegExp(`\\b${name}\\b`).test(out) }).toEqual({ name, readIn: false })
    expect(topNames(out)).toEqual(expect.arrayContaining(['components', 'hostConfig', 'initNativeApi', 'needPromiseApis']))
    expect(out).toMatch(/mergeInternalComponents\(components\);/)
  })
})

it("@tarojs/shared's components module (the one webpack bundles) keeps every other export as it was", () => {
  const file = TABLE_MODULES.shared.files[0]
  expect(path.basename(file)).toBe('components.js')
  const load = (code: string) => {
    const module = { exports: {} as Record<string, unknown> }
    vm.runInNewContext(transformSync(code, { format: 'cjs', loader: 'js' }).code, { module, exports: module.exports, Object, Set, Map, String })
    return module.exports
  }
  const src = read(file)
  const before = load(src)
  const after = load(pruneTableSource(src, 'internalComponents', rendered, file))
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
  for (const k of Object.keys(before)) {
    if (k === 'internalComponents' || typeof before[k] === 'function') continue
    expect({ k, v: after[k] }).toEqual({ k, v: before[k] })
  }
  expect((after.singleQuote as (s: string) => string)('x')).toBe("'x'")
})

describe('the loader refuses a shape it does not know', () => {
  it('no table, a table that is not an object literal, a default that is not a string, a name that is not a component', () => {
    expect(() => pruneTableSource('const other = {}', 'components', rendered)).toThrow(/no single top-level `const components/)
    expect(() => pruneTableSource('let a; const components = makeTable()', 'components', rendered)).toThrow(/no single top-level/)
    expect(() => pruneTableSource("const components = { View: { hidden: false } }", 'components', rendered)).toThrow(/View.hidden: a default that is not a string/)
    expect(() => pruneTableSource("const components = { view: {} }", 'components', rendered)).toThrow(/not a PascalCase name/)
  })
})

describe('the components the app renders', () => {
  it("are what src/ imports from @tarojs/components plus Taro's view and text, without what config/miniTemplates.ts leaves out", () => {
    expect(rendered).toEqual(['button', 'canvas', 'input', 'text', 'view'])
  })

  it('follow src/: a new import is kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpcomp-'))
    try {
      fs.writeFileSync(path.join(dir, 'a.tsx'), "import { View, ScrollView as Scroll, type ITouchEvent } from '@tarojs/components'\n")
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { ButtonProps } from '@tarojs/components'\n")
      expect(importedComponentTags(dir)).toEqual(['scroll-view', 'view'])
      expect(renderedComponentTags(dir)).toEqual(['scroll-view', 'text', 'view'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('derived node types map to their base', () => {
    expect(['static-view', 'pure-view', 'catch-view', 'click-view', 'static-text', 'static-image', 'scroll-view', 'view'].map(baseTag)).toEqual(['view', 'view', 'view', 'view', 'text', 'image', 'scroll-view', 'view'])
  })
})

describe("Taro's Promise-API lists, cut to the APIs the app can call", () => {
  const keepApis = calledApiNames()
  const inSrc = (() => {
    const names = new Set<string>()
    const visit = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) visit(path.join(dir, e.name))
        else if (/\.tsx?$/.test(e.name)) for (const m of read(path.join(dir, e.name)).matchAll(/\bTaro\.(\w+)/g)) names.add(m[1])
      }
    }
    visit(path.resolve(__dirname, '../../../src'))
    return names
  })()

  it.each([
    ['weapp', '@tarojs/shared', PROMISE_API_MODULES.shared.files[0]],
    ['weapp', 'platform', PROMISE_API_MODULES.weapp.files[0]],
    ['alipay', '@tarojs/shared', PROMISE_API_MODULES.shared.files[0]],
    ['alipay', 'platform', PROMISE_API_MODULES.alipay.files[0]]
  ] as const)('%s build, %s list: keeps every API the app calls through Taro.*, docs/platforms.json lists or the platform remaps, and only those', (platform, _which, file) => {
    const keep = new MiniComponentTables(platform).keepApis
    const before = evaluateApiList(read(file), 'needPromiseApis', file)
    const after = evaluateApiList(pruneApiListSource(read(file), 'needPromiseApis', keep, file), 'needPromiseApis', file)
    expect(after).toEqual(before.filter((n) => keep.includes(n)))
    for (const n of before) if (inSrc.has(n)) expect({ n, kept: after.includes(n) }).toEqual({ n, kept: true })
    for (const n of before) if (remappedApiNames(platform).includes(n)) expect({ n, kept: after.includes(n) }).toEqual({ n, kept: true })
    expect(after.length).toBeLessThan(before.length)
  })

  it("Alipay's remapped APIs are kept (outside the list, Taro rewrites them at start-up, and previewImage's rewrite throws); WeChat remaps none", () => {
    expect(remappedApiNames('alipay')).toEqual(expect.arrayContaining(['previewImage', 'setNavigationBarColor', 'showModal']))
    expect(remappedApiNames('weapp')).toEqual([])
    expect(new MiniComponentTables('alipay').keepApis).toEqual(expect.arrayContaining(['previewImage', 'scanCode']))
  })

  it('keeps the awaited ones the app uses (from src/ and the platform table) and drops the rest', () => {
    expect(keepApis).toEqual(expect.arrayContaining(['scanCode', 'showModal', 'setClipboardData', 'canvasToTempFilePath', 'saveImageToPhotosAlbum', 'navigateTo', 'getNetworkType']))
    expect(keepApis).not.toContain('chooseInvoiceTitle')
  })

  it("processApis over the cut list: Taro.scanCode still returns a Promise, an API nobody calls reaches the platform unwrapped", async () => {
    const nativeApis = PROMISE_API_MODULES.shared.files[0]
    const result = await build({
      stdin: { contents: `export { processApis } from ${JSON.stringify(nativeApis)}`, resolveDir: path.dirname(nativeApis), loader: 'js' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      logLevel: 'silent',
      plugins: [
        {
          name: 'cut',
          setup(b) {
            b.onLoad({ filter: /native-apis\.js$/ }, (args) => ({ contents: pruneApiListSource(read(args.path), 'needPromiseApis', keepApis, args.path), loader: 'js' }))
          }
        }
      ]
    })
    const module = { exports: {} as { processApis: (taro: Record<string, any>, global: Record<string, any>, config?: object) => void } }
    vm.runInNewContext(result.outputFiles[0].text, { module, exports: module.exports, Object, Set, Map, String, Promise, Array, console, getCurrentPages: () => [], getApp: () => ({}) })
    const calls: string[] = []
    const wx = {
      scanCode: (o: { success(r: unknown): void }) => { calls.push('scanCode'); o.success({ result: 'x' }) },
      chooseInvoiceTitle: () => { calls.push('chooseInvoiceTitle'); return 'sync' }
    }
    // What @tarojs/api gives processApis to equip (the request chain and the options it writes to).
    const taro: Record<string, any> = { Link: class { request() {} addInterceptor() {} cleanInterceptors() {} }, options: {}, config: {} }
    module.exports.processApis(taro, wx, { isOnlyPromisify: false })
    await expect(taro.scanCode()).resolves.toEqual({ result: 'x' })
    expect(taro.chooseInvoiceTitle()).toBe('sync')
    expect(calls).toEqual(['scanCode', 'chooseInvoiceTitle'])
  })

  it('refuses a list it does not know', () => {
    expect(() => pruneApiListSource('const needPromiseApis = [1]', 'needPromiseApis', keepApis)).toThrow(/no single top-level `const needPromiseApis = new Set/)
    expect(() => pruneApiListSource("const needPromiseApis = new Set(['a', b])", 'needPromiseApis', keepApis)).toThrow(/an entry that is not a string/)
  })
})
