import type { EcPublicJwk } from '../crypto/types'

/** Issuer-signed payload of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc). */
export interface SdJwtVcPayload {
  iss: string
  iat: number
  nbf?: number
  exp?: number
  vct: string
  cnf?: { jwk: EcPublicJwk }
  status?: { status_list: { idx: number; uri: string } }
  _sd?: string[]
  _sd_alg?: string
  [claim: string]: unknown
}

/** A parsed `<jwt>~<disclosure>~…~[<kb-jwt>]`. */
export interface SdJwtParts {
  jwt: string
  disclosures: string[]
  /** Key-binding JWT, or null when the string ends in `~`. */
  kbJwt: string | null
  /** Everything up to and including the last `~`: the input of `sd_hash`. */
  sdJwtForHash: string
}

export interface KeyBindingPayload {
  iat: number
  aud: string
  nonce: string
  sd_hash: string
}
