import { WalletError } from '../errors'
import { sm2Sign, sm2Verify } from '../crypto/sm2'
import { base64urlDecode, base64urlEncode, utf8Encode } from '../encoding'
import type { EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import {
  bitString,
  children,
  explicit,
  expectTag,
  generalizedTime,
  ia5String,
  integer,
  octetString,
  oid,
  readBitString,
  readDer,
  readGeneralizedTime,
  readInteger,
  readOctetString,
  readOid,
  readSequence,
  readString,
  sequence,
  set,
  sm2SignatureFromDer,
  sm2SignatureToDer,
  TAG,
  utcTime,
  utf8String,
  type DerNode
} from './der'

/**
 * The electronic seal structures of GB/T 38540-2020 (version 4, as GM/T 0031 v4), in DER:
 *
 *   SESeal ::= SEQUENCE { esealInfo SES_SealInfo, cert OCTET STRING (制章者证书),
 *                         signAlgID OBJECT IDENTIFIER, signedValue BIT STRING }
 *   SES_SealInfo ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
 *                               picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
 *   SES_Header ::= SEQUENCE { id IA5String ("ES"), version INTEGER (4), vid IA5String }
 *   SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER,
 *                                     certList SEQUENCE OF OCTET STRING (certListType 1),
 *                                     createDate, validStart, validEnd GeneralizedTime }
 *   SES_ESPictrueInfo ::= SEQUENCE { type IA5String, data OCTET STRING, width, height INTEGER }
 *   TBS_Sign ::= SEQUENCE { version INTEGER, eseal SESeal, timeInfo GeneralizedTime,
 *                           dataHash BIT STRING, propertyInfo IA5String, extDatas [0] OPTIONAL }
 *   SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING (签章者证书),
 *                                signatureAlgID OBJECT IDENTIFIER, signature BIT STRING,
 *                                timeStamp [0] BIT STRING OPTIONAL }
 *
 * Signatures are SM2 with SM3 and the default signer ID, DER-encoded SEQUENCE { r, s } inside the
 * BIT STRING (GB/T 35276). The seal's signedValue covers SEQUENCE { esealInfo, cert, signAlgID }
 * (as ofdrw's v4 SESeal does); the signature covers the DER of TBS_Sign. Certificates are X.509 v3
 * with SM2 keys (x509Certificate below). docs/formats.md says which parts follow which source.
 */

export const OID_SM2_SM3 = '1.2.156.10197.1.501'
export const OID_SM3 = '1.2.156.10197.1.401'
export const OID_SM2_CURVE = '1.2.156.10197.1.301'
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const OID_CN = '2.5.4.3'
const OID_O = '2.5.4.10'
const OID_C = '2.5.4.6'
export const SES_VERSION = 4
export const SES_VENDOR_ID = 'CertWallet'

const bad = (detail: string): WalletError => new WalletError('ERR_MALFORMED', { detail: 'ses-' + detail })

export interface SealPicture {
  type: string
  data: Uint8Array
  width: number
  height: number
}

export interface SealInfo {
  /** 电子印章标识 (esID). */
  esId: string
  /** 1: 单位印章 (an organisation's seal). */
  type: number
  name: string
  /** The signer certificates the seal is made for (签章者证书, certListType 1). */
  signerCerts: Uint8Array[]
  createDate: number
  validStart: number
  validEnd: number
  picture: SealPicture
  vid: string
}

export interface SesSeal {
  info: SealInfo
  /** 制章者证书 (DER X.509). */
  makerCert: Uint8Array
  signAlgId: string
  /** Raw r‖s of signedValue. */
  signedValue: Uint8Array
  /** The DER the seal maker signed: SEQUENCE { esealInfo, cert, signAlgID }. */
  signedBytes: Uint8Array
  raw: Uint8Array
}

export interface SesSignature {
  version: number
  seal: SesSeal
  /** Signing time, seconds since epoch. */
  timeInfo: number
  /** SM3 of the signed file (the OFD's Signature.xml). */
  dataHash: Uint8Array
  /** Which file dataHash is of, e.g. /Doc_0/Signs/Sign_0/Signature.xml. */
  propertyInfo: string
  /** 签章者证书 (DER X.509). */
  signerCert: Uint8Array
  signatureAlgId: string
  /** Raw r‖s. */
  signature: Uint8Array
  /** DER of TBS_Sign: what `signature` covers. */
  tbsBytes: Uint8Array
}

// ---- X.509 (just enough for an SM2 certificate) ----

export interface CertName {
  cn: string
  o?: string
  c?: string
}

function name(n: CertName): Uint8Array {
  const rdn = (type: string, value: Uint8Array) => set(sequence(oid(type), value))
  return sequence(...[n.c ? rdn(OID_C, tlvPrintable(n.c)) : null, n.o ? rdn(OID_O, utf8String(n.o)) : null, rdn(OID_CN, utf8String(n.cn))].filter((x): x is Uint8Array => x !== null))
}
const tlvPrintable = (text: string) => {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw bad('printable')
  return new Uint8Array([TAG.PRINTABLE_STRING, text.length, ...utf8Encode(text)])
}

export function sm2PublicPoint(jwk: EcPublicJwk): Uint8Array {
  if (jwk.kty !== 'EC' || jwk.crv !== 'SM2') throw bad('not-sm2-key')
  return new Uint8Array([4, ...base64urlDecode(jwk.x), ...base64urlDecode(jwk.y)])
}

/**
 * An X.509 v3 certificate for an SM2 key, signed (SM2 with SM3) by `issuerKey`: the form a
 * 签章者证书 or 制章者证书 takes. No extensions; the trust list, not a CA chain, says who may seal.
 */
export function x509Certificate(opts: { serial: bigint; issuer: CertName; subject: CertName; notBefore: number; notAfter: number; subjectKey: EcPublicJwk; issuerKey: EcPrivateJwk }): Uint8Array {
  const alg = sequence(oid(OID_SM2_SM3))
  const spki = sequence(sequence(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2_CURVE)), bitString(sm2PublicPoint(opts.subjectKey)))
  const tbs = sequence(explicit(0, integer(2)), integer(opts.serial), alg, name(opts.issuer), sequence(utcTime(opts.notBefore), utcTime(opts.notAfter)), name(opts.subject), spki)
  return sequence(tbs, alg, bitString(sm2SignatureToDer(sm2Sign(opts.issuerKey, tbs))))
}

export interface ParsedCertificate {
  /** The SM2 public key the certificate carries, as a JWK. */
  publicKey: EcPublicJwk
  tbs: Uint8Array
  signature: Uint8Array
  subjectCn: string | null
}

/** Reads the subject key (and what its signature covers) from an SM2 X.509 certificate. */
export function parseSm2Certificate(der: Uint8Array): ParsedCertificate {
  const [tbsNode, algNode, sigNode] = readSequence(readDer(der), 'cert', 3)
  if (readOid(readSequence(algNode, 'cert-alg', 1)[0], 'cert-alg') !== OID_SM2_SM3) throw bad('cert-alg')
  const tbs = readSequence(tbsNode, 'cert-tbs', 7)
  const offset = tbs[0].tag === 0xa0 ? 1 : 0
  const subject = tbs[4 + offset]
  const [algId, keyBits] = readSequence(tbs[5 + offset], 'cert-spki', 2)
  const [keyType, curve] = readSequence(algId, 'cert-spki-alg', 2)
  if (readOid(keyType, 'cert-key-type') !== OID_EC_PUBLIC_KEY || readOid(curve, 'cert-curve') !== OID_SM2_CURVE) throw bad('cert-curve')
  const point = readBitString(keyBits, 'cert-key')
  if (point.length !== 65 || point[0] !== 4) throw bad('cert-key')
  let subjectCn: string | null = null
  for (const rdn of readSequence(subject, 'cert-subject'))
    for (const atv of children(expectTag(rdn, TAG.SET, 'cert-subject'))) {
      const [t, v] = readSequence(atv, 'cert-subject', 2)
      if (readOid(t, 'cert-subject') === OID_CN) subjectCn = readString(v, v.tag, 'cert-subject')
    }
  return {
    publicKey: { kty: 'EC', crv: 'SM2', x: base64urlEncode(point.subarray(1, 33)), y: base64urlEncode(point.subarray(33)) },
    tbs: tbsNode.raw,
    signature: sm2SignatureFromDer(readBitString(sigNode, 'cert-signature')),
    subjectCn
  }
}

/** Whether two SM2 public keys are the same point. */
export function sameSm2Key(a: EcPublicJwk, b: EcPublicJwk): boolean {
  return a.crv === 'SM2' && b.crv === 'SM2' && a.x === b.x && a.y === b.y
}

// ---- SESeal ----

function sealInfoDer(info: SealInfo): Uint8Array {
  return sequence(
    sequence(ia5String('ES'), integer(SES_VERSION), ia5String(info.vid)),
    ia5String(info.esId),
    sequence(integer(info.type), utf8String(info.name), integer(1), sequence(...info.signerCerts.map(octetString)), generalizedTime(info.createDate), generalizedTime(info.validStart), generalizedTime(info.validEnd)),
    sequence(ia5String(info.picture.type), octetString(info.picture.data), integer(info.picture.width), integer(info.picture.height))
  )
}

/** Makes an SESeal: the seal maker (制章者) signs the seal data with its SM2 key. */
export function makeSeal(info: SealInfo, maker: { cert: Uint8Array; key: EcPrivateJwk }): Uint8Array {
  const signed = [sealInfoDer(info), octetString(maker.cert), oid(OID_SM2_SM3)]
  const signedBytes = sequence(...signed)
  return sequence(...signed, bitString(sm2SignatureToDer(sm2Sign(maker.key, signedBytes))))
}

function parseSealNode(node: DerNode): SesSeal {
  const [infoNode, certNode, algNode, valueNode] = readSequence(node, 'seal', 4)
  const [header, esId, property, picture] = readSequence(infoNode, 'seal-info', 4)
  const [hid, hversion, hvid] = readSequence(header, 'seal-header', 3)
  if (readString(hid, TAG.IA5_STRING, 'seal-header') !== 'ES') throw bad('seal-header-id')
  if (readInteger(hversion, 'seal-version') !== BigInt(SES_VERSION)) throw bad('seal-version')
  const [ptype, pname, listType, certList, created, start, end] = readSequence(property, 'seal-property', 7)
  if (readInteger(listType, 'seal-cert-list-type') !== 1n) throw bad('seal-cert-list-type')
  const [picType, picData, picW, picH] = readSequence(picture, 'seal-picture', 4)
  const signAlgId = readOid(algNode, 'seal-alg')
  // What the seal maker signed: the first three elements, re-wrapped as a SEQUENCE of their exact bytes.
  const signedBytes = sequence(infoNode.raw, certNode.raw, algNode.raw)
  return {
    info: {
      esId: readString(esId, TAG.IA5_STRING, 'seal-esid'),
      type: Number(readInteger(ptype, 'seal-type')),
      name: readString(pname, TAG.UTF8_STRING, 'seal-name'),
      signerCerts: readSequence(certList, 'seal-cert-list').map((c) => readOctetString(c, 'seal-cert')),
      createDate: readGeneralizedTime(created, 'seal-created'),
      validStart: readGeneralizedTime(start, 'seal-valid-start'),
      validEnd: readGeneralizedTime(end, 'seal-valid-end'),
      picture: { type: readString(picType, TAG.IA5_STRING, 'seal-picture'), data: readOctetString(picData, 'seal-picture'), width: Number(readInteger(picW, 'seal-picture')), height: Number(readInteger(picH, 'seal-picture')) },
      vid: readString(hvid, TAG.IA5_STRING, 'seal-header')
    },
    makerCert: readOctetString(certNode, 'seal-cert'),
    signAlgId,
    signedValue: sm2SignatureFromDer(readBitString(valueNode, 'seal-value')),
    signedBytes,
    raw: node.raw
  }
}

export function parseSeal(der: Uint8Array): SesSeal {
  return parseSealNode(readDer(der))
}

// ---- SES_Signature ----

/** Seals `dataHash` (the SM3 of the signed file named by `propertyInfo`) with `seal`, signed by the signer key. */
export function makeSignature(opts: { seal: Uint8Array; timeInfo: number; dataHash: Uint8Array; propertyInfo: string; signerCert: Uint8Array; signerKey: EcPrivateJwk }): Uint8Array {
  const tbs = sequence(integer(SES_VERSION), opts.seal, generalizedTime(opts.timeInfo), bitString(opts.dataHash), ia5String(opts.propertyInfo))
  return sequence(tbs, octetString(opts.signerCert), oid(OID_SM2_SM3), bitString(sm2SignatureToDer(sm2Sign(opts.signerKey, tbs))))
}

export function parseSignature(der: Uint8Array): SesSignature {
  const [tbsNode, certNode, algNode, sigNode, ...rest] = readSequence(readDer(der), 'signature', 4)
  if (rest.length > 1 || (rest.length === 1 && rest[0].tag !== 0xa0)) throw bad('signature-extra')
  const [version, seal, time, hash, property, ...ext] = readSequence(tbsNode, 'tbs', 5)
  if (ext.length > 1 || (ext.length === 1 && ext[0].tag !== 0xa0)) throw bad('tbs-extra')
  const v = readInteger(version, 'tbs-version')
  if (v !== BigInt(SES_VERSION)) throw bad('tbs-version')
  return {
    version: Number(v),
    seal: parseSealNode(expectTag(seal, TAG.SEQUENCE, 'tbs-seal')),
    timeInfo: readGeneralizedTime(time, 'tbs-time'),
    dataHash: readBitString(hash, 'tbs-hash'),
    propertyInfo: readString(property, TAG.IA5_STRING, 'tbs-property'),
    signerCert: readOctetString(certNode, 'signature-cert'),
    signatureAlgId: readOid(algNode, 'signature-alg'),
    signature: sm2SignatureFromDer(readBitString(sigNode, 'signature-value')),
    tbsBytes: tbsNode.raw
  }
}

/** SM2 check of a raw signature; false for any bad key or signature. */
export function sm2Check(key: EcPublicJwk, message: Uint8Array, signature: Uint8Array): boolean {
  return sm2Verify(key, message, signature)
}
