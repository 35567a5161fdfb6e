/**
 * The verifier page in the built WeChat and Alipay apps, booted in a bare vm (no TextEncoder, no
 * crypto, no WebCrypto: see test/miniprogram/boot.ts) against the simulator, verifying with the
 * pure-JS backend: role, material, a QR from the camera (scanCode) green, the same QR red, the
 * challenge QR painted on the (fake) 2d canvas read back and honoured. Needs `npm run build:weapp`
 * and `npm run build:alipay` first.
 */
import jsQR from 'jsqr'
import { assertBuilt, bootMiniProgram, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { pixelCanvas, selectorQueryOver as queryOver } from './fakeCanvas'

const selectorQueryOver = (canvas: ReturnType<typeof pixelCanvas>) => queryOver(canvas, 260)
import { parseHolderArgs, presentAsHolder } from '../../scripts/holder'


const present = (...extra: string[]) => presentAsHolder(parseHolderArgs(['present', '--kind', 'driving-licence', '--purpose', 'traffic-stop', ...extra]))

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

describe.each(['weapp', 'alipay'] as Platform[])('the verifier page in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('checks a scanned QR offline-style: green, then red as replayed; the challenge QR binds the next one', async () => {
    const server = simulatorServer()
    const canvas = pixelCanvas()
    const app = (mp = await bootMiniProgram({ platform, request: server.handler, extraApi: { createSelectorQuery: selectorQueryOver(canvas) } }))
    await app.navigateTo('/subpackages/verifier/pages/scan/index')
    expect(app.texts()).toContain('扫码核验')
    await app.tap({ text: '交警' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('核验数据更新于 ')), 20000)
    expect(server.paths).toContain('/api/v1/trust-list')
    // One status list per issuer on the trust list (the list the simulator signs for that day).
    const trust = JSON.parse(Buffer.from((await server.sim.trustList()).split('.')[1], 'base64url').toString('utf8')) as { issuers: { statusList?: string }[] }
    const issuerLists = trust.issuers.filter((i) => typeof i.statusList === 'string').length
    expect(issuerLists).toBeGreaterThanOrEqual(9)
    expect(server.paths.filter((p) => p.startsWith('/api/v1/status-lists/')).length).toBe(issuerLists)

    const qr = await present()
    app.scanQueue.push(qr)
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验通过'), 20000)
    // Taro maps scanCode onto Alipay's my.scan.
    if (platform === 'weapp') expect(app.calls('scanCode')[0]).toMatchObject({ scanType: ['qrCode'] })
    else expect(app.calls('scan').length).toBe(1)
    expect(app.texts()).toContain('交警查验')
    expect(app.texts()).toContain('44010619900315001X') // the officer records the licence number
    await app.tap({ text: '完成，核验下一位' })

    app.scanQueue.push(qr)
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验未通过'), 20000)
    expect(app.text()).toContain('此二维码已被使用过（可能是截图）')
    await app.tap({ text: '返回，重新核验' })

    await app.tap({ text: '出示核验码（防截图）' })
    await app.waitFor(() => canvas.draws > 0, 10000)
    const challenge = jsQR(canvas.data, canvas.width, canvas.height)?.data ?? ''
    expect(challenge).toMatch(/^CWN1:[0-9A-Z]{32}$/)
    app.scanQueue.push(await present('--nonce', challenge.slice(5)))
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验通过'), 20000)
    expect(app.text()).toContain('核验码一致')

    // What the app stored: the log and the material, nothing about the person.
    const stored = JSON.stringify([...app.storage.values()])
    expect(stored).not.toContain('张明华')
    expect(stored).not.toContain('44010619900315001X')
    expect(app.errors).toEqual([])
  })
})
