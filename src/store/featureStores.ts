import { useStore } from 'zustand'
import { presentationStore as presentationCore, medpayStore as medpayCore, delegationStore as delegationCore, storeDeps } from './index'
import { createAppApiClient } from '../services/api/appClient'
import { simulatorAwareTransport } from '../services/api/simulatorReady'
import { withPresent } from './presentationStore'
import { createUsageStore } from './usageStore'
import { withMedpayActions, type MedpayState } from './medpayStore'
import { withDelegationActions, type DelegationState } from './delegationStore'

/**
 * The stores as subpackage pages use them: the same store objects as `./index` (one state, one
 * persistence), with the actions only subpackages call added (亮证's QR and the CW1 encoder, 医保
 * payments and a relative's code, adding and presenting for a relative), and the 用证记录 store.
 *
 * Only code under src/subpackages imports this file, so Taro's optimizeMainPackage puts it (and what
 * only it imports) into the subpackages that use it, not into the WeChat main package (issue #12;
 * test/architecture/import-rules.test.ts checks that nothing the main package loads imports it).
 * Every subpackage that shows a QR (present, medpay) loads it, so the 用证记录 follower below is
 * listening whenever a QR is on screen.
 */

export { walletStore, useWallet, settingsStore, useSettings, deviceStore } from './index'

/** The full API client (every endpoint a subpackage calls); the main package has the holder client. */
const fullApi = createAppApiClient({ request: simulatorAwareTransport })
const deps = { ...storeDeps, api: fullApi }

/** The 亮证 store with `present` (a fresh QR, offline: a stored set and a new device proof). */
export const presentationStore = withPresent(presentationCore, deps)

/** 用证记录: QR presentations recorded on this phone, merged with the service's records. */
export const usageStore = createUsageStore({
  api: fullApi,
  wallet: storeDeps.wallet,
  presentations: presentationStore,
  registry: storeDeps.registry,
  now: storeDeps.now,
  storage: storeDeps.storage
})

/** 医保支付 (patient side): pending settlements, receipts, balance, 亲情账户. */
export const medpayStore = withMedpayActions(medpayCore, deps)

export function useMedpay<T>(selector: (s: MedpayState) => T): T {
  return useStore(medpayStore, selector)
}

/** 家人代办: relatives this holder presents for (and who may present for this holder). */
export const delegationStore = withDelegationActions(delegationCore, deps)

export function useDelegation<T>(selector: (s: DelegationState) => T): T {
  return useStore(delegationStore, selector)
}
