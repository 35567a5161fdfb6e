import type { EcPublicJwk, TrustList } from '../coreImports'
import type { SimulatorContext } from './context'
import { jwkThumbprint } from '../coreImports'
import { hex } from './codes'
import { registerDevice } from './devices'
import { mintHolderTokens } from './holderTokens'
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
   * Holder tokens for a seeded person bound to `deviceKey`, minted without any face check: for
   * tests and tools that need a signed-in holder to test something else (calls still need DPoP
   * proofs by that key: test/support/holderAuth.ts). Never reachable over HTTP (the API signs in
   * only through a redeemed platform ticket; see facePlatform.ts and `simulatedSignIn`).
   */
  tokenForTests(name: string, idNumber: string, deviceKey?: EcPublicJwk): { holderId: string; holderToken: string; refreshToken: string; displayName: string }
  /** Moves a token's expiry (seconds since epoch): tests of expiry without waiting. */
  setTokenExpiry(token: string, exp: number): void
}

export function createInternals(ctx: SimulatorContext): SimulatorInternals {
  return {
    rootPublicKey: () => ctx.rootKey.publicJwk,
    trustListPayload: () => trustListPayload(ctx),
    issuerKey: (slug, year) => deriveKey(ctx.seed, `${slug}-${year}`, ctx.state.issuers.get(slug)?.curve),
    setTokenExpiry(token, exp) {
      const r = ctx.state.tokens.get(token)
      if (r) ctx.state.tokens.set(token, { ...r, exp })
    },
    setCompromised: (kid, at) => {
      for (const i of ctx.state.issuers.values()) for (const k of i.keys) if (k.key.kid === kid) k.compromisedAt = at
    },
    personByToken: (token) => ctx.state.tokens.get(token)?.holderId ?? null,
    tokenForTests(name, idNumber, deviceKey) {
      const p = ctx.seedData.people.find((x) => x.name === name.trim() && x.idNumber === idNumber.trim().toUpperCase())
      if (!p) throw new Error('tokenForTests: not a seeded person')
      // Without a key: tokens bound to a key nobody holds (for tests that need only the holder id).
      if (deviceKey) registerDevice(ctx, p.id, deviceKey)
      const jkt = deviceKey ? jwkThumbprint(deviceKey) : 'unheld-' + hex(ctx.random(16))
      const { holderToken, refreshToken } = mintHolderTokens(ctx, p.id, jkt)
      return { holderId: p.id, holderToken, refreshToken, displayName: p.name.length > 2 ? p.name[0] + '*' + p.name.slice(2) : p.name[0] + '*' }
    }
  }
}
