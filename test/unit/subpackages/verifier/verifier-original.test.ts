/**
 * Verifier mode and an uploaded 电子证照原件 (#14 §2), against the real simulator handlers, clock
 * frozen: green with the page's fields masked per role and the seal named; red with its own code
 * for a changed page and, after the certificate's revocation and a material update, for the status.
 */
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { packOfd, unpackOfd } from '../../../../src/services/ofd/package'
import { CONTENT_XML } from '../../../../src/services/ofd/original'
import { createVerifierStore } from '../../../../src/subpackages/verifier/store/verifierStore'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T10:35:00Z')
const { sim } = installMockApi({ now: () => new Date(T0) })

function verifier() {
  const storage = memoryStorage()
  const store = createVerifierStore({
    api: createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 }),
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => T0,
    storage
  })
  return { store, storage }
}

it('an uploaded 原件: green with masked fields and the seal; a changed character red; revoked red after the update', async () => {
  const p = SEED_PEOPLE.find((x) => x.id === 'p-zhang')!
  const holderId = sim.internals.tokenForTests(p.name, p.idNumber).holderId
  const certId = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!.certId
  const bytes = base64urlDecode(sim.issueOriginal(holderId, certId).ofd)
  const { store, storage } = verifier()
  store.getState().setRole('hotel')
  expect(await store.getState().refreshMaterial()).toBe(true)

  const r = await store.getState().verifyOriginalFile(bytes)
  expect(r.ok).toBe(true)
  if (!r.ok) return
  expect(r.view.original).toMatchObject({ certId, sealName: '广东省公安厅电子证照专用章' })
  const fields = Object.fromEntries(r.view.certs[0].fields.map((f) => [f.name, f.value]))
  expect(fields.name).toBe('张明华')
  // The hotel copies the ID number and address into its register (roles.ts): shown whole, marked revealed.
  expect(fields.id_number).toBe('44010619900315001X')
  expect(r.view.certs[0].fields.find((f) => f.name === 'address')).toMatchObject({ value: '广东省广州市天河区天河路385号', revealed: true })
  expect(fields.birth_date).toBe('1990-**-**')
  expect(store.getState().log[0]).toMatchObject({ ok: true, code: 'OK' })
  expect(JSON.stringify(storage.data)).not.toContain('张明华')

  const files = unpackOfd(bytes)
  files.set(CONTENT_XML, new TextEncoder().encode(new TextDecoder().decode(files.get(CONTENT_XML)!).replace('张明华', '张明化')))
  expect(await store.getState().verifyOriginalFile(packOfd(files))).toMatchObject({ ok: false, code: 'ERR_OFD_DIGEST_MISMATCH' })
  expect(await store.getState().verifyOriginalFile(new TextEncoder().encode('not an ofd'))).toMatchObject({ ok: false, code: 'ERR_MALFORMED' })

  sim.revoke(certId)
  expect(await store.getState().refreshMaterial()).toBe(true)
  expect(await store.getState().verifyOriginalFile(bytes)).toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
})
