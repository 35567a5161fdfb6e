import type { EcPublicJwk, TrustList } from '../coreImports'
import type { SimulatorContext } from './context'
import { hex } from './codes'
import { deriveKey, type SeededKey } from './keys'
import { trustListPayload } from './trust'

/** Test and tooling hooks; never reached through HTTP. */
export interface SimulatorInternals {
  rootPublicKey(): EcPublicJwk
  trustListPayload(): TrustList
  issuerKey(slug: string, year: 2024 | 2026): SeededKey
  setCompromised(kid: string, at: number): void
  personByToken(token: string): string | null
  /**
   * A holder token for a seeded person, minted without any face check: for tests and tools that
   * need a signed-in holder to test something else. Never reachable over HTTP (the API signs in
   * only through a redeemed platform ticket; see facePlatform.ts and `simulatedSignIn`).
   */
  tokenForTests(name: string, idNumber: string): { holderId: string; holderToken: string; displayName: string }
}

export function createInternals(ctx: SimulatorContext): SimulatorInternals {
  return {
    rootPublicKey: () => ctx.rootKey.publicJwk,
    trustListPayload: () => trustListPayload(ctx),
    issuerKey: (slug, year) => deriveKey(ctx.seed, `${slug}-${year}`),
    setCompromised: (kid, at) => {
      for (const i of ctx.state.issuers.values()) for (const k of i.keys) if (k.key.kid === kid) k.compromisedAt = at
    },
    personByToken: (token) => ctx.state.tokens.get(token) ?? null,
    tokenForTests(name, idNumber) {
      const p = ctx.seedData.people.find((x) => x.name === name.trim() && x.idNumber === idNumber.trim().toUpperCase())
      if (!p) throw new Error('tokenForTests: not a seeded person')
      const holderToken = 'ht-' + hex(ctx.random(24))
      ctx.state.tokens.set(holderToken, p.id)
      return { holderId: p.id, holderToken, displayName: p.name.length > 2 ? p.name[0] + '*' + p.name.slice(2) : p.name[0] + '*' }
    }
  }
}
