/**
 * 亮证 in the built WeChat and Alipay apps, booted in a bare vm (no TextEncoder, no crypto, no
 * WebCrypto: see test/miniprogram/boot.ts) against the simulator: claim, open 亮证, 交警查验,
 * agree; the QR painted on the (fake) 2d canvas node is read back into pixels, decoded by jsQR and
 * verified as a verifier would. Needs `npm run build:weapp` and `npm run build:alipay` first.
 */
import jsQR from 'jsqr'
import { assertBuilt, bootMiniProgram, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { pixelCanvas, selectorQueryOver as queryOver } from './fakeCanvas'

const selectorQueryOver = (canvas: ReturnType<typeof pixelCanvas>) => queryOver(canvas, 320)
import { joseBackend } from '../../src/services/crypto/jose.node'
import { certRegistry } from '../../src/certs/registry'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { verifyPresentation } from '../../src/services/presentation'


let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

describe.each(['weapp', 'alipay'] as Platform[])('亮证 in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('claims, shows 交警查验 offline-ready, and draws a QR a verifier accepts; a scanned nonce binds it', async () => {
    const server = simulatorServer()
    const canvas = pixelCanvas()
    const app = (mp = await bootMiniProgram({
      platform,
      request: server.handler,
      extraApi: { createSelectorQuery: selectorQueryOver(canvas) }
    }))
    // First run: the PIN on the drawn keypad, twice.
    for (const round of ['设置 6 位数字密码', '请再输入一次密码']) {
      await app.waitFor(() => app.texts().includes(round), 10000)
      for (const d of '135790') await app.tap({ className: `pinpad__key--${d}` })
    }
    await app.waitFor(() => app.texts().includes('领取电子证照'), 20000)
    await app.tap({ text: /^张明华/ })
    await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
    await app.tap({ text: '模拟核验通过' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
    await app.input({ className: 'input' }, '求职学历核验')
    await app.tap({ text: '全部领取' })
    await app.waitFor(() => app.texts().includes('亮证（出示二维码）'), 20000)

    await app.tap({ text: '亮证（出示二维码）' })
    expect(app.page.route).toBe('subpackages/present/pages/index/index')
    await app.waitFor(() => app.texts().filter((t) => t === '离线可用').length === 5, 20000)
    expect(server.paths.filter((p) => p === '/api/v1/holder/presentation-credentials').length).toBeGreaterThanOrEqual(5)

    await app.tap({ text: '交警查验' })
    expect(app.texts()).toContain('440106********001X')
    await app.tap({ text: '同意出示' })
    await app.waitFor(() => /\d+ 秒后自动刷新/.test(app.text()) && canvas.draws > 0, 10000)

    const now = Math.floor(Date.now() / 1000)
    const trust = await verifyTrustList(await server.sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
    const read = () => jsQR(canvas.data, canvas.width, canvas.height)?.data ?? null
    const text = read()
    expect(text).toMatch(/^CW1:/)
    const v = await verifyPresentation(text!, { trust, registry: certRegistry, backend: joseBackend, now })
    expect(v.purpose).toBe('traffic-stop')
    expect(v.certs.map((c) => c.kind)).toEqual(['driving-licence', 'vehicle-licence'])
    expect(app.calls('setScreenBrightness').length).toBeGreaterThan(0)

    // The verifier's challenge, scanned with the camera, binds the next QR.
    app.scanQueue.push('CWN1:traffic-post-5521')
    const drawsBefore = canvas.draws
    await app.tap({ text: '扫描核验方二维码' })
    await app.waitFor(() => app.texts().includes('已绑定核验方核验码') && canvas.draws > drawsBefore, 10000)
    const bound = read()
    const vb = await verifyPresentation(bound!, { trust, registry: certRegistry, backend: joseBackend, now, nonce: 'traffic-post-5521' })
    expect(vb.checks.nonce).toBe(true)

    await app.tap({ text: '结束出示' })
    expect(app.texts()).toContain('请选择出示用途')
    expect(app.errors).toEqual([])
  })
})
