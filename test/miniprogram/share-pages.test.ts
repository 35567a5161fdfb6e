/**
 * The share subpackage and bearer credentials in the built WeChat and Alipay apps, booted in a bare
 * vm (no TextEncoder, no WebCrypto: noble verifies): the public check page of a degree share shows
 * 学历信息真实有效 with the verified fields and paints the offline QR; the verifier page scans a paper
 * credential green with the 请核对本人证件 note, and red after the holder revokes it.
 * Needs `npm run build:weapp` and `npm run build:alipay` first.
 */
import jsQR from 'jsqr'
import { assertBuilt, bootMiniProgram, type MiniProgram, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { pixelCanvas, selectorQueryOver } from './fakeCanvas'
import { SEED_PEOPLE } from '../../mock/simulator'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

function holderOf(sim: ReturnType<typeof simulatorServer>['sim'], id: string) {
  const p = SEED_PEOPLE.find((x) => x.id === id)!
  const holderId = sim.internals.tokenForTests(p.name, p.idNumber).holderId
  return { holderId, certOf: (kind: string) => sim.listCertificates(holderId).find((c) => c.kind === kind)!.certId }
}

describe.each(['weapp', 'alipay'] as Platform[])('share pages in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('纸质凭证: after PIN and claim, the paper sheet draws a CWP1 QR and saves it to the album (no printing on a phone)', async () => {
    const server = simulatorServer()
    const canvas = pixelCanvas()
    const saved: unknown[] = []
    const app = (mp = await bootMiniProgram({
      platform,
      request: server.handler,
      extraApi: {
        createSelectorQuery: selectorQueryOver(canvas, 300),
        canvasToTempFilePath: (o: { canvas?: unknown; success?(r: unknown): void }) => {
          saved.push(o.canvas === canvas ? 'canvas' : 'other')
          o.success?.({ tempFilePath: 'tmp/paper-qr.png' })
        },
        saveImageToPhotosAlbum: (o: { filePath: string; success?(r: unknown): void }) => {
          saved.push(o.filePath)
          o.success?.({})
        }
      }
    }))
    // First run: a PIN, then claim (as a holder would).
    for (let round = 0; round < 2; round++) for (const d of '258014') await app.tap({ text: d })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('张明华')), 10000)
    await app.tap({ text: /^张明华/ })
    await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
    await app.tap({ text: '模拟核验通过' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
    await app.input({ className: 'input' }, '求职学历核验')
    await app.tap({ text: '全部领取' })
    await app.waitFor(() => !app.texts().some((t) => t.startsWith('正在下载并核对')) && app.texts().includes('同步证照状态'), 20000)

    await app.navigateTo('/subpackages/share/pages/paper/index')
    await app.tap({ text: '打印医保电子凭证' })
    await app.waitFor(() => app.texts().includes('核验时请同时出示本人身份证件'), 20000)
    expect(app.texts()).toContain('440106********001X')
    await app.waitFor(() => canvas.draws > 0, 10000)
    const drawn = jsQR(canvas.data, canvas.width, canvas.height)?.data ?? ''
    expect(drawn).toMatch(/^CWP1:/)
    expect(server.sim.listPaperCredentials('p-zhang')[0].credential).toBe(drawn)
    await app.tap({ text: '保存二维码图片到相册' })
    await app.waitFor(() => saved.length >= 2, 5000)
    expect(saved).toEqual(['canvas', 'tmp/paper-qr.png'])
    expect(app.errors).toEqual([])
  })

  it('查验学历验证码: a valid code shows the verified degree and its offline QR; a revoked one says so', async () => {
    const server = simulatorServer()
    const chen = holderOf(server.sim, 'p-chen')
    const share = await server.sim.createDegreeShare(chen.holderId, chen.certOf('degree'), 60)
    const canvas = pixelCanvas()
    const app = (mp = await bootMiniProgram({ platform, request: server.handler, extraApi: { createSelectorQuery: selectorQueryOver(canvas, 300) } }))
    await app.navigateTo(`/subpackages/share/pages/check/index?code=${share.code}`)
    await app.waitFor(() => app.texts().includes('学历信息真实有效'), 20000)
    expect(app.texts()).toContain('陈静')
    expect(app.text()).toContain('签发机构：教育部学历证书电子注册备案中心')
    expect(server.paths).toContain('/api/v1/trust-list')
    await app.waitFor(() => canvas.draws > 0, 10000)
    const drawn = jsQR(canvas.data, canvas.width, canvas.height)?.data ?? ''
    expect(drawn).toBe((await server.sim.checkDegreeShare(share.code)).credential)

    server.sim.revokeDegreeShare(chen.holderId, share.code)
    await app.tap({ text: '查验' })
    await app.waitFor(() => app.texts().includes('验证码已撤销'), 20000)
    expect(app.texts()).not.toContain('陈静')
    expect(app.errors).toEqual([])
  })

  it('verifier page: a scanned paper 医保 credential is green at the pharmacy with the note; revoked, red with the reason', async () => {
    const server = simulatorServer()
    const zhang = holderOf(server.sim, 'p-zhang')
    const paper = await server.sim.issuePaperCredential(zhang.holderId, zhang.certOf('medical-insurance'))
    const app = (mp = await bootMiniProgram({ platform, request: server.handler }))
    await app.navigateTo('/subpackages/verifier/pages/scan/index')
    await app.tap({ text: '药店/医院' })
    await app.waitFor(() => app.texts().some((t) => t.startsWith('核验数据更新于 ')), 20000)
    app.scanQueue.push(paper.credential)
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验通过'), 20000)
    expect(app.texts()).toContain('纸质凭证：请核对本人证件')
    expect(app.texts()).toContain('440106********001X')
    await app.tap({ text: '完成，核验下一位' })

    server.sim.revokePaperCredential(zhang.holderId, paper.paperId)
    await app.tap({ text: '更新核验数据' })
    await app.waitFor(() => !app.texts().includes('正在更新…') && app.texts().includes('更新核验数据'), 20000)
    app.scanQueue.push(paper.credential)
    await app.tap({ text: '扫描持证人二维码' })
    await app.waitFor(() => app.texts().includes('核验未通过'), 20000)
    expect(app.texts()).toContain('该纸质凭证已被持证人作废')
    expect(app.errors).toEqual([])
  })
})
