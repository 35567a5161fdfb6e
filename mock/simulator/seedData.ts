import type { CertRegistry } from '../coreImports'
import { SEED_ISSUERS, SEED_PEOPLE, type SeedIssuer, type SeedPerson } from './seed'

/** The issuers and people a simulator starts from (and returns to on reset). */
export interface SimulatorSeedData {
  issuers: readonly SeedIssuer[]
  people: readonly SeedPerson[]
}

/** The seed `npm run mock`, the app and the CLI tools share. */
export const DEFAULT_SEED_DATA: SimulatorSeedData = { issuers: SEED_ISSUERS, people: SEED_PEOPLE }

/**
 * `base` plus `extra`: new issuers and people are appended; a person whose id is already seeded
 * gets the extra certificates added to theirs, so a test can give 陈静 a 户口簿 without copying her.
 */
export function withExtraSeed(base: SimulatorSeedData, extra: Partial<SimulatorSeedData> = {}): SimulatorSeedData {
  const people = base.people.map((p) => {
    const more = (extra.people ?? []).filter((e) => e.id === p.id).flatMap((e) => e.certificates)
    return more.length ? { ...p, certificates: [...p.certificates, ...more] } : p
  })
  const newPeople = (extra.people ?? []).filter((e) => !base.people.some((p) => p.id === e.id))
  return { issuers: [...base.issuers, ...(extra.issuers ?? [])], people: [...people, ...newPeople] }
}

/**
 * Checks the seed against the registry and derives which kinds each issuer is listed for: its own
 * `kinds` plus those of the certificates seeded under it. A certificate whose kind the registry
 * does not know, whose issuer is not seeded, or whose issuer is not of the kind's authority type
 * (a 公安 office cannot sign a degree) is a seed error.
 */
export function issuerKindsOf(seed: SimulatorSeedData, registry: CertRegistry): Map<string, string[]> {
  const kinds = new Map(seed.issuers.map((i) => [i.slug, [...i.kinds]]))
  for (const person of seed.people) {
    for (const c of person.certificates) {
      const issuer = seed.issuers.find((i) => i.slug === c.issuer)
      if (!issuer) throw new Error(`seed: unknown issuer ${c.issuer}`)
      const module = registry.require(c.kind)
      if (module.authority !== issuer.authority) throw new Error(`seed: ${c.issuer} (${issuer.authority}) cannot issue ${c.kind} (${module.authority})`)
      const listed = kinds.get(issuer.slug)!
      if (!listed.includes(c.kind)) listed.push(c.kind)
    }
  }
  return kinds
}
