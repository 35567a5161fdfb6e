import { WalletError } from '../vocabulary/errors'
import { certModuleProblems } from './certModuleProblems'
import { ctid } from './ctid'
import { degree } from './degree'
import { drivingLicence } from './driving-licence'
import { idCard } from './id-card'
import { marriage } from './marriage'
import { medicalInsurance } from './medical-insurance'
import { professionalQualification } from './professional-qualification'
import { realEstate } from './real-estate'
import { socialSecurity } from './social-security'
import type { CertModule } from './types'
import type { BearerUse } from '../vocabulary/bearerUses'
import type { PurposeId } from '../vocabulary/purposes'
import { bearerFields, bearerKinds } from './bearerFields'
import { purposeSlotProblems, purposeSlots, type PurposeSlot } from './purposeSlots'
import { vehicleLicence } from './vehicle-licence'

/** Look-ups over one list of certificate modules. Services take one as an argument. */
export interface CertRegistry<M extends CertModule = CertModule> {
  readonly modules: readonly M[]
  find(kind: string): M | null
  findByVct(vct: string): M | null
  /** By 证照类型代码, the type code inside a 证照标识. */
  findByTypeCode(typeCode: string): M | null
  /** Like `find`, but throws `ERR_UNKNOWN_KIND` (detail: the kind). */
  require(kind: string): M
  /** The slots of a purpose, from the modules' presets (see ./purposeSlots.ts). */
  slots(purpose: PurposeId | string): PurposeSlot[]
  /** The claims a bearer credential of `use` and `kind` carries; null when the kind has none. */
  bearerFields(use: BearerUse, kind: string): readonly string[] | null
  /** Kinds that can be issued as a `use` bearer credential (paper: printable kinds). */
  bearerKinds(use: BearerUse): string[]
}

/**
 * A registry over `modules`. Throws `ERR_CONFLICT` (detail `kind:…`, `vct:…` or `typeCode:…`)
 * when two modules share a kind, vct or type code (or disagree whether a purpose slot they share
 * is required: detail `slot:<purpose>:<slot>`), and `ERR_MALFORMED` (detail `<kind>:<problem>`,
 * see ./certModuleProblems.ts) for a module that contradicts itself.
 *
 * @example
 * const registry = createCertRegistry([...certModules, hukou])
 * registry.require('hukou').label // '居民户口簿'
 */
export function createCertRegistry<M extends CertModule>(modules: readonly M[]): CertRegistry<M> {
  checkModules(modules)
  return registryOver(modules)
}

/** createCertRegistry's checks: throws on the first problem. */
function checkModules(modules: readonly CertModule[]): void {
  for (const key of ['kind', 'vct', 'typeCode'] as const) {
    const seen = new Set<string>()
    for (const module of modules) {
      if (seen.has(module[key])) throw new WalletError('ERR_CONFLICT', { detail: `${key}:${module[key]}` })
      seen.add(module[key])
    }
  }
  const [slotConflict] = purposeSlotProblems(modules)
  if (slotConflict) throw new WalletError('ERR_CONFLICT', { detail: slotConflict })
  for (const module of modules) {
    const [problem] = certModuleProblems(module)
    if (problem) throw new WalletError('ERR_MALFORMED', { detail: `${module.kind}:${problem}` })
  }
}

function registryOver<M extends CertModule>(modules: readonly M[]): CertRegistry<M> {
  const find = (kind: string): M | null => modules.find((m) => m.kind === kind) ?? null
  return {
    modules,
    find,
    findByVct: (vct) => modules.find((m) => m.vct === vct) ?? null,
    findByTypeCode: (typeCode) => modules.find((m) => m.typeCode === typeCode) ?? null,
    require: (kind) => {
      const module = find(kind)
      if (!module) throw new WalletError('ERR_UNKNOWN_KIND', { detail: kind })
      return module
    },
    slots: (purpose) => purposeSlots(modules, purpose),
    bearerFields: (use, kind) => bearerFields(modules, use, kind),
    bearerKinds: (use) => bearerKinds(modules, use)
  }
}

/**
 * The certificate types the wallet ships with. A new type is one folder and one entry here,
 * appended: a kind's index in this list is its type index in CW1 bodies (docs/presentation-format.md).
 */
export const certModules = [
  idCard,
  ctid,
  drivingLicence,
  vehicleLicence,
  socialSecurity,
  medicalInsurance,
  degree,
  marriage,
  professionalQualification,
  realEstate
] as const

export type CertKind = (typeof certModules)[number]['kind']

/**
 * The registry over {@link certModules}; pass it to services rather than importing it there.
 * Built without createCertRegistry's checks, which would run on every app start over a list fixed
 * at build time (and ship their code in the main package): test/unit/certs/registry.test.ts runs
 * them over this list, so a module that contradicts itself fails the tests instead.
 */
export const certRegistry: CertRegistry<(typeof certModules)[number]> = registryOver(certModules)

export function findCertModule(kind: string): CertModule | null {
  return certRegistry.find(kind)
}

export function findByVct(vct: string): CertModule | null {
  return certRegistry.findByVct(vct)
}

export function findByTypeCode(typeCode: string): CertModule | null {
  return certRegistry.findByTypeCode(typeCode)
}

/** Throws `ERR_UNKNOWN_KIND` (detail: the kind) for a kind the wallet does not know. */
export function requireCertModule(kind: string): CertModule {
  return certRegistry.require(kind)
}
