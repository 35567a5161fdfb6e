/**
 * A status list speaks only for its own issuer's credentials (issue 11, item 6), on both crypto
 * backends: a list signed by a second, valid, listed issuer (one leaked provincial key) cannot
 * un-revoke the first issuer's credential — not through the wallet's lookup (SD-JWT), not at a
 * verifier (CW1 QR, CWP1 paper), not at the simulator's online check.
 */
import { createSimulator } from '../../../../mock/simulator'
import { DEFAULT_SEED, deriveKey } from '../../../../mock/simulator/keys'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlDecode } from '../../../../src/services/encoding'
import { signJwt } from '../../../../src/services/jws'
import { verifyCredential } from '../../../../src/services/credential/verifyCredential'
import { certRegistry } from '../../../../src/certs/registry'
import { createPresentation, verifyBearerCredential, verifyPresentation } from '../../../../src/services/presentation'
import { encodeStatusList } from '../../../../src/services/status/statusList'
import { statusListUri } from '../../../../src/services/status/statusUri'
import { STATUS_LIST_TYP, statusForCredential, verifyStatusListJwt, type CachedStatusList } from '../../../../src/services/status/verifyStatusList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { createStatusLookup } from '../../../../src/services/wallet/trustMaterial'

const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
const GD_GAT = '11440000006939001Y' // 广东省公安厅: issues 张明华's 身份证
const issuerCode = (detail: string) => expect.objectContaining({ code: 'ERR_STATUS_LIST_INVALID', detail })
const code = (c: string) => expect.objectContaining({ code: c })

async function setup(backend: CryptoBackend) {
  const sim = createSimulator({ now: () => new Date(NOW * 1000), backend })
  const trustJws = await sim.trustList()
  const trust = await verifyTrustList(trustJws, PINNED_ROOT_KEYS, backend, NOW)
  const holderId = sim.internals.tokenForTests('张明华', '44010619900315001X').holderId
  const idCard = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const sdJwt = (await sim.issueCredential(holderId, idCard.certId, device.publicJwk)).credential
  const hotel = (await sim.issuePurposeCredentials(holderId, 'hotel', device.publicJwk, 1)).sets[0].credentials.map(base64urlDecode)
  const paper = (await sim.issuePaperCredential(holderId, idCard.certId)).credential
  sim.revoke(idCard.certId)
  // 浙江省公安厅's key (listed, valid, but not 广东's) signs "广东's list" with every entry valid.
  const zj = deriveKey(DEFAULT_SEED, 'zj-gat-2026', 'SM2')
  const forged = await signJwt(
    { sub: statusListUri('gd-gat'), iat: NOW - 60, exp: NOW + 86400, ttl: 3600, status_list: encodeStatusList(new Uint8Array(4096), 2) },
    { typ: STATUS_LIST_TYP, kid: zj.kid },
    zj.privateJwk,
    backend
  )
  const genuine = await sim.statusList('gd-gat')
  return { sim, trust, trustJws, sdJwt, hotel, paper, device, forged, genuine }
}

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('on %s', (_n, backend) => {
  it('the forged list verifies as a list, but not as 广东省公安厅’s (expectedIssuer), and never answers for its credentials', async () => {
    const t = await setup(backend)
    const list = await verifyStatusListJwt(t.forged, { trust: t.trust, backend, nowSeconds: NOW, expectedUri: statusListUri('gd-gat') })
    expect(list.issuer).not.toBe(GD_GAT)
    await expect(verifyStatusListJwt(t.forged, { trust: t.trust, backend, nowSeconds: NOW, expectedIssuer: GD_GAT })).rejects.toEqual(issuerCode('issuer'))
    expect(() => statusForCredential(list, { idx: 1, issuer: GD_GAT })).toThrow(issuerCode('issuer'))
    const real = await verifyStatusListJwt(t.genuine, { trust: t.trust, backend, nowSeconds: NOW, expectedIssuer: GD_GAT })
    expect(real.issuer).toBe(GD_GAT)
  })

  it('SD-JWT in the wallet: the revoked 身份证 stays revoked when the stored list was signed by another issuer', async () => {
    const t = await setup(backend)
    const trust = { list: t.trust, jws: t.trustJws, fetchedAt: NOW }
    const uri = statusListUri('gd-gat')
    const check = (jwt: string) =>
      verifyCredential(t.sdJwt, { registry: certRegistry, trust: t.trust, backend, now: NOW, keyBinding: 'not-required', status: createStatusLookup({ trust, backend, now: NOW, stored: { [uri]: { jwt, fetchedAt: NOW } } }) })
    await expect(check(t.genuine)).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(check(t.forged)).rejects.toEqual(issuerCode('issuer'))
  })

  it('CW1 and CWP1 at a verifier: a lookup over the forged list refuses instead of answering valid', async () => {
    const t = await setup(backend)
    const forged = await verifyStatusListJwt(t.forged, { trust: t.trust, backend, nowSeconds: NOW })
    const genuine = await verifyStatusListJwt(t.genuine, { trust: t.trust, backend, nowSeconds: NOW })
    const over = (list: CachedStatusList) => async (ref: { idx: number; issuer: string }) => statusForCredential(list, ref)
    const qr = () => createPresentation({ credentials: t.hotel, deviceKey: t.device.privateJwk, now: NOW - 2, backend })
    const ctx = { trust: t.trust, registry: certRegistry, backend, now: NOW }
    await expect(verifyPresentation(await qr(), { ...ctx, status: over(genuine) })).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(verifyPresentation(await qr(), { ...ctx, status: over(forged) })).rejects.toEqual(issuerCode('issuer'))
    await expect(verifyBearerCredential(t.paper, { ...ctx, status: over(genuine) })).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(verifyBearerCredential(t.paper, { ...ctx, status: over(forged) })).rejects.toEqual(issuerCode('issuer'))
  })
})
