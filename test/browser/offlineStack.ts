/**
 * The server the offline browser tests run against: what `npm start` runs
 * (scripts/demoServer.ts), serving the built dist/h5 and the government-API simulator over HTTP
 * on one origin, its state in memory only. Served that way, index.html carries the
 * `certwallet-simulator=http` marker: the app calls the simulator over HTTP and the in-page (msw)
 * simulator is not started, so "offline" is real, and the app-shell worker is registered.
 *
 * Build it first: `npx taro build --type h5` (the same dist/h5 the other browser tests use).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createSimulator } from '../../mock/simulator'
import { startDemoServer, type DemoServer } from '../../scripts/demoServer'

const ROOT = join(__dirname, '..', '..')
export const OFFLINE_DIST = join(ROOT, 'dist', 'h5')

export interface OfflineStack {
  /** Where the app and the API are served, e.g. http://127.0.0.1:41234 (the same origin after appDown/appUp). */
  readonly appUrl: string
  readonly apiUrl: string
  /** Stops the server (nothing answers at appUrl: no file and no API), so nothing can come from the network. */
  appDown(): Promise<void>
  /** Serves again on the same origin with the same simulated government (worker registrations and storage are per origin). */
  appUp(): Promise<void>
  close(): Promise<void>
}

function checkBuild(): void {
  if (!existsSync(join(OFFLINE_DIST, 'index.html')) || !existsSync(join(OFFLINE_DIST, 'sw.js'))) {
    throw new Error(`${OFFLINE_DIST} (with sw.js) is missing. Build it first: npx taro build --type h5`)
  }
}

export async function startOfflineStack(): Promise<OfflineStack> {
  checkBuild()
  // One simulated government for the whole test, kept across appDown/appUp (memory only: no data folder).
  const sim = createSimulator()
  let server: DemoServer | null = await startDemoServer({ port: 0, dataDir: null, distDir: OFFLINE_DIST, sim })
  const url = server.url
  const port = Number(new URL(url).port)
  return {
    appUrl: url,
    apiUrl: url,
    async appDown() {
      await server?.close()
      server = null
    },
    async appUp() {
      if (!server) server = await startDemoServer({ port, dataDir: null, distDir: OFFLINE_DIST, sim })
    },
    async close() {
      await server?.close()
      server = null
    }
  }
}
