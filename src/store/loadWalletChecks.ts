// Default (mini-programs, jest): loaded with the store. Taro picks loadWalletChecks.h5.ts for H5.
import * as walletChecks from './walletChecks'

export const loadWalletChecks = (): Promise<typeof walletChecks> => Promise.resolve(walletChecks)
