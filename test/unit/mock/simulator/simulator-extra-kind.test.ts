/**
 * The simulator issues a kind the wallet does not ship (the 户口簿 of test/fixtures/extra-kind),
 * given only that folder's module and seed as options: listed, claimed as an SD-JWT VC whose issuer
 * signature and status verify with the wallet's own verifiers, presented for its purpose, printed.
 */
import { createSimulator } from '../../../../mock/simulator'
import { kindForCertId } from '../../../../src/certs/identifier'
import { certModules, createCertRegistry } from '../../../../src/certs/registry'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { decodeCredentialBody, readBearerCredential } from '../../../../src/services/presentation'
import { verifySdJwt } from '../../../../src/services/sdjwt/verify'
import { verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { hukou } from '../../../fixtures/extra-kind'
import { hukouSeed } from '../../../fixtures/extra-kind/seed'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const registry = createCertRegistry([...certModules, hukou])
const device = keyPairFromSecret(new Uint8Array(32).fill(9)).publicJwk

function setup(options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ now: () => new Date(NOW * 1000), certModules: registry.modules, extraSeed: hukouSeed, ...options })
  const holderId = sim.internals.tokenForTests('陈静', '110105199304120049').holderId
  return { sim, holderId }
}

it('lists the seeded 户口簿 with its registry label and issuer, and a 证照标识 of its type code', () => {
  const { sim, holderId } = setup()
  const book = sim.listCertificates(holderId).find((c) => c.kind === 'hukou')!
  expect(book).toMatchObject({ title: '居民户口簿', issuerName: '北京市公安局', status: 'valid', validUntil: '长期', purposeRequired: false })
  expect(kindForCertId(book.certId, registry)).toBe('hukou')
  // Her other certificates are untouched.
  expect(sim.listCertificates(holderId).map((c) => c.kind)).toEqual(['id-card', 'degree', 'medical-insurance', 'hukou'])
})

it('issues it as an SD-JWT VC the wallet verifies: trust list, issuer signature, status entry', async () => {
  const { sim, holderId } = setup()
  const certId = sim.listCertificates(holderId).find((c) => c.kind === 'hukou')!.certId
  const issued = await sim.issueCredential(holderId, certId, device)

  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, NOW)
  expect(trust.issuers.find((i) => i.name === '北京市公安局')!.kinds).toEqual(['id-card', 'hukou'])
  const list = await verifyStatusListJwt(await sim.statusList('bj-gaj'), { trust, backend: joseBackend, nowSeconds: NOW })
  // The credential as issued (before any presentation): the key binding is explicitly not asked for.
  const v = await verifySdJwt(issued.credential, { trust, backend: joseBackend, now: NOW, keyBinding: 'not-required', status: async ({ idx }) => list.list.statusAt(idx) })

  expect(v.checks).toMatchObject({ signature: true, status: 'valid' })
  expect(v.payload.vct).toBe(hukou.vct)
  expect(v.payload.cnf?.jwk.x).toBe(device.x)
  expect(v.claims).toMatchObject({ cert_id: certId, household_type: '家庭户', relationship: '户主', id_number: '110105199304120049' })

  sim.revoke(certId)
  const after = await verifyStatusListJwt(await sim.statusList('bj-gaj'), { trust, backend: joseBackend, nowSeconds: NOW })
  await expect(verifySdJwt(issued.credential, { trust, backend: joseBackend, now: NOW, keyBinding: 'not-required', status: async ({ idx }) => after.list.statusAt(idx) })).rejects.toMatchObject({
    code: 'ERR_CERT_REVOKED'
  })
})

it('adds it to the purpose its preset names (用人单位), with exactly the preset fields', async () => {
  const { sim, holderId } = setup()
  const batch = await sim.issuePurposeCredentials(holderId, 'employment', device, 1)
  expect(batch.kinds).toEqual(['id-card', 'hukou'])
  // One issuer (北京市公安局) signs both: one credential.
  const [credential] = batch.sets[0].credentials
  const raw = base64urlDecode(credential)
  const body = decodeCredentialBody(raw.subarray(0, raw.length - 64), registry)
  expect(Object.keys(body.certs.find((c) => c.kind === 'hukou')!.claims).sort()).toEqual([...hukou.presets[0].fields].sort())
})

it('prints it on paper with the fields its module names, masking the ID number before signing', async () => {
  const { sim, holderId } = setup()
  const certId = sim.listCertificates(holderId).find((c) => c.kind === 'hukou')!.certId
  const paper = await sim.issuePaperCredential(holderId, certId)
  const { body } = readBearerCredential(paper.credential, registry)
  expect(body).toMatchObject({ use: 'paper', kind: 'hukou', status: { listId: 'bj-gaj' } })
  expect(body.claims).toEqual({ name: '陈静', sex: '女', id_number: '110105********0049', household_type: '家庭户' })
})

it('is unknown to a simulator without the module, and a seed naming it there is refused', () => {
  const { sim, holderId } = setup({ certModules: undefined, extraSeed: undefined })
  expect(sim.listCertificates(holderId).some((c) => c.kind === 'hukou')).toBe(false)
  expect(() => createSimulator({ extraSeed: hukouSeed })).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_KIND' }))
})
