import { useStore } from 'zustand'
import { certRegistry } from '../../../certs/registry'
import { createDefaultApiClient } from '../../../services/api'
import { fetchRequestObject, postToRelyingParty } from '../../../services/api/directPost'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { platformBackend } from '../../../services/crypto/backend'
import { platformJwe } from '../../../services/online/jweBackend'
import { PINNED_ROOT_KEYS } from '../../../services/trust/rootKeys'
import { presentationStore, walletStore } from '../../../store'
import { createOnlineStore, type OnlineState } from './onlineStore'

/** The 线上核验 store; it lives in this subpackage, downloaded only by holders who answer an online request. */
export const onlineStore = createOnlineStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  post: (url, body) => postToRelyingParty(simulatorAwareTransport, url, body),
  fetchRequest: (url) => fetchRequestObject(simulatorAwareTransport, url),
  wallet: walletStore,
  presentation: presentationStore,
  backend: platformBackend,
  jwe: platformJwe,
  registry: certRegistry,
  rootKeys: PINNED_ROOT_KEYS,
  now: () => Date.now()
})

export function useOnline<T>(selector: (s: OnlineState) => T): T {
  return useStore(onlineStore, selector)
}
