import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto'
import { verifyCredential } from '../../../../src/services/credential/verifyCredential'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { generateCertId } from '../../../../src/certs/identifier'
import { createSimulator } from '../../../../mock/simulator'
import { ID_CLAIMS, makeFixture, NOW } from '../../../support/credentialFixture'

const code = (c: string) => expect.objectContaining({ code: c })

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('verifyCredential (%s)', (_n, backend) => {
  const f = makeFixture()
  const idCard = certRegistry.require('id-card')
  const certId = generateCertId({ typeCode: idCard.typeCode, issuerCode: f.issuerId, serial: '2430501', version: 1 })
  const ctx = { registry: certRegistry, trust: f.trust, backend, now: NOW }

  it('maps vct to the certificate type and checks the 证照标识', async () => {
    const v = await verifyCredential(await f.issue({}, { ...ID_CLAIMS, cert_id: certId }), ctx)
    expect(v.kind).toBe('id-card')
    expect(v.certId).toBe(certId)
    expect(v.module.label).toBe(idCard.label)
  })

  it('ERR_UNKNOWN_KIND: a vct no module declares', async () => {
    await expect(verifyCredential(await f.issue({ vct: 'urn:cn:certwallet:vct:fishing-licence:1' }), ctx)).rejects.toEqual(code('ERR_UNKNOWN_KIND'))
  })

  it('ERR_CLAIM_INVALID: an issuer listed for ID cards issuing a driving licence', async () => {
    const vct = certRegistry.require('driving-licence').vct
    await expect(verifyCredential(await f.issue({ vct }), ctx)).rejects.toEqual(code('ERR_CLAIM_INVALID'))
  })

  it('ERR_IDENTIFIER_CHECK: a signed 证照标识 with a wrong check character', async () => {
    const last = certId.slice(-1)
    const bad = certId.slice(0, -1) + (last === 'A' ? 'B' : 'A')
    await expect(verifyCredential(await f.issue({}, { ...ID_CLAIMS, cert_id: bad }), ctx)).rejects.toEqual(code('ERR_IDENTIFIER_CHECK'))
  })
})

describe('the simulator and the app agree on the national root', () => {
  it('the simulator trust list verifies against the pinned root keys, on both backends', async () => {
    const sim = createSimulator({ now: () => new Date(NOW * 1000) })
    const jws = await sim.trustList()
    for (const backend of [joseBackend, nobleBackend]) {
      const list = await verifyTrustList(jws, PINNED_ROOT_KEYS, backend, NOW)
      expect(list.issuers.map((i) => i.name)).toContain('公安部交通管理局')
    }
    expect(sim.internals.rootPublicKey()).toMatchObject({ x: PINNED_ROOT_KEYS[0].x, y: PINNED_ROOT_KEYS[0].y })
  })
})
