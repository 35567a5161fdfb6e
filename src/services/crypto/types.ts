/** A P-256 public key as JWK (RFC 7517). */
export interface EcPublicJwk {
  kty: 'EC'
  crv: 'P-256'
  x: string
  y: string
  kid?: string
  alg?: 'ES256'
}

/** A P-256 private key as JWK. */
export interface EcPrivateJwk extends EcPublicJwk {
  d: string
}

/** The protected header we sign with. `alg` is always ES256: nothing else is ever produced. */
export interface JwsHeader {
  alg: 'ES256'
  typ?: string
  kid?: string
  [key: string]: unknown
}

/**
 * One interface, two implementations: jose (WebCrypto; H5 and Node) and @noble/curves (pure JS;
 * WeChat and Alipay, which have no WebCrypto). Chosen per platform by `./backend`.
 * Both take the algorithm as given (ES256): callers never pass a token's own `alg` here.
 */
export interface CryptoBackend {
  readonly name: 'jose' | 'noble'
  sha256(data: Uint8Array): Promise<Uint8Array>
  /**
   * Checks an ES256 signature (raw 64-byte r‖s, as JWS carries it) over `protectedB64.payloadB64`.
   * Returns false for any bad signature or key; high-S signatures are accepted (WebCrypto makes them).
   */
  verifyEs256(key: EcPublicJwk, protectedB64: string, payloadB64: string, signature: Uint8Array): Promise<boolean>
  /** Signs and returns a compact JWS. The signature is always low-S (s ≤ n/2), on both backends. */
  signJws(key: EcPrivateJwk, header: JwsHeader, payload: Uint8Array): Promise<string>
}
