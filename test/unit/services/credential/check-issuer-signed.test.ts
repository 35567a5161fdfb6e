import { checkIssuerSigned, type IssuerSignedParts } from '../../../../src/services/credential/lib/checkIssuerSigned'
import { jwsAlgOf, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { CRED_HEADER, PROOF_HEADER, signDetached } from '../../../../src/services/presentation/purposeCredential'
import type { TrustList } from '../../../../src/services/trust/types'
import { DAY, NOW, newKey } from '../../../support/credentialFixture'

/**
 * The one issuer check shared by CW1 (verifier and wallet) and CWP1: its order and each refusal,
 * for both suites (ES256 on P-256, SM2SM3 on SM2) on both backends.
 */
describe.each([
  ['jose', 'P-256', joseBackend],
  ['noble', 'P-256', nobleBackend],
  ['jose', 'SM2', joseBackend],
  ['noble', 'SM2', nobleBackend]
] as const)('checkIssuerSigned (%s, %s issuer key)', (_name, curve, backend) => {
  const issuer = newKey('iss-1', curve)
  const leaked = newKey('iss-leaked', curve)
  const alg = jwsAlgOf(issuer.publicJwk)!
  const other = curve === 'SM2' ? 'ES256' : 'SM2SM3'
  const trust: TrustList = {
    iss: 'root',
    iat: NOW - DAY,
    exp: NOW + 30 * DAY,
    version: 1,
    issuers: [
      {
        id: '11440000MB2C91234X',
        name: '广东省公安厅',
        region: '广东省',
        authority: 'public-security',
        kinds: ['id-card'],
        keys: [
          { kid: 'iss-1', alg, jwk: issuer.publicJwk, notBefore: NOW - 100 * DAY, notAfter: NOW + 100 * DAY },
          { kid: 'iss-leaked', alg, jwk: leaked.publicJwk, notBefore: NOW - 100 * DAY, notAfter: NOW + 100 * DAY, compromisedAt: NOW - DAY }
        ]
      }
    ]
  }
  const opts = { trust, backend, now: NOW, skewSeconds: 30 }
  const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])

  async function parts(over: Partial<IssuerSignedParts> = {}, key = issuer.privateJwk): Promise<IssuerSignedParts> {
    const header = over.header ?? CRED_HEADER
    const signed = over.bytes ?? bytes
    return { kid: key.kid, alg, bytes: signed, signature: await signDetached(signed, header, key, backend), header, iat: NOW - 60, exp: NOW + DAY, kinds: ['id-card'], ...over }
  }
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; detail?: string }) => `${e.code}${e.detail ? ':' + e.detail : ''}`)

  it('accepts a good body and names the issuer', async () => {
    const found = await checkIssuerSigned(await parts(), opts)
    expect(found.issuer.name).toBe('广东省公安厅')
    expect(found.key.kid).toBe('iss-1')
  })

  it('refuses an unknown kid before anything else', async () => {
    expect(await codeOf(checkIssuerSigned({ ...(await parts()), kid: 'nope', iat: NOW + 10 * DAY, kinds: ['degree'] }, opts))).toBe('ERR_KID_UNKNOWN')
  })

  it('refuses bytes that claim the other suite before any signature arithmetic', async () => {
    // The format byte is the holder's claim; the trust list's key decides.
    expect(await codeOf(checkIssuerSigned({ ...(await parts()), alg: other, iat: NOW + 10 * DAY }, opts))).toBe('ERR_ALG_NOT_ALLOWED:format-alg')
  })

  it('refuses a signature made with a key of the other suite under this kid', async () => {
    // Someone with a key of the other curve signs the same bytes: the pinned key cannot verify it.
    const stranger = newKey('iss-1', curve === 'SM2' ? 'P-256' : 'SM2')
    const p = await parts({}, stranger.privateJwk)
    expect(await codeOf(checkIssuerSigned({ ...p, alg }, opts))).toBe('ERR_SIGNATURE_INVALID')
  })

  it('refuses a trust-list key whose pinned alg disagrees with its curve', async () => {
    const bad: TrustList = { ...trust, issuers: [{ ...trust.issuers[0], keys: [{ ...trust.issuers[0].keys[0], alg: other }] }] }
    const p = await parts()
    expect(await codeOf(checkIssuerSigned({ ...p, alg: other }, { ...opts, trust: bad }))).toBe('ERR_ALG_NOT_ALLOWED:pinned-alg')
    expect(await codeOf(checkIssuerSigned(p, { ...opts, trust: bad }))).toBe('ERR_ALG_NOT_ALLOWED:format-alg')
  })

  it('checks the signature before believing iat, exp or kinds', async () => {
    const p = await parts()
    const flipped = p.signature.slice()
    flipped[5] ^= 1
    expect(await codeOf(checkIssuerSigned({ ...p, signature: flipped, iat: NOW + 10 * DAY, exp: NOW - DAY, kinds: ['degree'] }, opts))).toBe('ERR_SIGNATURE_INVALID')
    // Signed bytes changed after signing.
    expect(await codeOf(checkIssuerSigned({ ...p, bytes: new Uint8Array([9, 9, 9]) }, opts))).toBe('ERR_SIGNATURE_INVALID')
    // A signature made for another format (typ) does not cross over.
    expect(await codeOf(checkIssuerSigned({ ...p, header: PROOF_HEADER }, opts))).toBe('ERR_SIGNATURE_INVALID')
  })

  it('refuses a compromised key and a signing time outside the key window', async () => {
    expect(await codeOf(checkIssuerSigned(await parts({}, leaked.privateJwk), opts))).toBe('ERR_KEY_COMPROMISED:iss-leaked')
    expect(await codeOf(checkIssuerSigned(await parts({ iat: NOW - 200 * DAY, exp: NOW + DAY }), opts))).toBe('ERR_KEY_OUTSIDE_WINDOW:iss-1')
  })

  it('applies the clock slack at the second: iat ahead, exp behind', async () => {
    expect(await codeOf(checkIssuerSigned(await parts({ iat: NOW + 30 }), opts))).toBe('ok')
    expect(await codeOf(checkIssuerSigned(await parts({ iat: NOW + 31 }), opts))).toBe('ERR_CERT_NOT_YET_VALID')
    expect(await codeOf(checkIssuerSigned(await parts({ exp: NOW - 30 }), opts))).toBe('ok')
    expect(await codeOf(checkIssuerSigned(await parts({ exp: NOW - 31 }), opts))).toBe('ERR_CERT_EXPIRED')
  })

  it('stores nothing that has expired: strict expiry has no slack', async () => {
    expect(await codeOf(checkIssuerSigned(await parts({ exp: NOW }), { ...opts, strictExpiry: true }))).toBe('ERR_CERT_EXPIRED')
    expect(await codeOf(checkIssuerSigned(await parts({ exp: NOW + 1 }), { ...opts, strictExpiry: true }))).toBe('ok')
  })

  it('caps the lifetime when asked', async () => {
    const p = await parts({ iat: NOW - 60, exp: NOW - 60 + 10 * DAY })
    expect(await codeOf(checkIssuerSigned(p, { ...opts, maxLifetimeSeconds: 10 * DAY }))).toBe('ok')
    expect(await codeOf(checkIssuerSigned(p, { ...opts, maxLifetimeSeconds: 10 * DAY - 1 }))).toBe('ERR_CLAIM_INVALID:lifetime')
  })

  it('refuses a kind the issuer is not listed for, even beside one it is', async () => {
    expect(await codeOf(checkIssuerSigned(await parts({ kinds: ['id-card', 'driving-licence'] }), opts))).toBe('ERR_CLAIM_INVALID:issuer-not-listed-for-kind')
  })
})
