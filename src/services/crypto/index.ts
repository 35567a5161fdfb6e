export type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from './types'
export { nobleBackend, keyPairFromSecret, jwkToPoint } from './noble'
