/**
 * The institution request signature (src/services/institution/requestSignature.ts) on both crypto
 * backends, and the client signing each attempt afresh (a retry must not replay its jti).
 */
import { createApiClient } from '../../../../src/services/api/client'
import type { HttpRequest } from '../../../../src/services/api/transport'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import {
  createInstitutionSigner,
  INSTITUTION_SIGNATURE_HEADER,
  signInstitutionRequest,
  verifyInstitutionRequest
} from '../../../../src/services/institution'
import { parseCompactJws } from '../../../../src/services/jws'

const ID = '52440106MJL1083N62'
const key = keyPairFromSecret(new Uint8Array(48).fill(21))
const other = keyPairFromSecret(new Uint8Array(48).fill(22))
const NOW = 1_795_000_000
const req = { method: 'POST', path: '/api/v1/medpay/visits', body: '{"paymentCode":"CW1:X","medinsNo":"P44010600512"}' }

describe.each([joseBackend, nobleBackend].map((b) => [b.name, b] as const))('on %s', (_n, backend) => {
  const sign = (over: Partial<Parameters<typeof signInstitutionRequest>[0]> = {}) =>
    signInstitutionRequest({ ...req, institutionId: ID, privateJwk: key.privateJwk, nowSec: NOW, jti: 'jti-0123456789abcdef', ...over }, backend)
  const check = (sig: string | null, over: Partial<typeof req & { nowSec: number }> = {}) =>
    verifyInstitutionRequest(sig, { ...req, nowSec: NOW, keyFor: (id) => (id === ID ? key.publicJwk : null), ...over }, backend)

  it('verifies what it signed, and names the institution from the kid', async () => {
    await expect(check(await sign())).resolves.toMatchObject({ institutionId: ID, claims: { htm: 'POST', htu: req.path, jti: 'jti-0123456789abcdef', iat: NOW } })
  })

  it('refuses each tampering with its own code', async () => {
    const sig = await sign()
    await expect(check(null)).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_MISSING' })
    await expect(check('not.a.jws')).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID' })
    await expect(check(sig, { body: req.body.replace('P44010600512', 'H44010600087') })).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'body' })
    await expect(check(sig, { path: '/api/v1/medpay/settlements' })).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'htu' })
    await expect(check(sig, { method: 'GET' })).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'htm' })
    await expect(check(sig, { nowSec: NOW + 61 })).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_STALE' })
    await expect(check(sig, { nowSec: NOW - 61 })).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_STALE' })
    await expect(check(await sign({ institutionId: '124401064554367084' }))).rejects.toMatchObject({ code: 'ERR_INSTITUTION_UNKNOWN' })
    await expect(check(await sign({ privateJwk: other.privateJwk }))).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'signature' })
    await expect(check(await sign({ jti: 'short' }))).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'jti' })
  })

  it("never takes the token's alg: none and HS256 are refused before any key is looked at", async () => {
    const [, payload] = (await sign()).split('.')
    for (const alg of ['none', 'HS256']) {
      const header = base64urlEncode(utf8Encode(JSON.stringify({ alg, typ: 'inst-req+jwt', kid: ID })))
      await expect(check(`${header}.${payload}.AAAA`)).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID' })
    }
    const wrongTyp = base64urlEncode(utf8Encode(JSON.stringify({ alg: 'ES256', typ: 'trustlist+jwt', kid: ID })))
    await expect(check(`${wrongTyp}.${payload}.AAAA`)).rejects.toMatchObject({ code: 'ERR_INSTITUTION_SIGNATURE_INVALID', detail: 'typ' })
  })
})

it('the client signs every attempt afresh: a retried call carries a new jti over the same body', async () => {
  const seen: HttpRequest[] = []
  let n = 0
  const api = createApiClient({
    baseUrl: 'http://gov.test',
    sleep: async () => undefined,
    request: (r) => {
      seen.push({ ...r, headers: { ...r.headers } })
      n++
      const body = n === 1 ? JSON.stringify({ code: 'ERR_SERVER', message: 'x' }) : JSON.stringify({ ok: true, code: 'OK', checkedAt: '2026-11-27T02:00:00.000Z' })
      return { response: Promise.resolve({ status: n === 1 ? 503 : 200, headers: {}, body }), abort: () => undefined }
    }
  })
  const signer = createInstitutionSigner({ institutionId: ID, privateJwk: key.privateJwk }, { backend: joseBackend, randomBytes: async (k) => globalThis.crypto.getRandomValues(new Uint8Array(k)), now: () => NOW * 1000 })
  await expect(api.verify('CW1:X', '入住登记', signer)).resolves.toMatchObject({ ok: true })
  expect(seen).toHaveLength(2)
  const claims = seen.map((r) => parseCompactJws<{ jti: string; bsh: string; htu: string }>(r.headers[INSTITUTION_SIGNATURE_HEADER]).payload)
  expect(claims[0].jti).not.toBe(claims[1].jti)
  expect(claims[0].bsh).toBe(claims[1].bsh)
  expect(claims[0].htu).toBe('/api/v1/verifications')
  for (const r of seen) await expect(verifyInstitutionRequest(r.headers[INSTITUTION_SIGNATURE_HEADER], { method: 'POST', path: '/api/v1/verifications', body: r.body!, nowSec: NOW, keyFor: () => key.publicJwk }, joseBackend)).resolves.toBeTruthy()
})
