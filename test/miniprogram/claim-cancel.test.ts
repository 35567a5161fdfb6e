/**
 * 领证 when the service stops answering, in the built WeChat and Alipay apps (bare vm, emulator):
 * the claim shows 取消; tapping it ends the wait at once, keeps nothing half-done, says in plain
 * words which certificates did not arrive, and offers to try the rest later. Needs both builds.
 */
import { assertBuilt, bootMiniProgram, type MiniProgram, type MiniRequest, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

describe.each(['weapp', 'alipay'] as Platform[])('claim under a dead service in the %s build', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('取消 stops a claim the service never answers; the cards that arrived stay; 稍后再试 brings the rest', async () => {
    const server = simulatorServer()
    // The degree's issuance never answers while `dead` (a request that hangs, as on a dead link).
    let dead = true
    const degreeId = server.sim.listCertificates('p-zhang').find((c) => c.kind === 'degree')!.certId
    const request = (req: MiniRequest) =>
      dead && req.url.includes(`/holder/certificates/${encodeURIComponent(degreeId)}/credential`) ? new Promise<never>(() => {}) : server.handler(req)
    const app = (mp = await bootMiniProgram({ platform, request, timeoutMs: 20000 }))
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
    // The degree's request never ends, so the app never goes idle: tap without waiting for idle.
    await app.tap({ text: '全部领取' }, false)
    // All but the degree arrive; the degree hangs: the claim is still running and offers 取消.
    await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT - 1 && app.texts().includes('取消'), 20000)
    expect(app.texts().some((t) => t.startsWith('正在下载并核对'))).toBe(true)
    await app.tap({ text: '取消' }, false)
    await app.waitFor(() => app.texts().some((t) => t.startsWith('已取消。')), 5000)
    const message = app.texts().find((t) => t.startsWith('已取消。'))!
    expect(message).toContain('学历')
    expect(message).toContain('还没有下载下来')
    expect(message).toContain(`已下载的 ${ZHANG_CARD_COUNT - 1} 张证照已保存`)
    expect(app.texts().filter((t) => t.startsWith('真实有效')).length).toBe(ZHANG_CARD_COUNT - 1)
    expect(app.texts()).not.toContain('取消')

    dead = false
    await app.tap({ text: '稍后再试：领取其余证照' }, { timeoutMs: 20000 })
    await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 20000)
    expect(app.texts().some((t) => t.startsWith('已取消。'))).toBe(false)
    expect(app.errors).toEqual([])
  }, 60_000)
})
