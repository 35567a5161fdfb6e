/**
 * The 电子证照原件 end to end: build, read, verify offline; and every tamper the issue names, each
 * refused with its own code. Keys are made at run time (test/support/ofdFixtures.ts).
 */
import { sha256 } from '@noble/hashes/sha256'
import { packOfd, unpackOfd } from '../../../../src/services/ofd/package'
import { readOfd } from '../../../../src/services/ofd/readOriginal'
import { verifyAnnotatedCopy, verifyOriginal } from '../../../../src/services/ofd/verifyOriginal'
import { ANNOTATION_XML, buildAnnotatedCopy, CONTENT_XML, originalFiles, sealOfd, SIGNATURE_XML } from '../../../../src/services/ofd/original'
import { WalletError } from '../../../../src/services/errors'
import { NOW, T0, ofdWorld } from '../../../support/ofdFixtures'

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return e instanceof WalletError ? e.code : String(e)
  }
  return 'OK'
}
const edit = (bytes: Uint8Array, f: (files: Map<string, Uint8Array>) => void) => {
  const files = unpackOfd(bytes)
  f(files)
  return packOfd(files)
}
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const utf8 = (s: string) => new TextEncoder().encode(s)

describe('verifyOriginal', () => {
  const w = ofdWorld()
  const good = w.build()

  it('verifies a sealed 原件 and reads its metadata and 照面', async () => {
    const v = await verifyOriginal(good, w.material())
    expect(v.module.kind).toBe('id-card')
    expect(v.issuer.id).toBe(w.issuers[0].id)
    expect(v.metadata).toMatchObject({ certName: '居民身份证电子证照', holderName: '张明华', holderCode: '44010619900315001X', issuerName: '广东省公安厅', validUntil: '2039-05-20', statusIndex: '42' })
    expect(v.seal).toMatchObject({ esId: w.issuers[0].esId, signedAt: NOW - 86400 })
    expect(v.checks).toEqual({ digests: 5, seal: true, signer: true, identifier: true, status: 'valid' })
    const texts = v.pages[0].objects.flatMap((o) => (o.type === 'text' ? [[o.name, o.text]] : []))
    expect(texts).toContainEqual(['field:id_number', '44010619900315001X'])
    expect(texts).toContainEqual(['field:address', '广东省广州市天河区天河路385号'])
    expect(texts.some(([n]) => n === 'field:portrait_hash')).toBe(false)
    expect(v.pages[0].objects.some((o) => o.type === 'path')).toBe(true)
  })

  it('packs the same certificate to the same bytes (no clock or random in the package)', () => {
    expect(Buffer.from(w.build()).equals(Buffer.from(good))).toBe(true)
  })

  it('refuses a changed character in the page (ERR_OFD_DIGEST_MISMATCH)', async () => {
    const bad = edit(good, (f) => f.set(CONTENT_XML, utf8(text(f.get(CONTENT_XML)!).replace('张明华', '张明化'))))
    expect(readOfd(bad).pages[0].objects.some((o) => o.type === 'text' && o.text === '张明化')).toBe(true)
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_OFD_DIGEST_MISMATCH')
  })

  it('refuses a changed reference digest: Signature.xml no longer matches the seal (ERR_OFD_DIGEST_MISMATCH)', async () => {
    const bad = edit(good, (f) => f.set(SIGNATURE_XML, utf8(text(f.get(SIGNATURE_XML)!).replace(/<ofd:CheckValue>[^<]+/, '<ofd:CheckValue>AAAA'))))
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_OFD_DIGEST_MISMATCH')
  })

  it('refuses a file added (ERR_OFD_FILE_UNREFERENCED) and a file removed (ERR_OFD_FILE_MISSING)', async () => {
    expect(await codeOf(verifyOriginal(edit(good, (f) => f.set('Doc_0/Res/extra.png', new Uint8Array([1, 2, 3]))), w.material()))).toBe('ERR_OFD_FILE_UNREFERENCED')
    expect(await codeOf(verifyOriginal(edit(good, (f) => f.delete('Doc_0/PublicRes.xml')), w.material()))).toBe('ERR_OFD_FILE_MISSING')
  })

  it('refuses a seal from another issuer (ERR_SEAL_SIGNER_NOT_LISTED)', async () => {
    // 浙江省公安厅's seal, well made and well signed, on a certificate of 广东省公安厅.
    const bad = w.build({ sealWith: w.issuers[1] })
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_SEAL_SIGNER_NOT_LISTED')
  })

  it('refuses a seal used outside its validity (ERR_SEAL_EXPIRED)', async () => {
    const bad = w.build({ sealWindow: { validStart: T0, validEnd: NOW - 2 * 86400 } })
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_SEAL_EXPIRED')
  })

  it('refuses a revoked certificate from the cached status list (ERR_CERT_REVOKED)', async () => {
    w.statuses.set(42, 'invalid')
    try {
      expect(await codeOf(verifyOriginal(good, w.material()))).toBe('ERR_CERT_REVOKED')
    } finally {
      w.statuses.set(42, 'valid')
    }
  })

  it('refuses a package whose references use another digest algorithm (ERR_OFD_DIGEST_ALG)', async () => {
    const bad = w.build({ overrides: { checkMethod: '2.16.840.1.101.3.4.2.1', digest: sha256 } })
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_OFD_DIGEST_ALG')
  })

  it('refuses a seal made by a maker that is not a pinned root (ERR_SIGNATURE_INVALID)', async () => {
    const other = ofdWorld()
    expect(await codeOf(verifyOriginal(good, w.material({ rootKeys: [other.root.publicJwk] })))).toBe('ERR_SIGNATURE_INVALID')
  })

  it('refuses a seal key the trust list marks compromised (ERR_KEY_COMPROMISED) or signing outside its window', async () => {
    const trust = structuredClone(w.trust)
    trust.issuers[0].seals![0].compromisedAt = NOW - 10
    expect(await codeOf(verifyOriginal(good, w.material({ trust })))).toBe('ERR_KEY_COMPROMISED')
    const late = structuredClone(w.trust)
    late.issuers[0].seals![0].notAfter = NOW - 2 * 86400
    expect(await codeOf(verifyOriginal(good, w.material({ trust: late })))).toBe('ERR_KEY_OUTSIDE_WINDOW')
  })

  it('refuses a 证照标识 with a wrong check character (ERR_IDENTIFIER_CHECK), even when sealed', async () => {
    const id = w.input().certId
    const last = id.slice(-1)
    const bad = w.build({ input: { certId: id.slice(0, -1) + (last === '0' ? '1' : '0') } })
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_IDENTIFIER_CHECK')
  })

  it('refuses an unknown status entry, not knowing is not valid (ERR_STATUS_LIST_INVALID)', async () => {
    const bad = w.build({ input: { status: { uri: 'https://example.test/status/gd-gat', idx: 7 } } })
    expect(await codeOf(verifyOriginal(bad, w.material()))).toBe('ERR_STATUS_LIST_INVALID')
    expect((await verifyOriginal(bad, w.material({ status: undefined }))).checks.status).toBe('not-checked')
  })

  it('refuses what is not an OFD, with coded errors, never a crash', async () => {
    expect(await codeOf(verifyOriginal(utf8('not a zip'), w.material()))).toBe('ERR_MALFORMED')
    expect(await codeOf(verifyOriginal(new Uint8Array(2 * 1024 * 1024), w.material()))).toBe('ERR_TOO_LARGE')
    expect(await codeOf(verifyOriginal(edit(good, (f) => f.set('OFD.xml', utf8('<!DOCTYPE x [<!ENTITY a "b">]><ofd:OFD/>'))), w.material()))).toBe('ERR_MALFORMED')
    // Every single-byte truncation of the package is refused with a code.
    for (const cut of [10, 100, good.length / 2, good.length - 1]) {
      const code = await codeOf(verifyOriginal(good.subarray(0, Math.floor(cut)), w.material()))
      expect(code).toMatch(/^ERR_/)
    }
  })
})

describe('verifyAnnotatedCopy (the 加注件, #14 §3)', () => {
  const w = ofdWorld()
  const annotation = { text: '仅供广州天河花园酒店有限公司用于酒店入住，2026-12-04前有效', grantId: 'fg-0123456789abcdef01234567', orgId: '91440101MA5CXXXX0X', orgName: '广州天河花园酒店有限公司', purposeLabel: '酒店入住', expiresAt: NOW + 5 * 86400 }
  const copy = buildAnnotatedCopy(w.input(), annotation, w.platformSealer())

  it('verifies the platform-sealed copy with its 加注 on the page', async () => {
    const v = await verifyAnnotatedCopy(copy, w.material())
    expect(v.copy).toMatchObject({ grantId: annotation.grantId, text: annotation.text, orgName: annotation.orgName })
    expect(v.checks).toMatchObject({ signer: 'platform', annotation: true, status: 'valid' })
    expect(v.pages[0].annotations.some((o) => o.type === 'text' && o.text === annotation.text)).toBe(true)
  })

  it('refuses a changed 加注 (ERR_OFD_DIGEST_MISMATCH), a copy without its 加注 though sealed (ERR_MALFORMED), one past its end (ERR_GRANT_EXPIRED)', async () => {
    const changed = edit(copy, (f) => f.set(ANNOTATION_XML, utf8(text(f.get(ANNOTATION_XML)!).replace('酒店入住', '银行开户'))))
    expect(await codeOf(verifyAnnotatedCopy(changed, w.material()))).toBe('ERR_OFD_DIGEST_MISMATCH')
    const files = originalFiles(w.input(), annotation)
    files.set(ANNOTATION_XML, utf8(text(files.get(ANNOTATION_XML)!).replace(annotation.text, '')))
    expect(await codeOf(verifyAnnotatedCopy(sealOfd(files, w.platformSealer(), NOW - 86400), w.material()))).toBe('ERR_MALFORMED')
    expect(await codeOf(verifyAnnotatedCopy(copy, w.material({ now: annotation.expiresAt + 1 })))).toBe('ERR_GRANT_EXPIRED')
  })

  it('refuses a copy sealed by an issuer, and a 原件 sealed by the platform (ERR_SEAL_SIGNER_NOT_LISTED)', async () => {
    const byIssuer = buildAnnotatedCopy(w.input(), annotation, w.sealerOf(w.issuers[0]))
    expect(await codeOf(verifyAnnotatedCopy(byIssuer, w.material()))).toBe('ERR_SEAL_SIGNER_NOT_LISTED')
    expect(await codeOf(verifyOriginal(copy, w.material()))).toBe('ERR_SEAL_SIGNER_NOT_LISTED')
  })
})
