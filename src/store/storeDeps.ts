import type { CryptoBackend, EcPublicJwk } from '../services/crypto/types'
import type { BlobStorage } from './persisted'

/**
 * What every store that checks signatures takes from outside, alike in each: the crypto backend,
 * the root keys the trust list is checked against, the platform CSPRNG, the clock (ms since epoch)
 * and where the store's blob lives. The app passes platform defaults, tests fakes; each store's
 * own `*Deps` adds its API and the rest.
 */
export interface StoreEnv {
  backend: CryptoBackend
  rootKeys: readonly EcPublicJwk[]
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: BlobStorage
  storageKey?: string
}
