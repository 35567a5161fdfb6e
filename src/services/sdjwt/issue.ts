import type { CryptoBackend, EcPrivateJwk } from '../crypto/types'
import { b64uJson, base64urlEncode } from '../encoding'
import { sha256B64u, signJwt } from '../jws'
import type { KeyBindingPayload, SdJwtVcPayload } from './types'

export const SD_JWT_VC_TYP = 'dc+sd-jwt'
export const KB_JWT_TYP = 'kb+jwt'

export interface IssueSdJwtInput {
  /** Claims every presentation carries (iss, iat, exp, vct, cnf, status …). */
  payload: SdJwtVcPayload
  /** Top-level claims made selectively disclosable, one disclosure each. */
  disclosable: Record<string, unknown>
  issuerKey: EcPrivateJwk & { kid: string }
  backend: CryptoBackend
  /** CSPRNG bytes for the salts. */
  random: (length: number) => Uint8Array
}

/** Builds one disclosure `[salt, name, value]` and its digest. */
export async function makeDisclosure(salt: string, name: string, value: unknown, backend: CryptoBackend) {
  const disclosure = b64uJson([salt, name, value])
  return { disclosure, digest: await sha256B64u(disclosure, backend) }
}

/**
 * Issues an SD-JWT VC (RFC 9901): `<issuer-jwt>~<d1>~…~<dn>~`. `_sd` digests are sorted, so
 * their order says nothing about the claims.
 */
export async function issueSdJwt(input: IssueSdJwtInput): Promise<string> {
  const disclosures: string[] = []
  const digests: string[] = []
  for (const [name, value] of Object.entries(input.disclosable)) {
    const d = await makeDisclosure(base64urlEncode(input.random(16)), name, value, input.backend)
    disclosures.push(d.disclosure)
    digests.push(d.digest)
  }
  digests.sort()
  const payload: SdJwtVcPayload = { ...input.payload, _sd: digests, _sd_alg: 'sha-256' }
  const jwt = await signJwt(payload, { typ: SD_JWT_VC_TYP, kid: input.issuerKey.kid }, input.issuerKey, input.backend)
  return [jwt, ...disclosures].join('~') + '~'
}

/** Keeps only the disclosures whose claim names are in `names`; drops any key binding. */
export function selectDisclosures(sdJwt: string, names: readonly string[], disclosureName: (d: string) => string): string {
  const [jwt, ...rest] = sdJwt.split('~')
  const keep = rest.slice(0, -1).filter((d) => names.includes(disclosureName(d)))
  return [jwt, ...keep].join('~') + '~'
}

/**
 * Appends a key-binding JWT signed by the holder's device key over `sd_hash`, `aud`, `nonce`
 * and `iat` (RFC 9901 §4.3).
 */
export async function addKeyBinding(
  sdJwtWithoutKb: string,
  deviceKey: EcPrivateJwk,
  claims: { aud: string; nonce: string; iat: number },
  backend: CryptoBackend
): Promise<string> {
  const payload: KeyBindingPayload = { iat: claims.iat, aud: claims.aud, nonce: claims.nonce, sd_hash: await sha256B64u(sdJwtWithoutKb, backend) }
  return sdJwtWithoutKb + (await signJwt(payload, { typ: KB_JWT_TYP }, deviceKey, backend))
}
