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

/** App ids as the platforms issue them: WeChat `wx` + 16 hex digits; Alipay 16 digits. */
const APP_ID = { weapp: /^wx[0-9a-f]{16}$/, alipay: /^\d{16}$/ } as const

export function isAppId(platform: 'weapp' | 'alipay', v: unknown): v is string {
  return typeof v === 'string' && APP_ID[platform].test(v)
}

const HTTP_URL = /^(https?):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(\/[^\s#]*)?$/

/**
 * The origin of an http(s) URL without user info or fragment, or null. A regular expression, not
 * `URL`: WeChat's and Alipay's runtimes have no `URL` (test/miniprogram/online-bare.test.ts).
 */
export function httpOrigin(v: unknown): { origin: string; https: boolean; host: string } | null {
  if (typeof v !== 'string' || v.length > 512) return null
  const m = HTTP_URL.exec(v)
  if (!m) return null
  const host = m[2].toLowerCase()
  const port = m[3] && !((m[1] === 'https' && m[3] === '443') || (m[1] === 'http' && m[3] === '80')) ? `:${Number(m[3])}` : ''
  return { origin: `${m[1]}://${host}${port}`, https: m[1] === 'https', host }
}

/** An https URL, or http on a loopback host (the demo): what a response may be posted to. */
export function isResponseUri(v: unknown): v is string {
  const o = httpOrigin(v)
  return !!o && (o.https || ['localhost', '127.0.0.1', '[::1]'].includes(o.host))
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
  if (e.miniPrograms !== undefined) {
    const m = e.miniPrograms
    const ok = (list: unknown, platform: 'weapp' | 'alipay') => list === undefined || (Array.isArray(list) && list.length <= 16 && list.every((a) => isAppId(platform, a)))
    if (!isObject(m) || Object.keys(m).some((k) => k !== 'weapp' && k !== 'alipay') || !ok(m.weapp, 'weapp') || !ok(m.alipay, 'alipay')) throw new WalletError('ERR_MALFORMED', { detail: 'rp-mini-programs' })
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
