import { DEMO_ADMIN_TOKEN } from '../../../../mock/handlers'
import { createMockControlClient } from '../../../../mock/failures'
import { startMockServer, type MockServer } from '../../../../mock/server'
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { createApiClient, type ApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { parseB64uJson } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import type { HolderAuth } from '../../../../src/services/api/holderAuth'
import { enrolOverHttp } from '../../../support/institution'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'

/** The client, the handlers and the node server on the real seeded simulator (the server's default). */
let server: MockServer
let api: ApiClient
const person = SEED_PEOPLE[0]

beforeAll(async () => {
  server = await startMockServer({ port: 0 })
  api = createApiClient({ baseUrl: server.url, request: createFetchTransport(), sleep: async () => undefined })
})
afterAll(() => server.close())

/** A signed-in holder on a fresh phone: the DPoP-bound token and proofs by its key. */
async function holderToken(): Promise<HolderAuth> {
  return (await signInOverApi(api, person.name, person.idNumber)).auth
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return (e as WalletError).code
  }
  throw new Error('expected a rejection')
}

it('claims certificates end to end, and the trust list verifies against the pinned root', async () => {
  // The phone's own key: the one the token is bound to and whose DPoP proofs sign the claim.
  const { auth: token, device } = await signInOverApi(api, person.name, person.idNumber)
  const { items } = await api.listCertificates(token)
  expect(items.length).toBe(person.certificates.length)
  const licence = items.find((c) => c.kind === 'driving-licence')!

  const { publicJwk } = device
  // Another key in the body than the one signing the proofs: refused, nothing issued to it.
  const other = keyPairFromSecret(new Uint8Array(32).fill(7)).publicJwk
  expect(await codeOf(api.issueCredential(token, licence.certId, other, licence.purposeRequired ? '交通执法检查' : undefined))).toBe('ERR_DPOP_KEY_MISMATCH')
  const issued = await api.issueCredential(token, licence.certId, publicJwk, licence.purposeRequired ? '交通执法检查' : undefined)
  const payload = parseB64uJson<{ cnf: { jwk: { x: string } }; status: { status_list: { uri: string } } }>(issued.credential.split('~')[0].split('.')[1])
  expect(payload.cnf.jwk.x).toBe(publicJwk.x)

  const listId = payload.status.status_list.uri.split('/').pop()!
  expect((await api.statusList(listId)).statusList.split('.')).toHaveLength(3)

  const { trustList } = await api.trustList()
  await expect(verifyTrustList(trustList, PINNED_ROOT_KEYS, joseBackend, Date.now() / 1000)).resolves.toMatchObject({ issuers: expect.any(Array) })
})

it('bad-signature mode yields a trust list the wallet refuses', async () => {
  await createMockControlClient(server.url).setFailures({ mode: 'bad-signature', count: 1, pathPrefix: '/trust-list' })
  const { trustList } = await api.trustList()
  await expect(verifyTrustList(trustList, PINNED_ROOT_KEYS, joseBackend, Date.now() / 1000)).rejects.toMatchObject({ code: 'ERR_TRUST_LIST_SIGNATURE' })
})

it('reissue and revoke show up as changes; verification and file retrieval answer in shape', async () => {
  const token = await holderToken()
  const [first, second] = (await api.listCertificates(token)).items

  const reissued = await api.admin.reissue(DEMO_ADMIN_TOKEN, first.certId)
  expect(reissued.oldCertId).toBe(first.certId)
  await api.admin.revoke(DEMO_ADMIN_TOKEN, second.certId)
  expect(await codeOf(api.admin.revoke(DEMO_ADMIN_TOKEN, second.certId))).toBe('ERR_CONFLICT')
  expect(await codeOf(api.admin.revoke('guess', second.certId))).toBe('ERR_UNAUTHORIZED')

  const { items } = await api.changesSince(token, null)
  expect(items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ certId: first.certId, change: 'reissued', newCertId: reissued.newCertId }),
      expect.objectContaining({ certId: second.certId, change: 'revoked' })
    ])
  )

  expect(await api.verify('not-a-presentation', '酒店入住登记')).toMatchObject({ ok: false })
  // A 文件调用 without a holder's grant: nothing to fetch (test/unit/mock/simulator/file-grants.test.ts has the grant).
  const police = await enrolOverHttp(api, 'police')
  expect(await codeOf(api.retrieveFile('fg-000000000000000000000000', police.signer))).toBe('ERR_NOT_FOUND')

  await createMockControlClient(server.url).resetSimulator()
  expect(await codeOf(api.listCertificates(token))).toBe('ERR_UNAUTHORIZED')
})

it('a face check that fails gets no ticket (ERR_FACE_CHECK_FAILED); a bare outcome is not a proof', async () => {
  const session = await api.startFaceSession(person.name, person.idNumber)
  expect(await codeOf(api.simulator.faceCheck({ sessionId: session.sessionId, name: person.name, idNumber: person.idNumber, passed: false }))).toBe('ERR_FACE_CHECK_FAILED')
  // Sent with a good DPoP proof by a phone key, so the refusal is about the body.
  const path = `/api/v1/auth/face-sessions/${session.sessionId}/complete`
  const raw = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', DPoP: await testDevice().sign('POST', path) },
    body: JSON.stringify({ passed: true })
  })
  expect(raw.status).toBe(400)
  expect(((await raw.json()) as { code: string }).code).toBe('ERR_FACE_PROOF_REQUIRED')
})
