import { useStore } from 'zustand'
import { createDefaultApiClient } from '../../../services/api'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { walletStore } from '../../../store'
import { createOriginalLinkStore, type OriginalLinkState } from './originalLinkStore'

/** The 原件's computer download link; it lives in this subpackage with the 原件 page. */
export const originalLinkStore = createOriginalLinkStore({
  api: createDefaultApiClient({ request: simulatorAwareTransport }),
  wallet: walletStore,
  now: () => Date.now()
})

export function useOriginalLink<T>(selector: (s: OriginalLinkState) => T): T {
  return useStore(originalLinkStore, selector)
}
