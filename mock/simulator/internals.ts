import type { EcPublicJwk, TrustList } from '../coreImports'
import type { SimulatorContext } from './context'
import { deriveKey, type SeededKey } from './keys'
import { trustListPayload } from './trust'

/** Test and tooling hooks; never reached through HTTP. */
export interface SimulatorInternals {
  rootPublicKey(): EcPublicJwk
  trustListPayload(): TrustList
  issuerKey(slug: string, year: 2024 | 2026): SeededKey
  setCompromised(kid: string, at: number): void
  personByToken(token: string): string | null
}

export function createInternals(ctx: SimulatorContext): SimulatorInternals {
  return {
    rootPublicKey: () => ctx.rootKey.publicJwk,
    trustListPayload: () => trustListPayload(ctx),
    issuerKey: (slug, year) => deriveKey(ctx.seed, `${slug}-${year}`),
    setCompromised: (kid, at) => {
      for (const i of ctx.state.issuers.values()) for (const k of i.keys) if (k.key.kid === kid) k.compromisedAt = at
    },
    personByToken: (token) => ctx.state.tokens.get(token) ?? null
  }
}
