/**
 * The importable verifier entry point: plain Node/ESM, typed, no Taro and no React. What a
 * relying party's server (examples/rp-demo), the command-line tools (scripts/verify.ts) and the
 * app's own verifier core share: trust list and registry checks, CW1 presentations, and the
 * online (线上核验) request/response of issue #16.
 *
 * @example
 * import { verifyTrustList, verifyOnlineResponse, joseBackend, joseJwe, certRegistry } from 'certwallet/verifier'
 */
export { joseBackend } from '../services/crypto/jose.node'
export { nobleBackend, keyPairFromSecret, sm2KeyPairFromSecret, jwsAlgOf } from '../services/crypto'
export type { CryptoBackend, EcPrivateJwk, EcPublicJwk, Curve } from '../services/crypto/types'
export { WalletError, isWalletError, toWalletError, type ErrorCode } from '../services/errors'
export { ERROR_TEXT } from '../vocabulary/featureErrorText'
export { certRegistry } from '../certs/registry'
export { purposeLabels } from '../vocabulary/purposeText'
export { PINNED_ROOT_KEYS } from '../services/trust/rootKeys'
export { verifyTrustList } from '../services/trust/verifyTrustList'
export type { TrustList } from '../services/trust/types'
export { verifyInstitutionRegistry } from '../services/institution/registry'
export type { InstitutionRegistry } from '../services/institution/types'
export {
  verifyPresentation,
  presentationReplayId,
  ReplayCache,
  verifyBearerCredential,
  BEARER_PREFIX,
  PRESENTATION_PREFIX,
  type PresentationContext,
  type VerifiedPresentation
} from '../services/presentation'
export { verifyCredential } from '../services/credential/verifyCredential'
export { createStatusLookup, statusListIdFromUri } from '../services/wallet/trustMaterial'
export { statusListUri } from '../services/status/statusUri'
export { displayField } from '../certs/mask'
export {
  signAuthorizationRequest,
  verifyAuthorizationRequest,
  requestText,
  requestUriText,
  requestUriOf,
  assertRequestSource,
  requestJwsOf,
  disclosurePlan,
  signRpRegistration,
  verifyOnlineResponse,
  openOnlineResponse,
  createOnlineResponse,
  bindingNonce,
  findRelyingParty,
  REQUEST_PREFIX,
  type ConsentView,
  type OpenRequest,
  type VerifiedOnlineResponse,
  type RegisteredRelyingParty,
  type JweBackend
} from '../services/online'
export { joseJwe } from '../services/online/jwe.node'
export { nobleJwe } from '../services/online/jwe'
export { webCryptoJwe } from '../services/online/jwe.webcrypto'
// The sealed OFD 原件 and the 加注件 (GB/T 33190 package, GB/T 38540 seal).
export { verifyOriginal, verifyAnnotatedCopy } from '../services/ofd'
export { MAX_OFD_BYTES } from '../services/ofd/package'
