export type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from './types'
export { nobleBackend, keyPairFromSecret, jwkToPoint } from './noble'
export { isLowS, normalizeLowS, twinSignature, P256_N } from './lowS'
