import { createStore, type StoreApi } from 'zustand/vanilla'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import { jwkThumbprint } from '../services/crypto/thumbprint'
import type { DeviceDto, DevicesApi } from '../services/wallet/apiPort'
import type { WalletState } from './walletStore'

/**
 * 我的设备 and the lost phone: the phones the service has given this person's credentials to,
 * this phone among them, and deactivation of a lost one (its device key is revoked, so its QR
 * presentations fail verification from then on). Nothing here is persisted: the list is the
 * service's, fetched when the page opens.
 */

type WalletView = Pick<WalletState, 'holder' | 'deviceKey' | 'holderAuth'> & Partial<Pick<WalletState, 'devicePublicKey'>>

export interface DeviceDeps {
  api: DevicesApi
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  now: () => number
}

export interface DeviceState {
  /** null until fetched. */
  devices: DeviceDto[] | null
  /** ms since epoch of the last successful fetch. */
  fetchedAt: number | null
  busy: 'list' | 'deactivate' | null
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After), said in the message. */
  errorRetryAfter: number | null

  /** Fetches this person's devices; a failure keeps the last list. */
  load(): Promise<boolean>
  /** Deactivates another of this person's devices (never this one); false with `error` on failure. */
  deactivate(deviceId: string): Promise<boolean>
  clearError(): void
}

export type DeviceStore = StoreApi<DeviceState>

/**
 * This phone's device id (RFC 7638 thumbprint of its key), or null before it has a key. The
 * stored public half serves while the wallet is locked (the private key is then not in memory).
 */
export function thisDeviceId(wallet: WalletView): string | null {
  const key = wallet.devicePublicKey ?? wallet.deviceKey
  return key ? jwkThumbprint(key) : null
}

/**
 * Devices other than this phone that hold (or held) this person's credentials: on a new phone
 * after the face check, any such device means the wallet is being restored, not set up.
 */
export function otherDevices(devices: readonly DeviceDto[] | null, thisId: string | null): DeviceDto[] {
  return (devices ?? []).filter((d) => d.deviceId !== thisId)
}

export function createDeviceStore(deps: DeviceDeps): DeviceStore {
  const store = createStore<DeviceState>()((set) => {
    /** The holder's DPoP-bound session (the wallet must be unlocked: the proof needs the device key). */
    const auth = () => deps.wallet.getState().holderAuth()
    const fail = (e: unknown): false => {
      const err = toWalletError(e)
      set({ error: err.code, errorRetryAfter: err.retryAfterSeconds ?? null, busy: null })
      return false
    }
    return {
      devices: null,
      fetchedAt: null,
      busy: null,
      error: null,
      errorRetryAfter: null,

      async load() {
        set({ busy: 'list', error: null, errorRetryAfter: null })
        // The session asked for: the person and this phone's key (signing out and in again, even as the
        // same person, makes a new key, and the old key would show here as "another phone").
        const session = () => {
          const w = deps.wallet.getState()
          return `${w.holder?.holderId ?? ''}|${w.devicePublicKey?.x ?? ''}`
        }
        const asked = session()
        try {
          const { items } = await deps.api.listDevices(await auth())
          // An answer for a session that ended meanwhile (sign-out, another person) is dropped: it
          // would show that person's phones as "other phones" of the next one.
          if (session() !== asked) {
            set({ busy: null })
            return false
          }
          // Newest first: the phone in hand is usually the one seen last.
          const devices = [...items].sort((a, b) => Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt))
          set({ devices, fetchedAt: deps.now(), busy: null })
          return true
        } catch (e) {
          return fail(e)
        }
      },

      async deactivate(deviceId) {
        if (deviceId === thisDeviceId(deps.wallet.getState())) return fail(new WalletError('ERR_CONFLICT', { detail: 'this-device' }))
        set({ busy: 'deactivate', error: null, errorRetryAfter: null })
        try {
          const d = await deps.api.deactivateDevice(await auth(), deviceId)
          set((s) => ({ devices: (s.devices ?? []).map((x) => (x.deviceId === d.deviceId ? d : x)), busy: null }))
          return true
        } catch (e) {
          return fail(e)
        }
      },

      clearError() {
        set({ error: null, errorRetryAfter: null })
      }
    }
  })
  // Another holder (or signing out) makes the list someone else's.
  deps.wallet.subscribe((w, prev) => {
    if (w.holder?.holderId !== prev.holder?.holderId) store.setState({ devices: null, fetchedAt: null, error: null, errorRetryAfter: null, busy: null })
  })
  return store
}
