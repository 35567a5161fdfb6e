import { WalletError } from '../../../services/errors'

/** Prefix of the verifier's challenge QR; the holder's wallet parses it (parseVerifierChallenge). */
export const CHALLENGE_PREFIX = 'CWN1:'

/** Crockford base32: no I, L, O, U — nothing to misread if someone has to read it aloud. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Random bytes in a nonce: 160 bits, 32 characters. */
export const NONCE_BYTES = 20

/**
 * A fresh challenge nonce from a CSPRNG (`randomBytes` is the platform's: crypto.getRandomValues,
 * wx/my.getRandomValues). Upper-case letters and digits only, so the whole `CWN1:` text lies in
 * the QR alphanumeric set: a smaller symbol, and the `qrcode` library needs no TextEncoder for it
 * (absent in the mini-program runtimes).
 *
 * @example makeChallenge(randomBytes) // { nonce: '7M3Q…', text: 'CWN1:7M3Q…' }
 */
export async function makeChallenge(randomBytes: (n: number) => Promise<Uint8Array>): Promise<{ nonce: string; text: string }> {
  const bytes = await randomBytes(NONCE_BYTES)
  if (!(bytes instanceof Uint8Array) || bytes.length !== NONCE_BYTES) throw new WalletError('ERR_UNKNOWN', { detail: 'csprng' })
  let nonce = ''
  let acc = 0
  let bits = 0
  for (const b of bytes) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 5) {
      nonce += ALPHABET[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= (1 << bits) - 1
  }
  if (bits > 0) nonce += ALPHABET[(acc << (5 - bits)) & 31]
  return { nonce, text: CHALLENGE_PREFIX + nonce }
}
