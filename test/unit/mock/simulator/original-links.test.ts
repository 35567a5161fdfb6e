/**
 * Issue #14, Alipay export of the 原件: a short-lived, single-use download link the platform issues
 * to the holder (POST /holder/certificates/{certId}/original-link, holder auth with DPoP), opened on a
 * computer (GET /original-downloads/{token}): the sealed OFD as `application/ofd`, once; it verifies
 * offline. From a stranger's side: no token, no proof, another key's proof, someone else's token,
 * a made-up or altered link, the link used twice, after its 10 minutes, a link replaced by a newer
 * one, a certificate revoked before the download. The platform keeps only the token's digest.
 */
import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import { ORIGINAL_LINK_TTL_SEC } from '../../../../mock/simulator/originalLinks'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { WalletError } from '../../../../src/services/errors'
import { verifyOriginal } from '../../../../src/services/ofd'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { createStatusLookup } from '../../../../src/services/wallet/trustMaterial'
import { certRegistry } from '../../../../src/certs/registry'
import { installMockApi } from '../../../support/mockApi'
import { holderFor, testDevice } from '../../../support/holderAuth'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const { sim } = installMockApi({ now: () => new Date(clock) })
const BASE = 'http://gov.test'
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = () => Math.floor(clock / 1000)

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof WalletError) return e.code
    throw e
  }
  return 'OK'
}

async function download(url: string): Promise<{ status: number; code?: string; bytes?: Uint8Array; headers: Headers }> {
  const res = await fetch(url)
  if (res.headers.get('Content-Type') === 'application/ofd') return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers }
  return { status: res.status, code: ((await res.json()) as { code: string }).code, headers: res.headers }
}

function setUp() {
  const zhang = holderFor(sim, '张明华', '44010619900315001X')
  const chen = holderFor(sim, '陈静', '110105199304120049')
  const certId = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'driving-licence' && c.status === 'valid')!.certId
  return { zhang, chen, certId }
}

beforeEach(() => {
  clock = T0
})

describe('the 原件 download link (Alipay: no file hand-over)', () => {
  it('gives the holder a 10-minute link; the first GET is the sealed OFD as application/ofd, which verifies offline; it shows in 用证记录', async () => {
    const { zhang, certId } = setUp()
    const link = await api.createOriginalLink(zhang.auth, certId)
    expect(link.certId).toBe(certId)
    expect(link.url).toMatch(new RegExp(`^${BASE}/api/v1/original-downloads/[A-Za-z0-9_-]{43}$`))
    expect(Date.parse(link.expiresAt)).toBe((nowSec() + ORIGINAL_LINK_TTL_SEC) * 1000)
    expect(link.fileName).toMatch(/^电子驾驶证-.+\.ofd$/)
    clock += (ORIGINAL_LINK_TTL_SEC - 1) * 1000
    const got = await download(link.url)
    expect(got.status).toBe(200)
    expect(got.headers.get('Cache-Control')).toBe('no-store')
    expect(got.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(link.fileName)}`)
    const list = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec())
    const status = createStatusLookup({ api, trust: { list, jws: '', fetchedAt: nowSec() }, backend: joseBackend, now: nowSec(), stored: {} })
    const v = await verifyOriginal(got.bytes!, { trust: list, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now: nowSec(), status })
    expect([v.metadata.certId, v.module.kind, v.checks.status]).toEqual([certId, 'driving-licence', 'valid'])
    const { items } = await api.listUsageRecords(zhang.auth, certId)
    expect(items.find((r) => r.purpose.startsWith('原件下载'))).toMatchObject({ channel: 'file-retrieval', certIds: [certId] })
    // The state holds no live link: only its digest.
    const token = link.url.split('/').pop()!
    expect(JSON.stringify(sim.exportState())).not.toContain(token)
  })

  it('is single use, and ends after 10 minutes (410 with its own code); a newer link ends the older unused one', async () => {
    const { zhang, certId } = setUp()
    const first = await api.createOriginalLink(zhang.auth, certId)
    expect((await download(first.url)).status).toBe(200)
    expect(await download(first.url)).toMatchObject({ status: 410, code: 'ERR_DOWNLOAD_LINK_USED' })

    const late = await api.createOriginalLink(zhang.auth, certId)
    clock += ORIGINAL_LINK_TTL_SEC * 1000
    expect(await download(late.url)).toMatchObject({ status: 410, code: 'ERR_DOWNLOAD_LINK_EXPIRED' })

    const older = await api.createOriginalLink(zhang.auth, certId)
    const newer = await api.createOriginalLink(zhang.auth, certId)
    expect(newer.url).not.toBe(older.url)
    expect(await download(older.url)).toMatchObject({ status: 410, code: 'ERR_DOWNLOAD_LINK_EXPIRED' })
    expect((await download(newer.url)).status).toBe(200)
  })

  it('survives a restart of the simulator (state document), still single use', async () => {
    const { zhang, certId } = setUp()
    const link = await api.createOriginalLink(zhang.auth, certId)
    const doc = sim.exportState()
    sim.reset()
    expect(await download(link.url)).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' })
    sim.importState(doc)
    expect((await download(link.url)).status).toBe(200)
    const after = sim.exportState()
    sim.reset()
    sim.importState(after)
    expect(await download(link.url)).toMatchObject({ status: 410, code: 'ERR_DOWNLOAD_LINK_USED' })
    // A document written before the links existed (no `originalLinks` part) reads as none.
    const older = structuredClone(after) as { state: Record<string, unknown> }
    delete older.state.originalLinks
    sim.importState(older)
    expect(await download(link.url)).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' })
  })

  it('a stranger gets no link: no token, a token without its proof, another key’s proof, someone else’s token or certificate', async () => {
    const { zhang, chen, certId } = setUp()
    const url = `${BASE}/api/v1/holder/certificates/${encodeURIComponent(certId)}/original-link`
    const bare = await fetch(url, { method: 'POST' })
    expect([bare.status, ((await bare.json()) as { code: string }).code]).toEqual([401, 'ERR_UNAUTHORIZED'])
    const noProof = await fetch(url, { method: 'POST', headers: { Authorization: `DPoP ${zhang.holderToken}` } })
    expect([noProof.status, ((await noProof.json()) as { code: string }).code]).toEqual([401, 'ERR_DPOP_REQUIRED'])
    const thief = testDevice({ now: () => clock })
    expect(await codeOf(api.createOriginalLink(holderAuthOf(zhang.holderToken, thief.sign), certId))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(await codeOf(api.createOriginalLink(chen.auth, certId))).toBe('ERR_NOT_FOUND')
    // A replayed proof: the same DPoP proof sent twice.
    const proof = await zhang.device.sign('POST', `/api/v1/holder/certificates/${encodeURIComponent(certId)}/original-link`, zhang.holderToken)
    const headers = { Authorization: `DPoP ${zhang.holderToken}`, DPoP: proof }
    expect((await fetch(url, { method: 'POST', headers })).status).toBe(201)
    const replay = await fetch(url, { method: 'POST', headers })
    expect([replay.status, ((await replay.json()) as { code: string }).code]).toEqual([401, 'ERR_DPOP_REPLAYED'])
  })

  it('a made-up, altered or malformed link is 404 and spends nothing; a certificate revoked before the download is 409', async () => {
    const { zhang, certId } = setUp()
    const link = await api.createOriginalLink(zhang.auth, certId)
    const token = link.url.split('/').pop()!
    const altered = link.url.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    const madeUp = `${BASE}/api/v1/original-downloads/${'x'.repeat(43)}`
    for (const u of [altered, madeUp, `${BASE}/api/v1/original-downloads/short`, `${BASE}/api/v1/original-downloads/${'%2E'.repeat(43)}`]) {
      expect([u, await download(u)]).toMatchObject([u, { status: 404, code: 'ERR_NOT_FOUND' }])
    }
    const revoke = await fetch(`${BASE}/api/v1/admin/certificates/${encodeURIComponent(certId)}/revoke`, { method: 'POST', headers: { 'X-Admin-Token': DEMO_ADMIN_TOKEN } })
    expect(revoke.status).toBe(200)
    expect(await download(link.url)).toMatchObject({ status: 409, code: 'ERR_CERT_REVOKED' })
    expect(await codeOf(api.createOriginalLink(zhang.auth, certId))).toBe('ERR_CERT_REVOKED')
  })
})
