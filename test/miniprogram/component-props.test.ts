/**
 * Component props reach the view layer under the right names. Taro's runtime writes each prop of
 * a node under an alias (`p13`) from its component table, and base.wxml / base.axml binds each
 * alias to an element attribute (`placeholder="{{i.p13}}"`); the two sides compute the aliases
 * from separate copies of the table, and the mini-program builds prune the runtime's copy
 * (config/miniComponents.ts). A runtime alias out of step would put the placeholder into another
 * attribute, or into a key no template reads, and nothing would fail: the harness reads a node's
 * props back through the built template (MpNode.props, MpNode.unread in boot.ts) as the view layer
 * does. Needs `npm run build:weapp` and `npm run build:alipay` first.
 */
import { assertBuilt, bootMiniProgram, type MiniProgram, type MpNode, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { pixelCanvas, selectorQueryOver } from './fakeCanvas'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

function all(nodes: MpNode[]): MpNode[] {
  return nodes.flatMap((n) => [n, ...all(n.children)])
}

/**
 * The web accessibility props src/ sets for H5 (role, tabindex, aria-*): Taro 4.2's mini-program
 * templates bind none of them, so WeChat and Alipay never see them (a known gap, not an alias
 * fault: they are not in Taro's component tables at all, so they keep their own names).
 */
const H5_ONLY = /^(role|tabindex|aria[A-Z]\w*)$/

/** Nodes with data their template does not read, as `tag#sid: keys`. */
function unread(app: MiniProgram): string[] {
  return all(app.page.tree())
    .map((n) => ({ n, keys: n.unread.filter((k) => !H5_ONLY.test(k)) }))
    .filter(({ keys }) => keys.length > 0)
    .map(({ n, keys }) => `${n.tag}#${n.sid}: ${keys.join(',')}`)
}

describe.each(['weapp', 'alipay'] as Platform[])('component props in the %s build', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('Input, Button, View, Text and Canvas props arrive under their own attribute names, and no node carries data its template ignores', async () => {
    const canvas = pixelCanvas()
    const app = (mp = await bootMiniProgram({ platform, request: simulatorServer().handler, extraApi: { createSelectorQuery: selectorQueryOver(canvas, 320) } }))
    for (const round of ['设置 6 位数字密码', '请再输入一次密码']) {
      await app.waitFor(() => app.texts().includes(round), 10000)
      for (const d of '135790') await app.tap({ className: `pinpad__key--${d}` })
    }
    await app.waitFor(() => app.texts().includes('领取电子证照'), 20000)
    expect(unread(app)).toEqual([])
    // DemoPeople: <Button disabled={busy}>.
    const demo = app.page.find({ text: /^张明华/, tag: 'button' })!
    expect(demo.props).toMatchObject({ disabled: false })

    await app.tap({ text: /^张明华/ })
    await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
    await app.tap({ text: '模拟核验通过' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
    expect(unread(app)).toEqual([])
    // src/pages/wallet/index.tsx: <Input placeholder='用证事由（如：求职学历核验）' value={purpose} />.
    const purpose = () => app.page.find({ className: 'input', tag: 'input' })!
    expect(purpose().props).toMatchObject({ placeholder: '用证事由（如：求职学历核验）', value: '' })
    await app.input({ className: 'input' }, '求职学历核验')
    expect(purpose().props).toMatchObject({ placeholder: '用证事由（如：求职学历核验）', value: '求职学历核验' })
    expect(unread(app)).toEqual([])

    await app.tap({ text: '全部领取' }, { timeoutMs: 30000 })
    await app.waitFor(() => app.texts().includes('亮证（出示二维码）'), 20000)
    expect(unread(app)).toEqual([])
    await app.tap({ text: '亮证（出示二维码）' })
    await app.waitFor(() => app.texts().filter((t) => t === '离线可用').length === 5, 20000)
    await app.tap({ text: '交警查验' })
    await app.tap({ text: '同意出示' })
    await app.waitFor(() => canvas.draws > 0, 10000)
    // src/components/QrCanvas.tsx: <Canvas type='2d' id={canvasId} />: without type="2d" the platform
    // gives the old canvas, and the QR would never be drawn.
    const qr = all(app.page.tree()).filter((n) => n.tag === 'canvas')
    expect(qr.length).toBe(1)
    expect(qr[0].props).toMatchObject({ type: '2d' })
    expect(qr[0].id).toEqual(expect.any(String))
    expect(unread(app)).toEqual([])
    expect(app.errors).toEqual([])
  }, 120_000)
})
