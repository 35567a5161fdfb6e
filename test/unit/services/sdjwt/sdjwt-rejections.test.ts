/**
 * One test per rejection code, on both crypto backends. Clock frozen at NOW; fixtures signed by
 * run-time test keys.
 */
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { b64uJson, base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import { signJwt } from '../../../../src/services/jws'
import { makeDisclosure } from '../../../../src/services/sdjwt/issue'
import { MAX_SD_JWT_LENGTH, verifySdJwt, type VerifySdJwtOptions } from '../../../../src/services/sdjwt/verify'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { DAY, makeFixture, newKey, NOW } from '../../../support/credentialFixture'

const code = (c: string) => expect.objectContaining({ code: c })

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('SD-JWT VC on %s', (_n, backend: CryptoBackend) => {
  const f = makeFixture(joseBackend)
  // These cases check the issuer's signature and claims of a credential as issued (no key binding):
  // they opt out explicitly; the key-binding cases below pass their own expectation.
  const opts = (over: Partial<VerifySdJwtOptions> = {}): VerifySdJwtOptions => ({ trust: f.trust, backend, now: NOW, keyBinding: 'not-required', ...over })
  const kb = { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 60 }

  it('accepts a valid credential and merges every disclosure', async () => {
    const r = await verifySdJwt(await f.issue(), opts())
    expect(r.claims.name).toBe('测试甲')
    expect(r.claims.age_over_18).toBe(true)
    expect(r.issuer.id).toBe(f.issuerId)
    expect(r.checks.signature).toBe(true)
  })

  it('accepts a presentation with a subset of disclosures and a valid key binding', async () => {
    const full = await f.issue()
    const [jwt, ...ds] = full.split('~')
    const onlyAge = [jwt, ds.find((d) => Buffer.from(d, 'base64url').toString().includes('age_over_18'))].join('~') + '~'
    const r = await verifySdJwt(await f.present(onlyAge), opts({ keyBinding: kb }))
    expect(Object.keys(r.claims).filter((k) => !['iss', 'iat', 'nbf', 'exp', 'vct', 'cnf', 'status'].includes(k))).toEqual(['age_over_18'])
    expect(r.keyBinding?.nonce).toBe('n-123')
  })

  it('ERR_ALG_NONE: alg none', async () => {
    const [, payload] = (await f.issue()).split('~')[0].split('.')
    const header = b64uJson({ alg: 'none', typ: 'dc+sd-jwt', kid: f.issuerKey.publicJwk.kid })
    await expect(verifySdJwt(`${header}.${payload}.~`, opts())).rejects.toEqual(code('ERR_ALG_NONE'))
  })

  it('ERR_ALG_NOT_ALLOWED: HS256 signed with the public key as HMAC secret (algorithm confusion)', async () => {
    const { createHmac } = await import('node:crypto')
    const [, payload] = (await f.issue()).split('~')[0].split('.')
    const header = b64uJson({ alg: 'HS256', typ: 'dc+sd-jwt', kid: f.issuerKey.publicJwk.kid })
    const mac = createHmac('sha256', JSON.stringify(f.issuerKey.publicJwk)).update(`${header}.${payload}`).digest('base64url')
    await expect(verifySdJwt(`${header}.${payload}.${mac}~`, opts())).rejects.toEqual(code('ERR_ALG_NOT_ALLOWED'))
  })

  it('ERR_ALG_NOT_ALLOWED: a key pinned to another algorithm in the trust list', async () => {
    const trust = { ...f.trust, issuers: [{ ...f.trust.issuers[0], keys: [{ ...f.keyEntry(f.issuerKey), alg: 'ES384' as 'ES256' }] }] }
    await expect(verifySdJwt(await f.issue(), opts({ trust }))).rejects.toEqual(code('ERR_ALG_NOT_ALLOWED'))
  })

  it('ERR_KID_UNKNOWN: a key not in the trust list', async () => {
    const stranger = newKey('stranger')
    await expect(verifySdJwt(await f.issue({}, undefined, stranger.privateJwk), opts())).rejects.toEqual(code('ERR_KID_UNKNOWN'))
  })

  it('ERR_SIGNATURE_INVALID: a known kid but another key signed', async () => {
    const impostor = newKey(f.issuerKey.publicJwk.kid)
    await expect(verifySdJwt(await f.issue({}, undefined, impostor.privateJwk), opts())).rejects.toEqual(code('ERR_SIGNATURE_INVALID'))
  })

  it('ERR_SIGNATURE_INVALID: a tampered claim in the signed payload', async () => {
    const sd = await f.issue()
    const [jwt, ...rest] = sd.split('~')
    const [h, p, s] = jwt.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    payload.exp = NOW + 3650 * DAY
    const forged = [h, base64urlEncode(utf8Encode(JSON.stringify(payload))), s].join('.')
    await expect(verifySdJwt([forged, ...rest].join('~'), opts())).rejects.toEqual(code('ERR_SIGNATURE_INVALID'))
  })

  it('key rotation: a credential signed by the retired key inside its window stays valid', async () => {
    const sd = await f.issue({ iat: NOW - 300 * DAY, nbf: NOW - 300 * DAY, exp: NOW + 30 * DAY }, undefined, f.oldKey.privateJwk)
    await expect(verifySdJwt(sd, opts())).resolves.toMatchObject({ kid: 'test-issuer-2024' })
  })

  it('ERR_KEY_OUTSIDE_WINDOW: signed by the retired key after its window closed', async () => {
    const sd = await f.issue({}, undefined, f.oldKey.privateJwk)
    await expect(verifySdJwt(sd, opts())).rejects.toEqual(code('ERR_KEY_OUTSIDE_WINDOW'))
  })

  it('ERR_KEY_COMPROMISED: a key listed as compromised', async () => {
    const trust = { ...f.trust, issuers: [{ ...f.trust.issuers[0], keys: [f.keyEntry(f.issuerKey, { compromisedAt: NOW - DAY })] }] }
    await expect(verifySdJwt(await f.issue(), opts({ trust }))).rejects.toEqual(code('ERR_KEY_COMPROMISED'))
  })

  it('ERR_CERT_EXPIRED: one second past exp + skew, valid at the last second', async () => {
    const sd = await f.issue({ exp: NOW - 120 })
    await expect(verifySdJwt(sd, opts())).resolves.toBeTruthy()
    await expect(verifySdJwt(sd, opts({ now: NOW + 1 }))).rejects.toEqual(code('ERR_CERT_EXPIRED'))
  })

  it('ERR_CERT_NOT_YET_VALID: nbf in the future beyond skew', async () => {
    await expect(verifySdJwt(await f.issue({ nbf: NOW + 3600 }), opts())).rejects.toEqual(code('ERR_CERT_NOT_YET_VALID'))
  })

  it('ERR_CERT_REVOKED and ERR_CERT_SUSPENDED from the status lookup', async () => {
    const sd = await f.issue()
    await expect(verifySdJwt(sd, opts({ status: async () => 'invalid' }))).rejects.toEqual(code('ERR_CERT_REVOKED'))
    await expect(verifySdJwt(sd, opts({ status: async () => 'suspended' }))).rejects.toEqual(code('ERR_CERT_SUSPENDED'))
    await expect(verifySdJwt(sd, opts({ status: async () => 'valid' }))).resolves.toMatchObject({ checks: { status: 'valid' } })
  })

  it('ERR_DISCLOSURE_INVALID: a tampered disclosure', async () => {
    const sd = await f.issue()
    const parts = sd.split('~')
    parts[1] = b64uJson(['salt', 'name', '冒充者'])
    await expect(verifySdJwt(parts.join('~'), opts())).rejects.toEqual(code('ERR_DISCLOSURE_INVALID'))
  })

  it('ERR_DISCLOSURE_DUPLICATE: the same disclosure twice', async () => {
    const sd = await f.issue()
    const parts = sd.split('~')
    const dup = [parts[0], parts[1], parts[1], ''].join('~')
    await expect(verifySdJwt(dup, opts())).rejects.toEqual(code('ERR_DISCLOSURE_DUPLICATE'))
  })

  it('ERR_DISCLOSURE_INVALID: a disclosure that would overwrite a signed claim', async () => {
    const d = await makeDisclosure('c2FsdA', 'iss', 'someone-else', backend)
    const payload = { iss: f.issuerId, iat: NOW - 60, vct: 'urn:cn:certwallet:vct:id-card:1', _sd: [d.digest], _sd_alg: 'sha-256' }
    const jwt = await signJwt(payload, { typ: 'dc+sd-jwt', kid: f.issuerKey.publicJwk.kid }, f.issuerKey.privateJwk, joseBackend)
    await expect(verifySdJwt(`${jwt}~${d.disclosure}~`, opts())).rejects.toEqual(code('ERR_DISCLOSURE_INVALID'))
  })

  it('ERR_KB_MISSING: key binding required but absent', async () => {
    await expect(verifySdJwt(await f.issue(), opts({ keyBinding: kb }))).rejects.toEqual(code('ERR_KB_MISSING'))
    // No expectation given is not an opt-out: a device-bound credential still needs its key binding.
    await expect(verifySdJwt(await f.issue(), opts({ keyBinding: undefined }))).rejects.toEqual(code('ERR_KB_MISSING'))
  })

  it('ERR_KB_SIGNATURE_INVALID: key binding by another device', async () => {
    const other = newKey('other-device')
    await expect(verifySdJwt(await f.present(await f.issue(), {}, other.privateJwk), opts({ keyBinding: kb }))).rejects.toEqual(code('ERR_KB_SIGNATURE_INVALID'))
  })

  it('ERR_KB_NONCE_MISMATCH and ERR_KB_AUDIENCE_MISMATCH', async () => {
    const sd = await f.issue()
    await expect(verifySdJwt(await f.present(sd, { nonce: 'other' }), opts({ keyBinding: kb }))).rejects.toEqual(code('ERR_KB_NONCE_MISMATCH'))
    await expect(verifySdJwt(await f.present(sd, { aud: 'verifier:else' }), opts({ keyBinding: kb }))).rejects.toEqual(code('ERR_KB_AUDIENCE_MISMATCH'))
  })

  it('ERR_KB_STALE: a key binding older than its window (valid one second earlier)', async () => {
    const p = await f.present(await f.issue(), { iat: NOW - 60 - 120 })
    await expect(verifySdJwt(p, opts({ keyBinding: kb }))).resolves.toBeTruthy()
    await expect(verifySdJwt(p, opts({ keyBinding: kb, now: NOW + 1 }))).rejects.toEqual(code('ERR_KB_STALE'))
  })

  it('ERR_KB_SD_HASH_MISMATCH: disclosures swapped after key binding', async () => {
    const sd = await f.issue()
    const p = await f.present(sd)
    const parts = p.split('~')
    const dropped = [parts[0], ...parts.slice(2)].join('~')
    await expect(verifySdJwt(dropped, opts({ keyBinding: kb }))).rejects.toEqual(code('ERR_KB_SD_HASH_MISMATCH'))
  })

  it('ERR_BASE64: a signature with a character outside base64url', async () => {
    const sd = await f.issue()
    const [jwt, ...rest] = sd.split('~')
    await expect(verifySdJwt([jwt.slice(0, -2) + '+/', ...rest].join('~'), opts())).rejects.toEqual(code('ERR_BASE64'))
  })

  it('ERR_MALFORMED: truncated input', async () => {
    const sd = await f.issue()
    await expect(verifySdJwt(sd.slice(0, 40), opts())).rejects.toEqual(code('ERR_MALFORMED'))
    await expect(verifySdJwt(sd.split('~')[0].split('.').slice(0, 2).join('.') + '~', opts())).rejects.toEqual(code('ERR_MALFORMED'))
  })

  it(`ERR_TOO_LARGE: over ${MAX_SD_JWT_LENGTH} characters`, async () => {
    const sd = await f.issue()
    await expect(verifySdJwt(sd + 'A'.repeat(MAX_SD_JWT_LENGTH), opts())).rejects.toEqual(code('ERR_TOO_LARGE'))
  })

  it('ERR_TYP_INVALID: a plain JWT presented as an SD-JWT VC', async () => {
    const sd = await f.issue({})
    const [, payload] = sd.split('~')[0].split('.')
    const jwt = await joseBackend.signJws(f.issuerKey.privateJwk, { alg: 'ES256', typ: 'JWT', kid: f.issuerKey.publicJwk.kid }, Buffer.from(payload, 'base64url'))
    await expect(verifySdJwt(`${jwt}~`, opts())).rejects.toEqual(code('ERR_TYP_INVALID'))
  })

  it('ERR_TRUST_LIST_SIGNATURE: a trust list not signed by the pinned root', async () => {
    const jws = await f.trustJws()
    await expect(verifyTrustList(jws, [f.root.publicJwk], backend, NOW)).resolves.toMatchObject({ version: 1 })
    const fake = newKey('test-root')
    await expect(verifyTrustList(jws, [fake.publicJwk], backend, NOW)).rejects.toEqual(code('ERR_TRUST_LIST_SIGNATURE'))
    await expect(verifyTrustList(jws, [f.root.publicJwk], backend, NOW + 31 * DAY)).rejects.toEqual(code('ERR_TRUST_LIST_EXPIRED'))
  })
})
