/**
 * Interop with an independent SD-JWT implementation (@sd-jwt/core): it issues, we verify; we
 * issue, it verifies — including key binding and selective disclosure.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { SDJwtInstance } from '@sd-jwt/core'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto'
import type { EcPrivateJwk, EcPublicJwk } from '../../../../src/services/crypto/types'
import { addKeyBinding, selectDisclosures } from '../../../../src/services/sdjwt/issue'
import { disclosureClaimName, verifySdJwt } from '../../../../src/services/sdjwt/verify'
import { makeFixture, NOW, rnd } from '../../../support/credentialFixture'

const signerFor = (jwk: EcPrivateJwk) => (data: string) =>
  sign('sha256', Buffer.from(data), { key: createPrivateKey({ key: { ...jwk }, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }).toString('base64url')
const verifierFor = (jwk: EcPublicJwk) => (data: string, sig: string) =>
  verify('sha256', Buffer.from(data), { key: createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))
const hasher = (data: string | ArrayBuffer) => new Uint8Array(createHash('sha256').update(typeof data === 'string' ? data : Buffer.from(data)).digest())
const saltGenerator = (n: number) => Buffer.from(rnd(n)).toString('base64url')

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('interop with @sd-jwt/core (%s)', (_n, backend) => {
  const f = makeFixture()

  it('verifies an SD-JWT VC issued by @sd-jwt/core, with nested and array disclosures and a key binding', async () => {
    const theirs = new SDJwtInstance({
      signer: signerFor(f.issuerKey.privateJwk),
      signAlg: 'ES256',
      hasher,
      hashAlg: 'sha-256',
      saltGenerator,
      kbSigner: signerFor(f.device.privateJwk),
      kbSignAlg: 'ES256'
    })
    const { kty, crv, x, y } = f.device.publicJwk
    const issued = await theirs.issue(
      {
        iss: f.issuerId,
        iat: NOW - 60,
        exp: NOW + 3600,
        vct: 'urn:cn:certwallet:vct:id-card:1',
        cnf: { jwk: { kty, crv, x, y } },
        name: '测试乙',
        id_number: '44010619900315001X',
        address: { province: '广东省', city: '广州市' },
        nationalities: ['CN', 'HK']
      },
      { _sd: ['name', 'id_number', 'address'], address: { _sd: ['city'] }, nationalities: { _sd: [1] }, _sd_decoy: 2 } as never,
      { header: { typ: 'dc+sd-jwt', kid: f.issuerKey.publicJwk.kid } }
    )
    const presented = await theirs.present(issued, { name: true, address: { city: true }, nationalities: { 1: true } } as never, {
      kb: { payload: { iat: NOW - 5, aud: 'verifier:test', nonce: 'n-123' } }
    })
    const r = await verifySdJwt(presented, { trust: f.trust, backend, now: NOW, keyBinding: { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 60 } })
    expect(r.claims.name).toBe('测试乙')
    expect(r.claims.id_number).toBeUndefined()
    expect(r.claims.address).toEqual({ province: '广东省', city: '广州市' })
    expect(r.claims.nationalities).toEqual(['CN', 'HK'])
    expect(r.keyBinding?.nonce).toBe('n-123')
  })

  it('our SD-JWT VC with key binding verifies in @sd-jwt/core, and a tampered one does not', async () => {
    const ours = await f.issue()
    const keep = selectDisclosures(ours, ['name', 'age_over_18'], disclosureClaimName)
    const presented = await addKeyBinding(keep, f.device.privateJwk, { aud: 'verifier:test', nonce: 'n-777', iat: Math.floor(Date.now() / 1000) }, backend)
    const theirs = new SDJwtInstance({
      verifier: verifierFor(f.issuerKey.publicJwk),
      kbVerifier: (data: string, sig: string, payload) => verifierFor((payload as { cnf: { jwk: EcPublicJwk } }).cnf.jwk)(data, sig),
      hasher,
      hashAlg: 'sha-256'
    })
    const out = await theirs.verify(presented, { keyBindingNonce: 'n-777', requiredClaimKeys: ['name'] })
    expect((out.payload as Record<string, unknown>).name).toBe('测试甲')
    expect((out.payload as Record<string, unknown>).id_number).toBeUndefined()
    expect(out.kb?.payload.aud).toBe('verifier:test')
    const [jwt, ...rest] = presented.split('~')
    const forged = [jwt.slice(0, -3) + (jwt.endsWith('AAA') ? 'BBB' : 'AAA'), ...rest].join('~')
    await expect(theirs.verify(forged, { keyBindingNonce: 'n-777' })).rejects.toThrow()
  })
})
