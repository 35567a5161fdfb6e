/**
 * The one door from `mock/` into `src/`. The simulator plays the government back end, so it uses
 * the same pure core the wallet does (certificate kinds, formats, crypto, SD-JWT, trust and status
 * lists, presentations, encoding, error codes) and answers with the API's own types — and nothing
 * else: no store, page, component or platform adapter. Every other file under mock/ imports from
 * here, never from `../src/...` directly, so this list is the whole of what mock depends on.
 */

// Certificate kinds (src/certs) and the vocabulary below them (src/vocabulary).
export { certModules, certRegistry, createCertRegistry, type CertRegistry } from '../src/certs/registry'
export { generateCertId, nextVersion, parseCertId } from '../src/certs/identifier'
export { BEARER_PREMASKED, DEGREE_SHARE_MAX_DAYS, DEGREE_SHARE_MIN_DAYS, PAPER_DAYS, type BearerUse } from '../src/vocabulary/bearerUses'
export { maskValue } from '../src/certs/mask'
export { certCatalogue, type CatalogueEntry } from '../src/certs/catalogue'
export { standardStatusOf } from '../src/vocabulary/certStatus'
export { normalizeResidentId, residentIdProblem } from '../src/certs/residentId'
export type { AuthorityType, CertModule, PurposeId } from '../src/certs/types'
export { isPurposeId } from '../src/vocabulary/purposes'

// Crypto, encoding and signed formats (src/services: crypto, encoding, jws, sdjwt).
export { jwsAlgOf, keyPairFromSecret, sm2KeyPairFromSecret } from '../src/services/crypto'
export { joseBackend } from '../src/services/crypto/jose.node'
export { jwkThumbprint } from '../src/services/crypto/thumbprint'
export type { CryptoBackend, Curve, EcPrivateJwk, EcPublicJwk } from '../src/services/crypto/types'
export { base64urlDecode, base64urlEncode, jsonDepthExceeds, utf8Encode } from '../src/services/encoding'
export { parseCompactJws, signJwt, verifyJwsSignature } from '../src/services/jws'
export { checkDpopProof, DPOP_MAX_SKEW_SEC } from '../src/services/jws/dpop'
export { issueSdJwt } from '../src/services/sdjwt/issue'
export { DEFAULT_KB_MAX_AGE_SECONDS, DEFAULT_SKEW_SECONDS, verifySdJwt } from '../src/services/sdjwt/verify'
export { verifyCredential } from '../src/services/credential/verifyCredential'

// Trust and status lists (src/services: trust, status).
export { encodeStatusList, STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from '../src/services/status/statusList'
export { STATUS_LIST_TYP } from '../src/services/status/verifyStatusList'
export { STATUS_LIST_URI_BASE } from '../src/services/status/statusUri'
export { DEVICE_REVOCATIONS_TYP } from '../src/services/trust/deviceRevocations'
export { TRUST_LIST_TYP } from '../src/services/trust/verifyTrustList'
export { CERTIFICATE_CATALOGUE_TYP } from '../src/services/trust/verifyCatalogue'
export type { TrustList, TrustedIssuer, TrustedSealKey } from '../src/services/trust/types'

// 电子证照原件: the OFD package and its GB/T 38540 seal (src/services/ofd).
export { buildAnnotatedCopy, buildOriginal, makeSealer, type Sealer } from '../src/services/ofd'

// Presentations: purpose credentials, bearer credentials, CW1 (src/services/presentation).
export {
  base45Decode,
  BEARER_PREFIX,
  decodeCredentialBody,
  PRESENTATION_PREFIX,
  presentationReplayId,
  PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS,
  PURPOSE_CREDENTIAL_LIFETIME_SECONDS,
  ReplayCache,
  signBearerCredential,
  signPurposeCredential,
  verifyBearerCredential,
  verifyPresentation,
  type ClaimValue,
  type PurposeAgent
} from '../src/services/presentation'
export { ByteReader } from '../src/services/presentation/bytes'
export { compressPublicKey, decompressPublicKey } from '../src/services/presentation/purposeCredential'

// Institutions: the root-signed registry and signed institution calls (src/services/institution).
export { assertUscc } from '../src/certs/uscc'
export {
  INSTITUTION_REGISTRY_TYP,
  INSTITUTION_SIGNATURE_HEADER,
  institutionMay,
  verifyInstitutionRequest,
  type InstitutionCall,
  type InstitutionRegistry,
  type InstitutionRole,
  type RegisteredInstitution
} from '../src/services/institution'

// 线上核验 relying parties (src/services/online): registry entries, registration, pairwise subjects.
export {
  findRelyingParty,
  IDENTIFYING_CLAIMS,
  PAIRWISE_SUBJECT_TYP,
  verifyRpRegistration,
  type RegisteredRelyingParty
} from '../src/services/online'

// 文件调用: the holder's device-signed grant and the platform-signed copy (src/services/fileGrant).
export { checkFileGrant, FILE_COPY_TYP, type FileCopyPayload } from '../src/services/fileGrant'
export { FILE_COPY_PLATFORM, fileCopyWatermark } from '../src/vocabulary/fileGrants'
export { purposeLabels } from '../src/vocabulary/purposeText'

// Error codes (src/services/errors).
export { toWalletError, type ErrorCode } from '../src/services/errors'

// The API contract (src/services/api): the simulator answers in the API's own types and the
// handlers route by its operation table, so the yaml, client and simulator cannot drift apart.
export { API_PREFIX, operations, type OperationId } from '../src/services/api/operations'
export { apiSchemaMismatch, type ApiSchemaName } from '../src/services/api/schemas'
import type * as Api from '../src/services/api/types'
export type { Api }
