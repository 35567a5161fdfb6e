import { utf8Encode } from '../encoding'
import type { EcPrivateJwk, EcPublicJwk } from '../crypto/types'
import { makeSeal, x509Certificate, type CertName, type SealPicture } from './ses'
import type { Sealer } from './original'

/**
 * Makes an issuer's electronic seal: the signer's X.509 certificate and the SESeal, both signed
 * by the seal maker (制章者, here the national root, whose self-signed certificate the seal
 * carries). What a province's seal-making system does once per seal, not per document.
 */
export interface SealSpec {
  esId: string
  name: string
  /** 统一社会信用代码 of the sealing authority. */
  orgId: string
  signerKey: EcPrivateJwk & { kid?: string }
  validStart: number
  validEnd: number
  maker: { key: EcPrivateJwk; name: CertName; serial: bigint }
  serial: bigint
}

const pub = (k: EcPrivateJwk): EcPublicJwk => ({ kty: k.kty, crv: k.crv, x: k.x, y: k.y })

/** A round red seal with the seal's name: the picture SES_ESPictrueInfo carries (SVG). */
export function sealPicture(name: string): SealPicture {
  const esc = name.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40mm" height="40mm" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18.5" fill="none" stroke="#c00" stroke-width="1.2"/><text x="20" y="22" font-size="3.2" text-anchor="middle" fill="#c00">${esc}</text><text x="20" y="14" font-size="6" text-anchor="middle" fill="#c00">★</text></svg>`
  return { type: 'svg', data: utf8Encode(svg), width: 40, height: 40 }
}

export function makeSealer(spec: SealSpec): Sealer & { makerCert: Uint8Array } {
  const makerCert = x509Certificate({ serial: spec.maker.serial, issuer: spec.maker.name, subject: spec.maker.name, notBefore: spec.validStart, notAfter: spec.validEnd, subjectKey: pub(spec.maker.key), issuerKey: spec.maker.key })
  const signerCert = x509Certificate({ serial: spec.serial, issuer: spec.maker.name, subject: { c: 'CN', o: spec.orgId, cn: spec.name }, notBefore: spec.validStart, notAfter: spec.validEnd, subjectKey: pub(spec.signerKey), issuerKey: spec.maker.key })
  const seal = makeSeal(
    { esId: spec.esId, type: 1, name: spec.name, signerCerts: [signerCert], createDate: spec.validStart, validStart: spec.validStart, validEnd: spec.validEnd, picture: sealPicture(spec.name), vid: 'CertWallet' },
    { cert: makerCert, key: spec.maker.key }
  )
  return { seal, signerCert, signerKey: spec.signerKey, makerCert }
}
