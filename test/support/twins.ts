/**
 * Malleable twins: an ECDSA signature (r, s) has a second valid form (r, n − s). These helpers
 * swap a signature for its twin inside the texts we exchange, for the replay tests.
 */
import { twinSignature } from '../../src/services/crypto'
import { base64urlDecode, base64urlEncode } from '../../src/services/encoding'
import { base45Decode, base45Encode } from '../../src/services/presentation/base45'
import { PRESENTATION_PREFIX } from '../../src/services/presentation'

/** A CW1 text (QR, 医保码) with its device-proof signature's s replaced by n − s. */
export function cw1Twin(text: string): string {
  const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
  const out = all.slice()
  out.set(twinSignature(all.subarray(all.length - 64)), all.length - 64)
  const twin = PRESENTATION_PREFIX + base45Encode(out)
  if (twin === text) throw new Error('twin equals the original')
  return twin
}

/** A compact JWS (or an SD-JWT's key-binding JWT) with its signature's s replaced by n − s. */
export function jwsTwin(jws: string): string {
  const dot = jws.lastIndexOf('.')
  return jws.slice(0, dot + 1) + base64urlEncode(twinSignature(base64urlDecode(jws.slice(dot + 1))))
}
