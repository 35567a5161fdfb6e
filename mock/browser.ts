/**
 * The simulator inside the H5 app: the msw service worker (src/public/mockServiceWorker.js,
 * copied to dist/h5/) answers same-origin /api/v1 and /__mock requests. Load this module lazily,
 * only when `apiBase.simulator === 'service-worker'`, so a production H5 build carries no msw.
 *
 * msw is pinned to 2.x: msw 3 needs Node ≥ 22.12 and we are on Node 20 (see server.ts).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createFailureController } from './failures'
import { createHandlers } from './handlers'
import { createSimulator } from './simulator'

/** Registers the service worker and resolves once it intercepts requests. */
export async function startMockWorker(): Promise<SetupWorker> {
  const worker = setupWorker(...createHandlers(createSimulator(), createFailureController()))
  await worker.start({
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
    quiet: true
  })
  return worker
}
