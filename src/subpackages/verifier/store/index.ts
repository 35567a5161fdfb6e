import { useStore } from 'zustand'
import { certRegistry } from '../../../certs/registry'
import { createDefaultApiClient } from '../../../services/api'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { platformBackend } from '../../../services/crypto/backend'
import { randomBytes } from '../../../services/platform/random'
import { taroStorage } from '../../../services/storage/taroStorage'
import { PINNED_ROOT_KEYS } from '../../../services/trust/rootKeys'
import { createVerifierStore, type VerifierState } from './verifierStore'
import { walletStore } from '../../../store'
import { walletVault } from '../../../store/institutionVault'

/**
 * The app's verifier store, wired to this platform's crypto, storage and API. It lives in the
 * verifier subpackage (imported only from here), so holders never download it.
 */
export const verifierStore = createVerifierStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  // A status list fetched in the middle of a check: one try, 4 s — no signal must not mean a long wait.
  quickApi: createDefaultApiClient({ request: simulatorAwareTransport, timeoutMs: 4000, maxRetries: 0 }),
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  randomBytes,
  now: () => Date.now(),
  storage: taroStorage,
  reportApi: createDefaultApiClient({ request: simulatorAwareTransport }),
  institutionApi: createDefaultApiClient({ request: simulatorAwareTransport }),
  fileApi: createDefaultApiClient({ request: simulatorAwareTransport }),
  // The verifier's key is sealed to the holder vault when this phone has one (README, 机构密钥).
  vault: walletVault(walletStore)
})

/** Select one field of verifier state (components select single fields, STYLE.md §6). */
export function useVerifier<T>(selector: (s: VerifierState) => T): T {
  return useStore(verifierStore, selector)
}
