import { base64urlDecode, base64urlEncode } from '../encoding'
import { WalletError } from '../errors'

/** Standard base64 with padding (RFC 4648 §4), as OFD's CheckValue uses, over the base64url codec. */
export function base64Encode(bytes: Uint8Array): string {
  const s = base64urlEncode(bytes).replace(/-/g, '+').replace(/_/g, '/')
  return s + '='.repeat((4 - (s.length % 4)) % 4)
}

export function base64Decode(text: string): Uint8Array {
  const t = text.trim()
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) throw new WalletError('ERR_BASE64', { detail: 'ofd' })
  return base64urlDecode(t.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))
}
