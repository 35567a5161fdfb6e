// H5 has no main package: the holder's stores use the lazily loaded full client (appClient.h5.ts).
export { createAppApiClient as createAppHolderClient } from './appClient.h5'
