/**
 * `npm start`'s server: the built H5 app and the government-API simulator on one origin, so every
 * browser and phone on the LAN shares one simulated government (the counter and the patient
 * transact, a degree code made on one phone checks on another), and its state is kept in a data
 * folder across restarts (mock/persistence/fileStore.ts).
 *
 * `/api/v1/…` and `/__mock/…` go to the simulator (mock/server.ts, the same msw handlers as jest
 * and the in-page simulator); everything else is dist/h5 (scripts/serve-static.mjs: compressed,
 * hashed names cached for a year). index.html is served with
 * `<meta name="certwallet-simulator" content="http">`, which tells the app not to start its
 * in-page simulator (mock/browser-entry.ts) and to call this origin's API instead.
 *
 * @example
 * const demo = await startDemoServer({ port: 0, dataDir: tmpDir })
 * // demo.url → http://127.0.0.1:41234
 * await demo.close()
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { createFailureController, type FailureController } from '../mock/failures'
import { openFileStateStore, type FileStateStore } from '../mock/persistence/fileStore'
import { closeSimulatorServer, createMockListener, savingTo } from '../mock/server'
import { createSimulator, type PersistableSimulator } from '../mock/simulator'
// @ts-expect-error plain ESM script without types
import { createStaticHandler } from './serve-static.mjs'

/** The marker index.html carries when the simulator answers over HTTP on the same origin. */
export const HTTP_SIMULATOR_META = '<meta name="certwallet-simulator" content="http">'

export const DEFAULT_DEMO_PORT = 10086

export interface DemoServerOptions {
  /** 0 = any free port. Default 10086. */
  port?: number
  /** Default 127.0.0.1; `npm start` listens on 0.0.0.0 so phones on the LAN reach it. */
  host?: string
  /** The simulator's data folder; null keeps the state in memory only. Default `data/simulator`. */
  dataDir?: string | null
  /** The built H5 app. Default dist/h5 of this checkout. */
  distDir?: string
  /** Default: a fresh `createSimulator()` (its state then loaded from `dataDir`). */
  sim?: PersistableSimulator
  /** Told when `POST /__mock/reset` threw the state away (`npm start` prints it). */
  onReset?: (from: string) => void
}

export interface DemoServer {
  /** http://127.0.0.1:<port> (or the host it listens on). */
  url: string
  /** http://<LAN address>:<port> for each IPv4 interface, when listening on all of them. */
  lanUrls: string[]
  sim: PersistableSimulator
  failures: FailureController
  /** The data folder's store; null in memory-only mode. */
  store: FileStateStore | null
  close(): Promise<void>
}

/** IPv4 addresses a phone on the same network could use (not loopback, not link-local). */
export function lanAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) out.push(a.address)
  }
  return out
}

const isApiPath = (url: string | undefined) => /^\/(api\/v1|__mock)(\/|$)/.test(url ?? '')

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const sim = options.sim ?? createSimulator()
  const failures = createFailureController()
  const dataDir = options.dataDir === undefined ? join('data', 'simulator') : options.dataDir
  const store = dataDir ? await openFileStateStore(sim, { dataDir }) : null
  const api = createMockListener({ sim, failures, beforeSend: store ? savingTo(store) : undefined, onReset: options.onReset })
  const files = createStaticHandler(options.distDir ?? join(__dirname, '..', 'dist', 'h5'), {
    transformIndex: (html: string) => (html.includes('<head>') ? html.replace('<head>', `<head>${HTTP_SIMULATOR_META}`) : HTTP_SIMULATOR_META + html)
  }) as (req: unknown, res: unknown) => Promise<void>
  const server = createServer((req, res) => {
    if (isApiPath(req.url)) api(req, res)
    else void files(req, res)
  })
  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? DEFAULT_DEMO_PORT, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    await store?.close()
    throw e
  }
  const { port } = server.address() as AddressInfo
  const everywhere = host === '0.0.0.0' || host === '::'
  return {
    url: `http://${everywhere ? '127.0.0.1' : host}:${port}`,
    lanUrls: everywhere ? lanAddresses().map((a) => `http://${a}:${port}`) : [],
    sim,
    failures,
    store,
    close: () => closeSimulatorServer(server, failures, api, store)
  }
}
