import type { EcPublicJwk, SignatureAlg } from '../crypto/types'
import type { AuthorityType } from '../../certs/types'

/** One signing key of an issuer, with the window in which it may sign (seconds since epoch). */
export interface TrustedKey {
  kid: string
  /**
   * Pinned algorithm: the token header's `alg` never chooses it. ES256 for a P-256 key, SM2SM3
   * for an SM2 key; a key whose `alg` and curve disagree is refused (ERR_ALG_NOT_ALLOWED).
   */
  alg: SignatureAlg
  jwk: EcPublicJwk
  notBefore: number
  notAfter: number
  /** Set when the key leaked: everything it signed is refused. */
  compromisedAt?: number
}

export interface TrustedIssuer {
  /** 统一社会信用代码 of the issuing authority; equals the credential's `iss`. */
  id: string
  name: string
  /** Province or ministry, e.g. 广东省 or 公安部. */
  region: string
  authority: AuthorityType
  /** Certificate kinds this issuer may issue. */
  kinds: string[]
  keys: TrustedKey[]
  /**
   * URI of the issuer's Token Status List, as its credentials name it (`status.status_list.uri`):
   * what a verifier downloads ahead to check offline. Absent: the verifier learns the list from
   * the first credential it sees.
   */
  statusList?: string
  /**
   * The issuer's electronic seals (GB/T 38540) for its 电子证照原件: an SM2 signer key per seal,
   * the kinds it may seal, and its window. Absent: no 原件 of this issuer verifies.
   */
  seals?: TrustedSealKey[]
}

/** An electronic seal's signer key (签章者), listed for an issuer and the kinds it seals. */
export interface TrustedSealKey extends TrustedKey {
  /** The seal's 电子印章标识 (SES_SealInfo esID). */
  esId: string
  kinds: string[]
}

/** Payload of the trust-list JWS signed by the national root key. */
export interface TrustList {
  iss: string
  iat: number
  /** Hard limit: past this the list is refused (ERR_TRUST_LIST_EXPIRED). */
  exp: number
  version: number
  issuers: TrustedIssuer[]
  /**
   * The sharing platform itself: it signs no certificate (it is no issuer), only the 加注件 it
   * releases under a holder's 文件调用 grant (src/services/fileGrant/copy.ts). Absent: no copy
   * verifies.
   */
  platform?: TrustedPlatform
}

/** The national sharing platform's entry in the trust list. */
export interface TrustedPlatform {
  /** 统一社会信用代码; a copy's `iss`. */
  id: string
  name: string
  keys: TrustedKey[]
  /** The platform's electronic seals for the OFD 加注件 (#14 §3); its `kinds` are every kind it copies. */
  seals?: TrustedSealKey[]
}

/** A verified trust list plus when we fetched it (for the verifier's "age" warning). */
export interface CachedTrustList {
  list: TrustList
  jws: string
  fetchedAt: number
}
