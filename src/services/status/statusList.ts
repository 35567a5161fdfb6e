import { unzlibSync, zlibSync } from 'fflate'
import { WalletError } from '../errors'
import { base64urlDecode, base64urlEncode } from '../encoding'

/** Token Status List values (draft-ietf-oauth-status-list §7.1). */
export const STATUS_VALID = 0
export const STATUS_INVALID = 1
export const STATUS_SUSPENDED = 2

export type TokenStatus = 'valid' | 'invalid' | 'suspended' | 'unknown'

export interface StatusListClaim {
  bits: 1 | 2 | 4 | 8
  /** base64url(zlib(packed statuses)), least significant bits first within each byte. */
  lst: string
}

/** Packs statuses into bytes, `bits` per entry, LSB first, as the status-list draft specifies. */
export function packStatuses(statuses: ArrayLike<number>, bits: 1 | 2 | 4 | 8 = 2): Uint8Array {
  const perByte = 8 / bits
  const out = new Uint8Array(Math.ceil(statuses.length / perByte))
  const mask = (1 << bits) - 1
  for (let i = 0; i < statuses.length; i++) {
    const v = statuses[i] & mask
    if (v) out[(i / perByte) | 0] |= v << ((i % perByte) * bits)
  }
  return out
}

/** The `status_list` claim: packed, zlib-compressed (level 9), base64url. */
export function encodeStatusList(statuses: ArrayLike<number>, bits: 1 | 2 | 4 | 8 = 2): StatusListClaim {
  return { bits, lst: base64urlEncode(zlibSync(packStatuses(statuses, bits), { level: 9 })) }
}

/** A decoded list: O(1) lookup by index. */
export class DecodedStatusList {
  constructor(readonly bytes: Uint8Array, readonly bits: 1 | 2 | 4 | 8) {}

  get size(): number {
    return (this.bytes.length * 8) / this.bits
  }

  /** Raw status value at `idx`; ERR_STATUS_LIST_INVALID when out of range. */
  valueAt(idx: number): number {
    if (!Number.isInteger(idx) || idx < 0 || idx >= this.size) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'index' })
    const perByte = 8 / this.bits
    return (this.bytes[(idx / perByte) | 0] >> ((idx % perByte) * this.bits)) & ((1 << this.bits) - 1)
  }

  statusAt(idx: number): TokenStatus {
    const v = this.valueAt(idx)
    return v === STATUS_VALID ? 'valid' : v === STATUS_INVALID ? 'invalid' : v === STATUS_SUSPENDED ? 'suspended' : 'unknown'
  }
}

/** Largest decompressed list we accept (8 MiB = 32M two-bit entries): a zip bomb stops here. */
export const MAX_STATUS_LIST_BYTES = 8 * 1024 * 1024

export function decodeStatusList(claim: StatusListClaim): DecodedStatusList {
  if (!claim || ![1, 2, 4, 8].includes(claim.bits) || typeof claim.lst !== 'string') {
    throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'claim' })
  }
  let bytes: Uint8Array
  try {
    const compressed = base64urlDecode(claim.lst)
    bytes = unzlibSync(compressed)
  } catch (cause) {
    throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'zlib', cause })
  }
  if (bytes.length > MAX_STATUS_LIST_BYTES) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'size' })
  return new DecodedStatusList(bytes, claim.bits)
}
