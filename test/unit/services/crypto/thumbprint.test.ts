/**
 * jwkThumbprint (RFC 7638) against Node's own SHA-256 over the RFC's canonical member order, for
 * more keys than its cache holds, each asked for twice with others in between (a cached answer must
 * never belong to another key).
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'

function ecKey() {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as { crv: string; kty: string; x: string; y: string }
  return { crv: jwk.crv as 'P-256', kty: jwk.kty as 'EC', x: jwk.x, y: jwk.y }
}

const expected = (k: { crv: string; kty: string; x: string; y: string }) =>
  createHash('sha256').update(JSON.stringify({ crv: k.crv, kty: k.kty, x: k.x, y: k.y })).digest('base64url')

it('gives the RFC 7638 thumbprint of every key, first time and again after others (40 keys, cache of 16)', () => {
  const keys = Array.from({ length: 40 }, ecKey)
  for (const k of keys) expect(jwkThumbprint(k)).toBe(expected(k))
  for (const k of [...keys].reverse()) expect(jwkThumbprint(k)).toBe(expected(k))
  expect(new Set(keys.map(jwkThumbprint)).size).toBe(40)
})

it('changes when one coordinate changes', () => {
  const k = ecKey()
  const other = ecKey()
  expect(jwkThumbprint({ ...k, y: other.y })).not.toBe(jwkThumbprint(k))
  expect(jwkThumbprint({ ...k, y: other.y })).toBe(expected({ ...k, y: other.y }))
})
