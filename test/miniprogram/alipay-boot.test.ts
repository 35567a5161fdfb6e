import fs from 'node:fs'
import path from 'node:path'
import jsQR from 'jsqr'
import { bootSuite, endpointDistDir, simulatorServer } from './bootSuite'
import { assertBuilt, bootMiniProgram, type MiniProgram, type MpNode } from './boot'
import { pixelCanvas, selectorQueryOver } from './fakeCanvas'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { certRegistry } from '../../src/certs/registry'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { verifyPresentation } from '../../src/services/presentation'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

// Boots dist/alipay (npm run build:alipay first) in a sandbox with only Alipay's globals.
describe('Alipay build boots headlessly', () => {
  bootSuite('alipay')
})

/**
 * Alipay as documented: no my.getRandomValues, no `crypto` in the logic layer; random bytes come
 * from the Worker (my.createWorker, src/workers/random.js) whose vm has crypto.getRandomValues.
 */
describe('Alipay: random bytes only from the Worker', () => {
  let mp: MiniProgram | undefined
  afterEach(() => {
    mp?.dispose()
    mp = undefined
  })
  beforeAll(() => assertBuilt('alipay'))

  async function setPin(app: MiniProgram, pin = '135790'): Promise<void> {
    for (const round of ['设置 6 位数字密码', '请再输入一次密码']) {
      await app.waitFor(() => app.texts().includes(round), 10000)
      for (const d of pin) await app.tap({ className: `pinpad__key--${d}` })
    }
  }

  it('ships the worker script, declares it in app.json and mini.project.json keeps the IDE from transpiling it', () => {
    const dist = path.resolve(__dirname, '../../dist/alipay')
    const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
    expect(appJson.workers).toEqual(['workers/random.js'])
    expect(fs.readFileSync(path.join(dist, 'workers/random.js'), 'utf8')).toContain('crypto.getRandomValues')
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'mini.project.json'), 'utf8')).compileOptions.transpile.script.ignore).toEqual(['workers/**'])
  })

  it('the emulated my has no getRandomValues and the logic layer no crypto; the worker answers with bytes', async () => {
    await expect(bootMiniProgram({ platform: 'alipay', randomValues: true })).rejects.toThrow(/my\.getRandomValues/)
    const app = (mp = await bootMiniProgram({ platform: 'alipay' }))
    expect(app.evaluate(`typeof my.getRandomValues + ' ' + typeof crypto + ' ' + my.canIUse('getRandomValues')`)).toBe('undefined undefined false')
    const reply = await app.evaluate<Promise<{ id: number; ok: boolean; n: number; distinct: number }>>(
      `new Promise((resolve) => { const w = my.createWorker('workers/random.js'); w.onMessage((m) => { w.terminate(); resolve({ id: m.id, ok: m.ok, n: m.bytes.length, distinct: new Set(m.bytes).size }) }); w.postMessage({ type: 'random', id: 7, length: 64 }) })`
    )
    expect(reply).toMatchObject({ id: 7, ok: true, n: 64 })
    expect(reply.distinct).toBeGreaterThan(20)
    expect(() => app.evaluate(`my.createWorker('workers/other.js')`)).toThrow(/not listed in app\.json workers/)
  })

  it('without crypto in the Worker: PIN setup says 当前支付宝版本过低，请升级后使用, no key is made and nothing is stored', async () => {
    const app = (mp = await bootMiniProgram({ platform: 'alipay', request: simulatorServer().handler, workerCrypto: false }))
    await setPin(app)
    await app.waitFor(() => app.texts().includes('当前支付宝版本过低，请升级后使用'), 10000)
    // A holder: the code is behind 详情, not on the screen.
    expect(app.text()).not.toContain('错误代码')
    expect(app.texts()).toContain('详情')
    expect(app.workers[0].fromWorker).toEqual([expect.objectContaining({ ok: false })])
    // Nothing about a PIN, a vault or a device key reached storage.
    const stored = JSON.stringify([...app.storage.entries()])
    expect(stored).not.toMatch(/"lock":\{|deviceKeySealed":"|devicePublicKey":\{/)
    expect(app.texts()).not.toContain('领取电子证照')
    expect(app.errors).toEqual([])
  })

  it('the whole holder flow against a configured endpoint: PIN, my.ap.faceVerify, claim, 亮证, 医保码, verifier — keys from the Worker', async () => {
    const distDir = endpointDistDir('alipay')
    const server = simulatorServer()
    const canvas = pixelCanvas()
    // Alipay's back end, simulated: the zimId is the simulator's signed ticket for the session (bizId).
    const faceTicket = async (bizId: string) =>
      (await server.sim.simulateFaceCheck({ platform: 'alipay', sessionId: bizId, name: '张明华', idNumber: '44010619900315001X', passed: true })).zimId!
    const app = (mp = await bootMiniProgram({ platform: 'alipay', distDir, request: server.handler, faceTicket, extraApi: { createSelectorQuery: selectorQueryOver(canvas, 320) } }))
    await setPin(app)
    await app.waitFor(() => app.texts().includes('开始人脸核验'), 20000)
    // The PIN's data key, vault key and device key were made from the Worker's bytes.
    const bytesFromWorker = app.workers.flatMap((w) => w.fromWorker as Array<{ ok: boolean; bytes: number[] }>).filter((m) => m.ok).reduce((n, m) => n + m.bytes.length, 0)
    expect(bytesFromWorker).toBeGreaterThanOrEqual(32 + 16 + 24 + 32)

    // Sign-in: a real endpoint offers no demo people, so the holder types name and ID number; then
    // Alipay's own face check (my.ap.faceVerify, bizType 2), and the session completes.
    expect(app.texts().some((t) => t.startsWith('张明华'))).toBe(false)
    const field = (placeholder: string) => (n: MpNode) => n.className.split(' ').includes('input') && Object.values(n.attrs).includes(placeholder)
    await app.input(field('姓名'), '张明华')
    await app.input(field('身份证号码'), '44010619900315001X')
    await app.tap({ text: '开始人脸核验' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 20000)
    expect(app.calls('ap.faceVerify')).toEqual([expect.objectContaining({ bizType: '2', bizId: expect.any(String) })])
    expect(app.texts()).not.toContain('模拟核验通过')
    await app.input({ className: 'input' }, '求职学历核验')
    await app.tap({ text: '全部领取' })
    await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 30000)

    // 亮证: a QR a verifier accepts.
    await app.tap({ text: '亮证（出示二维码）' })
    await app.waitFor(() => app.texts().filter((t) => t === '离线可用').length === 5, 20000)
    await app.tap({ text: '交警查验' })
    await app.tap({ text: '同意出示' })
    await app.waitFor(() => /\d+ 秒后自动刷新/.test(app.text()) && canvas.draws > 0, 10000)
    const qr = jsQR(canvas.data, canvas.width, canvas.height)?.data ?? ''
    expect(qr).toMatch(/^CW1:/)
    const now = Math.floor(Date.now() / 1000)
    const trust = await verifyTrustList(await server.sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
    expect((await verifyPresentation(qr, { trust, registry: certRegistry, backend: joseBackend, now })).purpose).toBe('traffic-stop')
    await app.tap({ text: '结束出示' })
    await app.navigateBack()

    // 医保码 (subpackage medpay): drawn, refreshing.
    const drawsBefore = canvas.draws
    await app.navigateTo('/subpackages/medpay/pages/code/index')
    await app.waitFor(() => /\d+ 秒后自动刷新/.test(app.text()) && canvas.draws > drawsBefore, 20000)
    expect(app.texts()).toContain('医保码')
    await app.navigateBack()

    // Verifier mode on the same phone: the 亮证 QR from above is green.
    await app.navigateTo('/subpackages/verifier/pages/scan/index')
    await app.tap({ text: '交警' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('核验数据更新于 ')), 20000)
    app.scanQueue.push(qr)
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验通过'), 20000)

    expect(app.evaluate('typeof my.getRandomValues')).toBe('undefined')
    expect(app.workers.filter((w) => !w.terminated).length).toBeLessThanOrEqual(1)
    expect(app.errors).toEqual([])
    // The whole holder flow (every claim, two purpose batches, a verifier check) in pure JS: ~5 s
    // on an idle 2-core machine, more under load.
  }, 90000)
})
