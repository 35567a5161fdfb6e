import { Redis } from 'ioredis'
import type { OpenRequest } from '../../src/verifier'
import type { RequestOutcome, RpStore } from './store'

/**
 * The RP store in Redis, for an RP on several servers. Keys under `prefix`: `req:<state>` (the open
 * request, JSON, with a TTL), `out:<state>` (its outcome, set once with NX), `used:<replayId>`
 * (a spent presentation, SET NX with an expiry: atomic across processes).
 */
export function redisStore(url: string, prefix = 'rp:'): RpStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 })
  const ttl = (n: number) => Math.max(1, Math.ceil(n))
  return {
    async putRequest(req, ttlSec) {
      await redis.set(prefix + 'req:' + req.state, JSON.stringify(req), 'EX', ttl(ttlSec))
    },
    async getRequest(state) {
      const v = await redis.get(prefix + 'req:' + state)
      return v ? (JSON.parse(v) as OpenRequest) : null
    },
    async settle(state, outcome, ttlSec) {
      return (await redis.set(prefix + 'out:' + state, JSON.stringify(outcome), 'EX', ttl(ttlSec), 'NX')) === 'OK'
    },
    async outcome(state) {
      const [o, r] = await Promise.all([redis.get(prefix + 'out:' + state), redis.exists(prefix + 'req:' + state)])
      if (o) return JSON.parse(o) as RequestOutcome
      return r ? { status: 'pending' } : null
    },
    async spend(id, expiresAtSec, nowSec) {
      return (await redis.set(prefix + 'used:' + id, '1', 'EX', ttl(expiresAtSec - nowSec + 1), 'NX')) === 'OK'
    },
    async close() {
      await redis.quit()
    }
  }
}
