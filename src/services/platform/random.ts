/** Node / jest: WebCrypto's CSPRNG. */
export async function randomBytes(length: number): Promise<Uint8Array> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length))
}
