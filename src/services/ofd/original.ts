import { utf8Encode } from '../encoding'
import { sm3 } from '../crypto/sm3'
import { base64Encode } from './base64'
import { makeSignature, OID_SM2_SM3, OID_SM3 } from './ses'
import { packOfd } from './package'
import { el, XML_DECLARATION } from './xml'
import type { EcPrivateJwk } from '../crypto/types'
import type { CertModule } from '../../certs/types'

/**
 * The 电子证照原件 as an OFD package (GB/T 33190) with the certificate's metadata (GB/T 36903) in
 * the document's CustomDatas, its 照面 as text and path objects on one page, and one electronic
 * seal signature (GB/T 38540 SES_Signature in SignedValue.dat) over Signature.xml, whose
 * References carry the SM3 digest of every other file of the package.
 */

export const OFD_NS = 'http://www.ofdspec.org/2016'
export const SIGNATURE_XML = 'Doc_0/Signs/Sign_0/Signature.xml'
export const SIGNED_VALUE_DAT = 'Doc_0/Signs/Sign_0/SignedValue.dat'
export const SIGNATURES_XML = 'Doc_0/Signs/Signatures.xml'
export const CONTENT_XML = 'Doc_0/Pages/Page_0/Content.xml'

/** GB/T 36903 metadata names, as CustomData names in OFD.xml's DocInfo. */
export const META = {
  certName: '证照名称',
  certId: '证照标识',
  typeCode: '证照类型代码',
  holderName: '持证主体',
  holderCode: '持证主体代码',
  holderCodeType: '持证主体代码类型',
  issuerName: '颁发机构',
  issuerCode: '颁发机构代码',
  issueDate: '颁发日期',
  validFrom: '有效期限起始',
  validUntil: '有效期限截止',
  statusList: '证照状态列表',
  statusIndex: '证照状态索引'
} as const

export type OriginalMetadata = { -readonly [K in keyof typeof META]: string }

export interface OriginalInput {
  module: CertModule
  certId: string
  claims: Record<string, unknown>
  issuer: { id: string; name: string }
  status: { uri: string; idx: number }
  /** Seal time, seconds since epoch. */
  sealedAt: number
}

export interface Sealer {
  /** SESeal DER. */
  seal: Uint8Array
  signerCert: Uint8Array
  signerKey: EcPrivateJwk
}

/** Overrides for tests that need a well-signed but otherwise wrong package. */
export interface BuildOverrides {
  checkMethod?: string
  digest?: (data: Uint8Array) => Uint8Array
  /** Extra page objects' XML, appended to the layer (the 加注件's annotation). */
  extraFiles?: Map<string, Uint8Array>
}

const utf8 = (s: string) => utf8Encode(s)
const mm = (n: number) => String(Math.round(n * 100) / 100)

/** The metadata of a certificate, from its kind and claims. */
export function originalMetadata(input: OriginalInput): OriginalMetadata {
  const c = input.claims
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v))
  const holderCode = str(c.id_number ?? c.social_security_number ?? c.licence_number ?? '')
  const validUntilField = input.module.validity.validUntilField
  const validFromField = input.module.validity.validFromField
  return {
    certName: input.module.label,
    certId: input.certId,
    typeCode: input.module.typeCode,
    holderName: str(c.name ?? c.owner),
    holderCode,
    holderCodeType: holderCode ? '公民身份号码' : '',
    issuerName: input.issuer.name,
    issuerCode: input.issuer.id,
    issueDate: str(c.issue_date ?? c.degree_grant_date ?? c.register_date ?? (validFromField ? c[validFromField] : undefined) ?? c.activation_date),
    validFrom: validFromField ? str(c[validFromField]) : '',
    validUntil: validUntilField ? str(c[validUntilField] ?? '长期') : '长期',
    statusList: input.status.uri,
    statusIndex: String(input.status.idx)
  }
}

function displayValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否'
  return String(v)
}

/** Page size and objects of the 照面: a frame, a title, and a label and value per shown field. */
export function faceLayout(input: OriginalInput): { width: number; height: number; content: string; nextId: number } {
  const fields = input.module.fields.filter((f) => f.sensitivity !== 'hidden' && input.claims[f.name] !== undefined && f.name !== 'portrait_hash')
  const width = 140
  const rowH = 6
  const top = 22
  const height = top + fields.length * rowH + 16
  let id = 10
  const objects: string[] = []
  const path = (d: string, extra: Record<string, string> = {}) =>
    objects.push(el('ofd:PathObject', { ID: id++, Boundary: `0 0 ${width} ${height}`, LineWidth: '0.5', ...extra }, [el('ofd:StrokeColor', { Value: '170 20 20' }), el('ofd:AbbreviatedData', {}, d)]))
  const text = (x: number, y: number, size: number, value: string, name?: string, weight?: string) =>
    objects.push(
      el('ofd:TextObject', { ID: id++, Name: name, Boundary: `${mm(x)} ${mm(y)} ${mm(width - x - 4)} ${mm(size * 1.4)}`, Font: '2', Size: mm(size), Weight: weight }, [el('ofd:TextCode', { X: '0', Y: mm(size) }, value)])
    )
  path(`M 2 2 L ${width - 2} 2 L ${width - 2} ${height - 2} L 2 ${height - 2} C`)
  path(`M 2 16 L ${width - 2} 16`)
  text(6, 5, 6, input.module.label, 'title', '700')
  fields.forEach((f, i) => {
    const y = top + i * rowH
    text(6, y, 3.2, f.label, 'label:' + f.name)
    text(36, y, 3.5, displayValue(input.claims[f.name]), 'field:' + f.name)
  })
  text(6, height - 10, 2.8, `证照标识 ${input.certId}`, 'cert-id')
  text(6, height - 6, 2.8, `颁发机构 ${input.issuer.name}`, 'issuer')
  const content = XML_DECLARATION + el('ofd:Page', { 'xmlns:ofd': OFD_NS }, [el('ofd:Content', {}, [el('ofd:Layer', { ID: '3', Type: 'Body' }, objects)])])
  return { width, height, content, nextId: id }
}

/**
 * A 加注件's annotation (#14 §3): the 加注 text on every page as a Watermark annotation, and its
 * facts as CustomDatas (用证单位, 用证事由, 有效期至, 授权编号).
 */
export interface CopyAnnotation {
  /** 仅供{机构}用于{用证事由}，{日期}前有效 */
  text: string
  grantId: string
  orgId: string
  orgName: string
  purposeLabel: string
  /** Seconds since epoch. */
  expiresAt: number
}

export const COPY_META = {
  orgName: '用证单位',
  orgId: '用证单位代码',
  purposeLabel: '用证事由',
  expiresAt: '加注件有效期至',
  grantId: '授权编号',
  text: '加注内容'
} as const
export type CopyMetadata = { -readonly [K in keyof typeof COPY_META]: string }

export const ANNOTATIONS_XML = 'Doc_0/Annots.xml'
export const ANNOTATION_XML = 'Doc_0/Pages/Page_0/Annotation.xml'

function annotationFiles(a: CopyAnnotation, width: number, height: number): Map<string, Uint8Array> {
  const annots = XML_DECLARATION + el('ofd:Annotations', { 'xmlns:ofd': OFD_NS }, [el('ofd:Page', { PageID: '1' }, [el('ofd:FileLoc', {}, 'Pages/Page_0/Annotation.xml')])])
  const size = 3.2
  const line = (id: number, y: number, text: string) =>
    el('ofd:TextObject', { ID: id, Name: 'annotation', Boundary: `4 ${mm(y)} ${width - 8} ${mm(size * 1.4)}`, Font: '2', Size: mm(size), Alpha: '200' }, [el('ofd:FillColor', { Value: '0 70 160' }), el('ofd:TextCode', { X: '0', Y: mm(size) }, text)])
  const page =
    XML_DECLARATION +
    el('ofd:PageAnnot', { 'xmlns:ofd': OFD_NS }, [
      el('ofd:Annot', { ID: '900', Type: 'Watermark', Creator: 'CertWallet', LastModDate: new Date(a.expiresAt * 1000).toISOString().slice(0, 10), Subtype: '加注' }, [
        el('ofd:Appearance', { Boundary: `0 0 ${width} ${height}` }, [line(901, height * 0.45, a.text), line(902, height * 0.45 + 5, `授权编号 ${a.grantId}`)])
      ])
    ])
  return new Map([
    [ANNOTATIONS_XML, utf8(annots)],
    [ANNOTATION_XML, utf8(page)]
  ])
}

/** The unsigned files of a 原件 (everything but Signature.xml and SignedValue.dat); with `annotation`, of a 加注件. */
export function originalFiles(input: OriginalInput, annotation?: CopyAnnotation): Map<string, Uint8Array> {
  const meta = originalMetadata(input)
  const face = faceLayout(input)
  const date = new Date(input.sealedAt * 1000).toISOString().slice(0, 10)
  const copyMeta: CopyMetadata | null = annotation
    ? { orgName: annotation.orgName, orgId: annotation.orgId, purposeLabel: annotation.purposeLabel, expiresAt: new Date(annotation.expiresAt * 1000).toISOString(), grantId: annotation.grantId, text: annotation.text }
    : null
  const customDatas = [
    ...(Object.keys(META) as (keyof typeof META)[]).map((k) => el('ofd:CustomData', { Name: META[k] }, meta[k])),
    ...(copyMeta ? (Object.keys(COPY_META) as (keyof typeof COPY_META)[]).map((k) => el('ofd:CustomData', { Name: COPY_META[k] }, copyMeta[k])) : [])
  ]
  const ofdXml =
    XML_DECLARATION +
    el('ofd:OFD', { 'xmlns:ofd': OFD_NS, Version: '1.0', DocType: 'OFD' }, [
      el('ofd:DocBody', {}, [
        el('ofd:DocInfo', {}, [el('ofd:DocID', {}, input.certId), el('ofd:Title', {}, `${meta.certName}（${annotation ? '加注件' : '电子证照原件'}）`), el('ofd:Author', {}, meta.issuerName), el('ofd:CreationDate', {}, date), el('ofd:Creator', {}, 'CertWallet'), el('ofd:CustomDatas', {}, customDatas)]),
        el('ofd:DocRoot', {}, 'Doc_0/Document.xml'),
        el('ofd:Signatures', {}, 'Doc_0/Signs/Signatures.xml')
      ])
    ])
  const documentXml =
    XML_DECLARATION +
    el('ofd:Document', { 'xmlns:ofd': OFD_NS }, [
      el('ofd:CommonData', {}, [el('ofd:MaxUnitID', {}, String(face.nextId)), el('ofd:PageArea', {}, [el('ofd:PhysicalBox', {}, `0 0 ${face.width} ${face.height}`)]), el('ofd:PublicRes', {}, 'PublicRes.xml')]),
      el('ofd:Pages', {}, [el('ofd:Page', { ID: '1', BaseLoc: 'Pages/Page_0/Content.xml' })]),
      ...(annotation ? [el('ofd:Annotations', {}, 'Annots.xml')] : [])
    ])
  const publicRes = XML_DECLARATION + el('ofd:Res', { 'xmlns:ofd': OFD_NS, BaseLoc: 'Res' }, [el('ofd:Fonts', {}, [el('ofd:Font', { ID: '2', FontName: '宋体', FamilyName: '宋体' })])])
  const signatures = XML_DECLARATION + el('ofd:Signatures', { 'xmlns:ofd': OFD_NS }, [el('ofd:MaxSignId', {}, '1'), el('ofd:Signature', { ID: '1', Type: 'Seal', BaseLoc: '/' + SIGNATURE_XML })])
  const files = new Map<string, Uint8Array>([
    ['OFD.xml', utf8(ofdXml)],
    ['Doc_0/Document.xml', utf8(documentXml)],
    ['Doc_0/PublicRes.xml', utf8(publicRes)],
    [CONTENT_XML, utf8(face.content)],
    [SIGNATURES_XML, utf8(signatures)]
  ])
  if (annotation) for (const [p, d] of annotationFiles(annotation, face.width, face.height)) files.set(p, d)
  return files
}

/**
 * The 加注件 (#14 §3): a copy of the certificate's 原件 page with only the fields the grant releases
 * (`input.claims` as filtered by the caller), the 加注 annotation on every page, sealed by the
 * platform's seal over the whole file.
 */
export function buildAnnotatedCopy(input: OriginalInput, annotation: CopyAnnotation, platformSealer: Sealer): Uint8Array {
  return sealOfd(originalFiles(input, annotation), platformSealer, input.sealedAt)
}

const pad2 = (n: number) => String(n).padStart(2, '0')
function ofdDateTime(sec: number): string {
  const d = new Date(sec * 1000)
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`
}

/**
 * Seals `files` into an OFD package: Signature.xml lists every file with its SM3 digest
 * (CheckMethod = SM3's OID), SignedValue.dat is the SES_Signature over SM3(Signature.xml).
 */
export function sealOfd(files: Map<string, Uint8Array>, sealer: Sealer, sealedAt: number, overrides: BuildOverrides = {}): Uint8Array {
  const digest = overrides.digest ?? sm3
  const all = new Map(files)
  for (const [p, d] of overrides.extraFiles ?? []) all.set(p, d)
  const refs = [...all.entries()].map(([path, data]) => el('ofd:Reference', { FileRef: '/' + path }, [el('ofd:CheckValue', {}, base64Encode(digest(data)))]))
  const signatureXml = utf8(
    XML_DECLARATION +
      el('ofd:Signature', { 'xmlns:ofd': OFD_NS }, [
        el('ofd:SignedInfo', {}, [
          el('ofd:Provider', { ProviderName: 'CertWallet', Version: '1.0', Company: 'CertWallet' }),
          el('ofd:SignatureMethod', {}, OID_SM2_SM3),
          el('ofd:SignatureDateTime', {}, ofdDateTime(sealedAt)),
          el('ofd:References', { CheckMethod: overrides.checkMethod ?? OID_SM3 }, refs),
          el('ofd:StampAnnot', { ID: '1', PageRef: '1', Boundary: '100 4 30 30' })
        ]),
        el('ofd:SignedValue', {}, '/' + SIGNED_VALUE_DAT)
      ])
  )
  const signedValue = makeSignature({ seal: sealer.seal, timeInfo: sealedAt, dataHash: sm3(signatureXml), propertyInfo: '/' + SIGNATURE_XML, signerCert: sealer.signerCert, signerKey: sealer.signerKey })
  all.set(SIGNATURE_XML, signatureXml)
  all.set(SIGNED_VALUE_DAT, signedValue)
  return packOfd(all)
}

/** Builds and seals the 原件 of one certificate. */
export function buildOriginal(input: OriginalInput, sealer: Sealer, overrides: BuildOverrides = {}): Uint8Array {
  return sealOfd(originalFiles(input), sealer, input.sealedAt, overrides)
}
