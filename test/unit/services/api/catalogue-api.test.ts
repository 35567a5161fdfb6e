/**
 * GET /certificate-catalogue over HTTP (msw/node) through the generated client and its response
 * schema, from a stranger's side: a public door, answered the same with no token, a stranger's token
 * or garbage headers, carrying no person's data.
 */
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { responseMismatch } from '../../../../src/services/api/validate'
import { certModules } from '../../../../src/certs/registry'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { installMockApi } from '../../../support/mockApi'

const NOW_MS = Date.parse('2026-11-27T12:00:00+08:00')
installMockApi({ now: () => new Date(NOW_MS) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined })
const URL_ = 'http://gov.test/api/v1/certificate-catalogue'

it('answers the catalogue through the generated client: every kind, its issuers as the verified trust list says', async () => {
  const catalogue = await api.certificateCatalogue()
  expect(responseMismatch('certificateCatalogue', catalogue)).toBeNull()
  expect(catalogue.items.map((e) => e.typeCode)).toEqual(certModules.map((m) => m.typeCode))
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, NOW_MS / 1000)
  for (const entry of catalogue.items) {
    expect(entry.issuers.map((i) => i.id)).toEqual(trust.issuers.filter((i) => i.kinds.includes(entry.kind)).map((i) => i.id))
  }
  expect(catalogue.items.find((e) => e.kind === 'degree')).toMatchObject({
    name: '学历/学位证书',
    holderCategory: 'natural-person',
    hasOriginal: false,
    issuers: [{ name: '教育部学历证书电子注册备案中心' }]
  })
})

it('is public: the same answer with no token, a stranger’s token or a forged DPoP proof', async () => {
  const plain = await (await fetch(URL_)).json()
  const strangers: Record<string, string>[] = [{ Authorization: 'DPoP not-a-token', DPoP: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' }, { Authorization: 'Bearer someone-else' }, { 'X-Admin-Token': 'guess' }]
  for (const headers of strangers) {
    const res = await fetch(URL_, { headers })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(plain)
  }
})

it('carries no person’s data: no seeded name or ID number appears in it', async () => {
  const text = await (await fetch(URL_)).text()
  for (const person of SEED_PEOPLE) {
    expect(text).not.toContain(person.name)
    for (const cert of person.certificates) {
      for (const value of Object.values(cert.claims)) if (typeof value === 'string' && value.length >= 6) expect(text).not.toContain(value)
    }
  }
})
