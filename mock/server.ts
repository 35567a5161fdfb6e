/**
 * The simulator as a local HTTP server for the WeChat / Alipay developer tools (msw cannot see
 * wx.request / my.request) and for tests over real HTTP. `npm run mock` runs this file.
 *
 * msw is pinned to 2.x: msw 3 needs Node ≥ 22.12 (setupServer fails on Node 20 for want of
 * Promise.withResolvers) and we are on Node 20; see shared/TOOLCHAIN.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'
import { errorResponse } from './errorMessages'
import { createFailureController, type FailureController } from './failures'
import { createHandlers } from './handlers'
import { openFileStateStore, setAsideStateFile, type FileStateStore } from './persistence/fileStore'
import { activationCodeLines, defaultDataDir, explainStartFailure, MEMORY_FLAG, SET_ASIDE_FLAG } from './persistence/startupText'
import type { Simulator } from './simulator/types'
import { SimulatorStateError, SIMULATOR_STATE_TEXT, type PersistableSimulator } from './simulator'

export const DEFAULT_MOCK_PORT = 9527

const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization, DPoP, X-Admin-Token, Idempotency-Key, X-Institution-Signature',
  'Access-Control-Expose-Headers': 'Retry-After',
  'Access-Control-Max-Age': '600'
}

export interface MockServerOptions {
  /** 0 = any free port. Default: MOCK_PORT or 9527. */
  port?: number
  /** Default 127.0.0.1. Use 0.0.0.0 to reach it from a phone on the LAN. */
  host?: string
  /** Default: `createSimulator()` from ./simulator. */
  sim?: Simulator
  failures?: FailureController
  /**
   * Keep the simulator's state in this folder (mock/persistence/fileStore.ts): loaded at start,
   * saved after every request before its answer goes out. Without it the state lives in memory.
   * Needs a simulator from `createSimulator` (or `sim` left out).
   */
  dataDir?: string
  /** See {@link MockListenerOptions.onReset}. */
  onReset?: (from: string) => void
}

export interface MockServer {
  /** e.g. http://127.0.0.1:9527 — the base URL for the API client. */
  url: string
  sim: Simulator
  failures: FailureController
  /** The data folder's store, when `dataDir` was given. */
  store: FileStateStore | null
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Node request → Fetch Request, aborted when the client goes away (releases held requests). */
async function toFetchRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const method = req.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req)
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    body: body && body.length > 0 ? Uint8Array.from(body) : undefined,
    signal
  })
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = { ...corsHeaders }
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, headers)
  res.end(body)
}

export interface MockListenerOptions {
  sim: Simulator
  failures: FailureController
  /** Runs after the simulator answered and before the answer is sent (the state store's save). */
  beforeSend?: () => Promise<void>
  /** Told when `POST /__mock/reset` threw the state away (with the caller's address), so the console says so. */
  onReset?: (from: string) => void
}

/**
 * The simulator's answers as a Node request handler, for a server that also serves other things
 * (`npm start`: scripts/demoServer.ts serves the H5 app beside it on one origin).
 */
export function createMockListener(options: MockListenerOptions): MockListener {
  const handlers = createHandlers(options.sim, options.failures)
  const running = new Set<Promise<void>>()
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`
    const done = answer(handlers, req, res, origin, options.beforeSend)
      .then(() => {
        if (options.onReset && req.method === 'POST' && /\/__mock\/reset\/?(\?|$)/.test(req.url ?? '') && res.statusCode === 200) options.onReset(req.socket.remoteAddress ?? '?')
      })
      .catch((e: unknown) => {
        console.error('[mock] request failed:', e instanceof Error ? e.stack : e)
        if (!res.headersSent) void send(res, errorResponse('ERR_SERVER', 500))
        else res.destroy()
      })
      .finally(() => running.delete(done))
    running.add(done)
  }
  return Object.assign(listener, { drain: async () => void (await Promise.allSettled([...running])) })
}

/** A Node request handler for the simulator; `drain()` waits for the answers still being made (and saved). */
export type MockListener = ((req: IncomingMessage, res: ServerResponse) => void) & { drain(): Promise<void> }

async function answer(handlers: RequestHandler[], req: IncomingMessage, res: ServerResponse, origin: string, beforeSend?: () => Promise<void>): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, corsHeaders)
    res.end()
    return
  }
  const gone = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) gone.abort()
  })
  const request = await toFetchRequest(req, origin, gone.signal)
  const response = (await getResponse(handlers, request)) ?? errorResponse('ERR_NOT_FOUND', 404)
  // What this answer hands out (a token, a settlement) is on disk before the client can use it.
  if (beforeSend) await beforeSend()
  if (!gone.signal.aborted) await send(res, response)
}

/** Saves through `store`, saying so (once per kind of failure) when the disk refuses. */
export function savingTo(store: FileStateStore): () => Promise<void> {
  let told = false
  return () =>
    store.save().then(
      () => {
        told = false
      },
      (e: unknown) => {
        if (told) return
        told = true
        const code = e instanceof SimulatorStateError ? e.code : 'ERR_STATE_WRITE'
        console.error(`[mock] ${SIMULATOR_STATE_TEXT[code]} (${code}): ${e instanceof Error ? e.message : String(e)}. 重启后会丢失此后的操作。`)
      }
    )
}

/**
 * Starts the simulator's HTTP server on 127.0.0.1.
 *
 * @example
 * const server = await startMockServer({ port: 0, sim: fakeSimulator })
 * const api = createApiClient({ baseUrl: server.url, request: createFetchTransport() })
 * await server.close()
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const sim = options.sim ?? (await import('./simulator')).createSimulator()
  const failures = options.failures ?? createFailureController()
  const store = options.dataDir ? await openFileStateStore(sim as PersistableSimulator, { dataDir: options.dataDir }) : null
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? (Number(process.env.MOCK_PORT) || DEFAULT_MOCK_PORT)

  const listener = createMockListener({ sim, failures, beforeSend: store ? savingTo(store) : undefined, onReset: options.onReset })
  const server = createServer(listener)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    await store?.close()
    throw e
  }
  const address = server.address() as AddressInfo
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`

  return {
    url: origin,
    sim,
    failures,
    store,
    close: () => closeSimulatorServer(server, failures, listener, store)
  }
}

/**
 * Stops an HTTP server that answers with the simulator (`npm run mock`, `npm start`): no new
 * connections, then the answers still being made are saved before the data folder is let go.
 */
export function closeSimulatorServer(server: Server, failures: FailureController, listener: MockListener, store: FileStateStore | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    failures.dispose()
    server.close((e) => (e ? reject(e) : resolve()))
    server.closeAllConnections()
  })
    .then(() => listener.drain())
    .finally(() => store?.close())
}

function isMain(): boolean {
  const entry = process.argv[1] ?? ''
  return /[\\/]mock[\\/]server\.(ts|js|mjs)$/.test(entry)
}

if (isMain()) {
  void (async () => {
    const memory = process.argv.includes(MEMORY_FLAG)
    const dataDir = memory ? undefined : defaultDataDir()
    const { createSimulator } = await import('./simulator')
    const sim = createSimulator()
    if (dataDir && process.argv.includes(SET_ASIDE_FLAG)) {
      const aside = await setAsideStateFile(dataDir)
      if (aside) console.log(`  the unreadable state file was kept as ${aside}; starting from the seeded state`)
    }
    let server: MockServer
    try {
      server = await startMockServer({ host: process.env.MOCK_HOST || '127.0.0.1', sim, dataDir, onReset: (from) => console.log(`[mock] POST /__mock/reset from ${from}: the simulator's state is back to the seed${dataDir ? ' (saved)' : ''}`) })
    } catch (e) {
      for (const line of explainStartFailure(e, dataDir ?? '', 'npm run mock')) console.error(line)
      process.exit(1)
    }
    console.log(`证照夹 simulator (mock, not the government service) listening at ${server.url}`)
    console.log(`  API: ${server.url}/api/v1   control: ${server.url}/__mock`)
    console.log(dataDir ? `  state: ${server.store!.file} (${server.store!.loaded === 'restored' ? 'restored' : 'new'}; ${MEMORY_FLAG} keeps it in memory only)` : '  state: in memory only (forgotten at exit)')
    // Demo only: the activation codes of the seeded institutions (verifier mode and the counter enrol with them).
    console.log('  institution activation codes (single use; POST /__mock/reset restores them):')
    for (const line of activationCodeLines(sim)) console.log(line)
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })()
}
