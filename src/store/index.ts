import { useStore } from 'zustand'
import { platformBackend } from '../services/crypto/backend'
import { randomBytes } from '../services/platform/random'
import { taroStorage } from '../services/storage/taroStorage'
import { PINNED_ROOT_KEYS } from '../services/trust/rootKeys'
import { apiBase } from '../services/api/apiBase'
import { createAppApiClient } from '../services/api/appClient'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { simulatorAwareTransport } from '../services/api/simulatorReady'
import { certRegistry } from '../certs/registry'
import { biometric } from '../services/auth/biometric'
import { createWalletStore, type WalletState } from './walletStore'
import { createPresentationStore } from './presentationStore'
import { createSettingsStore, type SettingsState } from './settingsStore'
import { createUsageStore } from './usageStore'
import { createDeviceStore } from './deviceStore'
import { createMedpayStore, type MedpayState } from './medpayStore'
import { createDelegationStore, type DelegationState } from './delegationStore'

export type { WalletState } from './walletStore'

/** The holder's API client (stateless, so one serves every store below). */
const api = createAppApiClient({ request: simulatorAwareTransport })

/**
 * The face check: with the simulator, every platform uses the simulator's face page, which gets its
 * ticket from the simulator (playing the WeChat/Alipay back end); with the real service, the
 * platform's own face check, whose ticket the service redeems with WeChat/Alipay.
 */
const faceCheck = apiBase.simulator ? createSimulatedFaceCheck(api.simulator) : platformFaceCheck

/** The app's one wallet store, wired to this platform's crypto, storage and API. */
export const walletStore = createWalletStore({
  api,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  faceCheck,
  biometric
})

/** Select one slice of wallet state (components select single fields, STYLE.md §6). */
export function useWallet<T>(selector: (s: WalletState) => T): T {
  return useStore(walletStore, selector)
}

/** The 亮证 store: purpose credentials fetched while online (also after each wallet sync), QR offline. */
export const presentationStore = createPresentationStore({
  api,
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  now: () => Date.now(),
  randomBytes,
  storage: taroStorage
})

/** Display settings (关怀模式), remembered across restarts. */
export const settingsStore = createSettingsStore({ storage: taroStorage })

/** Select one field of the settings (e.g. `useSettings((s) => s.careMode)`). */
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(settingsStore, selector)
}

/** 用证记录: QR presentations recorded on this phone, merged with the service's records. */
export const usageStore = createUsageStore({
  api,
  wallet: walletStore,
  presentations: presentationStore,
  registry: certRegistry,
  now: () => Date.now(),
  storage: taroStorage
})

/** 我的设备: this person's phones; deactivate a lost one. */
export const deviceStore = createDeviceStore({
  api,
  wallet: walletStore,
  now: () => Date.now()
})

/** 医保支付 (patient side): pending settlements, receipts, balance, 亲情账户. */
export const medpayStore = createMedpayStore({
  api,
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  faceCheck
})

export function useMedpay<T>(selector: (s: MedpayState) => T): T {
  return useStore(medpayStore, selector)
}

/** 家人代办: relatives this holder presents for (and who may present for this holder). */
export const delegationStore = createDelegationStore({
  api,
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  faceCheck
})

export function useDelegation<T>(selector: (s: DelegationState) => T): T {
  return useStore(delegationStore, selector)
}
