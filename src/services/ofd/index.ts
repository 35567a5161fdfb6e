export { buildAnnotatedCopy, buildOriginal, originalFiles, type CopyAnnotation, originalMetadata, sealOfd, META, type OriginalInput, type OriginalMetadata, type Sealer } from './original'
export { makeSealer, type SealSpec } from './sealMaker'
export { readOfd, type OfdPage, type PageObject, type ParsedOfd } from './readOriginal'
export { verifyAnnotatedCopy, verifyOriginal, type OriginalTrustMaterial, type VerifiedCopy, type VerifiedOriginal } from './verifyOriginal'
