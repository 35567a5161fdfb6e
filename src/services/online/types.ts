import type { EcPublicJwk, SignatureAlg } from '../crypto/types'
import type { PurposeId } from '../../certs/types'

/**
 * 线上身份核验 (issue #16): a relying party (RP) — a website or another app — asks the wallet for a
 * key-bound presentation, modelled on OpenID for Verifiable Presentations 1.0 (signed request,
 * DCQL-style query, nonce, `direct_post`), with a platform-signed pairwise pseudonym (网号-style)
 * as the default subject. docs/formats.md (线上核验) is the wire description.
 */

/** One relying party in the root-signed institution registry (its `relyingParties`, role `online`). */
export interface RegisteredRelyingParty {
  /** 统一社会信用代码; the `client_id` of its requests and the `kid` of its request signatures. */
  id: string
  /** The registered name: what the holder is shown, never what a request says about itself. */
  name: string
  role: 'online'
  /** Purposes it may ask for, each with the claims it may receive for it. */
  purposes: Partial<Record<PurposeId, string[]>>
  /** Whether the law lets it receive the ID number (and address); set by the platform, not the RP. */
  mayReceiveIdNumber: boolean
  /** Present once the RP registered its keys and endpoint with its registration code. */
  key?: { alg: SignatureAlg; jwk: EcPublicJwk; enrolledAt: number }
  /** P-256 key the wallet encrypts responses to (JWE ECDH-ES, A256GCM). */
  encKey?: EcPublicJwk
  /** Where the wallet posts the response (`direct_post`); an https URL (http on localhost for the demo). */
  responseUri?: string
  /**
   * The RP's own mini-programs, by platform, that may open the wallet with its requests
   * (same-device, `navigateToMiniProgram`; src/services/online/caller.ts). Set by the platform
   * with the approval, like the purposes: an appId's owner is the platform's to check, not the RP's to claim.
   */
  miniPrograms?: { weapp?: string[]; alipay?: string[] }
}

/** The claims an ID number or address falls under: only an RP flagged `mayReceiveIdNumber` gets them. */
export const IDENTIFYING_CLAIMS: readonly string[] = ['id_number', 'address']

/**
 * DCQL-style query (OpenID4VP 1.0 §6), narrowed to what a CW1 purpose set can answer: one
 * credential query of format `cw1-purpose` naming the purpose, and the claims asked for by path.
 * A purpose set discloses its kinds' preset fields as a whole (issuer-signed), so the wallet
 * answers only when every field that would leave was asked for (else ERR_RP_QUERY_UNSUPPORTED).
 */
export interface DcqlQuery {
  credentials: [{ id: string; format: 'cw1-purpose'; meta: { purpose: string }; claims: { path: [string] }[] }]
}

/** Payload of a signed authorisation request (`typ` AUTHZ_REQUEST_TYP). */
export interface AuthorizationRequestClaims {
  iss: string
  aud: 'https://self-issued.me/v2'
  client_id: string
  response_type: 'vp_token'
  response_mode: 'direct_post.jwt'
  response_uri: string
  /** The 亮证 purpose id the request is for. */
  purpose: string
  dcql_query: DcqlQuery
  nonce: string
  state: string
  iat: number
  exp: number
}

/** What the wallet shows on the consent screen, built from the registry and the verified request. */
export interface ConsentView {
  rp: { id: string; name: string; miniPrograms?: { weapp?: string[]; alipay?: string[] } }
  purpose: PurposeId
  /** The claim names asked for (each allowed by the registration). */
  claims: string[]
  nonce: string
  state: string
  responseUri: string
  encKey: EcPublicJwk
  exp: number
}
