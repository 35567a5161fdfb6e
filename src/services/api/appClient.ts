// Default (mini-programs, jest, Node): the app's API client, loaded with the store. Taro picks
// appClient.h5.ts for H5 instead of this file.
export { createDefaultApiClient as createAppApiClient } from './index'
