import {
  base45Decode,
  base64urlDecode,
  ByteReader,
  compressPublicKey,
  decodeCredentialBody,
  decompressPublicKey,
  DEVICE_REVOCATIONS_TYP,
  jwkThumbprint,
  PRESENTATION_PREFIX,
  signJwt,
  type EcPublicJwk
} from '../coreImports'
import { DAY } from './clock'
import type { SimulatorContext } from './context'
import { revokeTokensOfDevice } from './holderTokens'
import type { DeviceRecord, SetKeyRecord } from './state'
import { SimulatorError, type DeviceInfo, type Simulator } from './types'

/**
 * A device key from a request body is a P-256 or SM2 public key: `x` and `y` are 32 bytes of
 * base64url and the point is on its curve. Anything else is 400 ERR_BAD_REQUEST (detail `deviceKey`), before
 * it is stored, thumbprinted or compressed into a credential.
 */
export function assertDeviceKey(key: EcPublicJwk): void {
  const bad = () => new SimulatorError('ERR_BAD_REQUEST', 400, 'deviceKey')
  if (!key || typeof key !== 'object' || key.kty !== 'EC' || (key.crv !== 'P-256' && key.crv !== 'SM2') || typeof key.x !== 'string' || typeof key.y !== 'string') throw bad()
  if (key.x.length !== 43 || key.y.length !== 43) throw bad()
  try {
    if (base64urlDecode(key.x).length !== 32 || base64urlDecode(key.y).length !== 32) throw bad()
    if (decompressPublicKey(compressPublicKey(key), key.crv).y !== key.y) throw bad()
  } catch {
    throw bad()
  }
}

/** Remembers the phone asking for credentials; a deactivated one gets nothing more. */
export function registerDevice(ctx: SimulatorContext, holderId: string, key: EcPublicJwk): void {
  assertDeviceKey(key)
  const { devices } = ctx.state
  const deviceId = jwkThumbprint(key)
  const at = ctx.now().toISOString()
  const known = devices.get(deviceId)
  if (known && known.holderId !== holderId) throw new SimulatorError('ERR_CONFLICT', 409, 'device-of-another-holder')
  if (known?.status === 'deactivated') throw new SimulatorError('ERR_DEVICE_DEACTIVATED', 403)
  devices.set(deviceId, known ? { ...known, lastSeenAt: at } : { deviceId, keyX: key.x, holderId, firstSeenAt: at, lastSeenAt: at, status: 'active' })
}

/** Seconds a set key stays listed past the last second its sets are accepted (the verifiers' clock skew). */
const SET_KEY_LISTED_SKEW = 60

/** The set keys of `d` whose sets a verifier could still accept at `now`. */
function liveSetKeys(d: DeviceRecord, now: number): string[] {
  return (d.setKeys ?? []).filter((k) => k.until + SET_KEY_LISTED_SKEW >= now).map((k) => k.x)
}

/**
 * x coordinates of every deactivated device key and of the set keys of those devices whose sets
 * are still acceptable somewhere (issue #16: a lost phone's sets are refused by the same list).
 */
export function deactivatedKeys(ctx: SimulatorContext): Set<string> {
  const now = ctx.nowSec()
  return new Set([...ctx.state.devices.values()].filter((d) => d.status === 'deactivated').flatMap((d) => [d.keyX, ...liveSetKeys(d, now)]))
}

/** The holder an active device key, or a set key one asked for, belongs to. */
export function holderOfDevice(ctx: SimulatorContext, keyX: string): string | null {
  return [...ctx.state.devices.values()].find((d) => d.status === 'active' && (d.keyX === keyX || (d.setKeys ?? []).some((k) => k.x === keyX)))?.holderId ?? null
}

/**
 * Records `keys` as set keys of the registered device `deviceKey` (its DPoP proof signed the
 * request), usable until `until`. A key that is some device's key, or another device's set key, is
 * 409 ERR_CONFLICT (detail `set-key`): one key never speaks for two phones. Keys past their window
 * are forgotten here.
 */
export function recordSetKeys(ctx: SimulatorContext, deviceKey: EcPublicJwk, keys: readonly EcPublicJwk[], until: number, status: SetKeyRecord['status'], linkId?: string): void {
  const deviceId = jwkThumbprint(deviceKey)
  const device = ctx.state.devices.get(deviceId)
  if (!device || device.status !== 'active') throw new SimulatorError('ERR_DEVICE_DEACTIVATED', 403)
  for (const k of keys) {
    for (const other of ctx.state.devices.values()) {
      if (other.keyX === k.x && other.deviceId !== deviceId) throw new SimulatorError('ERR_CONFLICT', 409, 'set-key')
      if (other.deviceId !== deviceId && (other.setKeys ?? []).some((s) => s.x === k.x)) throw new SimulatorError('ERR_CONFLICT', 409, 'set-key')
    }
  }
  const now = ctx.nowSec()
  const kept = (device.setKeys ?? []).filter((s) => s.until + SET_KEY_LISTED_SKEW >= now && !keys.some((k) => k.x === s.x))
  ctx.state.devices.set(deviceId, { ...device, setKeys: [...kept, ...keys.map((k) => ({ x: k.x, until, status, ...(linkId ? { linkId } : {}) }))] })
}

/** The record of set key `x` (any device's), or null. */
export function setKeyRecord(ctx: SimulatorContext, x: string): SetKeyRecord | null {
  for (const d of ctx.state.devices.values()) {
    const k = (d.setKeys ?? []).find((s) => s.x === x)
    if (k) return k
  }
  return null
}

/** The key x a CW1 presentation's first credential names (all name the same one once verified). */
export function presentationKeyX(ctx: SimulatorContext, text: string): string {
  const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
  const r = new ByteReader(all.subarray(0, all.length - 64))
  r.u8()
  r.u8()
  const raw = r.lenBytes(2048)
  return decodeCredentialBody(raw.subarray(0, raw.length - 64), ctx.registry).deviceKey.x
}

const publicDevice = ({ holderId: _h, setKeys: _s, ...d }: DeviceRecord): DeviceInfo => d

/** 设备管理: a holder's phones, deactivating a lost one, and the root-signed list of revoked keys. */
export function createDevices(ctx: SimulatorContext): Pick<Simulator, 'listDevices' | 'deactivateDevice' | 'deviceRevocations'> {
  return {
    listDevices(holderId) {
      return [...ctx.state.devices.values()].filter((d) => d.holderId === holderId).map(publicDevice)
    },
    deactivateDevice(holderId, deviceId) {
      const { devices } = ctx.state
      const d = devices.get(deviceId)
      if (!d || d.holderId !== holderId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'device')
      if (d.status === 'active') devices.set(deviceId, { ...d, status: 'deactivated', deactivatedAt: ctx.now().toISOString() })
      // Every token bound to the lost phone's key ends now (its thumbprint is the device id).
      revokeTokensOfDevice(ctx, deviceId)
      return publicDevice(devices.get(deviceId)!)
    },
    async deviceRevocations() {
      const iat = ctx.nowSec()
      const keys = [...deactivatedKeys(ctx)]
      return signJwt({ iss: 'CN-GOV-ROOT', iat, exp: iat + DAY, keys }, { typ: DEVICE_REVOCATIONS_TYP, kid: ctx.rootKey.kid }, ctx.rootKey.privateJwk, ctx.backend)
    }
  }
}
