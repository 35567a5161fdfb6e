import type { StoreApi } from 'zustand/vanilla'
import type { InstitutionKeyVault } from '../services/institution/types'
import type { WalletState } from './walletStore'

/**
 * The holder wallet's vault as the verifier and counter stores keep their institution key with it:
 * sealed whenever this phone has a PIN set (sealing needs no unlock), opened only while unlocked.
 */
export function walletVault(wallet: StoreApi<WalletState>): InstitutionKeyVault {
  return {
    hasVault: () => wallet.getState().lock !== null,
    sealSecret: (value) => wallet.getState().sealSecret(value),
    openSecret: <T,>(sealed: string) => wallet.getState().openSecret<T>(sealed)
  }
}
