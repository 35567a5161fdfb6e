/**
 * The DER reader/writer and the GB/T 38540 structures against OpenSSL 3 (Debian's `openssl`):
 * `asn1parse` reads what we write, `x509` reads our SM2 certificates, `pkeyutl` (SM2, SM3,
 * distid 1234567812345678) verifies the seal's and the signature's SM2 signatures, and we read
 * DER that OpenSSL wrote.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { sm2KeyPairFromSecret } from '../../../../src/services/crypto'
import { sm3 } from '../../../../src/services/crypto/sm3'
import * as der from '../../../../src/services/ofd/der'
import { makeSignature, parseSeal, parseSignature, parseSm2Certificate, sm2Check, OID_SM2_SM3 } from '../../../../src/services/ofd/ses'
import { makeSealer } from '../../../../src/services/ofd/sealMaker'
import { WalletError } from '../../../../src/services/errors'

const dir = mkdtempSync(join(tmpdir(), 'der-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
function openssl(args: string[], input?: Uint8Array): string {
  const file = join(dir, `in${n++}.der`)
  if (input) writeFileSync(file, input)
  return execFileSync('openssl', args.map((a) => (a === '@in' ? file : a)), { stdio: ['ignore', 'pipe', 'pipe'] }).toString()
}
const codeOf = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof WalletError ? `${e.code}:${e.detail}` : String(e)
  }
  return 'no error'
}
const T0 = Date.UTC(2026, 0, 1) / 1000

describe('DER writer and reader', () => {
  it('writes what openssl asn1parse reads, and reads it back', () => {
    const bytes = der.sequence(der.integer(0), der.integer(127), der.integer(128), der.integer(2n ** 70n), der.oid('1.2.156.10197.1.501'), der.utf8String('电子证照'), der.ia5String('ES'), der.octetString(new Uint8Array(300)), der.bitString(new Uint8Array([1, 2])), der.generalizedTime(T0), der.boolean(true), der.explicit(0, der.integer(5)))
    const parsed = openssl(['asn1parse', '-inform', 'DER', '-in', '@in'], bytes)
    expect(parsed).toContain('INTEGER           :80')
    expect(parsed).toMatch(/OBJECT\s+:(SM2-with-SM3|1\.2\.156\.10197\.1\.501)\n/)
    expect(parsed).toContain('GENERALIZEDTIME   :20260101000000Z')
    expect(parsed).toContain('OCTET STRING')
    expect(parsed).toContain('BOOLEAN           :255')
    const items = der.readSequence(der.readDer(bytes), 'x')
    expect(items).toHaveLength(12)
    expect(der.readInteger(items[2], 'i')).toBe(128n)
    expect(der.readInteger(items[3], 'i')).toBe(2n ** 70n)
    expect(der.readOid(items[4], 'o')).toBe('1.2.156.10197.1.501')
    expect(der.readString(items[5], der.TAG.UTF8_STRING, 's')).toBe('电子证照')
    expect(der.readOctetString(items[7], 'o')).toHaveLength(300)
    expect([...der.readBitString(items[8], 'b')]).toEqual([1, 2])
    expect(der.readGeneralizedTime(items[9], 't')).toBe(T0)
  })

  it('reads DER that openssl wrote (asn1parse -genconf)', () => {
    const conf = join(dir, 'gen.cnf')
    writeFileSync(conf, 'asn1=SEQUENCE:s\n[s]\na=INT:65537\nb=OID:1.2.156.10197.1.401\nc=UTF8:seal\nd=GENERALIZEDTIME:20281231235959Z\n')
    const out = join(dir, 'gen.der')
    execFileSync('openssl', ['asn1parse', '-genconf', conf, '-out', out, '-noout'])
    const [a, b, c, d] = der.readSequence(der.readDer(new Uint8Array(readFileSync(out))), 'x', 4)
    expect(der.readInteger(a, 'a')).toBe(65537n)
    expect(der.readOid(b, 'b')).toBe('1.2.156.10197.1.401')
    expect(der.readString(c, der.TAG.UTF8_STRING, 'c')).toBe('seal')
    expect(der.readGeneralizedTime(d, 'd')).toBe(Date.UTC(2028, 11, 31, 23, 59, 59) / 1000)
  })

  it('refuses what strict DER refuses, each with its detail', () => {
    expect(codeOf(() => der.readDer(new Uint8Array([0x30, 0x80, 0, 0])))).toBe('ERR_MALFORMED:der-indefinite-length')
    expect(codeOf(() => der.readDer(new Uint8Array([0x04, 0x81, 0x05, 1, 2, 3, 4, 5])))).toBe('ERR_MALFORMED:der-non-minimal-length')
    expect(codeOf(() => der.readDer(new Uint8Array([0x04, 0x05, 1])))).toBe('ERR_MALFORMED:der-truncated')
    expect(codeOf(() => der.readDer(new Uint8Array([0x05, 0x00, 0x00])))).toBe('ERR_MALFORMED:der-trailing-bytes')
    expect(codeOf(() => der.readInteger(der.readDer(new Uint8Array([0x02, 0x02, 0x00, 0x05])), 'i'))).toBe('ERR_MALFORMED:der-i-non-minimal')
    expect(codeOf(() => der.readInteger(der.readDer(new Uint8Array([0x02, 0x01, 0x80])), 'i'))).toBe('ERR_MALFORMED:der-i-negative')
    expect(codeOf(() => der.readBitString(der.readDer(new Uint8Array([0x03, 0x02, 0x01, 0xfe])), 'b'))).toBe('ERR_MALFORMED:der-b')
    expect(codeOf(() => der.readGeneralizedTime(der.readDer(der.tlv(0x18, new TextEncoder().encode('20260230000000Z'))), 't'))).toBe('ERR_MALFORMED:der-t')
    // Every truncation of a real structure is a coded refusal, never a crash.
    const bytes = der.sequence(der.integer(2n ** 70n), der.utf8String('印章'), der.sequence(der.oid('1.2.3')))
    for (let i = 0; i < bytes.length; i++) expect(codeOf(() => der.readSequence(der.readDer(bytes.subarray(0, i)), 'x')).startsWith('ERR_MALFORMED:der-')).toBe(true)
  })
})

describe('SES_Seal and SES_Signature (GB/T 38540 v4)', () => {
  const root = sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))
  const signer = sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))
  const sealer = makeSealer({ esId: '44000020260001', name: '广州市公安局电子证照专用章', orgId: '11440100MB2C90001X', signerKey: signer.privateJwk, validStart: T0, validEnd: T0 + 3 * 365 * 86400, maker: { key: root.privateJwk, name: { c: 'CN', cn: 'CN-GOV-ROOT' }, serial: 1n }, serial: 7n })
  const pem = (label: string, b: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(b).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`
  const pubPem = (certDer: Uint8Array) => {
    const file = join(dir, `c${n++}.der`)
    writeFileSync(file, certDer)
    return execFileSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-pubkey', '-noout']).toString()
  }
  const opensslVerify = (certDer: Uint8Array, message: Uint8Array, signatureDer: Uint8Array): boolean => {
    const keyFile = join(dir, `k${n}.pem`)
    const msgFile = join(dir, `m${n}.bin`)
    const sigFile = join(dir, `s${n++}.der`)
    writeFileSync(keyFile, pubPem(certDer))
    writeFileSync(msgFile, message)
    writeFileSync(sigFile, signatureDer)
    try {
      execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', keyFile, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', msgFile, '-sigfile', sigFile], { stdio: 'pipe' })
      return true
    } catch {
      return false
    }
  }

  it('makes SM2 certificates that openssl x509 reads, with the SM2 key and signature algorithm', () => {
    const text = openssl(['x509', '-inform', 'DER', '-in', '@in', '-noout', '-text'], sealer.signerCert)
    expect(text).toMatch(/SM2-with-SM3|sm2sign-with-sm3/)
    expect(text).toContain('SM2')
    expect(text).toContain('CN-GOV-ROOT')
    const parsed = parseSm2Certificate(sealer.signerCert)
    expect(parsed.publicKey.x).toBe(signer.publicJwk.x)
    expect(parsed.subjectCn).toBe('广州市公安局电子证照专用章')
    // The root signed the certificate: openssl checks it with the root's key.
    expect(opensslVerify(sealer.makerCert, parsed.tbs, der.sm2SignatureToDer(parsed.signature))).toBe(true)
  })

  it('round-trips the seal; openssl asn1parse reads it and verifies the seal maker signature', () => {
    expect(openssl(['asn1parse', '-inform', 'DER', '-in', '@in'], sealer.seal)).toContain(':ES')
    const seal = parseSeal(sealer.seal)
    expect(seal.info).toMatchObject({ esId: '44000020260001', type: 1, name: '广州市公安局电子证照专用章', validStart: T0, vid: 'CertWallet' })
    expect(seal.info.signerCerts).toEqual([sealer.signerCert])
    expect(seal.signAlgId).toBe(OID_SM2_SM3)
    expect(opensslVerify(sealer.makerCert, seal.signedBytes, der.sm2SignatureToDer(seal.signedValue))).toBe(true)
    expect(opensslVerify(sealer.signerCert, seal.signedBytes, der.sm2SignatureToDer(seal.signedValue))).toBe(false)
  })

  it('round-trips the SES_Signature; openssl verifies the signer signature over TBS_Sign', () => {
    const dataHash = sm3(new TextEncoder().encode('<ofd:Signature/>'))
    const bytes = makeSignature({ seal: sealer.seal, timeInfo: T0 + 100, dataHash, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml', signerCert: sealer.signerCert, signerKey: signer.privateJwk })
    expect(openssl(['asn1parse', '-inform', 'DER', '-in', '@in'], bytes)).toContain('GENERALIZEDTIME')
    const sig = parseSignature(bytes)
    expect(sig).toMatchObject({ version: 4, timeInfo: T0 + 100, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml', signatureAlgId: OID_SM2_SM3 })
    expect([...sig.dataHash]).toEqual([...dataHash])
    expect(sm2Check(signer.publicJwk, sig.tbsBytes, sig.signature)).toBe(true)
    expect(opensslVerify(sealer.signerCert, sig.tbsBytes, der.sm2SignatureToDer(sig.signature))).toBe(true)
    // One flipped byte inside TBS_Sign: neither we nor openssl accept it.
    const tampered = sig.tbsBytes.slice()
    tampered[tampered.length - 3] ^= 1
    expect(sm2Check(signer.publicJwk, tampered, sig.signature)).toBe(false)
    expect(opensslVerify(sealer.signerCert, tampered, der.sm2SignatureToDer(sig.signature))).toBe(false)
  })

  it('reads a signature openssl made with the signer key (pkeyutl -sign) in the DER form we expect', () => {
    const keyPem = join(dir, 'sk.pem')
    // PKCS#8 of the SM2 key, written with our DER writer; openssl signs with it.
    const d = Buffer.from(signer.privateJwk.d, 'base64url')
    const ecPriv = der.sequence(der.integer(1), der.octetString(new Uint8Array(d)), der.explicit(0, der.oid('1.2.156.10197.1.301')))
    const p8 = der.sequence(der.integer(0), der.sequence(der.oid('1.2.840.10045.2.1'), der.oid('1.2.156.10197.1.301')), der.octetString(ecPriv))
    writeFileSync(keyPem, pem('PRIVATE KEY', p8))
    const msg = join(dir, 'msg.bin')
    writeFileSync(msg, 'TBS_Sign bytes')
    const sigDer = new Uint8Array(execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', keyPem, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', msg]))
    const raw = der.sm2SignatureFromDer(sigDer)
    expect(sm2Check(signer.publicJwk, new TextEncoder().encode('TBS_Sign bytes'), raw)).toBe(true)
  })
})
