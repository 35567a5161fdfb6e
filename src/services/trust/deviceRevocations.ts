import { WalletError } from '../errors'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { verifyRootSigned } from './verifyRootSigned'

export const DEVICE_REVOCATIONS_TYP = 'device-revocations+jwt'

export interface DeviceRevocationsPayload {
  iss: string
  iat: number
  exp: number
  /** x coordinates (base64url) of deactivated device keys. */
  keys: string[]
}

/**
 * Verifies the list of deactivated (lost) phones, signed by the national root, and returns a set
 * for `verifyPresentation`'s `isDeviceDeactivated`. Past `exp` it is refused like a stale trust list.
 */
export async function verifyDeviceRevocations(jws: string, rootKeys: readonly EcPublicJwk[], backend: CryptoBackend, nowSeconds: number): Promise<{ keys: Set<string>; iat: number; exp: number }> {
  const p = await verifyRootSigned<DeviceRevocationsPayload>(jws, { typ: DEVICE_REVOCATIONS_TYP, what: 'device-revocations' }, rootKeys, backend)
  if (!Array.isArray(p.keys) || typeof p.exp !== 'number' || typeof p.iat !== 'number') throw new WalletError('ERR_MALFORMED', { detail: 'device-revocations' })
  if (nowSeconds > p.exp) throw new WalletError('ERR_TRUST_LIST_EXPIRED', { detail: 'device-revocations' })
  return { keys: new Set(p.keys.filter((k) => typeof k === 'string')), iat: p.iat, exp: p.exp }
}
