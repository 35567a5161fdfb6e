import { useStore } from 'zustand'
import { certRegistry } from '../../../certs/registry'
import { createDefaultApiClient } from '../../../services/api'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { platformBackend } from '../../../services/crypto/backend'
import { PINNED_ROOT_KEYS } from '../../../services/trust/rootKeys'
import { randomBytes } from '../../../services/platform/random'
import { createShareStore, type ShareState } from './shareStore'
export { grantFields, grantTargets } from './shareStore'
import { walletStore } from '../../../store'

/** The share pages' store; it lives in this subpackage, so holders who never share never download it. */
export const shareStore = createShareStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  wallet: walletStore,
  backend: platformBackend,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  now: () => Date.now(),
  randomBytes
})

export function useShare<T>(selector: (s: ShareState) => T): T {
  return useStore(shareStore, selector)
}
