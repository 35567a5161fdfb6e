import type { EcPublicJwk } from '../crypto/types'

/**
 * National root keys pinned in the app. The trust list must be signed by one of these (by `kid`).
 * This is the simulator's root (derived from mock/simulator/keys.ts DEFAULT_SEED; a test checks
 * they agree). A production build replaces this file's keys with the real national root's.
 */
export const PINNED_ROOT_KEYS: readonly EcPublicJwk[] = [
  {
    kty: 'EC',
    crv: 'P-256',
    kid: 'cn-root-2026',
    x: 'QyYoJKS7IbyNSNBcgZ7rdmCVsiQ-m-A3ZQEVK1HoWrY',
    y: '7cTHq7VyF4JAt-L_noMNpkZUZFGFbpRfWfd_fJ9BPog'
  }
]
