import { assertUscc } from '../../certs/uscc'
import { isPurposeId } from '../../vocabulary/purposes'
import { WalletError } from '../errors'
import { isObject } from '../encoding'
import { jwsAlgOf } from '../crypto/suite'
import type { EcPublicJwk } from '../crypto/types'
import { IDENTIFYING_CLAIMS, type RegisteredRelyingParty } from './types'

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const B64U_32 = /^[A-Za-z0-9_-]{43}$/

function isPublicKey(k: unknown, curves: readonly string[]): k is EcPublicJwk {
  return isObject(k) && k.kty === 'EC' && curves.includes(k.crv as string) && isStr(k.x) && B64U_32.test(k.x) && isStr(k.y) && B64U_32.test(k.y) && k.d === undefined
}

/** An https URL, or http on a loopback host (the demo): what a response may be posted to. */
export function isResponseUri(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 512) return false
  let u: URL
  try {
    u = new URL(v)
  } catch {
    return false
  }
  if (u.username || u.password || u.hash) return false
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname))
}

/**
 * Checks one `relyingParties` entry of the root-signed registry (ERR_MALFORMED, detail rp-*):
 * a USCC id, role `online`, purposes of the registry with claim lists, the ID-number flag, and
 * (once registered) a signing key whose `alg` matches its curve, a P-256 encryption key and a
 * response URI. An entry allowing an identifying claim without the flag is refused outright.
 */
export function checkRelyingParty(e: unknown): asserts e is RegisteredRelyingParty {
  if (!isObject(e) || !isStr(e.id) || !isStr(e.name) || e.role !== 'online' || !isObject(e.purposes) || typeof e.mayReceiveIdNumber !== 'boolean') {
    throw new WalletError('ERR_MALFORMED', { detail: 'rp-entry' })
  }
  assertUscc(e.id, 'institution-id')
  for (const [p, claims] of Object.entries(e.purposes)) {
    if (!isPurposeId(p) || !Array.isArray(claims) || !claims.every(isStr)) throw new WalletError('ERR_MALFORMED', { detail: 'rp-purposes' })
    if (!e.mayReceiveIdNumber && claims.some((c) => IDENTIFYING_CLAIMS.includes(c))) throw new WalletError('ERR_MALFORMED', { detail: 'rp-identifying' })
  }
  if (e.key !== undefined) {
    const k = e.key
    if (!isObject(k) || !isPublicKey(k.jwk, ['P-256', 'SM2']) || k.alg !== jwsAlgOf(k.jwk) || typeof k.enrolledAt !== 'number') throw new WalletError('ERR_MALFORMED', { detail: 'rp-key' })
    if (!isPublicKey(e.encKey, ['P-256']) || !isResponseUri(e.responseUri)) throw new WalletError('ERR_MALFORMED', { detail: 'rp-endpoint' })
  }
}

/** The registered relying party `clientId` with its keys, or null (unknown, or not yet registered). */
export function findRelyingParty(reg: { relyingParties?: RegisteredRelyingParty[] }, clientId: unknown): RegisteredRelyingParty | null {
  if (typeof clientId !== 'string') return null
  const rp = (reg.relyingParties ?? []).find((r) => r.id === clientId)
  return rp && rp.key && rp.encKey && rp.responseUri ? rp : null
}
