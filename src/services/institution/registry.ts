import { assertUscc } from '../../certs/uscc'
import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { isObject } from '../encoding'
import { jwsAlgOf } from '../crypto/suite'
import { verifyRootSigned } from '../trust/verifyRootSigned'
import { checkRelyingParty } from '../online/registry'
import { INSTITUTION_ROLES, type InstitutionRegistry, type RegisteredInstitution } from './types'

export const INSTITUTION_REGISTRY_TYP = 'institution-registry+jwt'

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0

function checkEntry(e: unknown): asserts e is RegisteredInstitution {
  if (!isObject(e) || !isStr(e.id) || !isStr(e.name) || !INSTITUTION_ROLES.includes(e.role as never) || !Array.isArray(e.purposes) || !e.purposes.every(isStr)) {
    throw new WalletError('ERR_MALFORMED', { detail: 'institution-registry-entry' })
  }
  assertUscc(e.id, 'institution-id')
  if (e.medinsNo !== undefined && !isStr(e.medinsNo)) throw new WalletError('ERR_MALFORMED', { detail: 'institution-medins' })
  if (e.key !== undefined) {
    const k = e.key
    if (!isObject(k) || !isObject(k.jwk) || k.jwk.kty !== 'EC' || (k.jwk.crv !== 'P-256' && k.jwk.crv !== 'SM2') || k.alg !== jwsAlgOf(k.jwk as unknown as EcPublicJwk) || !isStr(k.jwk.x) || !isStr(k.jwk.y) || typeof k.enrolledAt !== 'number') {
      throw new WalletError('ERR_MALFORMED', { detail: 'institution-key' })
    }
  }
}

/**
 * Verifies the institution registry with the same root-signed check as the trust list (pinned
 * root key by `kid`, the root key's suite, its own `typ`), then its shape, every 统一社会信用代码 and its expiry.
 * @example const reg = await verifyInstitutionRegistry(jws, PINNED_ROOT_KEYS, backend, Date.now() / 1000)
 */
export async function verifyInstitutionRegistry(jws: string, rootKeys: readonly EcPublicJwk[], backend: CryptoBackend, nowSeconds: number): Promise<InstitutionRegistry> {
  const reg = await verifyRootSigned<InstitutionRegistry>(jws, { typ: INSTITUTION_REGISTRY_TYP, what: 'institution-registry' }, rootKeys, backend)
  if (!Array.isArray(reg.institutions) || typeof reg.exp !== 'number' || typeof reg.iat !== 'number' || !Number.isInteger(reg.version)) {
    throw new WalletError('ERR_MALFORMED', { detail: 'institution-registry' })
  }
  if (nowSeconds > reg.exp) throw new WalletError('ERR_TRUST_LIST_EXPIRED', { detail: 'institution-registry' })
  for (const e of reg.institutions) checkEntry(e)
  if (reg.relyingParties !== undefined) {
    if (!Array.isArray(reg.relyingParties)) throw new WalletError('ERR_MALFORMED', { detail: 'institution-registry' })
    for (const e of reg.relyingParties) checkRelyingParty(e)
  }
  return reg
}

/** The registered institution with id `id`, or null. */
export function findInstitution(reg: InstitutionRegistry, id: unknown): RegisteredInstitution | null {
  return typeof id === 'string' ? reg.institutions.find((i) => i.id === id) ?? null : null
}
