/**
 * GET /certificate-catalogue over HTTP (msw/node) through the generated client and its response
 * schema, checked with verifyCertificateCatalogue, and from a stranger's side: a public door,
 * answered the same with no token, a stranger's token or garbage headers, carrying no person's
 * data; a broken signature, another root-signed document, a forged or stale catalogue are refused.
 */
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { responseMismatch } from '../../../../src/services/api/validate'
import { certModules } from '../../../../src/certs/registry'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode, utf8Decode } from '../../../../src/services/encoding'
import { signJwt } from '../../../../src/services/jws'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { CERTIFICATE_CATALOGUE_TYP, verifyCertificateCatalogue } from '../../../../src/services/trust/verifyCatalogue'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { installMockApi } from '../../../support/mockApi'

const NOW_MS = Date.parse('2026-11-27T12:00:00+08:00')
const NOW = NOW_MS / 1000
const { failures, sim } = installMockApi({ now: () => new Date(NOW_MS) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined })
const URL_ = 'http://gov.test/api/v1/certificate-catalogue'

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as { code: string }).code
  }
  throw new Error('expected a refusal')
}

it('answers the root-signed catalogue through the generated client: every kind, its issuers as the verified trust list says', async () => {
  const answer = await api.certificateCatalogue()
  expect(responseMismatch('certificateCatalogue', answer)).toBeNull()
  const catalogue = await verifyCertificateCatalogue(answer.catalogue, PINNED_ROOT_KEYS, joseBackend, NOW)
  expect(catalogue.items.map((e) => e.typeCode)).toEqual(certModules.map((m) => m.typeCode))
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, NOW)
  for (const entry of catalogue.items) {
    expect(entry.issuers.map((i) => i.id)).toEqual(trust.issuers.filter((i) => i.kinds.includes(entry.kind)).map((i) => i.id))
  }
  expect(catalogue.items.find((e) => e.kind === 'degree')).toMatchObject({
    name: '学历/学位证书',
    holderCategory: 'natural-person',
    hasOriginal: true,
    issuers: [{ name: '教育部学历证书电子注册备案中心' }]
  })
})

it('is public: the same catalogue with no token, a stranger’s token or a forged DPoP proof', async () => {
  const payloadOf = async (res: Response) => {
    expect(res.status).toBe(200)
    const { catalogue } = (await res.json()) as { catalogue: string }
    return (await verifyCertificateCatalogue(catalogue, PINNED_ROOT_KEYS, joseBackend, NOW)).items
  }
  const plain = await payloadOf(await fetch(URL_))
  const strangers: Record<string, string>[] = [{ Authorization: 'DPoP not-a-token', DPoP: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' }, { Authorization: 'Bearer someone-else' }, { 'X-Admin-Token': 'guess' }]
  for (const headers of strangers) expect(await payloadOf(await fetch(URL_, { headers }))).toEqual(plain)
})

it('carries no person’s data: no seeded name or ID number appears in it', async () => {
  const { catalogue } = await api.certificateCatalogue()
  const text = utf8Decode(base64urlDecode(catalogue.split('.')[1]))
  expect(text).toContain('居民身份证电子证照')
  for (const person of SEED_PEOPLE) {
    expect(text).not.toContain(person.name)
    for (const cert of person.certificates) {
      for (const value of Object.values(cert.claims)) if (typeof value === 'string' && value.length >= 6) expect(text).not.toContain(value)
    }
  }
})

it('is refused with a broken signature, as another root-signed document, forged by another key, or stale', async () => {
  failures.set({ mode: 'bad-signature', count: 1, pathPrefix: '/certificate-catalogue' })
  const broken = (await api.certificateCatalogue()).catalogue
  expect(await codeOf(verifyCertificateCatalogue(broken, PINNED_ROOT_KEYS, joseBackend, NOW))).toBe('ERR_TRUST_LIST_SIGNATURE')
  // The trust list is root-signed too, but it is not a catalogue.
  expect(await codeOf(verifyCertificateCatalogue(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, NOW))).toBe('ERR_TYP_INVALID')
  // The same payload signed by a stranger's key under the root's kid.
  const good = (await api.certificateCatalogue()).catalogue
  const payload = JSON.parse(utf8Decode(base64urlDecode(good.split('.')[1]))) as Record<string, unknown>
  const header = JSON.parse(utf8Decode(base64urlDecode(good.split('.')[0]))) as { kid: string }
  const stranger = keyPairFromSecret(new Uint8Array(32).fill(7))
  const forged = await signJwt(payload, { typ: CERTIFICATE_CATALOGUE_TYP, kid: header.kid }, stranger.privateJwk, joseBackend)
  expect(await codeOf(verifyCertificateCatalogue(forged, PINNED_ROOT_KEYS, joseBackend, NOW))).toBe('ERR_TRUST_LIST_SIGNATURE')
  // Past its exp.
  expect(await codeOf(verifyCertificateCatalogue(good, PINNED_ROOT_KEYS, joseBackend, (payload.exp as number) + 1))).toBe('ERR_TRUST_LIST_EXPIRED')
  await expect(verifyCertificateCatalogue(good, PINNED_ROOT_KEYS, joseBackend, NOW)).resolves.toMatchObject({ version: 1 })
})

it('refuses a correctly signed catalogue whose payload is not one (ERR_MALFORMED), under a test root', async () => {
  const root = keyPairFromSecret(new Uint8Array(32).fill(3))
  const rootKeys = [{ ...root.publicJwk, kid: 'test-root' }]
  const sign = (payload: Record<string, unknown>) => signJwt(payload, { typ: CERTIFICATE_CATALOGUE_TYP, kid: 'test-root' }, root.privateJwk, joseBackend)
  const base = { iss: 'CN-GOV-ROOT', iat: NOW, exp: NOW + 86400, version: 1 }
  const entry = { typeCode: '11100000000019107N001', name: '居民身份证电子证照', kind: 'id-card', vct: 'urn:x', issuers: [], holderCategory: 'natural-person', hasOriginal: false, purposes: ['hotel'] }
  await expect(verifyCertificateCatalogue(await sign({ ...base, items: [entry] }), rootKeys, joseBackend, NOW)).resolves.toMatchObject({ items: [entry] })
  for (const bad of [{ ...base }, { ...base, items: 'none' }, { ...base, items: [{ ...entry, holderCategory: 'robot' }] }, { ...base, items: [{ ...entry, purposes: ['spying'] }] }, { ...base, exp: 'soon', items: [] }]) {
    expect(await codeOf(verifyCertificateCatalogue(await sign(bad), rootKeys, joseBackend, NOW))).toBe('ERR_MALFORMED')
  }
})
