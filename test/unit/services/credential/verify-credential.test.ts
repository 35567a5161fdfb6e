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
  // The issuer's view of its own credential (no key binding): an explicit opt-out.
  const ctx = { registry: certRegistry, trust: f.trust, backend, now: NOW, keyBinding: 'not-required' as const }

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

  it('ERR_CLAIM_INVALID cert_id-issuer: a valid 证照标识 naming another 发证机关 than `iss`', async () => {
    const other = generateCertId({ typeCode: idCard.typeCode, issuerCode: '11330000002482002M', serial: '2430501', version: 1 }) // 浙江省公安厅
    await expect(verifyCredential(await f.issue({}, { ...ID_CLAIMS, cert_id: other }), ctx)).rejects.toEqual(expect.objectContaining({ code: 'ERR_CLAIM_INVALID', detail: 'cert_id-issuer' }))
  })

  it('ERR_CLAIM_INVALID cert_id-type: a valid 证照标识 of another type than `vct`', async () => {
    const licenceId = generateCertId({ typeCode: certRegistry.require('driving-licence').typeCode, issuerCode: f.issuerId, serial: '2430501', version: 1 })
    await expect(verifyCredential(await f.issue({}, { ...ID_CLAIMS, cert_id: licenceId }), ctx)).rejects.toEqual(expect.objectContaining({ code: 'ERR_CLAIM_INVALID', detail: 'cert_id-type' }))
  })

  it('ERR_KB_MISSING: a device-bound credential without its key binding, unless the caller opts out explicitly', async () => {
    const bound = await f.issue({}, { ...ID_CLAIMS, cert_id: certId })
    const { keyBinding: _optOut, ...verifier } = ctx
    await expect(verifyCredential(bound, verifier)).rejects.toEqual(code('ERR_KB_MISSING'))
    await expect(verifyCredential(bound, { ...verifier, keyBinding: 'not-required' })).resolves.toMatchObject({ kind: 'id-card' })
    // With its key binding it passes by default (checked for age), and against an expectation.
    await expect(verifyCredential(await f.present(bound), verifier)).resolves.toMatchObject({ checks: { keyBinding: true } })
    await expect(verifyCredential(await f.present(bound, { iat: NOW - 3600 }), verifier)).rejects.toEqual(code('ERR_KB_STALE'))
    await expect(verifyCredential(await f.present(bound), { ...verifier, keyBinding: { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 60 } })).resolves.toMatchObject({ checks: { keyBinding: true } })
    // A bearer credential (no `cnf`) needs none.
    await expect(verifyCredential(await f.issue({ cnf: undefined }, { ...ID_CLAIMS, cert_id: certId }), verifier)).resolves.toMatchObject({ checks: { keyBinding: false } })
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
