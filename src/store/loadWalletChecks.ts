// Default (mini-programs, jest): loaded with the store. Taro picks loadWalletChecks.h5.ts for H5.
import type * as walletChecks from './walletChecks'
import { createStatusLookup, refreshTrustList } from '../services/wallet/trustMaterial'
import { verifyCredential } from '../services/credential/verifyCredential'

const checks: typeof walletChecks = { createStatusLookup, refreshTrustList, verifyCredential }
export const loadWalletChecks = async (): Promise<typeof walletChecks> => checks
