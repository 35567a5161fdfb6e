import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { signJwt } from '../../../../src/services/jws'
import { decodeStatusList, encodeStatusList, packStatuses, STATUS_INVALID, STATUS_SUSPENDED } from '../../../../src/services/status/statusList'
import { STATUS_LIST_TYP, verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { DAY, makeFixture, NOW } from '../../../support/credentialFixture'

const code = (c: string) => expect.objectContaining({ code: c })

describe('token status list', () => {
  it('packs 2-bit entries LSB first (draft-ietf-oauth-status-list §4.1 example layout)', () => {
    // statuses [1,2,0,3] → 0b11_00_10_01 = 0xC9
    expect(Array.from(packStatuses([1, 2, 0, 3], 2))).toEqual([0xc9])
  })

  it('round-trips 1,000,000 entries with 1% revoked', () => {
    const n = 1_000_000
    const values = new Uint8Array(n)
    for (let i = 0; i < n; i += 100) values[(i * 7919) % n] = STATUS_INVALID
    values[5] = STATUS_SUSPENDED
    const list = decodeStatusList(encodeStatusList(values, 2))
    expect(list.size).toBeGreaterThanOrEqual(n)
    for (let i = 0; i < n; i += 997) expect(list.valueAt(i)).toBe(values[i])
    expect(list.statusAt(5)).toBe('suspended')
    expect(list.statusAt((100 * 7919) % n)).toBe('invalid')
  })

  it('rejects an index out of range and garbage compression with ERR_STATUS_LIST_INVALID', () => {
    const list = decodeStatusList(encodeStatusList(new Uint8Array(16), 2))
    expect(() => list.valueAt(16)).toThrow(code('ERR_STATUS_LIST_INVALID'))
    expect(() => decodeStatusList({ bits: 2, lst: 'AAAA' })).toThrow(code('ERR_STATUS_LIST_INVALID'))
  })

  it('verifies a status list JWT signed by a listed issuer, checks sub and expiry', async () => {
    const f = makeFixture()
    const uri = 'https://zwfw.certwallet.example/api/v1/status-lists/test'
    const values = new Uint8Array(64)
    values[7] = STATUS_INVALID
    const jwt = await signJwt({ sub: uri, iat: NOW - 60, exp: NOW + DAY, status_list: encodeStatusList(values) }, { typ: STATUS_LIST_TYP, kid: f.issuerKey.publicJwk.kid }, f.issuerKey.privateJwk, joseBackend)
    const v = await verifyStatusListJwt(jwt, { trust: f.trust, backend: joseBackend, nowSeconds: NOW, expectedUri: uri })
    expect(v.list.statusAt(7)).toBe('invalid')
    expect(v.list.statusAt(8)).toBe('valid')
    await expect(verifyStatusListJwt(jwt, { trust: f.trust, backend: joseBackend, nowSeconds: NOW, expectedUri: uri + 'x' })).rejects.toEqual(code('ERR_STATUS_LIST_INVALID'))
    await expect(verifyStatusListJwt(jwt, { trust: f.trust, backend: joseBackend, nowSeconds: NOW + 2 * DAY })).rejects.toEqual(code('ERR_STATUS_LIST_INVALID'))
    const tampered = jwt.slice(0, -4) + (jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    await expect(verifyStatusListJwt(tampered, { trust: f.trust, backend: joseBackend, nowSeconds: NOW })).rejects.toEqual(code('ERR_SIGNATURE_INVALID'))
  })
})
