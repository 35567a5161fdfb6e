/**
 * The simulator inside the H5 app: the msw service worker (src/public/mockServiceWorker.js,
 * copied to dist/h5/) answers same-origin /api/v1 and /__mock requests. Load this module lazily,
 * only when `apiBase.simulator === 'service-worker'`, so a production H5 build carries no msw.
 * Its state lives in localStorage (./persistence/localStore.ts): a reload keeps the holder signed in.
 *
 * msw is pinned to 2.x: msw 3 needs Node ≥ 22.12 and we are on Node 20 (see server.ts).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createFailureController } from './failures'
import { createHandlers } from './handlers'
import { LOCAL_STATE_KEY, openLocalStateStore } from './persistence/localStore'
import { createSimulator } from './simulator'

/** Registers the service worker and resolves once it intercepts requests. */
export async function startMockWorker(): Promise<SetupWorker> {
  const sim = createSimulator()
  const store = openLocalStateStore(sim, { storage: window.localStorage })
  const worker = setupWorker(...createHandlers(sim, createFailureController()))
  // Saved as each answer leaves, before the app can act on it (a token it stores must exist here
  // after a reload). Unchanged state is not rewritten.
  worker.events.on('response:mocked', () => void store.save())
  window.addEventListener('pagehide', () => void store.save())
  window.addEventListener('storage', (e) => {
    if (e.key === LOCAL_STATE_KEY && e.storageArea === window.localStorage) store.adopt(e.newValue)
  })
  await worker.start({
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
    quiet: true
  })
  return worker
}
