/**
 * The counter page (药店/医院) in the built WeChat and Alipay apps, booted in a bare vm (no
 * TextEncoder, no crypto: test/miniprogram/boot.ts) against the simulator: pick the institution,
 * scan the patient's 医保码 with the platform scanner, add an item, submit; the patient confirms
 * (through the simulator); the counter shows 支付完成 and refunds. Needs the weapp/alipay builds.
 */
import { assertBuilt, bootMiniProgram, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { keyPairFromSecret } from '../../src/services/crypto'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../src/services/encoding'
import { createPresentation } from '../../src/services/presentation'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

describe.each(['weapp', 'alipay'] as Platform[])('the counter page in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('scans a 医保码, submits, sees the patient’s confirmation, refunds', async () => {
    const server = simulatorServer()
    const { sim } = server
    const { holderId } = sim.internals.tokenForTests('张明华', '44010619900315001X')
    const device = keyPairFromSecret(new Uint8Array(32).fill(4))
    const batch = await sim.issuePurposeCredentials(holderId, 'pharmacy', device.publicJwk, 1)
    const code = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: Math.floor(Date.now() / 1000), backend: joseBackend })

    const app = (mp = await bootMiniProgram({ platform, request: server.handler }))
    await app.navigateTo('/subpackages/pos/pages/counter/index')
    // Enrolment first: the counter takes no payment until this phone is a registered 定点医药机构.
    await app.waitFor(() => app.texts().includes('登记本机为定点医药机构'), 20000)
    const { activationCode } = sim.issueActivationCode('52440106MJL1083N62')
    await app.input({ className: 'pos-code-input' }, activationCode)
    await app.tap({ text: '登记本机' })
    await app.waitFor(() => app.texts().includes('康民大药房（天河店）'), 20000)
    app.scanQueue.push(code)
    await app.tap({ text: '扫描患者医保码' })
    // Text nodes arrive split at each {value}: match on the page's whole text.
    await app.waitFor(() => app.text().includes('参保人 张*华'), 20000)
    await app.tap({ text: '加入' })
    await app.waitFor(() => app.text().includes('本次费用（1 项）'), 5000)
    await app.tap({ text: '提交医保结算' })
    await app.waitFor(() => app.texts().includes('已提交，请患者在手机上确认支付'), 20000)

    const [pending] = sim.medpay.holderSettlements(holderId).items
    expect(pending.status).toBe('pending')
    sim.medpay.confirm(holderId, pending.setlId, 'patient-key-0001')
    await app.tap({ text: '刷新结果' })
    await app.waitFor(() => app.texts().includes('支付完成'), 20000)
    expect(app.text()).toContain(pending.setlId)
    await app.tap({ text: '退费' })
    await app.waitFor(() => app.texts().includes('已退费'), 20000)
    expect(sim.medpay.getSettlement(pending.setlId, { medinsNo: 'P44010600512' }).status).toBe('refunded')
    // What the counter stored: masked names only.
    const stored = JSON.stringify([...app.storage.values()])
    expect(stored).not.toContain('张明华')
    expect(stored).not.toContain('44010619900315001X')
    expect(app.errors).toEqual([])
  })
})
