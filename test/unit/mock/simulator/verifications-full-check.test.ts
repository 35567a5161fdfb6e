/**
 * The online /verifications runs the wallet's full check (issue 11, item 6), on both crypto
 * backends: an issuer not listed for the kind, a 证照标识 of another issuer, and a device-bound
 * SD-JWT without its key binding are refused there exactly as in the wallet.
 */
import { randomBytes } from 'node:crypto'
import { createSimulator } from '../../../../mock/simulator'
import { DEFAULT_SEED, deriveKey } from '../../../../mock/simulator/keys'
import { certRegistry } from '../../../../src/certs/registry'
import { generateCertId } from '../../../../src/certs/identifier'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { addKeyBinding, issueSdJwt } from '../../../../src/services/sdjwt/issue'
import { statusListUri } from '../../../../src/services/status/statusUri'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const GD_GAT = '11440000006939001Y' // 广东省公安厅: listed for 身份证 only
const ZJ_GAT = '11330000002482002M'
const device = keyPairFromSecret(new Uint8Array(32).fill(21))

async function setup(backend: CryptoBackend) {
  const sim = createSimulator({ now: () => new Date(NOW * 1000), backend })
  const gd = deriveKey(DEFAULT_SEED, 'gd-gat-2026', 'SM2')
  /** An SD-JWT signed with 广东省公安厅's real key, presented with a key binding. */
  const forge = async (kind: string, issuerCode: string) => {
    const module = certRegistry.require(kind)
    const sd = await issueSdJwt({
      payload: {
        iss: GD_GAT,
        iat: NOW - 60,
        exp: NOW + 30 * 86400,
        vct: module.vct,
        cnf: { jwk: { kty: 'EC', crv: 'P-256', x: device.publicJwk.x, y: device.publicJwk.y } },
        status: { status_list: { idx: 4000, uri: statusListUri('gd-gat') } }
      },
      disclosable: { cert_id: generateCertId({ typeCode: module.typeCode, issuerCode, serial: '9000001', version: 1 }), name: '张明华' },
      issuerKey: gd.privateJwk,
      backend,
      random: (n: number) => new Uint8Array(randomBytes(n))
    })
    return addKeyBinding(sd, device.privateJwk, { aud: 'verifier:online', nonce: 'n-1', iat: NOW - 5 }, backend)
  }
  return { sim, forge }
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('/verifications on %s', (_n, backend) => {
  it('a well-formed credential of the issuer’s own kind passes (the forging helper is sound)', async () => {
    const { sim, forge } = await setup(backend)
    await expect(sim.verify(await forge('id-card', GD_GAT), '酒店入住登记')).resolves.toMatchObject({ ok: true, kind: 'id-card', issuerName: '广东省公安厅' })
  })

  it('ERR_CLAIM_INVALID: a 驾驶证 signed by a provincial 公安厅 (listed only for 身份证)', async () => {
    const { sim, forge } = await setup(backend)
    await expect(sim.verify(await forge('driving-licence', GD_GAT), '交通执法检查')).resolves.toMatchObject({ ok: false, code: 'ERR_CLAIM_INVALID' })
  })

  it('ERR_CLAIM_INVALID: a 证照标识 naming another 发证机关 than iss', async () => {
    const { sim, forge } = await setup(backend)
    await expect(sim.verify(await forge('id-card', ZJ_GAT), '酒店入住登记')).resolves.toMatchObject({ ok: false, code: 'ERR_CLAIM_INVALID' })
  })

  it('ERR_KB_MISSING: a device-bound SD-JWT sent without its key binding', async () => {
    const { sim } = await setup(backend)
    const holderId = sim.internals.tokenForTests('张明华', '44010619900315001X').holderId
    const idCard = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
    const { credential } = await sim.issueCredential(holderId, idCard.certId, device.publicJwk)
    await expect(sim.verify(credential, '酒店入住登记')).resolves.toMatchObject({ ok: false, code: 'ERR_KB_MISSING' })
    const presented = await addKeyBinding(credential, device.privateJwk, { aud: 'verifier:online', nonce: 'n-2', iat: NOW - 5 }, backend)
    await expect(sim.verify(presented, '酒店入住登记')).resolves.toMatchObject({ ok: true, kind: 'id-card' })
  })
})
