// Prepended to the H5 app entry by config/index.ts in simulator mode only; the API transport waits
// for this promise (src/services/api/simulatorReady.ts). msw loads as its own lazy chunk.
// Served by `npm start` (scripts/demoServer.ts), index.html carries
// <meta name="certwallet-simulator" content="http">: the simulator then answers over HTTP on the
// page's own origin, shared by every phone, and the in-page one is not started.
const servedOverHttp = typeof document !== 'undefined' && document.querySelector('meta[name="certwallet-simulator"][content="http"]') !== null
if (!servedOverHttp) globalThis.__certwalletMockReady = import('./browser').then((m) => m.startMockWorker())
export {}
