/**
 * The simulator as a local HTTP server for the WeChat / Alipay developer tools (msw cannot see
 * wx.request / my.request) and for tests over real HTTP. `npm run mock` runs this file.
 *
 * msw is pinned to 2.x: msw 3 needs Node ≥ 22.12 (setupServer fails on Node 20 for want of
 * Promise.withResolvers) and we are on Node 20; see shared/TOOLCHAIN.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'
import { errorResponse } from './errorMessages'
import { createFailureController, type FailureController } from './failures'
import { createHandlers } from './handlers'
import type { Simulator } from './simulator/types'
import { DEFAULT_SEED, seedActivationCodes } from './simulator'

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
}

export interface MockServer {
  /** e.g. http://127.0.0.1:9527 — the base URL for the API client. */
  url: string
  sim: Simulator
  failures: FailureController
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

async function answer(handlers: RequestHandler[], req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
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
  if (!gone.signal.aborted) await send(res, response)
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
  const handlers = createHandlers(sim, failures)
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? (Number(process.env.MOCK_PORT) || DEFAULT_MOCK_PORT)

  let origin = ''
  const server = createServer((req, res) => {
    answer(handlers, req, res, origin).catch((e: unknown) => {
      console.error('[mock] request failed:', e instanceof Error ? e.stack : e)
      if (!res.headersSent) void send(res, errorResponse('ERR_SERVER', 500))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`

  return {
    url: origin,
    sim,
    failures,
    close: () =>
      new Promise<void>((resolve, reject) => {
        failures.dispose()
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      })
  }
}

function isMain(): boolean {
  const entry = process.argv[1] ?? ''
  return /[\\/]mock[\\/]server\.(ts|js|mjs)$/.test(entry)
}

if (isMain()) {
  startMockServer({ host: process.env.MOCK_HOST || '127.0.0.1' }).then(
    (server) => {
      console.log(`证照夹 simulator (mock, not the government service) listening at ${server.url}`)
      console.log(`  API: ${server.url}/api/v1   control: ${server.url}/__mock`)
      // Demo only: the activation codes of the seeded institutions (verifier mode and the counter enrol with them).
      console.log('  institution activation codes (single use; POST /__mock/reset restores them):')
      for (const c of seedActivationCodes(DEFAULT_SEED)) console.log(`    ${c.activationCode}  ${c.role.padEnd(8)} ${c.name}`)
      const stop = () => void server.close().then(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    },
    (e: unknown) => {
      console.error('[mock] could not start:', e instanceof Error ? e.message : e)
      process.exit(1)
    }
  )
}
