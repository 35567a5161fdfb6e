import type { BearerUse } from '../vocabulary/bearerUses'
import type { VerifierRoleEntry } from '../vocabulary/roles'
import { purposeSlots } from './purposeSlots'
import type { CertModule } from './types'

/**
 * What each kind carries in a bearer credential, read from the modules (`bearer` in
 * src/certs/<kind>/index.ts); the uses themselves are in src/vocabulary/bearerUses.ts.
 */

/** Exactly the claims a `use` credential of `kind` may carry; null when the kind has none. */
export function bearerFields(modules: readonly CertModule[], use: BearerUse, kind: string): readonly string[] | null {
  return modules.find((m) => m.kind === kind)?.bearer?.[use]?.fields ?? null
}

/** Kinds that can be issued as a `use` credential (paper: the kinds a holder can print). */
export function bearerKinds(modules: readonly CertModule[], use: BearerUse): string[] {
  return modules.filter((m) => m.bearer?.[use]).map((m) => m.kind)
}

/**
 * Whether a verifier role takes a bearer credential: the kind has fields for the use, and it
 * either fills one of the role's purposes (a desk that checks 酒店入住 takes a printed ID of any
 * kind that fills that purpose) or the role names it in `alsoAcceptsBearer`.
 */
export function roleAcceptsBearer(
  role: Pick<VerifierRoleEntry, 'purposes' | 'alsoAcceptsBearer'>,
  use: BearerUse,
  kind: string,
  modules: readonly CertModule[]
): boolean {
  if (!bearerFields(modules, use, kind)) return false
  if (role.alsoAcceptsBearer[use]?.includes(kind)) return true
  return role.purposes.some((p) => purposeSlots(modules, p).some((s) => s.kinds.includes(kind)))
}
