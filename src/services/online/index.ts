export * from './types'
export * from './registry'
export * from './registration'
export * from './request'
export * from './pseudonym'
export * from './caller'
// The JWE interface only: each backend is imported by its own path (./jwe.ts noble, ./jwe.webcrypto.ts,
// ./jwe.node.ts jose), so a build takes only the one its platform file names.
export * from './jweCore'
export * from './response'
