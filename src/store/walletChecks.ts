// What the wallet store needs to check credentials and refresh trust material: the SD-JWT check,
// the status lists (fflate) and the trust list. Loaded through loadWalletChecks (lazily on H5).
export { createStatusLookup, refreshTrustList } from '../services/wallet/trustMaterial'
export { verifyCredential } from '../services/credential/verifyCredential'
