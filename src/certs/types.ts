import type { BearerUse } from '../vocabulary/bearerUses'
import type { CertStatusName } from '../vocabulary/certStatus'
import type { PurposeId } from '../vocabulary/purposes'

/**
 * One module per certificate type (STYLE.md §1). A new type is one folder under src/certs/
 * exporting a `CertModule`, added to the plain array in ./registry.ts — nothing else: the purposes
 * it fills (presets) and what it prints on paper (bearer) are part of the module.
 */

/** How a field is shown: plainly, masked until the holder unlocks, or never on screen. */
export type Sensitivity = 'shown' | 'masked' | 'hidden'

/**
 * How a masked value is abbreviated (see ./mask.ts). `date` keeps the year only: a birth date
 * shown in full would undo the masking of the ID number, whose middle 8 digits are that date.
 */
export type MaskStyle = 'id-number' | 'address' | 'licence-number' | 'name' | 'phone' | 'number' | 'date'

export interface FieldSpec {
  /** Claim name inside the credential (snake_case, ASCII). */
  name: string
  /** Chinese label shown in the UI. */
  label: string
  sensitivity: Sensitivity
  /** For `masked` fields. */
  mask?: MaskStyle
  /** `date` = ISO yyyy-mm-dd or the literal 长期. */
  format?: 'text' | 'date' | 'boolean' | 'image-hash'
}

export type { PurposeId }

/**
 * What a kind discloses for one purpose, and which slot of the purpose it fills. The purpose's
 * slots are derived from every module's presets (./purposeSlots.ts): kinds naming the same slot
 * are alternatives, taken in registry order (身份证 before 网证).
 */
export interface DisclosurePreset {
  purpose: PurposeId
  /** Exactly the claims revealed for this purpose, nothing more. */
  fields: string[]
  /** Slot of the purpose this kind fills; kinds naming the same slot stand in for each other. Default: the kind. */
  slot?: string
  /** The purpose can be presented without this slot filled (e.g. the 行驶证 at a traffic stop). */
  optional?: boolean
}

/** The few claims a bearer credential of this kind carries (see src/vocabulary/bearerUses.ts). */
export interface BearerFields {
  fields: readonly string[]
}

/**
 * Wallet grouping on the home page: the group's heading (证件, 驾驶, 社保医保, 学历, …). Groups are
 * shown in the order their first kind appears in the registry, so a kind that brings a new group
 * needs no list elsewhere.
 */
export type CertGroup = string

/** The issuing ministry's emblem (national, police, traffic, hrss, nhsa, education, civil-affairs, …). */
export type Emblem = string

export interface CardDesign {
  group: CertGroup
  /** Card background (CSS colour or gradient) resembling the physical document. */
  background: string
  /** Text colour on the card. */
  foreground: string
  emblem: Emblem
  /** Claim shown as the card's headline (e.g. the holder's name). */
  titleField: string
  /** Up to three claims shown under it (masked if their field is masked). */
  summaryFields: string[]
}

export interface ValidityRule {
  /** Claim holding the first valid day (yyyy-mm-dd), if the document has one. */
  validFromField?: string
  /** Claim holding the last valid day; the value 长期 means no end. */
  validUntilField?: string
  /** Lifetime of an issued credential in days, whatever the document says (re-fetched while online). */
  credentialLifetimeDays: number
}

/**
 * Authority type that issues this kind, kebab-case (public-security, traffic-police, hrss,
 * healthcare-security, education, civil-affairs, natural-resources, …). The simulator's seed holds
 * each issuer to the authority type of the kinds it issues; the trust list ties issuers to kinds.
 * An open string, so a kind from a ministry not seen before is still one folder.
 */
export type AuthorityType = string

/**
 * 持证主体类别 (the certificate catalogue's holder category, docs/standards-mapping.md): a natural
 * person (自然人) or a legal person / organisation (法人).
 */
export type HolderCategory = 'natural-person' | 'legal-person'

export interface CertModule<K extends string = string> {
  kind: K
  /** SD-JWT VC type (draft-ietf-oauth-sd-jwt-vc `vct`). */
  vct: string
  /** Chinese name, e.g. 电子驾驶证. */
  label: string
  /** 证照类型代码 used inside the 证照标识 (see src/certs/identifier.ts). */
  typeCode: string
  authority: AuthorityType
  fields: FieldSpec[]
  design: CardDesign
  presets: DisclosurePreset[]
  validity: ValidityRule
  /**
   * Bearer credentials this kind can be issued as: `paper` (a printed QR for people without a
   * smartphone), `degree-share` (a 学历验证码). A kind without an entry cannot be printed/shared.
   */
  bearer?: Partial<Record<BearerUse, BearerFields>>
  /**
   * This kind's own plain words for a status, shown on the card, the detail page and the verifier
   * instead of the general ones (暂停使用): 交警 暂扣 of a driving licence reads 驾驶证暂扣中.
   */
  statusWords?: Partial<Record<CertStatusName, string>>
  /** Who holds it (持证主体类别). Default `natural-person`: every kind shipped today is a person's. */
  holderCategory?: HolderCategory
}
