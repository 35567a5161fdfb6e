import { ErrorCodes, WalletError, type ErrorCode } from '../errors'
import type { HttpTransport } from './transport'

/**
 * 线上核验 `direct_post`: the wallet posts its (encrypted) answer, or the holder's refusal, to the
 * relying party's registered response_uri — not the government API, so not through the client's
 * operation table, but still only here (src/services/api is the only caller of the network).
 * Resolves on 2xx; a refusal with a code of ours is that code, anything else ERR_BAD_RESPONSE.
 */
/** GETs a relying party's signed request by reference (`request_uri`); its JWS text (checked by the caller). */
export async function fetchRequestObject(transport: HttpTransport, url: string, timeoutMs = 15000): Promise<string> {
  let res
  try {
    res = await transport({ url, method: 'GET', headers: { Accept: 'application/oauth-authz-req+jwt' }, timeoutMs }).response
  } catch (e) {
    throw e instanceof WalletError ? e : new WalletError('ERR_NETWORK', { cause: e, detail: 'relying-party' })
  }
  if (res.status === 404 || res.status === 410) throw new WalletError('ERR_RP_REQUEST_EXPIRED', { detail: `HTTP ${res.status}` })
  if (res.status !== 200 || res.body.length > 8192) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: `request_uri: HTTP ${res.status}` })
  return res.body.trim()
}

export async function postToRelyingParty(transport: HttpTransport, url: string, body: Record<string, unknown>, timeoutMs = 15000): Promise<void> {
  let res
  try {
    res = await transport({ url, method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body), timeoutMs }).response
  } catch (e) {
    throw e instanceof WalletError ? e : new WalletError('ERR_NETWORK', { cause: e, detail: 'relying-party' })
  }
  if (res.status >= 200 && res.status < 300) return
  let code: unknown = null
  try {
    code = (JSON.parse(res.body) as { code?: unknown }).code
  } catch {
    // not JSON: the status is all we know
  }
  const known = typeof code === 'string' && (ErrorCodes as readonly string[]).includes(code)
  throw new WalletError(known ? (code as ErrorCode) : 'ERR_BAD_RESPONSE', { detail: `relying-party: HTTP ${res.status}` })
}
