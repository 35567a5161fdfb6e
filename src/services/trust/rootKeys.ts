import type { EcPublicJwk } from '../crypto/types'

/**
 * National root keys pinned in the app. The trust list must be signed by one of these (by `kid`),
 * in the key's own suite (an SM2 key: SM2SM3, as a government root under 商用密码 rules signs).
 * This is the simulator's root (derived from mock/simulator/keys.ts DEFAULT_SEED; a test checks
 * they agree). A production build replaces this file's keys with the real national root's.
 */
export const PINNED_ROOT_KEYS: readonly EcPublicJwk[] = [
  {
    kty: 'EC',
    crv: 'SM2',
    kid: 'cn-root-2026',
    x: 'sjpbF9AhCnU56I0lF8rSkDqabthfVRZL12EdsZ8G1iw',
    y: 'b6EN7VnwcKsdqmMnitZJajO4sj8eI1ps5mrMkO-080A'
  }
]
