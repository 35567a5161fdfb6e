/**
 * Issue #14, Alipay export of the 原件: Alipay has no API that hands a file to another app, so the
 * 原件 page offers a one-time, 10-minute download link from the platform, shown as a link and a QR
 * to open on a computer. In the built Alipay app (bare vm, test/miniprogram/boot.ts) against the
 * simulator: PIN, claim, the 原件 page, 生成电脑下载链接 → the QR drawn on the canvas decodes to the
 * link; the link (opened as a computer's browser would) gives the sealed OFD once, which verifies;
 * a second open is refused. Needs `npm run build:alipay` first.
 */
import jsQR from 'jsqr'
import { assertBuilt, bootMiniProgram, type MiniProgram } from './boot'
import { simulatorServer } from './bootSuite'
import { pixelCanvas, selectorQueryOver } from './fakeCanvas'
import { joseBackend } from '../../src/services/crypto/jose.node'
import { verifyOriginal } from '../../src/services/ofd'
import { verifyTrustList } from '../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../src/services/trust/rootKeys'
import { createStatusLookup } from '../../src/services/wallet/trustMaterial'
import { certRegistry } from '../../src/certs/registry'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

beforeAll(() => assertBuilt('alipay'))

it('Alipay: the 原件 page gives a one-time computer download link as a link and a QR; the OFD downloads once and verifies', async () => {
  const server = simulatorServer()
  const canvas = pixelCanvas()
  const app = (mp = await bootMiniProgram({ platform: 'alipay', request: server.handler, extraApi: { createSelectorQuery: selectorQueryOver(canvas, 300) } }))
  for (let round = 0; round < 2; round++) for (const d of '258014') await app.tap({ text: d })
  await app.waitFor(() => app.texts().some((t) => t.startsWith('张明华')), 10000)
  await app.tap({ text: /^张明华/ })
  await app.waitFor(() => app.texts().includes('模拟核验通过'), 10000)
  await app.tap({ text: '模拟核验通过' })
  await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 10000)
  await app.input({ className: 'input' }, '求职学历核验')
  await app.tap({ text: '全部领取' })
  await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 30000)

  const certId = server.sim.listCertificates('p-zhang').find((c) => c.kind === 'driving-licence' && c.status === 'valid')!.certId
  await app.navigateTo(`/subpackages/holder/pages/original/index?certId=${encodeURIComponent(certId)}`)
  await app.waitFor(() => app.texts().some((t) => t.startsWith('签章有效')), 20000)
  // Alipay: no export button; the link instead.
  expect(app.findAll({ text: '导出原件（OFD 文件）' })).toHaveLength(0)
  await app.tap({ text: '生成电脑下载链接' })
  await app.waitFor(() => app.texts().some((t) => t.includes('/api/v1/original-downloads/')), 20000)
  const url = app.texts().find((t) => t.includes('/api/v1/original-downloads/'))!.trim()
  expect(server.paths).toContain(`/api/v1/holder/certificates/${encodeURIComponent(certId)}/original-link`)
  expect(app.text()).toContain('只能下载一次')
  // The QR on the canvas is the same link (a computer's camera, or a phone's, opens it).
  await app.waitFor(() => canvas.draws > 0, 10000)
  expect(jsQR(canvas.data, canvas.width, canvas.height)?.data).toBe(url)

  // A computer's browser opens it: the sealed OFD, once.
  const res = await server.fetch(url)
  expect([res.status, res.headers.get('Content-Type')]).toEqual([200, 'application/ofd'])
  const bytes = new Uint8Array(await res.arrayBuffer())
  const now = Math.floor(server.sim.now().getTime() / 1000)
  const list = await verifyTrustList(await server.sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
  const status = createStatusLookup({
    api: { statusList: async (id: string) => ({ statusList: await server.sim.statusList(id) }) },
    trust: { list, jws: '', fetchedAt: now },
    backend: joseBackend,
    now,
    stored: {}
  })
  const v = await verifyOriginal(bytes, { trust: list, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now, status })
  expect([v.metadata.certId, v.checks.status]).toEqual([certId, 'valid'])
  const again = await server.fetch(url)
  expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([410, 'ERR_DOWNLOAD_LINK_USED'])
  expect(app.errors).toEqual([])
}, 120_000)
