/**
 * 证照目录 (#14 §4), signed by the root and checked with verifyCertificateCatalogue: built from the certificate registry and the trust list's issuers, never a
 * second list. Every kind is in it with its own 证照类型代码, the issuers the root-signed trust list
 * lists for it, and the 用证事由 its presets fill; a kind added to the registry appears by itself.
 */
import { createSimulator } from '../../../mock/simulator'
import { certCatalogue, type CatalogueEntry } from '../../../src/certs/catalogue'
import { certModules, certRegistry, createCertRegistry } from '../../../src/certs/registry'
import type { CertModule } from '../../../src/certs/types'
import { validateUscc } from '../../../src/certs/uscc'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { verifyCertificateCatalogue } from '../../../src/services/trust/verifyCatalogue'
import { verifyTrustList } from '../../../src/services/trust/verifyTrustList'
import { PURPOSE_IDS } from '../../../src/vocabulary/purposes'
import { hukou } from '../../fixtures/extra-kind'
import { hukouSeed } from '../../fixtures/extra-kind/seed'

const NOW_MS = Date.parse('2026-11-27T12:00:00+08:00')
const TYPE_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$/

async function catalogueAndTrust(modules: readonly CertModule[] = certModules, extraSeed = {}) {
  const sim = createSimulator({ now: () => new Date(NOW_MS), certModules: modules, extraSeed })
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, NOW_MS / 1000)
  const catalogue = await verifyCertificateCatalogue(await sim.certificateCatalogue(), PINNED_ROOT_KEYS, joseBackend, NOW_MS / 1000)
  return { catalogue, trust }
}

function entryOf(items: readonly CatalogueEntry[], kind: string): CatalogueEntry {
  const entry = items.find((e) => e.kind === kind)
  if (!entry) throw new Error(`no catalogue entry for ${kind}`)
  return entry
}

it('has exactly one entry per kind of the registry, in registry order, named and coded as the module', async () => {
  const { catalogue } = await catalogueAndTrust()
  expect(catalogue.items.map((e) => e.kind)).toEqual(certModules.map((m) => m.kind))
  for (const module of certModules) {
    const entry = entryOf(catalogue.items, module.kind)
    expect(entry).toMatchObject({ typeCode: module.typeCode, name: module.label, vct: module.vct })
  }
  expect(catalogue).toMatchObject({ iss: 'CN-GOV-ROOT', iat: NOW_MS / 1000, version: 1 })
  expect(catalogue.exp).toBeGreaterThan(catalogue.iat)
})

it('gives every kind a 证照类型代码 of a valid 统一社会信用代码 and a 3-digit type number, none shared', async () => {
  const { catalogue } = await catalogueAndTrust()
  for (const entry of catalogue.items) {
    expect(entry.typeCode).toMatch(TYPE_CODE)
    expect(validateUscc(entry.typeCode.slice(0, 18))).toBe(true)
    expect(entry.typeCode.slice(18)).not.toBe('000')
  }
  expect(new Set(catalogue.items.map((e) => e.typeCode)).size).toBe(catalogue.items.length)
})

it('lists as 颁发机构 exactly the issuers the root-signed trust list lists for each kind, and every kind has one', async () => {
  const { catalogue, trust } = await catalogueAndTrust()
  for (const entry of catalogue.items) {
    const listed = trust.issuers.filter((i) => i.kinds.includes(entry.kind)).map((i) => ({ id: i.id, name: i.name, region: i.region }))
    expect(entry.issuers).toEqual(listed)
    expect(entry.issuers.length).toBeGreaterThan(0)
  }
  // Spot checks against the seed: every provincial 公安 issues the ID card; only 交管局 the licences.
  expect(entryOf(catalogue.items, 'id-card').issuers.map((i) => i.name)).toEqual(['广东省公安厅', '浙江省公安厅', '四川省公安厅', '北京市公安局'])
  expect(entryOf(catalogue.items, 'driving-licence').issuers.map((i) => i.name)).toEqual(['公安部交通管理局'])
})

it('lists as 用证事由 exactly the purposes each kind has a preset for, in the purpose registry order', async () => {
  const { catalogue } = await catalogueAndTrust()
  for (const module of certModules) {
    const expected = PURPOSE_IDS.filter((p) => module.presets.some((preset) => preset.purpose === p))
    expect(entryOf(catalogue.items, module.kind).purposes).toEqual(expected)
  }
  // Each purpose's slots (derived from the same presets) name only kinds whose entry lists it.
  for (const purpose of PURPOSE_IDS) {
    for (const slot of certRegistry.slots(purpose)) {
      for (const kind of slot.kinds) expect(entryOf(catalogue.items, kind).purposes).toContain(purpose)
    }
  }
  expect(entryOf(catalogue.items, 'driving-licence').purposes).toEqual(['traffic-stop'])
})

it('says 自然人 for every shipped kind, and a sealed OFD 原件 for every kind an issuer of the trust list seals', async () => {
  const { catalogue, trust } = await catalogueAndTrust()
  for (const entry of catalogue.items) {
    const sealed = trust.issuers.some((i) => (i.seals ?? []).some((s) => s.kinds.includes(entry.kind)))
    expect(sealed).toBe(true)
    expect(entry).toMatchObject({ holderCategory: 'natural-person', hasOriginal: sealed })
  }
})

it('takes a kind added to the registry with its issuer, without any other list to update (户口簿)', async () => {
  const { catalogue, trust } = await catalogueAndTrust([...certModules, hukou], hukouSeed)
  const book = entryOf(catalogue.items, 'hukou')
  expect(book).toMatchObject({ typeCode: hukou.typeCode, name: '居民户口簿', issuers: [{ name: '北京市公安局' }] })
  expect(trust.issuers.find((i) => i.name === '北京市公安局')!.kinds).toContain('hukou')
})

it('drops nothing and invents nothing: a kind no issuer is listed for has an empty issuer list', () => {
  const registry = createCertRegistry(certModules)
  const items = certCatalogue(registry, [{ id: 'X', name: '某发证机关', region: '某省', kinds: ['id-card'] }])
  expect(items.map((e) => e.kind)).toEqual(certModules.map((m) => m.kind))
  expect(entryOf(items, 'id-card').issuers).toEqual([{ id: 'X', name: '某发证机关', region: '某省' }])
  expect(entryOf(items, 'degree').issuers).toEqual([])
})

it('reports a legal-person kind as 法人 and asks the service which kinds have a 原件', () => {
  const licence: CertModule = { ...hukou, kind: 'business-licence', vct: 'urn:test:business-licence', typeCode: '11100000000019107N901', label: '营业执照', holderCategory: 'legal-person' }
  const registry = createCertRegistry([...certModules, licence])
  const items = certCatalogue(registry, [], { hasOriginal: (m) => m.kind === 'business-licence' })
  expect(entryOf(items, 'business-licence')).toMatchObject({ holderCategory: 'legal-person', hasOriginal: true })
  expect(entryOf(items, 'id-card')).toMatchObject({ holderCategory: 'natural-person', hasOriginal: false })
})
