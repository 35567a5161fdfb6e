import { useStore } from 'zustand'
import { platformBackend } from '../services/crypto/backend'
import { randomBytes } from '../services/platform/random'
import { taroStorage } from '../services/storage/taroStorage'
import { PINNED_ROOT_KEYS } from '../services/trust/rootKeys'
import { apiBase } from '../services/api/apiBase'
import { createAppHolderClient } from '../services/api/appHolderClient'
import { faceCheck as platformFaceCheck } from '../services/auth/faceCheck'
import { createSimulatedFaceCheck } from '../services/auth/faceCheck.simulated'
import { simulatorAwareTransport } from '../services/api/simulatorReady'
import { certRegistry } from '../certs/registry'
import { biometric } from '../services/auth/biometric'
import { createWalletStore, type WalletState } from './walletStore'
import { createPresentationCore } from './presentationCore'
import { createSettingsStore, type SettingsState } from './settingsStore'
import { createDeviceStore } from './deviceStore'
import { createMedpayCore, type MedpayCoreState } from './medpayCore'
import { createDelegationCore, type DelegationCoreState } from './delegationCore'

export type { WalletState } from './walletStore'

/*
 * The app's stores, as the main package (the wallet page) needs them. Actions only subpackage pages
 * call (making a QR, 医保 payments, adding a relative) and the 用证记录 store are added over these
 * same stores by `featureStores.ts`, which subpackage pages import: the WeChat main package stays
 * without that code (issue #12; test/architecture/import-rules.test.ts keeps it out).
 */

/**
 * The holder's API client (stateless, so one serves every store below): the calls the main package
 * makes only (services/api/holderClient.ts); featureStores.ts builds the full one for subpackages.
 */
export const api = createAppHolderClient({ request: simulatorAwareTransport })

/**
 * The face check: with the simulator, every platform uses the simulator's face page, which gets its
 * ticket from the simulator (playing the WeChat/Alipay back end); with the real service, the
 * platform's own face check, whose ticket the service redeems with WeChat/Alipay.
 */
export const faceCheck = apiBase.simulator ? createSimulatedFaceCheck(api.simulator) : platformFaceCheck

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

/** What every other store is wired to (the same platform defaults as the wallet's). */
export const storeDeps = {
  api,
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  faceCheck
}

/** Select one slice of wallet state (components select single fields, STYLE.md §6). */
export function useWallet<T>(selector: (s: WalletState) => T): T {
  return useStore(walletStore, selector)
}

/**
 * The 亮证 store's main part: purpose credentials fetched while online (also after each wallet
 * sync and claim, on unlock), so 亮证 works offline. QRs: `featureStores.ts`.
 */
export const presentationStore = createPresentationCore(storeDeps)

/** Display settings (关怀模式), remembered across restarts. */
export const settingsStore = createSettingsStore({ storage: taroStorage })

/** Select one field of the settings (e.g. `useSettings((s) => s.careMode)`). */
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(settingsStore, selector)
}

/** 我的设备: this person's phones; deactivate a lost one. */
export const deviceStore = createDeviceStore({
  api,
  wallet: walletStore,
  now: () => Date.now()
})

/** 医保支付 (patient side), the main part: what is stored (the home page counts waiting payments). */
export const medpayStore = createMedpayCore(storeDeps)

export function useMedpay<T>(selector: (s: MedpayCoreState) => T): T {
  return useStore(medpayStore, selector)
}

/** 家人代办, the main part: relatives this holder presents for (and who may present for this holder). */
export const delegationStore = createDelegationCore(storeDeps)

export function useDelegation<T>(selector: (s: DelegationCoreState) => T): T {
  return useStore(delegationStore, selector)
}
