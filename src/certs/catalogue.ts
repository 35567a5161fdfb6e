import { PURPOSE_IDS, type PurposeId } from '../vocabulary/purposes'
import type { CertRegistry } from './registry'
import type { CertModule, HolderCategory } from './types'

/**
 * 证照目录 — the certificate catalogue: one entry per certificate type, in the words of the GB/T
 * 36902/36903/36906 family as far as this project could find them (docs/standards-mapping.md says
 * which names come from public text and which are inferred). Built from the certificate registry
 * and the issuers of the trust list, never kept as a second list: a kind added to the registry is
 * in the catalogue, and the issuers shown are exactly those the root lists for it.
 */
export interface CatalogueIssuer {
  /** 统一社会信用代码 of the issuing authority (the trust list's issuer id). */
  id: string
  /** 颁发机构 name. */
  name: string
  region: string
}

export interface CatalogueEntry {
  /** 证照类型代码: the defining authority's 统一社会信用代码 + a 3-digit type number. */
  typeCode: string
  /** 证照名称. */
  name: string
  /** This API's kind id and SD-JWT VC type of the same certificate type. */
  kind: string
  vct: string
  /** 颁发机构: every issuer the trust list lists for this kind, in the list's order. */
  issuers: CatalogueIssuer[]
  /** 持证主体类别. */
  holderCategory: HolderCategory
  /** An 电子证照原件 (a sealed OFD file per GB/T 36905) is issued for this type. */
  hasOriginal: boolean
  /** 用证事由 this type serves: the purposes its disclosure presets fill, in registry order. */
  purposes: PurposeId[]
}

/** The issuer side of a trust-list entry: only what the catalogue shows. */
export interface CatalogueIssuerSource {
  id: string
  name: string
  region: string
  kinds: readonly string[]
}

export interface CatalogueOptions {
  /** Whether the service issues a 原件 for a kind; default none (no OFD is issued yet). */
  hasOriginal?: (module: CertModule) => boolean
}

/** The catalogue of every kind of `registry`, with the issuers of `issuers` listed for it. */
export function certCatalogue(registry: CertRegistry, issuers: readonly CatalogueIssuerSource[], options: CatalogueOptions = {}): CatalogueEntry[] {
  const hasOriginal = options.hasOriginal ?? (() => false)
  return registry.modules.map((module) => {
    const served = new Set<string>(module.presets.map((p) => p.purpose))
    return {
      typeCode: module.typeCode,
      name: module.label,
      kind: module.kind,
      vct: module.vct,
      issuers: issuers.filter((i) => i.kinds.includes(module.kind)).map((i) => ({ id: i.id, name: i.name, region: i.region })),
      holderCategory: module.holderCategory ?? 'natural-person',
      hasOriginal: hasOriginal(module),
      purposes: PURPOSE_IDS.filter((id) => served.has(id))
    }
  })
}
