// Prepended to the H5 app entry by config/index.ts in simulator mode only; the API transport waits
// for this promise (src/services/api/simulatorReady.ts). msw loads as its own lazy chunk.
globalThis.__certwalletMockReady = import('./browser').then((m) => m.startMockWorker())
export {}
