import { base64urlEncode, buildOriginal, FILE_COPY_PLATFORM, jwsAlgOf, makeSealer, type Sealer, type TrustedSealKey } from '../coreImports'
import { dateSec, isoOfSec } from './clock'
import { currentStatus, holderCert } from './certificates'
import type { SimulatorContext } from './context'
import { deriveKey, type SeededKey } from './keys'
import type { IssuerState } from './state'
import { STATUS_URI_BASE } from './status'
import { SimulatorError, type Simulator } from './types'

/**
 * 电子证照原件: per certificate, an OFD (GB/T 33190) with its GB/T 36903 metadata, sealed with the
 * issuer's electronic seal (GB/T 38540). Each issuer has one SM2 seal key, derived from the seed
 * like every other key and listed in the trust list (`issuers[].seals`, with the kinds it seals);
 * the seal itself (SES_Seal) is made by the national root as 制章者. A real province's seal comes
 * from its seal-making system with a CA-issued certificate; here the trust list is the authority.
 */
export const SEAL_NOT_BEFORE = dateSec('2025-10-01')
export const SEAL_NOT_AFTER = dateSec('2028-12-31')

export function sealKeyOf(seed: string, issuer: Pick<IssuerState, 'slug'>): SeededKey {
  return deriveKey(seed, `${issuer.slug}-seal-2026`, 'SM2')
}

/** 电子印章标识: the issuer's 统一社会信用代码 and a sequence number. */
export const sealEsId = (issuer: Pick<IssuerState, 'id'>) => `${issuer.id}0001`

/** The issuer's seal keys as the trust list lists them. */
export function trustedSeals(seed: string, issuer: IssuerState): TrustedSealKey[] {
  const k = sealKeyOf(seed, issuer)
  return [{ kid: k.kid, alg: jwsAlgOf(k.publicJwk)!, jwk: k.publicJwk, notBefore: SEAL_NOT_BEFORE, notAfter: SEAL_NOT_AFTER, esId: sealEsId(issuer), kinds: [...issuer.kinds] }]
}

// A seal is made once per issuer (two certificates and an SM2 signature each), not per document.
const sealers = new Map<string, Sealer>()

export function issuerSealer(ctx: SimulatorContext, issuer: IssuerState): Sealer {
  const id = `${ctx.seed}|${issuer.slug}`
  let s = sealers.get(id)
  if (!s) {
    s = makeSealer({
      esId: sealEsId(issuer),
      name: `${issuer.name}电子证照专用章`,
      orgId: issuer.id,
      signerKey: sealKeyOf(ctx.seed, issuer).privateJwk,
      validStart: SEAL_NOT_BEFORE,
      validEnd: SEAL_NOT_AFTER,
      maker: { key: ctx.rootKey.privateJwk, name: { c: 'CN', cn: 'CN-GOV-ROOT' }, serial: 1n },
      serial: BigInt('0x' + Array.from(new TextEncoder().encode(issuer.slug.slice(0, 12)), (b) => b.toString(16).padStart(2, '0')).join(''))
    })
    if (sealers.size > 64) sealers.clear()
    sealers.set(id, s)
  }
  return s
}

/** The sharing platform's seal for the 加注件 (#14 §3), made by the root like the issuers'. */
export const PLATFORM_SEAL_ES_ID = `${FILE_COPY_PLATFORM.id}0001`
export const platformSealKey = (seed: string) => deriveKey(seed, 'cn-platform-seal-2026', 'SM2')

export function trustedPlatformSeals(ctx: SimulatorContext): TrustedSealKey[] {
  const k = platformSealKey(ctx.seed)
  return [{ kid: k.kid, alg: jwsAlgOf(k.publicJwk)!, jwk: k.publicJwk, notBefore: SEAL_NOT_BEFORE, notAfter: SEAL_NOT_AFTER, esId: PLATFORM_SEAL_ES_ID, kinds: ctx.registry.modules.map((m) => m.kind) }]
}

export function platformSealer(ctx: SimulatorContext): Sealer {
  const id = `${ctx.seed}|platform`
  let s = sealers.get(id)
  if (!s) {
    s = makeSealer({
      esId: PLATFORM_SEAL_ES_ID,
      name: `${FILE_COPY_PLATFORM.name}加注专用章`,
      orgId: FILE_COPY_PLATFORM.id,
      signerKey: platformSealKey(ctx.seed).privateJwk,
      validStart: SEAL_NOT_BEFORE,
      validEnd: SEAL_NOT_AFTER,
      maker: { key: ctx.rootKey.privateJwk, name: { c: 'CN', cn: 'CN-GOV-ROOT' }, serial: 1n },
      serial: 2n
    })
    sealers.set(id, s)
  }
  return s
}

export function createOriginals(ctx: SimulatorContext): Pick<Simulator, 'issueOriginal'> {
  return {
    issueOriginal(holderId, certId) {
      const rec = holderCert(ctx, holderId, certId)
      const st = currentStatus(ctx, rec)
      if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      const sealedAt = ctx.nowSec()
      const ofd = buildOriginal(
        { module: ctx.registry.require(rec.kind), certId: rec.certId, claims: rec.claims, issuer: { id: rec.issuer.id, name: rec.issuer.name }, status: { uri: STATUS_URI_BASE + rec.issuer.slug, idx: rec.statusIdx }, sealedAt },
        issuerSealer(ctx, rec.issuer)
      )
      return { certId: rec.certId, kind: rec.kind, ofd: base64urlEncode(ofd), sealedAt: isoOfSec(sealedAt) }
    }
  }
}
