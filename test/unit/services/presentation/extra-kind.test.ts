/**
 * A kind the wallet does not ship, end to end: the 居民户口簿 of test/fixtures/extra-kind is
 * claimed, presented for 酒店入住 by a child who has no ID card, printed on paper and verified at
 * the desk — with nothing but that folder's module and seed, passed to the simulator as options
 * and to the core as the registry. No file outside the folder knows the kind.
 */
import { createSimulator } from '../../../../mock/simulator'
import { roleAcceptsBearer } from '../../../../src/certs/bearerFields'
import { certModules, certRegistry, createCertRegistry } from '../../../../src/certs/registry'
import { verifyCredential } from '../../../../src/services/credential/verifyCredential'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation, ReplayCache, verifyBearerCredential, verifyPresentation } from '../../../../src/services/presentation'
import { verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { checkPurposeBatch, presentablePurposes } from '../../../../src/services/wallet/purposeCredentials'
import { buildBearerView } from '../../../../src/subpackages/verifier/model/bearerView'
import { buildResultView } from '../../../../src/subpackages/verifier/model/resultView'
import { findRole } from '../../../../src/vocabulary/roles'
import { hukou } from '../../../fixtures/extra-kind'
import { hukouSeed } from '../../../fixtures/extra-kind/seed'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const registry = createCertRegistry([...certModules, hukou])
const HOTEL = findRole('hotel')!
const POLICE = findRole('police')!

async function setup(backend: CryptoBackend) {
  const sim = createSimulator({ now: () => new Date(NOW * 1000), certModules: registry.modules, extraSeed: hukouSeed })
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, backend, NOW)
  const list = await verifyStatusListJwt(await sim.statusList('bj-gaj'), { trust, backend, nowSeconds: NOW })
  const status = async ({ listId, idx }: { listId: string; idx: number }) => (listId === 'bj-gaj' ? list.list.statusAt(idx) : 'unknown')
  const holderId = sim.internals.tokenForTests('刘小雨', '110101201106050021').holderId
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  return { sim, trust, status, holderId, device }
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('the 户口簿 of a child, end to end on %s', (_n, backend) => {
  it('is claimed as a credential the wallet verifies as the fixture kind', async () => {
    const t = await setup(backend)
    const certs = t.sim.listCertificates(t.holderId)
    expect(certs.map((c) => c.kind)).toEqual(['hukou'])
    const issued = await t.sim.issueCredential(t.holderId, certs[0].certId, t.device.publicJwk)
    // As the wallet checks what it stores: the credential as issued, without a key binding (opted out explicitly).
    const v = await verifyCredential(issued.credential, { registry, trust: t.trust, backend, now: NOW, keyBinding: 'not-required', status: ({ idx }) => t.status({ listId: 'bj-gaj', idx }) })
    expect(v).toMatchObject({ kind: 'hukou', certId: certs[0].certId, checks: { signature: true, status: 'valid' } })
    expect(v.claims).toMatchObject({ name: '刘小雨', relationship: '女', head_of_household: '刘建军' })
    // The wallet as shipped does not know the kind.
    await expect(verifyCredential(issued.credential, { registry: certRegistry, trust: t.trust, backend, now: NOW, keyBinding: 'not-required' })).rejects.toMatchObject({ code: 'ERR_UNKNOWN_KIND' })
  })

  it('is presented for 酒店入住 in the ID card\'s slot and verified at the hotel desk, the ID number shown whole', async () => {
    const t = await setup(backend)
    expect(presentablePurposes(t.sim.listCertificates(t.holderId).map((c) => ({ kind: c.kind, status: c.status })), registry)).toEqual(['hotel'])

    const batch = await t.sim.issuePurposeCredentials(t.holderId, 'hotel', t.device.publicJwk, 2)
    const stored = await checkPurposeBatch(batch, { purpose: 'hotel', deviceKey: t.device.publicJwk, registry, trust: t.trust, backend, now: NOW }, NOW * 1000)
    expect(stored.kinds).toEqual(['hukou'])
    const qr = await createPresentation({ credentials: stored.sets[0].credentials.map(base64urlDecode), deviceKey: t.device.privateJwk, now: NOW - 3, backend })

    const ctx = { trust: t.trust, registry, backend, now: NOW, status: t.status, replay: new ReplayCache() }
    const v = await verifyPresentation(qr, { ...ctx, purposes: HOTEL.purposes })
    expect(v.certs.map((c) => c.kind)).toEqual(['hukou'])
    expect(Object.keys(v.certs[0].claims).sort()).toEqual([...hukou.presets.find((p) => p.purpose === 'hotel')!.fields].sort())
    expect(v.checks).toMatchObject({ deviceProof: true, status: 'valid', replay: 'checked' })

    const view = buildResultView(v, HOTEL, registry)
    expect(view.purpose).toBe('hotel')
    expect(view.certs[0]).toMatchObject({ kind: 'hukou', label: '居民户口簿', issuerName: '北京市公安局' })
    expect(view.certs[0].fields.find((f) => f.name === 'id_number')).toMatchObject({ label: '公民身份号码', value: '110101201106050021', revealed: true })

    // A traffic officer does not take a hotel QR.
    const again = await createPresentation({ credentials: stored.sets[1].credentials.map(base64urlDecode), deviceKey: t.device.privateJwk, now: NOW - 2, backend })
    await expect(verifyPresentation(again, { ...ctx, purposes: POLICE.purposes })).rejects.toMatchObject({ code: 'ERR_PURPOSE_MISMATCH' })
  })

  it('is printed on paper with the fields its module names and taken by the hotel desk, not by a traffic officer', async () => {
    const t = await setup(backend)
    const certId = t.sim.listCertificates(t.holderId)[0].certId
    const paper = await t.sim.issuePaperCredential(t.holderId, certId)

    const ctx = (role: typeof HOTEL) => ({
      trust: t.trust,
      registry,
      backend,
      now: NOW,
      status: t.status,
      accepts: (use: 'paper' | 'degree-share', kind: string) => roleAcceptsBearer(role, use, kind, registry.modules)
    })
    const b = await verifyBearerCredential(paper.credential, ctx(HOTEL))
    expect(b).toMatchObject({ use: 'paper', kind: 'hukou', ref: paper.paperId, checks: { issuerSignature: true, status: 'valid' } })
    expect(b.claims).toEqual({ name: '刘小雨', sex: '女', id_number: '110101********0021', household_type: '家庭户' })

    const view = buildBearerView(b, HOTEL, registry)
    expect(view.certs[0].fields.map((f) => [f.label, f.value])).toEqual([
      ['姓名', '刘小雨'],
      ['性别', '女'],
      ['公民身份号码', '110101********0021'],
      ['户别', '家庭户']
    ])
    await expect(verifyBearerCredential(paper.credential, ctx(POLICE))).rejects.toMatchObject({ code: 'ERR_PURPOSE_MISMATCH', detail: 'verifier-role' })

    // Cancelling the 户口簿 page takes the paper with it.
    t.sim.revoke(certId)
    const after = await verifyStatusListJwt(await t.sim.statusList('bj-gaj'), { trust: t.trust, backend, nowSeconds: NOW })
    await expect(
      verifyBearerCredential(paper.credential, { ...ctx(HOTEL), status: async ({ idx }) => after.list.statusAt(idx) })
    ).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED', detail: 'cert-revoked' })
  })
})
