/**
 * Issue #14 §2 over HTTP: the simulator issues a sealed OFD 原件 per certificate, to its holder
 * only; each verifies offline against the root-signed trust list (the issuer's seal key listed for
 * the issuer and the kind) and the issuer's status list. From a stranger's side: no token, a token
 * without its proof, a proof by another key, someone else's token, an unknown 证照标识; and a
 * revocation after the fact makes the stored 原件 fail with the fresh status list.
 */
import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import { readOfd, verifyOriginal } from '../../../../src/services/ofd'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { verifyCertificateCatalogue } from '../../../../src/services/trust/verifyCatalogue'
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

async function material() {
  const list = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec())
  const status = createStatusLookup({ api, trust: { list, jws: '', fetchedAt: nowSec() }, backend: joseBackend, now: nowSec(), stored: {} })
  return { trust: list, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now: nowSec(), status }
}

beforeEach(() => {
  clock = T0
})

describe('GET /holder/certificates/{certId}/original', () => {
  it("gives each of 张明华's certificates as a sealed OFD that verifies offline, with his metadata and 照面", async () => {
    const zhang = holderFor(sim, '张明华', '44010619900315001X')
    const tm = await material()
    const certs = sim.listCertificates(zhang.holderId).filter((c) => c.status === 'valid')
    expect(certs.length).toBeGreaterThanOrEqual(6)
    for (const c of certs) {
      const o = await api.getOriginal(zhang.auth, c.certId)
      expect(o).toMatchObject({ certId: c.certId, kind: c.kind, sealedAt: new Date(nowSec() * 1000).toISOString() })
      const v = await verifyOriginal(base64urlDecode(o.ofd), tm)
      expect(v.module.kind).toBe(c.kind)
      expect(v.issuer.id).toBe(c.issuerId)
      expect(v.metadata.certId).toBe(c.certId)
      expect(v.metadata.issuerName).toBe(c.issuerName)
      expect(v.checks.status).toBe('valid')
      expect(v.seal.esId).toBe(`${c.issuerId}0001`)
    }
    const idCard = certs.find((c) => c.kind === 'id-card')!
    const page = readOfd(base64urlDecode((await api.getOriginal(zhang.auth, idCard.certId)).ofd)).pages[0]
    expect(page.objects).toContainEqual(expect.objectContaining({ type: 'text', name: 'field:name', text: '张明华' }))
  })

  it('the trust list lists one SM2 seal key per issuer for exactly its kinds; the catalogue says every kind has a 原件', async () => {
    const { trust } = await material()
    for (const i of trust.issuers) {
      expect(i.seals).toHaveLength(1)
      expect(i.seals![0]).toMatchObject({ alg: 'SM2SM3', kinds: i.kinds })
      expect(i.seals![0].jwk.crv).toBe('SM2')
    }
    const catalogue = await verifyCertificateCatalogue((await api.certificateCatalogue()).catalogue, PINNED_ROOT_KEYS, joseBackend, nowSec())
    expect(catalogue.items.every((e) => e.hasOriginal)).toBe(true)
  })

  it('a stranger gets nothing: no token, a token without its proof, a proof by another key, someone else’s token, an unknown id', async () => {
    const zhang = holderFor(sim, '张明华', '44010619900315001X')
    const chen = holderFor(sim, '陈静', '110105199304120049')
    const id = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
    const url = `${BASE}/api/v1/holder/certificates/${encodeURIComponent(id)}/original`
    const bare = await fetch(url)
    expect(bare.status).toBe(401)
    expect(((await bare.json()) as { code: string }).code).toBe('ERR_UNAUTHORIZED')
    const noProof = await fetch(url, { headers: { Authorization: `DPoP ${zhang.holderToken}` } })
    expect(((await noProof.json()) as { code: string }).code).toBe('ERR_DPOP_REQUIRED')
    const thief = testDevice({ now: () => clock })
    expect(await codeOf(api.getOriginal(holderAuthOf(zhang.holderToken, thief.sign), id))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(await codeOf(api.getOriginal(chen.auth, id))).toBe('ERR_NOT_FOUND')
    expect(await codeOf(api.getOriginal(zhang.auth, id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')))).toMatch(/^ERR_(IDENTIFIER_CHECK|NOT_FOUND)$/)
  })

  it('a revoked certificate gets no 原件 (409), and one fetched before its revocation fails the fresh status list', async () => {
    const wang = holderFor(sim, '王建国', '510104197809210030')
    const revoked = sim.listCertificates(wang.holderId).find((c) => c.status === 'revoked')!
    expect(await codeOf(api.getOriginal(wang.auth, revoked.certId))).toBe('ERR_CERT_REVOKED')
    const zhang = holderFor(sim, '张明华', '44010619900315001X')
    const id = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
    const bytes = base64urlDecode((await api.getOriginal(zhang.auth, id)).ofd)
    expect((await verifyOriginal(bytes, await material())).checks.status).toBe('valid')
    await api.admin.revoke(DEMO_ADMIN_TOKEN, id)
    expect(await codeOf(verifyOriginal(bytes, await material()))).toBe('ERR_CERT_REVOKED')
  })
})
