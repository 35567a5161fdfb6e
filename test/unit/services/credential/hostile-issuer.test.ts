/**
 * #11 item 10: inputs a hostile (or broken) issuer signs with a valid key still fail closed, each
 * with a coded, documented error — on both backends.
 */
import { nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { base64urlEncode, jsonDepthExceeds, parseB64uJson, utf8Encode } from '../../../../src/services/encoding'
import { isWalletError, type WalletError } from '../../../../src/services/errors'
import { sha256B64u, signJwt } from '../../../../src/services/jws'
import { SD_JWT_VC_TYP } from '../../../../src/services/sdjwt/issue'
import { verifySdJwt } from '../../../../src/services/sdjwt/verify'
import { makeFixture, NOW } from '../../../support/credentialFixture'

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(isWalletError(e)).toBe(true)
    return (e as WalletError).code + ((e as WalletError).detail ? `:${(e as WalletError).detail}` : '')
  }
  return 'ACCEPTED'
}

describe.each<[string, CryptoBackend]>([
  ['jose', joseBackend],
  ['noble', nobleBackend]
])('hostile issuer (%s)', (_name, backend) => {
  const f = makeFixture(backend)
  // The credential as issued (no key binding): opted out explicitly, as the holder's own wallet does.
  const verify = (text: string) => verifySdJwt(text, { trust: f.trust, backend, now: NOW, keyBinding: 'not-required' })

  it.each([
    ['exp as a string', { exp: '2099-01-01' }, 'ERR_CLAIM_INVALID:exp'],
    ['exp null', { exp: null }, 'ERR_CLAIM_INVALID:exp'],
    ['exp an object', { exp: { n: 1 } }, 'ERR_CLAIM_INVALID:exp'],
    ['nbf as a string', { nbf: '0' }, 'ERR_CLAIM_INVALID:nbf'],
    ['nbf an array', { nbf: [1] }, 'ERR_CLAIM_INVALID:nbf'],
    ['iat as a string', { iat: String(NOW) }, 'ERR_CLAIM_INVALID:required']
  ])('refuses a re-signed credential with %s (never read as absent)', async (_what, over, code) => {
    expect(await codeOf(verify(await f.issue(over as never)))).toBe(code)
  })

  it.each([null, 0, '', false])('refuses a status claim of %p when status is checked (never read as absent)', async (value) => {
    const text = await f.issue({ status: value as never })
    const status = async () => 'valid' as const
    expect(await codeOf(verifySdJwt(text, { trust: f.trust, backend, now: NOW, status, keyBinding: 'not-required' }))).toBe('ERR_CLAIM_INVALID:status')
  })

  it('refuses a device key with whitespace inside a coordinate on both backends (jose used to accept it)', async () => {
    const y = f.device.publicJwk.y
    const cnf = { jwk: { kty: 'EC', crv: 'P-256', x: f.device.publicJwk.x, y: `${y.slice(0, 20)} ${y.slice(20)}` } }
    const text = await f.present(await f.issue({ cnf } as never))
    const kb = { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 300 }
    expect(await codeOf(verifySdJwt(text, { trust: f.trust, backend, now: NOW, keyBinding: kb }))).toBe('ERR_KB_SIGNATURE_INVALID')
  })

  it('still accepts a credential without exp/nbf (absent is allowed, not mistyped)', async () => {
    const text = await f.issue({ exp: undefined, nbf: undefined })
    expect((await verify(text)).checks.signature).toBe(true)
  })

  it('refuses deep nesting in a signed disclosure with ERR_MALFORMED, not a stack overflow', async () => {
    const deep = '['.repeat(12000) + ']'.repeat(12000) // just under the 32 KB SD-JWT limit
    const disclosure = base64urlEncode(utf8Encode(`["c2FsdA","deep",${deep}]`))
    const digest = await sha256B64u(disclosure, backend)
    const payload = { iss: f.issuerId, iat: NOW - 60, exp: NOW + 3600, vct: 'urn:cn:certwallet:vct:id-card:1', _sd_alg: 'sha-256', _sd: [digest] }
    const jwt = await signJwt(payload, { typ: SD_JWT_VC_TYP, kid: f.issuerKey.privateJwk.kid }, f.issuerKey.privateJwk, backend)
    expect(await codeOf(verify(`${jwt}~${disclosure}~`))).toBe('ERR_MALFORMED:json-depth')
  })

  it('refuses deep nesting in the signed payload itself', async () => {
    const text = `{"iss":"${f.issuerId}","iat":${NOW},"vct":"x","x":${'['.repeat(50)}${']'.repeat(50)}}`
    const header = base64urlEncode(utf8Encode(JSON.stringify({ alg: 'ES256', typ: SD_JWT_VC_TYP, kid: f.issuerKey.privateJwk.kid })))
    const body = base64urlEncode(utf8Encode(text))
    const jws = await backend.signJws(f.issuerKey.privateJwk, { alg: 'ES256', typ: SD_JWT_VC_TYP, kid: f.issuerKey.privateJwk.kid }, utf8Encode(text))
    expect(jws.split('.')[0]).toBe(header)
    expect(jws.split('.')[1]).toBe(body)
    expect(await codeOf(verify(`${jws}~`))).toBe('ERR_MALFORMED:json-depth')
  })
})

describe('JSON depth bound', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds('[[["[[[[[[[["]]]', 3)).toBe(false)
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true)
    expect(jsonDepthExceeds('{"a":"\\"[[[[[["}', 1)).toBe(false)
    expect(() => parseB64uJson(base64urlEncode(utf8Encode('['.repeat(33) + ']'.repeat(33))))).toThrow('ERR_MALFORMED: json-depth')
    expect(parseB64uJson(base64urlEncode(utf8Encode('['.repeat(32) + ']'.repeat(32))))).toBeDefined()
  })
})
