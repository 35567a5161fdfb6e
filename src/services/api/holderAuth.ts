import { createDpopProof } from '../jws/dpop'
import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'

/**
 * Signs a DPoP proof (RFC 9449) with the device key for one request: `htm` the method, `htu` the
 * path from /api/v1 on (no origin, no query), `token` the access token it goes with (its hash is
 * the proof's `ath`; none for the refresh call).
 */
export type DpopSigner = (htm: string, htu: string, token?: string) => Promise<string>

/**
 * What a holder call carries instead of a bare token: the DPoP-bound access token, and a fresh
 * proof for each attempt (the client asks again on every retry, so no `jti` is sent twice).
 */
export interface HolderAuth {
  token: string
  proof(htm: string, htu: string): Promise<string>
}

/** A signer over the device private key; only the unlocked wallet has one (the key is sealed at rest). */
export function dpopSigner(key: EcPrivateJwk, deps: { backend: CryptoBackend; now: () => number; randomBytes: (n: number) => Promise<Uint8Array> }): DpopSigner {
  return (htm, htu, token) => createDpopProof(key, { htm, htu, token }, { backend: deps.backend, nowSec: deps.now() / 1000, randomBytes: deps.randomBytes })
}

export function holderAuthOf(token: string, sign: DpopSigner): HolderAuth {
  return { token, proof: (htm, htu) => sign(htm, htu, token) }
}
