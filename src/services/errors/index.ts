// The error registry lives in the pure bottom layer (src/vocabulary) so that src/certs can throw
// WalletError without importing services; services keep importing it from here.
export * from '../../vocabulary/errors'
