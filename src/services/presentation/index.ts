export { base45Decode, base45Encode } from './base45'
export {
  PURPOSE_CODES,
  signPurposeCredential,
  encodeCredentialBody,
  decodeCredentialBody,
  compressPublicKey,
  type PurposeCredentialBody,
  type PurposeAgent,
  type ClaimValue
} from './purposeCredential'
export {
  createPresentation,
  verifyPresentation,
  presentationReplayId,
  splitPresentation,
  ReplayCache,
  PRESENTATION_PREFIX,
  PROOF_WINDOW_SECONDS,
  PURPOSE_CREDENTIAL_LIFETIME_SECONDS,
  PURPOSE_CREDENTIAL_GRACE_LIMIT_SECONDS,
  purposeCredentialWindow,
  type PresentationContext,
  type VerifiedPresentation
} from './presentation'
export {
  BEARER_PREFIX,
  signBearerCredential,
  verifyBearerCredential,
  readBearerCredential,
  isBearerText,
  type BearerCredentialBody,
  type BearerContext,
  type VerifiedBearer
} from './bearerCredential'
