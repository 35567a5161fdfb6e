/**
 * The two signature suites, chosen per key (never by a token's header):
 * - `ES256`: ECDSA on P-256 with SHA-256 (RFC 7518), JWK `crv: 'P-256'`;
 * - `SM2SM3`: SM2 signatures with SM3 and the default signer ID `1234567812345678`
 *   (GB/T 32918.2, GB/T 32905, GM/T 0009), JWK `crv: 'SM2'`. Not IANA-registered; see
 *   docs/formats.md for why this name.
 */
export type SignatureAlg = 'ES256' | 'SM2SM3'

/** The curve of a key names its suite: P-256 → ES256, SM2 → SM2SM3. */
export type Curve = 'P-256' | 'SM2'

/** An EC public key as JWK (RFC 7517): P-256 or SM2 (the same members, `crv` tells which). */
export interface EcPublicJwk {
  kty: 'EC'
  crv: Curve
  x: string
  y: string
  kid?: string
  alg?: SignatureAlg
}

/** An EC private key as JWK. */
export interface EcPrivateJwk extends EcPublicJwk {
  d: string
}

/** The protected header we sign with. `alg` is always the signing key's suite (`jwsAlgOf(key)`). */
export interface JwsHeader {
  alg: SignatureAlg
  typ?: string
  kid?: string
  [key: string]: unknown
}

/**
 * One interface, two implementations: jose (WebCrypto; H5 and Node) and @noble/curves (pure JS;
 * WeChat and Alipay, which have no WebCrypto). Chosen per platform by `./backend`. SM2 has no
 * WebCrypto implementation anywhere, so both run the same pure-JS SM2 (./sm2.ts).
 * The suite comes from the key (its `crv`), which the caller took from a pinned source (the trust
 * list, the registry, the credential's `cnf`): callers never pass a token's own `alg` here.
 */
export interface CryptoBackend {
  readonly name: 'jose' | 'noble'
  sha256(data: Uint8Array): Promise<Uint8Array>
  /**
   * Checks a JWS signature (raw 64-byte r‖s) over `protectedB64.payloadB64` with the key's suite:
   * ES256 for a P-256 key, SM2SM3 for an SM2 key. Returns false for any bad signature or key;
   * high-S ES256 signatures are accepted (WebCrypto makes them).
   */
  verify(key: EcPublicJwk, protectedB64: string, payloadB64: string, signature: Uint8Array): Promise<boolean>
  /**
   * Signs and returns a compact JWS; the header's `alg` is set to the key's suite. ES256
   * signatures are always low-S (s ≤ n/2), on both backends; SM2 signatures are deterministic.
   */
  signJws(key: EcPrivateJwk, header: JwsHeader, payload: Uint8Array): Promise<string>
}
