import Taro from '@tarojs/taro'
import { useStore } from 'zustand'
import { certRegistry } from '../../../certs/registry'
import { createDefaultApiClient } from '../../../services/api'
import { fetchRequestObject, postToRelyingParty } from '../../../services/api/directPost'
import { simulatorAwareTransport } from '../../../services/api/simulatorReady'
import { platformBackend } from '../../../services/crypto/backend'
import { platformJwe } from '../../../services/online/jweBackend'
import { callerRequestOf, type CallerRequest } from '../../../services/online/caller'
import { toWalletError, type ErrorCode } from '../../../services/errors'
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
  now: () => Date.now(),
  returnToCaller:
    process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay'
      ? async (extraData) => {
          await Taro.navigateBackMiniProgram({ extraData })
        }
      : undefined
})

const answered = new Set<string>()

/**
 * The request another mini-program opened the wallet with (its `referrerInfo`, read from the
 * enter options: the cold or hot start that brought the wallet up), once per request; null when
 * there is none or it was taken already. A malformed one: its code (nothing to answer).
 */
export function takeCallerRequest(): { caller: CallerRequest | null; error: ErrorCode | null } {
  const env = process.env.TARO_ENV
  if (env !== 'weapp' && env !== 'alipay') return { caller: null, error: null }
  try {
    const options = Taro.getEnterOptionsSync ? Taro.getEnterOptionsSync() : Taro.getLaunchOptionsSync()
    const caller = callerRequestOf(options, env)
    if (!caller) return { caller: null, error: null }
    const key = `${caller.appId} ${caller.requestUri}`
    if (answered.has(key)) return { caller: null, error: null }
    answered.add(key)
    return { caller, error: null }
  } catch (e) {
    return { caller: null, error: toWalletError(e).code }
  }
}

export function useOnline<T>(selector: (s: OnlineState) => T): T {
  return useStore(onlineStore, selector)
}
