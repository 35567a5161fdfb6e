/**
 * 线上身份核验 (issue #16) in the built WeChat and Alipay apps, booted in a bare vm (no crypto, no
 * TextEncoder, no URL: test/miniprogram/boot.ts) against the simulator and a relying party
 * simulated here (its request_uri and response endpoint, answered through wx.request / my.request):
 * - cross-device: the holder scans the RP's QR (scanCode / my.scan), sees the registered name and
 *   the one field, approves with the PIN; the answer is posted to the RP, which verifies it with
 *   the verifier entry point (jose);
 * - same-device: the RP's own mini-program opens the wallet (navigateToMiniProgram, extraData with
 *   the request by reference; a hot start with referrerInfo); after the PIN the outcome, never the
 *   credential, goes back through navigateBackMiniProgram; a decline goes back as declined; a
 *   stranger mini-program relaying the same RP's request is refused before consent.
 * Needs `npm run build:weapp` and `npm run build:alipay` first.
 */
import { assertBuilt, bootMiniProgram, requestViaFetch, type MiniProgram, type MiniRequest, type Platform } from './boot'
import { simulatorServer } from './bootSuite'
import { keyPairFromSecret } from '../../src/services/crypto'
import { base64urlEncode } from '../../src/services/encoding'
import { certRegistry, joseBackend, joseJwe, PINNED_ROOT_KEYS, signAuthorizationRequest, signRpRegistration, verifyOnlineResponse, verifyTrustList, type OpenRequest } from '../../src/verifier'
import { seedRegistrationCodes, SHOP_MINI_PROGRAMS } from '../../mock/simulator/relyingParties'
import { ZHANG_CARD_COUNT } from '../support/demoHolder'

const SHOP = '91440101MA5D7RQ21E'
const ORIGIN = 'https://shop.example'
const PIN = '135790'
const ONLINE_PAGE = 'subpackages/online/pages/request/index'
const rand = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
const nowSec = () => Math.floor(Date.now() / 1000)

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

/** The simulator plus the RP "粤信通网上营业厅", registered with its keys; serves its requests by reference and records what is posted. */
async function world() {
  const server = simulatorServer()
  const sign = keyPairFromSecret(rand(32)).privateJwk
  const enc = keyPairFromSecret(rand(32)).privateJwk
  const code = seedRegistrationCodes(server.sim.seed).find((c) => c.id === SHOP)!.registrationCode
  await server.sim.registerRelyingParty(await signRpRegistration(sign, { client_id: SHOP, registration_code: code, response_uri: `${ORIGIN}/response`, enc_jwk: enc, iat: nowSec() }, joseBackend))
  const requests = new Map<string, { jws: string; open: OpenRequest }>()
  const posted: Record<string, unknown>[] = []
  const rpFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const path = new URL(req.url).pathname
    const served = requests.get(path)
    if (req.method === 'GET' && served) return new Response(served.jws, { status: 200, headers: { 'content-type': 'application/oauth-authz-req+jwt' } })
    if (req.method === 'POST' && path === '/response') {
      posted.push((await req.json()) as Record<string, unknown>)
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    return new Response('{"code":"ERR_NOT_FOUND"}', { status: 404 })
  }) as typeof fetch
  const toRp = requestViaFetch(rpFetch)
  const handler = (req: MiniRequest) => (req.url.startsWith(`${ORIGIN}/`) ? toRp(req) : server.handler(req))
  let n = 0
  /** A new signed request for 已满18周岁, served at its own request_uri; its QR text and what the RP remembers. */
  async function newRequest() {
    const nonce = base64urlEncode(rand(18))
    const state = base64urlEncode(rand(12))
    const jws = await signAuthorizationRequest({ clientId: SHOP, responseUri: `${ORIGIN}/response`, purpose: 'age-over-18', claims: ['age_over_18'], nonce, state, iat: nowSec() }, sign, joseBackend)
    const path = `/request/${++n}`
    const open: OpenRequest = { clientId: SHOP, purpose: 'age-over-18', claims: ['age_over_18'], nonce, state, exp: nowSec() + 300 }
    requests.set(path, { jws, open })
    const requestUri = `${ORIGIN}${path}`
    return { requestUri, qr: `openid4vp://?client_id=${SHOP}&request_uri=${encodeURIComponent(requestUri)}`, open }
  }
  async function rpVerifies(response: unknown, open: OpenRequest) {
    const trust = await verifyTrustList(await server.sim.trustList(), PINNED_ROOT_KEYS, joseBackend, nowSec())
    return verifyOnlineResponse(response, { trust, registry: certRegistry, backend: joseBackend, now: nowSec(), decryptionKey: enc, jwe: joseJwe, requestFor: async () => open, spend: async () => true })
  }
  return { server, handler, posted, newRequest, rpVerifies }
}

async function typePin(app: MiniProgram): Promise<void> {
  for (const d of PIN) await app.tap({ className: `pinpad__key--${d}` })
}

/** First run: PIN twice, 张明华 signs in through the simulated face check and claims everything. */
async function claimAll(app: MiniProgram): Promise<void> {
  for (const round of ['设置 6 位数字密码', '请再输入一次密码']) {
    await app.waitFor(() => app.texts().includes(round), 20000)
    await typePin(app)
  }
  await app.waitFor(() => app.texts().includes('领取电子证照'), 20000)
  await app.tap({ text: /^张明华/ })
  await app.waitFor(() => app.texts().includes('模拟核验通过'), 20000)
  await app.tap({ text: '模拟核验通过' })
  await app.waitFor(() => app.texts().some((t) => t.startsWith('可领取的证照')), 20000)
  await app.input({ className: 'input' }, '求职学历核验')
  await app.tap({ text: '全部领取' })
  await app.waitFor(() => app.texts().filter((t) => t.startsWith('真实有效')).length === ZHANG_CARD_COUNT, 30000)
}

/** The online page after a hot start: unlock first if the wallet locked in the background. */
async function unlockIfAsked(app: MiniProgram): Promise<void> {
  await app.waitFor(() => app.texts().includes('向网站证明身份前请输入密码') || app.texts().includes('同意并发送') || app.find({ id: 'online-refused' }), 20000)
  if (app.texts().includes('向网站证明身份前请输入密码')) await typePin(app)
}

async function approveWithPin(app: MiniProgram): Promise<void> {
  await app.tap({ text: '同意并发送' })
  await app.waitFor(() => app.find({ className: 'pinpad__key--1' }), 20000)
  await typePin(app)
}

describe.each(['weapp', 'alipay'] as Platform[])('线上身份核验 in the %s build (bare vm)', (platform) => {
  beforeAll(() => assertBuilt(platform))

  it('cross-device: scan the RP’s QR, consent names the registered RP and one field, the PIN sends; the RP verifies 已满18周岁 and a pseudonym', async () => {
    const w = await world()
    const app = (mp = await bootMiniProgram({ platform, request: w.handler }))
    await claimAll(app)
    await app.tap({ text: '线上身份核验（扫网站二维码）' })
    expect(app.page.route).toBe(ONLINE_PAGE)
    const { qr, open } = await w.newRequest()
    app.scanQueue.push(qr)
    await app.tap({ text: '扫描网站上的二维码' })
    await app.waitFor(() => app.texts().includes('同意并发送'), 30000)
    expect(app.calls(platform === 'weapp' ? 'scanCode' : 'scan')).toHaveLength(1)
    // The registered name (from the root-signed registry), and exactly the one field.
    expect(app.texts()).toContain('粤信通网上营业厅')
    expect(app.text()).toContain('已满18周岁')
    expect(app.text()).toContain('对方不会收到您的身份证号')
    expect(w.posted).toEqual([])

    await approveWithPin(app)
    await app.waitFor(() => app.texts().includes('已发送'), 30000)
    expect(w.posted).toHaveLength(1)
    const v = await w.rpVerifies(w.posted[0].response, open)
    expect(v.claims).toEqual({ age_over_18: true })
    expect(v.subject).toMatch(/^pw-/)
    // Nothing identifying travelled in clear to the RP's endpoint.
    expect(JSON.stringify(w.posted)).not.toMatch(/44010619900315001X|张明华/)
    // Opened from the wallet itself: there is no caller to go back to.
    expect(app.calls('navigateBackMiniProgram')).toEqual([])
    expect(app.errors).toEqual([])
  }, 180000)

  it('same-device: the RP’s own mini-program opens the wallet with extraData; sent and declined go back to it; a stranger relaying the request is refused', async () => {
    const w = await world()
    const app = (mp = await bootMiniProgram({ platform, request: w.handler }))
    await claimAll(app)
    const appId = SHOP_MINI_PROGRAMS[platform][0]

    // 1. The RP's registered mini-program: consent, PIN, the answer to the RP, {sent, state} to the caller.
    const first = await w.newRequest()
    await app.enter({ path: ONLINE_PAGE, scene: 1037, referrerInfo: { appId, extraData: { client_id: SHOP, request_uri: first.requestUri } } })
    await unlockIfAsked(app)
    await app.waitFor(() => app.texts().includes('同意并发送'), 30000)
    expect(app.texts()).toContain('粤信通网上营业厅')
    await approveWithPin(app)
    await app.waitFor(() => app.returnedToCaller.length === 1, 30000)
    expect(app.returnedToCaller).toEqual([{ appId, extraData: { type: 'certwallet-online-result', request_uri: first.requestUri, status: 'sent', state: first.open.state } }])
    expect(w.posted).toHaveLength(1)
    expect((await w.rpVerifies(w.posted[0].response, first.open)).claims).toEqual({ age_over_18: true })

    // 2. Again, and the holder declines: the RP hears access_denied, the caller `declined`.
    const second = await w.newRequest()
    await app.enter({ path: ONLINE_PAGE, scene: 1037, referrerInfo: { appId, extraData: { client_id: SHOP, request_uri: second.requestUri } } })
    await unlockIfAsked(app)
    await app.waitFor(() => app.texts().includes('拒绝'), 30000)
    await app.tap({ text: '拒绝' })
    await app.waitFor(() => app.returnedToCaller.length === 2, 30000)
    expect(app.returnedToCaller[1].extraData).toEqual({ type: 'certwallet-online-result', request_uri: second.requestUri, status: 'declined', state: second.open.state })
    expect(w.posted[1]).toEqual({ error: 'access_denied', state: second.open.state })

    // 3. A stranger mini-program relays the RP's genuine request: refused before consent, nothing posted.
    const third = await w.newRequest()
    const stranger = platform === 'weapp' ? 'wx0123456789abcdef' : '2021000000000001'
    await app.enter({ path: ONLINE_PAGE, scene: 1037, referrerInfo: { appId: stranger, extraData: { client_id: SHOP, request_uri: third.requestUri } } })
    await unlockIfAsked(app)
    await app.waitFor(() => app.find({ id: 'online-refused' }), 30000)
    expect(app.texts()).not.toContain('同意并发送')
    expect(app.text()).toContain('没有在政务平台登记')
    expect(w.posted).toHaveLength(2)
    await app.tap({ text: '返回来源小程序' })
    await app.waitFor(() => app.returnedToCaller.length === 3, 30000)
    expect(app.returnedToCaller[2]).toEqual({ appId: stranger, extraData: { type: 'certwallet-online-result', request_uri: third.requestUri, status: 'refused', error: 'ERR_RP_UNKNOWN' } })
    expect(app.errors).toEqual([])
  }, 180000)

  it('same-device, cold start: the wallet was not running; launched by the RP’s mini-program straight into the page, it asks for the PIN, then answers', async () => {
    const w = await world()
    const first = (mp = await bootMiniProgram({ platform, request: w.handler }))
    await claimAll(first)
    const storage = Object.fromEntries(first.storage)
    first.dispose()
    const appId = SHOP_MINI_PROGRAMS[platform][0]
    const req = await w.newRequest()
    const app = (mp = await bootMiniProgram({
      platform,
      request: w.handler,
      storage,
      launch: { path: ONLINE_PAGE, scene: 1037, referrerInfo: { appId, extraData: { client_id: SHOP, request_uri: req.requestUri } } }
    }))
    expect(app.page.route).toBe(ONLINE_PAGE)
    await app.waitFor(() => app.texts().includes('向网站证明身份前请输入密码'), 20000)
    // Nothing about the RP before the wallet is unlocked and the request checked.
    expect(app.text()).not.toContain('粤信通网上营业厅')
    await typePin(app)
    await app.waitFor(() => app.texts().includes('同意并发送'), 30000)
    await approveWithPin(app)
    await app.waitFor(() => app.returnedToCaller.length === 1, 30000)
    expect(app.returnedToCaller[0]).toEqual({ appId, extraData: { type: 'certwallet-online-result', request_uri: req.requestUri, status: 'sent', state: req.open.state } })
    expect((await w.rpVerifies(w.posted[0].response, req.open)).claims).toEqual({ age_over_18: true })
    expect(app.errors).toEqual([])
  }, 180000)
})
