/**
 * Issue #11 item 9: trust material and lifetimes cannot be rolled back or stretched — the trust
 * list's version never goes backwards, a status list must expire within a week, and a credential
 * lives no longer than its kind allows (a retired key with a back-dated iat cannot mint one that
 * lives on). Both backends.
 */
import { nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { verifyCredential } from '../../../../src/services/credential/verifyCredential'
import { signJwt } from '../../../../src/services/jws'
import { encodeStatusList } from '../../../../src/services/status/statusList'
import { STATUS_LIST_TYP, verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { TRUST_LIST_TYP } from '../../../../src/services/trust/verifyTrustList'
import { refreshTrustList } from '../../../../src/services/wallet/trustMaterial'
import { certRegistry } from '../../../../src/certs/registry'
import { DAY, ID_CLAIMS, NOW, makeFixture } from '../../../support/credentialFixture'

// eslint-disable-next-line @typescript-eslint/no-unused-vars
const { cert_id: _none, ...CLAIMS } = ID_CLAIMS

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; detail?: string }) => `${e.code}${e.detail ? ':' + e.detail : ''}`)

describe.each([
  ['jose', joseBackend],
  ['noble', nobleBackend]
])('rollback and lifetime bounds (%s)', (_name, backend) => {
  const f = makeFixture(backend)
  const roots = [f.root.publicJwk]
  const signedTrust = (version: number) => signJwt({ ...f.trust, version }, { typ: TRUST_LIST_TYP, kid: f.root.publicJwk.kid }, f.root.privateJwk, backend)

  it('keeps the newer trust list when an older root-signed one is served', async () => {
    const v2 = await signedTrust(2)
    const v1 = await signedTrust(1)
    const cached = { jws: v2, fetchedAt: NOW - 60 }
    const rolledBack = await refreshTrustList({ trustList: async () => ({ trustList: v1 }) }, { rootKeys: roots, backend, now: NOW, cached })
    expect(rolledBack).toMatchObject({ fresh: false, cached: { jws: v2, list: { version: 2 } }, error: { code: 'ERR_TRUST_LIST_ROLLBACK', detail: '1<2' } })
    const same = await refreshTrustList({ trustList: async () => ({ trustList: v2 }) }, { rootKeys: roots, backend, now: NOW, cached })
    expect(same.cached.list.version).toBe(2)
    const v3 = await refreshTrustList({ trustList: async () => ({ trustList: await signedTrust(3) }) }, { rootKeys: roots, backend, now: NOW, cached })
    expect(v3).toMatchObject({ fresh: true, cached: { list: { version: 3 } } })
  })

  it('refuses a trust list without an integer version', async () => {
    const jws = await signJwt({ ...f.trust, version: '9' }, { typ: TRUST_LIST_TYP, kid: f.root.publicJwk.kid }, f.root.privateJwk, backend)
    expect(await codeOf(refreshTrustList({ trustList: async () => ({ trustList: jws }) }, { rootKeys: roots, backend, now: NOW, cached: null }))).toBe('ERR_MALFORMED:trust-list')
  })

  const statusJwt = (payload: Record<string, unknown>) =>
    signJwt({ sub: 'https://x/status-lists/t', iat: NOW - 60, status_list: encodeStatusList(new Uint8Array(8), 2), ...payload }, { typ: STATUS_LIST_TYP, kid: f.issuerKey.publicJwk.kid }, f.issuerKey.privateJwk, backend)

  it('requires a status list to expire, within seven days of its issue', async () => {
    const opts = { trust: f.trust, backend, nowSeconds: NOW }
    expect(await codeOf(verifyStatusListJwt(await statusJwt({ exp: NOW + DAY }), opts))).toBe('ok')
    expect(await codeOf(verifyStatusListJwt(await statusJwt({}), opts))).toBe('ERR_STATUS_LIST_INVALID:exp')
    expect(await codeOf(verifyStatusListJwt(await statusJwt({ exp: 'never' }), opts))).toBe('ERR_STATUS_LIST_INVALID:exp')
    expect(await codeOf(verifyStatusListJwt(await statusJwt({ exp: NOW - 60 + 7 * DAY }), opts))).toBe('ok')
    expect(await codeOf(verifyStatusListJwt(await statusJwt({ exp: NOW - 60 + 7 * DAY + 1 }), opts))).toBe('ERR_STATUS_LIST_INVALID:lifetime')
  })

  it('caps a credential at its kind’s lifetime and refuses one without a numeric exp', async () => {
    const ctx = { registry: certRegistry, trust: f.trust, backend, now: NOW, keyBinding: 'not-required' as const }
    const idCardDays = certRegistry.require('id-card').validity.credentialLifetimeDays
    expect(await codeOf(verifyCredential(await f.issue({ iat: NOW - 60, exp: NOW - 60 + idCardDays * DAY }, CLAIMS), ctx))).toBe('ok')
    // The old key's window closed 200 days ago: back-dated into it, a long life is what it would try.
    const backDated = await f.issue({ iat: NOW - 300 * DAY, nbf: NOW - 300 * DAY, exp: NOW + 10 * 365 * DAY }, CLAIMS, f.oldKey.privateJwk)
    expect(await codeOf(verifyCredential(backDated, ctx))).toBe('ERR_CLAIM_INVALID:lifetime')
    expect(await codeOf(verifyCredential(await f.issue({ exp: NOW - 60 + idCardDays * DAY + 301 }, CLAIMS), ctx))).toBe('ERR_CLAIM_INVALID:lifetime')
    expect(await codeOf(verifyCredential(await f.issue({ exp: undefined }, CLAIMS), ctx))).toBe('ERR_CLAIM_INVALID:exp')
  })
})
