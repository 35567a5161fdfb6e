import { WalletError } from '../errors'
import { sm3 } from '../crypto/sm3'
import type { EcPublicJwk } from '../crypto/types'
import type { StatusLookup } from '../sdjwt/verify'
import { assertKeyUsable } from '../trust/verifyTrustList'
import type { TrustList, TrustedIssuer, TrustedSealKey } from '../trust/types'
import { COPY_META, type CopyMetadata } from './original'
import { parseCertId } from '../../certs/identifier'
import type { CertModule } from '../../certs/types'
import { base64Decode } from './base64'
import { resolveOfdPath } from './package'
import { readOfd, xmlFile, type ParsedOfd } from './readOriginal'
import { OID_SM2_SM3, OID_SM3, parseSignature, parseSm2Certificate, sameSm2Key, sm2Check, type SesSignature } from './ses'
import { child, childrenNamed } from './xml'

/** What an offline check of a 原件 needs; passed in, never global. */
export interface OriginalTrustMaterial {
  trust: TrustList
  /** The seal maker's (制章者: the national root's) keys: the pinned root keys. */
  rootKeys: readonly EcPublicJwk[]
  registry: { modules: readonly CertModule[] }
  /** Seconds since epoch. */
  now: number
  /** When given, the certificate's status entry is checked (cached status lists). */
  status?: StatusLookup
}

export interface VerifiedOriginal extends ParsedOfd {
  module: CertModule
  issuer: TrustedIssuer
  seal: { esId: string; name: string; kid: string; signedAt: number; validStart: number; validEnd: number }
  checks: { digests: number; seal: true; signer: true; identifier: true; status: 'valid' | 'not-checked' }
}

/** Clock skew allowed for a signing time ahead of the verifier's clock. */
const SKEW_SECONDS = 300
const bad = (detail: string) => new WalletError('ERR_MALFORMED', { detail: 'ofd-' + detail })
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/**
 * Checks the seal signature itself: Signature.xml's SM3 against the signed dataHash, the signer's
 * SM2 signature over TBS_Sign, the seal maker's signature over the seal (by a root key), and that
 * the signer certificate is one the seal was made for. Returns the parsed SES_Signature.
 */
export function checkSealSignature(parsed: ParsedOfd, rootKeys: readonly EcPublicJwk[]): { ses: SesSignature; signerKey: EcPublicJwk; signatureXmlDigests: Map<string, Uint8Array>; checkMethod: string } {
  const sigXml = xmlFile(parsed.files, parsed.signaturePath)
  const signedInfo = child(sigXml, 'SignedInfo', 'signed-info')
  const valuePath = resolveOfdPath(child(sigXml, 'SignedValue', 'signed-value').text.trim())
  const valueBytes = parsed.files.get(valuePath)
  if (!valueBytes) throw new WalletError('ERR_OFD_FILE_MISSING', { detail: valuePath })
  const ses = parseSignature(valueBytes)
  if (ses.signatureAlgId !== OID_SM2_SM3 || ses.seal.signAlgId !== OID_SM2_SM3) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'seal-signature-alg' })
  if (child(signedInfo, 'SignatureMethod', 'signature-method').text.trim() !== OID_SM2_SM3) throw new WalletError('ERR_ALG_NOT_ALLOWED', { detail: 'signature-method' })
  if (resolveOfdPath(ses.propertyInfo) !== parsed.signaturePath) throw bad('property-info')
  if (!equal(ses.dataHash, sm3(parsed.files.get(parsed.signaturePath)!))) throw new WalletError('ERR_OFD_DIGEST_MISMATCH', { detail: parsed.signaturePath })
  const signer = parseSm2Certificate(ses.signerCert)
  if (!sm2Check(signer.publicKey, ses.tbsBytes, ses.signature)) throw new WalletError('ERR_SIGNATURE_INVALID', { detail: 'seal-signature' })
  const maker = parseSm2Certificate(ses.seal.makerCert)
  const rootKey = rootKeys.find((k) => sameSm2Key(k, maker.publicKey))
  if (!rootKey || !sm2Check(rootKey, ses.seal.signedBytes, ses.seal.signedValue)) throw new WalletError('ERR_SIGNATURE_INVALID', { detail: 'seal-maker' })
  if (!ses.seal.info.signerCerts.some((c) => equal(c, ses.signerCert))) throw new WalletError('ERR_SEAL_SIGNER_NOT_LISTED', { detail: 'seal-cert-list' })
  const refs = child(signedInfo, 'References', 'references')
  const digests = new Map<string, Uint8Array>()
  for (const r of childrenNamed(refs, 'Reference')) {
    const path = resolveOfdPath(r.attrs.FileRef ?? '')
    if (digests.has(path)) throw bad('reference-duplicate')
    digests.set(path, base64Decode(child(r, 'CheckValue', 'check-value').text))
  }
  return { ses, signerKey: signer.publicKey, signatureXmlDigests: digests, checkMethod: refs.attrs.CheckMethod ?? '' }
}

/**
 * Every file of the package is referenced with its SM3 digest, and every referenced file is there;
 * only the signature's own two files (Signature.xml, SignedValue.dat) stand outside.
 */
export function checkReferences(parsed: ParsedOfd, digests: Map<string, Uint8Array>, checkMethod: string, valuePath: string): number {
  if (checkMethod !== OID_SM3) throw new WalletError('ERR_OFD_DIGEST_ALG', { detail: checkMethod.slice(0, 40) })
  for (const [path, expected] of digests) {
    const data = parsed.files.get(path)
    if (!data) throw new WalletError('ERR_OFD_FILE_MISSING', { detail: path })
    if (!equal(sm3(data), expected)) throw new WalletError('ERR_OFD_DIGEST_MISMATCH', { detail: path })
  }
  for (const path of parsed.files.keys()) {
    if (path === parsed.signaturePath || path === valuePath) continue
    if (!digests.has(path)) throw new WalletError('ERR_OFD_FILE_UNREFERENCED', { detail: path })
  }
  return digests.size
}

/**
 * Verifies a 电子证照原件 offline: the seal signature and every file's digest, the seal's window
 * at signing time, the signer key listed for the issuer the metadata names and for the kind, the
 * 证照标识 (check characters, type and issuer codes), and the status from cached status lists.
 * Each failure has its own code.
 */
export async function verifyOriginal(bytes: Uint8Array, tm: OriginalTrustMaterial): Promise<VerifiedOriginal> {
  const parsed = readOfd(bytes)
  const { ses, signerKey, signatureXmlDigests, checkMethod } = checkSealSignature(parsed, tm.rootKeys)
  const sigXml = xmlFile(parsed.files, parsed.signaturePath)
  const digests = checkReferences(parsed, signatureXmlDigests, checkMethod, resolveOfdPath(child(sigXml, 'SignedValue').text.trim()))
  const meta = parsed.metadata
  // 证照标识: check characters first, then that it names this type and this issuer.
  const module = moduleOfMetadata(meta, tm.registry)
  const issuer = tm.trust.issuers.find((i) => i.id === meta.issuerCode)
  if (!issuer) throw new WalletError('ERR_SEAL_SIGNER_NOT_LISTED', { detail: 'issuer-unknown' })
  if (!issuer.kinds.includes(module.kind)) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'issuer-not-listed-for-kind' })
  const sealKey: TrustedSealKey | undefined = (issuer.seals ?? []).find((s) => sameSm2Key(s.jwk, signerKey))
  if (!sealKey || sealKey.esId !== ses.seal.info.esId || !sealKey.kinds.includes(module.kind)) throw new WalletError('ERR_SEAL_SIGNER_NOT_LISTED', { detail: issuer.id })
  assertKeyUsable(sealKey, ses.timeInfo)
  const info = ses.seal.info
  if (ses.timeInfo < info.validStart || ses.timeInfo > info.validEnd) throw new WalletError('ERR_SEAL_EXPIRED', { detail: info.esId })
  if (ses.timeInfo > tm.now + SKEW_SECONDS) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'seal-time-future' })
  let status: 'valid' | 'not-checked' = 'not-checked'
  if (tm.status) {
    const idx = Number(meta.statusIndex)
    if (!Number.isInteger(idx) || idx < 0 || !meta.statusList) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'status' })
    const s = await tm.status({ uri: meta.statusList, idx, issuer: issuer.id })
    if (s === 'invalid') throw new WalletError('ERR_CERT_REVOKED')
    if (s === 'suspended') throw new WalletError('ERR_CERT_SUSPENDED')
    if (s !== 'valid') throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'value' })
    status = 'valid'
  }
  return {
    ...parsed,
    module,
    issuer,
    seal: { esId: info.esId, name: info.name, kid: sealKey.kid, signedAt: ses.timeInfo, validStart: info.validStart, validEnd: info.validEnd },
    checks: { digests, seal: true, signer: true, identifier: true, status }
  }
}

export interface VerifiedCopy extends ParsedOfd {
  module: CertModule
  copy: CopyMetadata
  /** Seconds since epoch. */
  expiresAt: number
  seal: { esId: string; name: string; kid: string; signedAt: number }
  checks: { digests: number; seal: true; signer: 'platform'; annotation: true; status: 'valid' | 'not-checked' }
}

/**
 * Verifies a 加注件 (#14 §3) offline: like a 原件 (seal, every file's digest, the 证照标识), but
 * sealed by the sharing platform's seal listed in the trust list's `platform.seals` (an issuer's
 * seal is refused here, and the platform's on a 原件), every page carrying the 加注 annotation with
 * the grant id, and refused after its 有效期至 (ERR_GRANT_EXPIRED). A grant revoked since it was
 * fetched is refused by the platform on the next fetch; offline, the copy's own end date holds.
 */
export async function verifyAnnotatedCopy(bytes: Uint8Array, tm: OriginalTrustMaterial): Promise<VerifiedCopy> {
  const parsed = readOfd(bytes)
  const { ses, signerKey, signatureXmlDigests, checkMethod } = checkSealSignature(parsed, tm.rootKeys)
  const sigXml = xmlFile(parsed.files, parsed.signaturePath)
  const digests = checkReferences(parsed, signatureXmlDigests, checkMethod, resolveOfdPath(child(sigXml, 'SignedValue').text.trim()))
  const platform = tm.trust.platform
  const sealKey = (platform?.seals ?? []).find((s) => sameSm2Key(s.jwk, signerKey))
  if (!platform || !sealKey || sealKey.esId !== ses.seal.info.esId) throw new WalletError('ERR_SEAL_SIGNER_NOT_LISTED', { detail: 'platform' })
  assertKeyUsable(sealKey, ses.timeInfo)
  const info = ses.seal.info
  if (ses.timeInfo < info.validStart || ses.timeInfo > info.validEnd) throw new WalletError('ERR_SEAL_EXPIRED', { detail: info.esId })
  if (ses.timeInfo > tm.now + SKEW_SECONDS) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'seal-time-future' })
  const copy = {} as CopyMetadata
  for (const k of Object.keys(COPY_META) as (keyof typeof COPY_META)[]) {
    const v = parsed.custom.get(COPY_META[k])
    if (v === undefined) throw bad('copy-metadata-' + k)
    copy[k] = v
  }
  const expiresAt = Date.parse(copy.expiresAt) / 1000
  if (!Number.isFinite(expiresAt)) throw bad('copy-expiry')
  // The 加注 on every page, with the grant id: a copy without it is no 加注件.
  for (const page of parsed.pages) {
    const texts = page.annotations.flatMap((o) => (o.type === 'text' ? [o.text] : []))
    if (!texts.includes(copy.text) || !texts.some((t) => t.includes(copy.grantId))) throw bad('annotation')
  }
  const meta = parsed.metadata
  const module = moduleOfMetadata(meta, tm.registry)
  if (tm.now > expiresAt) throw new WalletError('ERR_GRANT_EXPIRED', { detail: copy.grantId })
  let status: 'valid' | 'not-checked' = 'not-checked'
  if (tm.status) {
    const issuer = tm.trust.issuers.find((i) => i.id === meta.issuerCode)
    if (!issuer) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'issuer-unknown' })
    const idx = Number(meta.statusIndex)
    if (!Number.isInteger(idx) || idx < 0 || !meta.statusList) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'status' })
    const s = await tm.status({ uri: meta.statusList, idx, issuer: issuer.id })
    if (s === 'invalid') throw new WalletError('ERR_CERT_REVOKED')
    if (s === 'suspended') throw new WalletError('ERR_CERT_SUSPENDED')
    if (s !== 'valid') throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'value' })
    status = 'valid'
  }
  return { ...parsed, module, copy, expiresAt, seal: { esId: info.esId, name: info.name, kid: sealKey.kid, signedAt: ses.timeInfo }, checks: { digests, seal: true, signer: 'platform', annotation: true, status } }
}

/**
 * The kind the metadata names, after its 证照标识's check characters (`parseCertId`) and the check that
 * the identifier names this type and this issuer.
 */
function moduleOfMetadata(meta: ParsedOfd['metadata'], registry: OriginalTrustMaterial['registry']) {
  const id = parseCertId(meta.certId)
  const module = registry.modules.find((m) => m.typeCode === meta.typeCode)
  if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: meta.typeCode })
  if (id.typeCode !== module.typeCode) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id-type' })
  if (id.issuerCode !== meta.issuerCode) throw new WalletError('ERR_CLAIM_INVALID', { detail: 'cert_id-issuer' })
  return module
}
