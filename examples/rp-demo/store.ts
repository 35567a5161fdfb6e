import type { OpenRequest } from '../../src/verifier'

/** What the RP page polls for: the outcome of one request. */
export type RequestOutcome =
  | { status: 'pending' }
  | { status: 'verified'; subject: string; claims: Record<string, unknown>; purpose: string; verifiedAt: number }
  | { status: 'declined' }
  | { status: 'failed'; code: string }

/**
 * The RP's state behind one small interface: the open requests (by `state`, until they expire),
 * their outcomes, and the presentations already accepted (single use). One process: memory; several
 * processes behind a load balancer: Redis (./redisStore.ts), so a nonce issued by one is honoured
 * by another and a presentation accepted by one is refused by all.
 */
export interface RpStore {
  putRequest(req: OpenRequest, ttlSec: number): Promise<void>
  getRequest(state: string): Promise<OpenRequest | null>
  /** Records the outcome once; false when the request already had one (a second answer). */
  settle(state: string, outcome: Exclude<RequestOutcome, { status: 'pending' }>, ttlSec: number): Promise<boolean>
  outcome(state: string): Promise<RequestOutcome | null>
  /** Marks a presentation used until `expiresAtSec`; false when it already was (anywhere). */
  spend(replayId: string, expiresAtSec: number, nowSec: number): Promise<boolean>
  close(): Promise<void>
}

/** The default store: one process's memory, entries dropped when they expire. */
export function memoryStore(now: () => number = () => Date.now()): RpStore {
  const requests = new Map<string, { req: OpenRequest; until: number }>()
  const outcomes = new Map<string, { o: RequestOutcome; until: number }>()
  const spent = new Map<string, number>()
  const sweep = () => {
    const t = now() / 1000
    for (const [k, v] of requests) if (v.until < t) requests.delete(k)
    for (const [k, v] of outcomes) if (v.until < t) outcomes.delete(k)
    for (const [k, until] of spent) if (until < t) spent.delete(k)
  }
  return {
    async putRequest(req, ttlSec) {
      sweep()
      requests.set(req.state, { req, until: now() / 1000 + ttlSec })
    },
    async getRequest(state) {
      sweep()
      return requests.get(state)?.req ?? null
    },
    async settle(state, outcome, ttlSec) {
      sweep()
      if (outcomes.has(state)) return false
      outcomes.set(state, { o: outcome, until: now() / 1000 + ttlSec })
      return true
    },
    async outcome(state) {
      sweep()
      const o = outcomes.get(state)?.o
      return o ?? (requests.has(state) ? { status: 'pending' } : null)
    },
    async spend(id, expiresAtSec) {
      sweep()
      if (spent.has(id)) return false
      spent.set(id, expiresAtSec)
      return true
    },
    async close() {}
  }
}
