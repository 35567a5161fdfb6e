import { useStore } from 'zustand'
import { platformBackend } from '../services/crypto/backend'
import { randomBytes } from '../services/platform/random'
import { taroStorage } from '../services/storage/taroStorage'
import { PINNED_ROOT_KEYS } from '../services/trust/rootKeys'
import { createDefaultApiClient } from '../services/api'
import { simulatorAwareTransport } from '../services/api/simulatorReady'
import { certRegistry } from '../certs/registry'
import { biometric } from '../services/auth/biometric'
import { createWalletStore, type WalletState } from './walletStore'
import { createPresentationStore } from './presentationStore'
import { createMedpayStore, type MedpayState } from './medpayStore'

export type { WalletState } from './walletStore'

/** The app's one wallet store, wired to this platform's crypto, storage and API. */
export const walletStore = createWalletStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  biometric
})

/** Select one slice of wallet state (components select single fields, STYLE.md §6). */
export function useWallet<T>(selector: (s: WalletState) => T): T {
  return useStore(walletStore, selector)
}

/** The 亮证 store: purpose credentials fetched while online (also after each wallet sync), QR offline. */
export const presentationStore = createPresentationStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  now: () => Date.now(),
  storage: taroStorage
})

/** 医保支付 (patient side): pending settlements, receipts, balance, 亲情账户. */
export const medpayStore = createMedpayStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage
})

export function useMedpay<T>(selector: (s: MedpayState) => T): T {
  return useStore(medpayStore, selector)
}
