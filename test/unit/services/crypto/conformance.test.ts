/**
 * Conformance: the same vectors through both ES256 backends (jose/WebCrypto and @noble/curves).
 */
import { p256 } from '@noble/curves/p256'
import { sha256 } from '@noble/hashes/sha256'
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK } from 'jose'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { isLowS, keyPairFromSecret, nobleBackend, twinSignature } from '../../../../src/services/crypto'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk } from '../../../../src/services/crypto/types'
import { asciiBytes, base64urlDecode, base64urlEncode, utf8Encode } from '../../../../src/services/encoding'

const backends: CryptoBackend[] = [joseBackend, nobleBackend]

// RFC 7515 Appendix A.3 (ES256).
const A3 = {
  jwk: {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI'
  } as EcPrivateJwk,
  protected: 'eyJhbGciOiJFUzI1NiJ9',
  payload: 'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ',
  signature: 'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q'
}
const pub = (k: EcPrivateJwk): EcPublicJwk => ({ kty: 'EC', crv: 'P-256', x: k.x, y: k.y })

/** Changes one base64url character (iss "joe" → "jof"-like edit) of a segment. */
function tamper(segment: string): string {
  return segment.slice(0, 12) + (segment[12] === 'A' ? 'B' : 'A') + segment.slice(13)
}

function flip(sig: Uint8Array, at: number): Uint8Array {
  const out = sig.slice()
  out[at] ^= 1
  return out
}

/** The other valid signature (r, n − s) of the same message. */
function otherS(sig: Uint8Array): Uint8Array {
  const s = p256.Signature.fromCompact(sig)
  return new p256.Signature(s.r, p256.CURVE.n - s.s).toCompactRawBytes()
}

function isHighS(sig: Uint8Array): boolean {
  return p256.Signature.fromCompact(sig).hasHighS()
}

describe.each(backends.map((b) => [b.name, b] as const))('%s backend', (_name, backend) => {
  it('verifies RFC 7515 A.3', async () => {
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, base64urlDecode(A3.signature))).resolves.toBe(true)
  })

  it('rejects A.3 with a tampered payload, signature or key', async () => {
    const sig = base64urlDecode(A3.signature)
    await expect(backend.verify(pub(A3.jwk), A3.protected, tamper(A3.payload), sig)).resolves.toBe(false)
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, flip(sig, 10))).resolves.toBe(false)
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, flip(sig, 50))).resolves.toBe(false)
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, sig.subarray(0, 63))).resolves.toBe(false)
    const other = keyPairFromSecret(new Uint8Array(32).fill(7)).publicJwk
    await expect(backend.verify(other, A3.protected, A3.payload, sig)).resolves.toBe(false)
  })

  it('accepts both the low-S and the high-S form of a signature', async () => {
    const sig = base64urlDecode(A3.signature)
    const flipped = otherS(sig)
    expect(isHighS(sig)).not.toBe(isHighS(flipped))
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, sig)).resolves.toBe(true)
    await expect(backend.verify(pub(A3.jwk), A3.protected, A3.payload, flipped)).resolves.toBe(true)
  })

  it('rejects a point that is not on the curve', async () => {
    const bad = { ...pub(A3.jwk), y: base64urlEncode(new Uint8Array(32).fill(1)) }
    await expect(backend.verify(bad, A3.protected, A3.payload, base64urlDecode(A3.signature))).resolves.toBe(false)
  })

  it('hashes like Node', async () => {
    const data = utf8Encode('证照夹 CertWallet')
    expect(Buffer.from(await backend.sha256(data)).toString('hex')).toBe(Buffer.from(sha256(data)).toString('hex'))
  })

  it('signs compact JWS that jose verifies', async () => {
    const { privateJwk, publicJwk } = keyPairFromSecret(new Uint8Array(32).fill(3))
    const jws = await backend.signJws(privateJwk, { alg: 'ES256', typ: 'test' }, utf8Encode('{"a":"证"}'))
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(publicJwk, 'ES256'))
    expect(Buffer.from(payload).toString('utf8')).toBe('{"a":"证"}')
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'test' })
  })

  it('every signature it makes is low-S (s ≤ n/2): 120 messages over 6 keys', async () => {
    for (let k = 0; k < 6; k++) {
      const { privateJwk, publicJwk } = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
      for (let i = 0; i < 20; i++) {
        const jws = await backend.signJws(privateJwk, { alg: 'ES256' }, utf8Encode(`{"k":${k},"n":${i}}`))
        const [h, p, s] = jws.split('.')
        const sig = base64urlDecode(s)
        expect(isHighS(sig)).toBe(false)
        expect(isLowS(sig)).toBe(true)
        expect(p256.Signature.fromCompact(sig).s <= p256.CURVE.n / 2n).toBe(true)
        // Its twin is high-S and still verifies (we accept others' high-S; replay caches key on bytes).
        const twin = twinSignature(sig)
        expect(twin).toEqual(otherS(sig))
        await expect(backend.verify(publicJwk, h, p, twin)).resolves.toBe(true)
      }
    }
  })
})

describe('cross-backend', () => {
  it('jose-made signatures (half of them high-S) verify with noble, 40 runs', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
    const jwk = (await exportJWK(publicKey)) as EcPublicJwk
    let high = 0
    for (let i = 0; i < 40; i++) {
      const jws = await new CompactSign(utf8Encode(`{"n":${i}}`)).setProtectedHeader({ alg: 'ES256' }).sign(privateKey)
      const [h, p, s] = jws.split('.')
      const sig = base64urlDecode(s)
      if (isHighS(sig)) high++
      await expect(nobleBackend.verify(jwk, h, p, sig)).resolves.toBe(true)
      await expect(nobleBackend.verify(jwk, h, p + 'A', sig)).resolves.toBe(false)
    }
    // WebCrypto does not normalise S: with 40 signatures, all-low would be a 1-in-10^12 event.
    expect(high).toBeGreaterThan(0)
  })

  it('noble-made signatures verify with jose', async () => {
    const { privateJwk, publicJwk } = keyPairFromSecret(asciiBytes('0123456789abcdef0123456789abcdef'))
    for (let i = 0; i < 10; i++) {
      const jws = await nobleBackend.signJws(privateJwk, { alg: 'ES256' }, utf8Encode(`{"n":${i}}`))
      const [h, p, s] = jws.split('.')
      await expect(joseBackend.verify(publicJwk, h, p, base64urlDecode(s))).resolves.toBe(true)
      await expect(joseBackend.verify(publicJwk, h, p, flip(base64urlDecode(s), 31))).resolves.toBe(false)
    }
  })

  it('deterministic noble signatures (RFC 6979) match between two runs', async () => {
    const { privateJwk } = keyPairFromSecret(new Uint8Array(32).fill(9))
    const a = await nobleBackend.signJws(privateJwk, { alg: 'ES256' }, utf8Encode('x'))
    const b = await nobleBackend.signJws(privateJwk, { alg: 'ES256' }, utf8Encode('x'))
    expect(a).toBe(b)
  })
})
