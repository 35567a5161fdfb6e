/**
 * The grant check (src/services/fileGrant/grant.ts) on both backends: a grant signed on one
 * backend checks on the other and yields the signing device's thumbprint; a signature by another
 * key than the header's, a changed claim, a private key in the header, a missing or malformed claim,
 * a stale iat fail ERR_GRANT_INVALID; a period too long, empty, over or starting before iat fails
 * ERR_GRANT_PERIOD.
 */
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto/noble'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'
import type { CryptoBackend } from '../../../../src/services/crypto/types'
import { checkFileGrant, FILE_GRANT_TYP, signFileGrant, type FileGrantClaims } from '../../../../src/services/fileGrant'

const NOW = 1_795_000_000
const DAY = 86400
const device = keyPairFromSecret(new Uint8Array(32).fill(11))
const other = keyPairFromSecret(new Uint8Array(32).fill(12))
const base: FileGrantClaims = { sub: 'p-zhang', cid: '1.2.156.3005.2.x', org: '91440106MA5CXK3L2H', pur: 'hotel', iat: NOW, nbf: NOW, exp: NOW + 7 * DAY, nonce: 'AAAAAAAAAAAAAAAAAAAAAA' }
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

describe.each([
  ['jose → noble', joseBackend, nobleBackend],
  ['noble → jose', nobleBackend, joseBackend]
] as [string, CryptoBackend, CryptoBackend][])('%s', (_name, signer, checker) => {
  const check = (jws: unknown, nowSec = NOW) => checkFileGrant(jws, { backend: checker, nowSec })

  it('checks and names the signing device', async () => {
    const r = await check(await signFileGrant(base, device.privateJwk, signer))
    expect(r).toEqual({ claims: base, jkt: jwkThumbprint(device.publicJwk) })
  })

  it('refuses a signature that is not by the key in its header, a changed claim, a private key in the header', async () => {
    const jws = await signFileGrant(base, device.privateJwk, signer)
    const [h, p, s] = jws.split('.')
    const header = JSON.parse(Buffer.from(h, 'base64url').toString())
    const swapped = `${b64({ ...header, jwk: { kty: 'EC', crv: 'P-256', x: other.publicJwk.x, y: other.publicJwk.y } })}.${p}.${s}`
    await expect(check(swapped)).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID', detail: 'signature' })
    await expect(check(`${h}.${b64({ ...base, sub: 'p-chen' })}.${s}`)).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID', detail: 'signature' })
    const withD = await signer.signJws(device.privateJwk, { alg: 'ES256', typ: FILE_GRANT_TYP, jwk: { ...device.privateJwk } }, Buffer.from(JSON.stringify(base)))
    await expect(check(withD)).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID', detail: 'jwk' })
    await expect(check(42)).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID' })
  })

  it('refuses missing or malformed claims and a stale iat', async () => {
    for (const bad of [{ nonce: 'short' }, { org: '' }, { exp: String(NOW + DAY) }, { iat: 1.5 }]) {
      await expect(check(await signFileGrant({ ...base, ...bad } as FileGrantClaims, device.privateJwk, signer))).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID' })
    }
    await expect(check(await signFileGrant(base, device.privateJwk, signer), NOW + 301)).rejects.toMatchObject({ code: 'ERR_GRANT_INVALID', detail: 'stale' })
  })

  it('bounds the period: at most 30 days, not empty, not over, not starting before iat', async () => {
    const period = async (over: Partial<FileGrantClaims>) => check(await signFileGrant({ ...base, ...over }, device.privateJwk, signer))
    await expect(period({ exp: NOW + 30 * DAY })).resolves.toBeTruthy()
    await expect(period({ exp: NOW + 30 * DAY + 1 })).rejects.toMatchObject({ code: 'ERR_GRANT_PERIOD' })
    await expect(period({ exp: NOW })).rejects.toMatchObject({ code: 'ERR_GRANT_PERIOD' })
    await expect(period({ nbf: NOW - 10 * DAY, exp: NOW - 1 })).rejects.toMatchObject({ code: 'ERR_GRANT_PERIOD' })
    await expect(period({ nbf: NOW - 301 })).rejects.toMatchObject({ code: 'ERR_GRANT_PERIOD' })
  })
})
