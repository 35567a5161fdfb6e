/**
 * The SM2/SM3 suite (SM2SM3) against independent references:
 * - SM3: the two sample messages of GB/T 32905-2016 (Appendix A) and OpenSSL's `dgst -sm3`;
 * - SM2: the signature example of GB/T 32918.5-2017 / GM/T 0003.5 (recommended curve, signer ID
 *   1234567812345678, message "message digest"), OpenSSL 3 (`pkeyutl -rawin -digest sm3
 *   -pkeyopt distid:1234567812345678`) both ways, and sm-crypto-v2 (another implementation);
 * - every signature through both backends (jose and noble: the same pure-JS SM2 underneath).
 * OpenSSL comes from Debian's `openssl` package (.ci/run installs it when missing).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { DER } from '@noble/curves/abstract/weierstrass'
import { sm2 as smCrypto, sm3 as smCryptoSm3 } from 'sm-crypto-v2'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { jwsAlgOf, nobleBackend, sm2KeyPairFromSecret } from '../../../../src/services/crypto'
import { SM2_CURVE, sm2Point, sm2Sign, sm2Verify } from '../../../../src/services/crypto/sm2'
import { sm3 } from '../../../../src/services/crypto/sm3'
import type { CryptoBackend, EcPublicJwk } from '../../../../src/services/crypto/types'
import { asciiBytes, base64urlDecode, base64urlEncode, utf8Encode } from '../../../../src/services/encoding'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'))
const N = SM2_CURVE.n
const toBig = (b: Uint8Array) => BigInt('0x' + (hex(b) || '0'))
const toBytes32 = (v: bigint) => unhex(v.toString(16).padStart(64, '0'))

function jwkFromPoint(point: Uint8Array): EcPublicJwk {
  return { kty: 'EC', crv: 'SM2', x: base64urlEncode(point.subarray(1, 33)), y: base64urlEncode(point.subarray(33, 65)) }
}
function pointOf(jwk: EcPublicJwk): Uint8Array {
  return new Uint8Array([4, ...base64urlDecode(jwk.x), ...base64urlDecode(jwk.y)])
}

describe('SM3 (GB/T 32905-2016)', () => {
  it('gives the published digests of the standard sample messages', () => {
    // Appendix A.1: "abc"; A.2: "abcd" × 16 (64 bytes, two blocks after padding).
    expect(hex(sm3(asciiBytes('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
    expect(hex(sm3(asciiBytes('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732')
  })

  it('agrees with OpenSSL and sm-crypto-v2 on random inputs of every length class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm3-'))
    try {
      for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
        const data = new Uint8Array(randomBytes(len))
        const file = join(dir, `m${len}`)
        writeFileSync(file, data)
        const openssl = execFileSync('openssl', ['dgst', '-sm3', '-r', file]).toString().split(' ')[0]
        expect(hex(sm3(data))).toBe(openssl)
        expect(hex(sm3(data))).toBe(smCryptoSm3(data))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('SM2 signatures', () => {
  // GB/T 32918.5-2017 Appendix (GM/T 0003.5 A.2): recommended curve, ID 1234567812345678.
  const EXAMPLE = {
    d: 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n,
    publicKey:
      '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    message: 'message digest',
    r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
    s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa'
  }

  it('verifies the example signature of GB/T 32918.5 and derives its public key', () => {
    expect(hex(sm2Point().BASE.multiply(EXAMPLE.d).toRawBytes(false))).toBe(EXAMPLE.publicKey)
    const key = jwkFromPoint(unhex(EXAMPLE.publicKey))
    const sig = unhex(EXAMPLE.r + EXAMPLE.s)
    expect(sm2Verify(key, asciiBytes(EXAMPLE.message), sig)).toBe(true)
    expect(sm2Verify(key, asciiBytes('message digesT'), sig)).toBe(false)
  })

  it('signs deterministically, and a signature made with the example key verifies', () => {
    const key = { ...jwkFromPoint(unhex(EXAMPLE.publicKey)), d: base64urlEncode(toBytes32(EXAMPLE.d)) }
    const a = sm2Sign(key, asciiBytes(EXAMPLE.message))
    expect(hex(sm2Sign(key, asciiBytes(EXAMPLE.message)))).toBe(hex(a))
    expect(hex(sm2Sign(key, asciiBytes('other')))).not.toBe(hex(a))
    expect(sm2Verify(key, asciiBytes(EXAMPLE.message), a)).toBe(true)
  })

  describe('OpenSSL 3 (pkeyutl -rawin -digest sm3, distid 1234567812345678)', () => {
    let dir: string
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sm2-'))
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    /** SubjectPublicKeyInfo: id-ecPublicKey with the named curve SM2 (1.2.156.10197.1.301). */
    const spki = (point: Uint8Array) => Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'), Buffer.from(point)])
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })

    it('verifies signatures we make (raw r‖s converted to DER)', () => {
      for (let i = 0; i < 4; i++) {
        const { privateJwk, publicJwk } = sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))
        const message = utf8Encode(`证照夹 SM2 ${i} ${hex(new Uint8Array(randomBytes(8)))}`)
        const sig = sm2Sign(privateJwk, message)
        writeFileSync(join(dir, 'pub.der'), spki(pointOf(publicJwk)))
        writeFileSync(join(dir, 'msg'), message)
        writeFileSync(join(dir, 'sig.der'), Buffer.from(DER.hexFromSig({ r: toBig(sig.subarray(0, 32)), s: toBig(sig.subarray(32)) }), 'hex'))
        const verify = ['pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', join(dir, 'pub.der'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig.der')]
        expect(openssl(...verify).toString()).toContain('Signature Verified Successfully')
        // And OpenSSL refuses it for another message (the check can fail).
        writeFileSync(join(dir, 'msg'), utf8Encode('另一条消息'))
        expect(() => openssl(...verify)).toThrow()
      }
    })

    it.each([
      ['jose', joseBackend],
      ['noble', nobleBackend]
    ] as const)('signatures OpenSSL makes verify on the %s backend (DER converted to raw r‖s)', async (_name, backend: CryptoBackend) => {
      const keyPem = join(dir, 'key.pem')
      openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyPem)
      const spkiDer = openssl('pkey', '-in', keyPem, '-pubout', '-outform', 'DER')
      expect(spkiDer.subarray(0, 26).toString('hex')).toBe('3059301306072a8648ce3d020106082a811ccf5501822d034200')
      const key = jwkFromPoint(new Uint8Array(spkiDer.subarray(26)))
      // A JWS signing input, signed by OpenSSL exactly as our backends sign one.
      const protectedB64 = base64urlEncode(utf8Encode(JSON.stringify({ alg: 'SM2SM3', typ: 'cw-test' })))
      const payloadB64 = base64urlEncode(utf8Encode('{"name":"测试甲"}'))
      writeFileSync(join(dir, 'in'), `${protectedB64}.${payloadB64}`)
      openssl('pkeyutl', '-sign', '-inkey', keyPem, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', join(dir, 'in'), '-out', join(dir, 'sig.der'))
      const { r, s } = DER.toSig(hex(new Uint8Array(readFileSync(join(dir, 'sig.der')))))
      const raw = new Uint8Array([...toBytes32(r), ...toBytes32(s)])
      await expect(backend.verify(key, protectedB64, payloadB64, raw)).resolves.toBe(true)
      await expect(backend.verify(key, protectedB64, base64urlEncode(utf8Encode('{"name":"测试乙"}')), raw)).resolves.toBe(false)
      // The same signature under another signer ID is a different e: refused.
      writeFileSync(join(dir, 'in2'), `${protectedB64}.${payloadB64}`)
      openssl('pkeyutl', '-sign', '-inkey', keyPem, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:ALICE123@YAHOO.COM', '-in', join(dir, 'in2'), '-out', join(dir, 'sig2.der'))
      const other = DER.toSig(hex(new Uint8Array(readFileSync(join(dir, 'sig2.der')))))
      await expect(backend.verify(key, protectedB64, payloadB64, new Uint8Array([...toBytes32(other.r), ...toBytes32(other.s)]))).resolves.toBe(false)
    })
  })

  it('agrees with sm-crypto-v2 both ways (default user ID, SM3 with Z)', () => {
    for (let i = 0; i < 3; i++) {
      const { privateJwk, publicJwk } = sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))
      const pubHex = hex(pointOf(publicJwk))
      const message = utf8Encode(`message ${i}`)
      const ours = sm2Sign(privateJwk, message)
      expect(smCrypto.doVerifySignature(message, hex(ours), pubHex, { hash: true })).toBe(true)
      const theirs = smCrypto.doSignature(message, hex(base64urlDecode(privateJwk.d)), { hash: true, publicKey: pubHex })
      expect(sm2Verify(publicJwk, message, unhex(theirs))).toBe(true)
    }
  })

  describe.each([
    ['jose', joseBackend],
    ['noble', nobleBackend]
  ] as const)('%s backend', (_name, backend: CryptoBackend) => {
    const { privateJwk, publicJwk } = sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))

    it('signs a JWS with alg SM2SM3, whatever alg the caller put in the header', async () => {
      const jws = await backend.signJws(privateJwk, { alg: 'ES256', typ: 'x' }, utf8Encode('{"a":1}'))
      const [h, p, s] = jws.split('.')
      expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'SM2SM3', typ: 'x' })
      expect(jwsAlgOf(publicJwk)).toBe('SM2SM3')
      await expect(backend.verify(publicJwk, h, p, base64urlDecode(s))).resolves.toBe(true)
      // noble signs deterministically (no synchronous CSPRNG on the mini-programs); jose hedges k
      // with WebCrypto's random bytes, so its signatures differ every time, as its ES256 ones do.
      const again = await backend.signJws(privateJwk, { alg: 'SM2SM3', typ: 'x' }, utf8Encode('{"a":1}'))
      if (backend === nobleBackend) expect(again).toBe(jws)
      else expect(again).not.toBe(jws)
      await expect(backend.verify(publicJwk, h, p, base64urlDecode(again.split('.')[2]))).resolves.toBe(true)
    })

    it('refuses tampering, wrong lengths, out-of-range r or s, and keys off the curve', async () => {
      const jws = await backend.signJws(privateJwk, { alg: 'SM2SM3' }, utf8Encode('{"a":1}'))
      const [h, p, s] = jws.split('.')
      const sig = base64urlDecode(s)
      const flip = (at: number) => {
        const out = sig.slice()
        out[at] ^= 1
        return out
      }
      await expect(backend.verify(publicJwk, h, p, flip(3))).resolves.toBe(false)
      await expect(backend.verify(publicJwk, h, p, flip(40))).resolves.toBe(false)
      await expect(backend.verify(publicJwk, h, base64urlEncode(utf8Encode('{"a":2}')), sig)).resolves.toBe(false)
      await expect(backend.verify(publicJwk, h, p, sig.subarray(0, 63))).resolves.toBe(false)
      await expect(backend.verify(publicJwk, h, p, new Uint8Array(64))).resolves.toBe(false)
      const r = toBig(sig.subarray(0, 32))
      const sVal = toBig(sig.subarray(32))
      // Out of [1, n−1]: an unchecked verifier reduces s mod n, so (r, s + n) would be a second encoding.
      for (const [rr, ss] of [[N, sVal], [r, N], [r, 0n], [0n, sVal]] as const) {
        await expect(backend.verify(publicJwk, h, p, new Uint8Array([...toBytes32(rr), ...toBytes32(ss)]))).resolves.toBe(false)
      }
      // A P-256 verifier must not accept it: the key pins the suite (a P-256 key with the same x, y is not on that curve anyway).
      await expect(backend.verify({ ...publicJwk, crv: 'P-256' }, h, p, sig)).resolves.toBe(false)
      const offCurve = { ...publicJwk, y: base64urlEncode(toBytes32((toBig(base64urlDecode(publicJwk.y)) + 1n) % SM2_CURVE.p)) }
      await expect(backend.verify(offCurve, h, p, sig)).resolves.toBe(false)
      await expect(backend.verify({ ...publicJwk, x: publicJwk.x.slice(1) }, h, p, sig)).resolves.toBe(false)
    })

    it('has no (r, n − s) twin: the ECDSA malleability does not carry over, and none of our replay checks need it to', async () => {
      const jws = await backend.signJws(privateJwk, { alg: 'SM2SM3' }, utf8Encode('{"twin":1}'))
      const [h, p, s] = jws.split('.')
      const sig = base64urlDecode(s)
      const twin = new Uint8Array([...sig.subarray(0, 32), ...toBytes32(N - toBig(sig.subarray(32)))])
      await expect(backend.verify(publicJwk, h, p, sig)).resolves.toBe(true)
      await expect(backend.verify(publicJwk, h, p, twin)).resolves.toBe(false)
    })
  })
})
