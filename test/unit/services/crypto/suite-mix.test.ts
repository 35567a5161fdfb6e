/**
 * Every mix of suites: the root, the issuer and the device each on P-256 (ES256) or SM2 (SM2SM3),
 * through both backends — the trust list, an SD-JWT VC with key binding, a status list, a CW1
 * presentation (issuer signature + device proof), a CWP1 bearer credential, a DPoP proof and an
 * institution's signed request. Plus the refusals that make the key, not the token, pick the suite.
 */
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto'
import type { CryptoBackend, Curve, EcPrivateJwk } from '../../../../src/services/crypto/types'
import { base45Decode } from '../../../../src/services/presentation/base45'
import { base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import { certRegistry } from '../../../../src/certs/registry'
import { checkDpopProof, createDpopProof } from '../../../../src/services/jws/dpop'
import { signJwt } from '../../../../src/services/jws'
import { signInstitutionRequest, verifyInstitutionRequest } from '../../../../src/services/institution/requestSignature'
import { createPresentation, ReplayCache, signBearerCredential, signPurposeCredential, verifyBearerCredential, verifyPresentation } from '../../../../src/services/presentation'
import { encodeStatusList } from '../../../../src/services/status/statusList'
import { STATUS_LIST_TYP, verifyStatusListJwt } from '../../../../src/services/status/verifyStatusList'
import { verifySdJwt } from '../../../../src/services/sdjwt/verify'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { DAY, makeFixture, newKey, NOW, rnd } from '../../../support/credentialFixture'

const CURVES: Curve[] = ['P-256', 'SM2']
const MIXES = CURVES.flatMap((root) => CURVES.flatMap((issuer) => CURVES.map((device) => ({ root, issuer, device }))))
const BACKENDS: [string, CryptoBackend][] = [
  ['jose', joseBackend],
  ['noble', nobleBackend]
]
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; detail?: string }) => `${e.code}${e.detail ? ':' + e.detail : ''}`)
const LIST_URI = 'https://zwfw.certwallet.example/api/v1/status-lists/test'

describe.each(BACKENDS.flatMap(([name, backend]) => MIXES.map((m) => [name, m.root, m.issuer, m.device, backend] as const)))(
  '%s backend: root %s, issuer %s, device %s',
  (_name, root, issuer, device, backend) => {
    const f = makeFixture(backend, { root, issuer, device })
    const issuerKey = f.issuerKey.privateJwk

    it('the trust list verifies against the pinned root in its suite', async () => {
      const list = await verifyTrustList(await f.trustJws(), [f.root.publicJwk], backend, NOW)
      expect(list.issuers[0].keys[0].alg).toBe(issuer === 'SM2' ? 'SM2SM3' : 'ES256')
    })

    it('an SD-JWT VC with key binding and a status list verify', async () => {
      const presentation = await f.present(await f.issue())
      const statuses = new Uint8Array(16)
      statuses[9] = 1
      const statusJwt = await signJwt({ sub: LIST_URI, iat: NOW - 60, exp: NOW + DAY, status_list: encodeStatusList(statuses, 2) }, { typ: STATUS_LIST_TYP, kid: issuerKey.kid }, issuerKey, backend)
      const list = await verifyStatusListJwt(statusJwt, { trust: f.trust, backend, nowSeconds: NOW, expectedUri: LIST_URI, expectedIssuer: f.issuerId })
      expect(list.list.statusAt(7)).toBe('valid')
      expect(list.list.statusAt(9)).toBe('invalid')
      const v = await verifySdJwt(presentation, {
        trust: f.trust,
        backend,
        now: NOW,
        keyBinding: { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 60 },
        status: async (ref) => (ref.uri === LIST_URI ? list.list.statusAt(ref.idx) : 'unknown')
      })
      expect(v.claims.name).toBe('测试甲')
    })

    it('a CW1 presentation verifies; its format byte names both suites; an SM2 signature costs no byte', async () => {
      const body = {
        purpose: 'hotel' as const,
        kid: issuerKey.kid,
        iat: NOW - 60,
        exp: NOW + DAY,
        grace: 2 * DAY - 60,
        status: [],
        deviceKey: f.device.publicJwk,
        certs: [{ kind: 'id-card', claims: { name: '测试甲', id_number: '44010619900315001X' } }]
      }
      const cred = await signPurposeCredential(body, issuerKey, certRegistry, backend)
      // Layout 2 (issue #16: per-set key, no status index) in the low nibble, the suites in the flags.
      expect(cred[0]).toBe(0x02 | (issuer === 'SM2' ? 0x10 : 0) | (device === 'SM2' ? 0x20 : 0))
      const text = await createPresentation({ credentials: [cred], deviceKey: f.device.privateJwk, now: NOW, nonce: 'N-1', backend })
      const v = await verifyPresentation(text, { trust: f.trust, registry: certRegistry, backend, now: NOW, nonce: 'N-1', replay: new ReplayCache(), status: async () => 'valid' })
      expect(v.certs[0].claims).toEqual({ name: '测试甲', id_number: '44010619900315001X' })
      // The same credential from an all-ES256 world is exactly as long: no QR version is lost.
      const es = makeFixture(backend)
      const esCred = await signPurposeCredential({ ...body, kid: es.issuerKey.privateJwk.kid, deviceKey: es.device.publicJwk }, es.issuerKey.privateJwk, certRegistry, backend)
      expect(cred.length).toBe(esCred.length)
      expect(esCred[0]).toBe(0x02)
      // The older layout (status entries, device key) is still read, with its status looked up.
      const old = await signPurposeCredential({ ...body, layout: 1, grace: undefined, status: [{ listId: 'test', idx: 7 }] }, issuerKey, certRegistry, backend)
      expect(old[0]).toBe(0x01 | (issuer === 'SM2' ? 0x10 : 0) | (device === 'SM2' ? 0x20 : 0))
      const oldText = await createPresentation({ credentials: [old], deviceKey: f.device.privateJwk, now: NOW, backend })
      expect(await codeOf(verifyPresentation(oldText, { trust: f.trust, registry: certRegistry, backend, now: NOW, status: async () => 'invalid' }))).toBe('ERR_CERT_REVOKED')
      await expect(verifyPresentation(oldText, { trust: f.trust, registry: certRegistry, backend, now: NOW, status: async () => 'valid' })).resolves.toMatchObject({ checks: { status: 'valid' } })
      const esOld = await signPurposeCredential({ ...body, layout: 1, grace: undefined, status: [{ listId: 'test', idx: 7 }], kid: es.issuerKey.privateJwk.kid, deviceKey: es.device.publicJwk }, es.issuerKey.privateJwk, certRegistry, backend)
      expect(esOld[0]).toBe(0x01) // the encoding every ES256 credential had before SM2
    })

    it('a CW1 whose device proof is by another key of the device suite is refused', async () => {
      const cred = await signPurposeCredential(
        { purpose: 'hotel', kid: issuerKey.kid, iat: NOW - 60, exp: NOW + DAY, status: [], deviceKey: f.device.publicJwk, certs: [{ kind: 'id-card', claims: { name: '测试甲' } }] },
        issuerKey,
        certRegistry,
        backend
      )
      const thief = newKey('thief', device)
      const text = await createPresentation({ credentials: [cred], deviceKey: thief.privateJwk, now: NOW, backend })
      expect(await codeOf(verifyPresentation(text, { trust: f.trust, registry: certRegistry, backend, now: NOW }))).toBe('ERR_KB_SIGNATURE_INVALID')
    })

    it('a CWP1 paper credential verifies, and its format byte names the issuer suite', async () => {
      const text = await signBearerCredential(
        { use: 'paper', kid: issuerKey.kid, iat: NOW - 60, exp: NOW + 30 * DAY, ref: 'P-1', status: { listId: 'test', ownIdx: 1, certIdx: 2 }, kind: 'id-card', claims: { name: '测*甲', sex: '男', id_number: '4401**********001X' } },
        issuerKey,
        certRegistry,
        backend
      )
      expect(base45Decode(text.slice(5))[0]).toBe(issuer === 'SM2' ? 0x11 : 0x01)
      const v = await verifyBearerCredential(text, { trust: f.trust, registry: certRegistry, backend, now: NOW, status: async () => 'valid' })
      expect(v.claims.name).toBe('测*甲')
    })

    it('a DPoP proof by the device key verifies; one whose alg names the other suite does not', async () => {
      const req = { htm: 'POST', htu: 'https://zwfw.certwallet.example/api/v1/credentials', token: 'tok-1' }
      const proof = await createDpopProof(f.device.privateJwk, req, { backend, nowSec: NOW, randomBytes: async (n) => rnd(n) })
      await expect(checkDpopProof(proof, req, { backend, nowSec: NOW })).resolves.toMatchObject({ iat: NOW })
      const [h, p, s] = proof.split('.')
      const header = JSON.parse(Buffer.from(h, 'base64url').toString())
      const swapped = base64urlEncode(utf8Encode(JSON.stringify({ ...header, alg: header.alg === 'ES256' ? 'SM2SM3' : 'ES256' })))
      expect(await codeOf(checkDpopProof(`${swapped}.${p}.${s}`, req, { backend, nowSec: NOW }))).toBe('ERR_DPOP_INVALID:header')
    })

    it('an institution request signed with a key of the device suite verifies against the registry key', async () => {
      const inst = newKey('inst', device)
      const input = { method: 'POST', path: '/verifications', body: '{"a":1}' }
      const sig = await signInstitutionRequest({ ...input, institutionId: '91440101MA5CUSTD4R', privateJwk: inst.privateJwk as EcPrivateJwk, nowSec: NOW, jti: base64urlEncode(rnd(18)) }, backend)
      const ok = await verifyInstitutionRequest(sig, { ...input, nowSec: NOW, keyFor: () => inst.publicJwk }, backend)
      expect(ok.institutionId).toBe('91440101MA5CUSTD4R')
      // The registry's key of the other suite (same coordinates, other curve) is not fooled.
      const other = { ...inst.publicJwk, crv: device === 'SM2' ? ('P-256' as const) : ('SM2' as const) }
      expect(await codeOf(verifyInstitutionRequest(sig, { ...input, nowSec: NOW, keyFor: () => other }, backend))).toBe('ERR_INSTITUTION_SIGNATURE_INVALID:signature')
    })
  }
)

describe.each(BACKENDS)('%s backend: the pinned key decides the suite', (_name, backend) => {
  it('a trust list whose header claims the other suite is refused as a bad root signature', async () => {
    const f = makeFixture(backend, { root: 'SM2' })
    const [h, p, s] = (await f.trustJws()).split('.')
    const header = JSON.parse(Buffer.from(h, 'base64url').toString())
    expect(header.alg).toBe('SM2SM3')
    const lied = base64urlEncode(utf8Encode(JSON.stringify({ ...header, alg: 'ES256' })))
    expect(await codeOf(verifyTrustList(`${lied}.${p}.${s}`, [f.root.publicJwk], backend, NOW))).toBe('ERR_TRUST_LIST_SIGNATURE')
    // A P-256 root pinned under the same kid cannot verify the SM2 root's list.
    expect(await codeOf(verifyTrustList(`${h}.${p}.${s}`, [{ ...newKey('test-root').publicJwk }], backend, NOW))).toBe('ERR_TRUST_LIST_SIGNATURE')
  })

  it('an SD-JWT VC of an SM2 issuer whose header says ES256 is ERR_ALG_NOT_ALLOWED', async () => {
    const f = makeFixture(backend, { issuer: 'SM2' })
    const sdJwt = await f.issue()
    const [jwt, ...rest] = sdJwt.split('~')
    const [h, p, s] = jwt.split('.')
    const lied = base64urlEncode(utf8Encode(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), alg: 'ES256' })))
    expect(await codeOf(verifySdJwt([`${lied}.${p}.${s}`, ...rest].join('~'), { trust: f.trust, backend, now: NOW, keyBinding: 'not-required' }))).toBe('ERR_ALG_NOT_ALLOWED:alg-key-mismatch')
  })

  it('a CW1 credential flagged ES256 under an SM2 issuer key is refused before its signature is checked', async () => {
    const f = makeFixture(backend, { issuer: 'SM2' })
    const cred = await signPurposeCredential(
      { purpose: 'hotel', kid: f.issuerKey.privateJwk.kid, iat: NOW - 60, exp: NOW + DAY, status: [], deviceKey: f.device.publicJwk, certs: [{ kind: 'id-card', claims: { name: '测试甲' } }] },
      f.issuerKey.privateJwk,
      certRegistry,
      backend
    )
    const flipped = cred.slice()
    flipped[0] &= ~0x10
    const text = await createPresentation({ credentials: [flipped], deviceKey: f.device.privateJwk, now: NOW, backend })
    expect(await codeOf(verifyPresentation(text, { trust: f.trust, registry: certRegistry, backend, now: NOW }))).toBe('ERR_ALG_NOT_ALLOWED:format-alg')
    // An unknown flag is a malformed body, not a guess.
    const unknown = cred.slice()
    unknown[0] |= 0x40
    const text2 = await createPresentation({ credentials: [unknown], deviceKey: f.device.privateJwk, now: NOW, backend })
    expect(await codeOf(verifyPresentation(text2, { trust: f.trust, registry: certRegistry, backend, now: NOW }))).toBe('ERR_MALFORMED:credential-version')
  })
})

