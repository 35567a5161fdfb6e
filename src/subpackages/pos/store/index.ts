import { useStore } from 'zustand'
import { createDefaultApiClient } from '../../../services/api'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { randomBytes } from '../../../services/platform/random'
import { taroStorage } from '../../../services/storage/taroStorage'
import { createPosStore, type PosState } from './posStore'
import { platformBackend } from '../../../services/crypto/backend'
import { PINNED_ROOT_KEYS } from '../../../services/trust/rootKeys'
import { walletStore } from '../../../store'
import { walletVault } from '../../../store/institutionVault'

/**
 * The counter's store (药店/医院), wired to this platform's storage and API. It lives in the pos
 * subpackage (imported only from here), so holders never download it.
 */
export const posStore = createPosStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  backend: platformBackend,
  rootKeys: PINNED_ROOT_KEYS,
  // The counter's key is sealed to the holder vault when this phone has one (README, 机构密钥).
  vault: walletVault(walletStore),
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage
})

export function usePos<T>(selector: (s: PosState) => T): T {
  return useStore(posStore, selector)
}
