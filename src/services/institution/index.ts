export * from './types'
export * from './registry'
export * from './permissions'
export * from './requestSignature'
