// H5: the credential check, status lists (fflate) and trust list load on the first sync or claim,
// not with the first screen (issue #12 §3). The mini-programs use loadWalletChecks.ts.
import type * as walletChecks from './walletChecks'
import { whenIdle } from '../services/platform/whenIdle'

let loading: Promise<typeof walletChecks> | undefined
export const loadWalletChecks = (): Promise<typeof walletChecks> => (loading ??= import(/* webpackChunkName: "wallet-checks" */ './walletChecks').catch((e: unknown) => {
    loading = undefined // a failed download (ChunkLoadError) is tried again by the next use
    throw e
  }))

whenIdle(loadWalletChecks)
