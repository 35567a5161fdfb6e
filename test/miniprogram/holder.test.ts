/**
 * The holder pages of this branch in the built WeChat and Alipay apps, booted in a bare vm (see
 * test/miniprogram/boot.ts) against the simulator: 关怀模式 switched on and stored, 我的设备 with
 * this phone marked (subpackage holder), 用证记录 with a service record and a deletion request,
 * pull to refresh syncing a reissued card.
 * Needs `npm run build:weapp` and `npm run build:alipay` first.
 */
import { assertBuilt, bootMiniProgram, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

/** First run: a 6-digit PIN, twice (the PIN pad is drawn with views). */
async function setPin(app: MiniProgram, pin = '135790'): Promise<void> {
  await app.waitFor(() => app.texts().includes('设置 6 位数字密码'), 10000)
  for (const d of pin) await app.tap({ className: `pinpad__key--${d}` })
  await app.waitFor(() => app.texts().includes('请再输入一次密码'), 10000)
  for (const d of pin) await app.tap({ className: `pinpad__key--${d}` })
  await app.waitFor(() => app.texts().some((t) => t.startsWith('张明华')), 20000)
}

async function claimAll(app: MiniProgram): Promise<void> {
  await setPin(app)
  await app.tap({ text: /^张明华/ })
  await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
  await app.tap({ text: '模拟核验通过' })
  await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
  await app.input({ className: 'input' }, '求职学历核验')
  await app.tap({ text: '全部领取' })
  await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 20000)
}

describe.each(['weapp', 'alipay'] as Platform[])('holder pages in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('pull to refresh syncs; care mode on and stored; 我的设备 marks this phone; 用证记录 lists a 核验 and sends a deletion request', async () => {
    const server = simulatorServer()
    const app = (mp = await bootMiniProgram({ platform, request: server.handler }))
    await claimAll(app)

    // Pull to refresh (page config enablePullDownRefresh): a sync that shows a reissued ID card.
    const idCardId = server.sim.listCertificates('p-zhang').find((c) => c.kind === 'id-card')!.certId
    server.sim.reissue(idCardId)
    const before = server.paths.filter((p) => p === '/api/v1/holder/changes').length
    app.page.instance.onPullDownRefresh()
    await app.waitFor(() => app.texts().includes('已更新为新版本证照') && app.calls('stopPullDownRefresh').length === 1, 20000)
    expect(server.paths.filter((p) => p === '/api/v1/holder/changes').length).toBe(before + 1)

    await app.tap({ className: 'care-switch__switch' })
    await app.waitFor(() => app.texts().includes('已开启：大字、大按钮'), 5000)
    expect(app.findAll((n) => /(^| )care( |$)/.test(n.className) && /(^| )wallet( |$)/.test(n.className))).toHaveLength(1)
    expect(app.texts()).toContain('出示证件（给对方扫码）')
    const stored = app.storage.get('certwallet.settings')
    expect(JSON.parse(typeof stored === 'string' ? stored : JSON.stringify(stored)).state).toEqual({ version: 1, careMode: true })

    await app.navigateTo('/subpackages/holder/pages/devices/index')
    await app.waitFor(() => app.text().includes('手机 1（本机）'), 10000)
    expect(app.text()).toContain('使用中')
    expect(app.findAll({ text: '停用这台手机' })).toHaveLength(0) // never this phone

    const idCard = server.sim.listCertificates('p-zhang').find((c) => c.kind === 'id-card')!.certId
    server.sim.usage.record({
      holderId: 'p-zhang', at: new Date().toISOString(), channel: 'verification', certIds: [idCard], kinds: ['id-card'],
      purpose: '酒店入住登记', verifier: { name: '广州白云宾馆', role: '酒店' }, fields: ['name', 'id_number'], outcome: 'accepted'
    })
    await app.navigateTo('/subpackages/holder/pages/usage/index')
    await app.waitFor(() => app.text().includes('广州白云宾馆（酒店）'), 10000)
    expect(app.text()).toContain('姓名、公民身份号码')
    await app.tap({ text: '请求删除' })
    await app.waitFor(() => app.text().includes('已请求核验方删除，等待对方确认'), 10000)
    expect(server.sim.usage.list('p-zhang')[0].deletion).toBe('requested')
    expect(app.errors).toEqual([])
  })
})
