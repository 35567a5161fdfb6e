export { buildOriginal, originalFiles, originalMetadata, sealOfd, META, type OriginalInput, type OriginalMetadata, type Sealer } from './original'
export { makeSealer, type SealSpec } from './sealMaker'
export { readOfd, type OfdPage, type PageObject, type ParsedOfd } from './readOriginal'
export { verifyOriginal, type OriginalTrustMaterial, type VerifiedOriginal } from './verifyOriginal'
