import { certCatalogue, CERTIFICATE_CATALOGUE_TYP, FILE_COPY_PLATFORM, type Api, jwsAlgOf, signJwt, STATUS_LIST_URI_BASE, TRUST_LIST_TYP, type TrustedIssuer, type TrustList } from '../coreImports'
import { DAY, dateSec } from './clock'
import { platformCopyKey } from './fileGrants'
import { trustedPlatformSeals, trustedSeals } from './originals'
import { platformPairwiseKey } from './relyingParties'
import type { SimulatorContext } from './context'
import type { SeededKey } from './keys'
import type { IssuerState } from './state'
import { SimulatorError, type Simulator } from './types'

/** The issuer's newest key valid at `atSec` and not compromised; 503 when it has none. */
export function signingKey(issuer: IssuerState, atSec: number): SeededKey {
  const k = [...issuer.keys].reverse().find((x) => atSec >= x.notBefore && atSec <= x.notAfter && x.compromisedAt === undefined)
  if (!k) throw new SimulatorError('ERR_SERVER', 503, 'no-signing-key')
  return k.key
}

/** The trust list as the root signs it: every issuer, the kinds it is listed for, its key history, its status list. */
export function trustListPayload(ctx: SimulatorContext): TrustList {
  const iat = ctx.nowSec()
  const list: TrustedIssuer[] = [...ctx.state.issuers.values()].map((i) => ({
    id: i.id,
    name: i.name,
    region: i.region,
    authority: i.authority,
    kinds: i.kinds,
    keys: i.keys.map((k) => ({ kid: k.key.kid, alg: jwsAlgOf(k.key.publicJwk)!, jwk: k.key.publicJwk, notBefore: k.notBefore, notAfter: k.notAfter, ...(k.compromisedAt !== undefined ? { compromisedAt: k.compromisedAt } : {}) })),
    statusList: STATUS_LIST_URI_BASE + i.slug,
    seals: trustedSeals(ctx.seed, i)
  }))
  // The platform signs no certificate, only the 加注件 it releases under a holder's grant.
  const copyKey = platformCopyKey(ctx.seed)
  // … and the pairwise subjects (网号-style) of 线上核验, with a key of their own.
  const pairwiseKey = platformPairwiseKey(ctx.seed)
  const platform = {
    ...FILE_COPY_PLATFORM,
    keys: [copyKey, pairwiseKey].map((k) => ({ kid: k.kid, alg: jwsAlgOf(k.publicJwk)!, jwk: k.publicJwk, notBefore: dateSec('2025-10-01'), notAfter: dateSec('2028-12-31') })),
    seals: trustedPlatformSeals(ctx)
  }
  return { iss: 'CN-GOV-ROOT', iat, exp: iat + 30 * DAY, version: 1, issuers: list, platform }
}

/** The 证照目录 as the root signs it: the registry's kinds with the issuers of the trust list. */
export function certificateCataloguePayload(ctx: SimulatorContext): Api.CertificateCatalogue {
  const iat = ctx.nowSec()
  // Every issuer seals a 原件 for each kind it issues (./originals.ts): a kind has one when it has an issuer.
  const issuers = [...ctx.state.issuers.values()]
  return { iss: 'CN-GOV-ROOT', iat, exp: iat + 30 * DAY, version: 1, items: certCatalogue(ctx.registry, issuers, { hasOriginal: (m) => issuers.some((i) => i.kinds.includes(m.kind)) }) }
}

/** 信任列表: the trust list, signed by the national root. */
export function createTrustList(ctx: SimulatorContext): Pick<Simulator, 'trustList' | 'certificateCatalogue'> {
  return {
    // Built from the registry and the issuers the trust list is signed from, never a second list. Every
    // certificate has a sealed OFD 原件 (./originals.ts).
    certificateCatalogue: () => signJwt(certificateCataloguePayload(ctx), { typ: CERTIFICATE_CATALOGUE_TYP, kid: ctx.rootKey.kid }, ctx.rootKey.privateJwk, ctx.backend),
    trustList: () => signJwt(trustListPayload(ctx), { typ: TRUST_LIST_TYP, kid: ctx.rootKey.kid }, ctx.rootKey.privateJwk, ctx.backend)
  }
}
