/**
 * The mixed simulator over HTTP (msw/node), as a phone and a counter see it: the root and 公安
 * issuers sign with SM2 (SM2SM3), 人社部/医保局/学信网 with ES256. A phone whose device key is SM2
 * signs in (SM2 DPoP proofs on every holder call), claims an SM2-signed id-card and an
 * ES256-signed social-security card bound to its SM2 key, fetches 亮证 credentials and shows a CW1
 * that both backends accept; a counter enrols an SM2 key and its signed calls pass.
 */
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { certRegistry } from '../../../../src/certs/registry'
import { verifyCredential } from '../../../../src/services/credential/verifyCredential'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto'
import { base64urlDecode } from '../../../../src/services/encoding'
import { verifyInstitutionRegistry } from '../../../../src/services/institution/registry'
import { createPresentation, ReplayCache, verifyPresentation } from '../../../../src/services/presentation'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { installMockApi } from '../../../support/mockApi'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'
import { enrolOverHttp } from '../../../support/institution'

const clock = Date.parse('2026-11-27T10:00:00+08:00')
installMockApi({ now: () => new Date(clock) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined })
const nowSec = Math.floor(clock / 1000)

it('the trust list is signed by the SM2 root and pins each issuer key’s suite: 公安 SM2SM3, the others ES256', async () => {
  const { trustList: jws } = await api.trustList()
  expect(JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString()).alg).toBe('SM2SM3')
  for (const backend of [joseBackend, nobleBackend]) {
    const list = await verifyTrustList(jws, PINNED_ROOT_KEYS, backend, nowSec)
    const algOf = (name: string) => new Set(list.issuers.find((i) => i.name === name)!.keys.map((k) => k.alg))
    expect(algOf('广东省公安厅')).toEqual(new Set(['SM2SM3']))
    expect(algOf('公安部交通管理局')).toEqual(new Set(['SM2SM3']))
    expect(algOf('人力资源和社会保障部')).toEqual(new Set(['ES256']))
    expect(algOf('国家医疗保障局')).toEqual(new Set(['ES256']))
  }
})

it('a phone with an SM2 device key signs in, claims, and shows a CW1 both backends accept', async () => {
  const device = testDevice({ now: () => clock, curve: 'SM2' })
  const { auth } = await signInOverApi(api, '张明华', '44010619900315001X', device)
  const certs = (await api.listCertificates(auth)).items
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec)
  for (const kind of ['id-card', 'social-security']) {
    const cert = certs.find((c) => c.kind === kind)!
    const issued = await api.issueCredential(auth, cert.certId, device.publicJwk)
    const header = JSON.parse(Buffer.from(issued.credential.split('.')[0], 'base64url').toString())
    expect(header.alg).toBe(kind === 'id-card' ? 'SM2SM3' : 'ES256')
    for (const backend of [joseBackend, nobleBackend]) {
      const v = await verifyCredential(issued.credential, { trust, registry: certRegistry, backend, now: nowSec, keyBinding: 'not-required' })
      expect(v.payload.cnf?.jwk).toMatchObject({ crv: 'SM2', x: device.publicJwk.x })
    }
  }
  const batch = await api.issuePurposeCredentials(auth, 'hotel', device.publicJwk, 2)
  const creds = batch.sets[0].credentials.map(base64urlDecode)
  expect(creds[0][0]).toBe(0x31) // layout 1, SM2 issuer (广东省公安厅), SM2 device key
  const qr = await createPresentation({ credentials: creds, deviceKey: device.privateJwk, now: nowSec, nonce: 'N-7', backend: nobleBackend })
  for (const backend of [joseBackend, nobleBackend]) {
    const v = await verifyPresentation(qr, { trust, registry: certRegistry, backend, now: nowSec, nonce: 'N-7', replay: new ReplayCache(), status: async () => 'valid' })
    expect(v.certs[0].issuer.name).toBe('广东省公安厅')
  }
  // The service's own online check (/verifications) takes it too.
  expect(await api.verify(qr, 'hotel')).toMatchObject({ ok: true })
})

it('a counter enrols an SM2 key: the registry pins SM2SM3 for it and its signed calls pass', async () => {
  const counter = await enrolOverHttp(api, 'pharmacy', () => clock, 'SM2')
  const reg = await verifyInstitutionRegistry((await api.institutionRegistry()).registry, PINNED_ROOT_KEYS, nobleBackend, nowSec)
  const entry = reg.institutions.find((i) => i.id === counter.enrolment.institutionId)!
  expect(entry.key).toMatchObject({ alg: 'SM2SM3', jwk: { crv: 'SM2', x: counter.enrolment.publicJwk.x } })
  const device = testDevice({ now: () => clock })
  const { auth } = await signInOverApi(api, '张明华', '44010619900315001X', device)
  const batch = await api.issuePurposeCredentials(auth, 'pharmacy', device.publicJwk, 1)
  const code = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: nowSec, backend: joseBackend })
  // A 上报 核验 signed with the SM2 key: accepted and recorded under the registered counter.
  expect(await api.verify(code, 'pharmacy', counter.signer)).toMatchObject({ ok: true })
})
