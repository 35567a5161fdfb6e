/**
 * H5's storage module and its side store (src/services/storage/taroStorage.h5.ts, sideStore.h5.ts)
 * as a fresh page loads them: a new module instance each call (jest.isolateModules), over whatever
 * `localStorage` and `indexedDB` the test put on the global object.
 */
export type H5Storage = typeof import('../../src/services/storage/taroStorage.h5').taroStorage
export type SideStore = typeof import('../../src/services/storage/sideStore.h5')

export function loadH5Storage(): { storage: H5Storage; side: SideStore } {
  let out!: { storage: H5Storage; side: SideStore }
  jest.isolateModules(() => {
    out = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      storage: require('../../src/services/storage/taroStorage.h5').taroStorage,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      side: require('../../src/services/storage/sideStore.h5')
    }
  })
  return out
}
