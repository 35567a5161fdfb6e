// 网上营业厅 · 开户核验: a relying party of the 线上核验 flow (issue #16), as a small Node server.
//   npm run rp                     on http://localhost:9600, against npm start's platform (http://localhost:10086)
// Environment: RP_PORT, RP_PUBLIC_URL, GOV_API, WALLET_URL, RP_CLIENT_ID, RP_REGISTRATION_CODE,
// RP_SECRET, REDIS_URL (state in Redis instead of memory: run several processes behind one URL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEFAULT_SEED } from '../../mock/simulator/keys'
import { seedRegistrationCodes, SEED_RELYING_PARTIES } from '../../mock/simulator/relyingParties'
import type { PurposeId } from '../../src/certs/types'
import { createRp, type Rp } from './rp'
import { memoryStore, type RpStore } from './store'
import { redisStore } from './redisStore'
import { pageHtml } from './page'

export interface RpServerOptions {
  port?: number
  govApi?: string
  walletUrl?: string
  publicUrl?: string
  clientId?: string
  registrationCode?: string
  secret?: string
  redisUrl?: string
  purpose?: PurposeId
  claims?: string[]
  title?: string
  now?: () => number
}

export interface RpServer {
  url: string
  rp: Rp
  store: RpStore
  close(): Promise<void>
}

const MAX_BODY = 64 * 1024

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type, Accept' }

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/** Starts the RP: registers with the platform (or finds itself registered), then serves the page and the response endpoint. */
export async function startRpServer(o: RpServerOptions = {}): Promise<RpServer> {
  const clientId = o.clientId ?? process.env.RP_CLIENT_ID ?? SEED_RELYING_PARTIES[0].id
  const registrationCode = o.registrationCode ?? process.env.RP_REGISTRATION_CODE ?? seedRegistrationCodes(DEFAULT_SEED).find((c) => c.id === clientId)?.registrationCode ?? ''
  const store = (o.redisUrl ?? process.env.REDIS_URL) ? redisStore((o.redisUrl ?? process.env.REDIS_URL)!, `rp:${clientId}:`) : memoryStore(o.now)
  const walletUrl = (o.walletUrl ?? process.env.WALLET_URL ?? 'http://localhost:10086').replace(/\/$/, '')
  let rp: Rp | null = null
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e) => send(res, 500, { code: 'ERR_SERVER', message: String((e as Error).message) }))
  })
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://rp.local')
    if (!rp) return send(res, 503, { code: 'ERR_SERVER' })
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS)
      return res.end()
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      return res.end(pageHtml({ title: o.title ?? '网上营业厅 · 开户核验', rpName: rp.name }))
    }
    if (req.method === 'POST' && url.pathname === '/requests') {
      const r = await rp.startRequest()
      const sameDevice = `${walletUrl}/#/subpackages/online/pages/request/index?request=${encodeURIComponent(r.text)}`
      return send(res, 201, { ...r, sameDevice })
    }
    if (req.method === 'GET' && url.pathname.startsWith('/request/')) {
      // request_uri: the wallet (another origin) fetches the signed request.
      const jws = await rp.requestObject(decodeURIComponent(url.pathname.slice('/request/'.length)))
      if (!jws) return send(res, 404, { code: 'ERR_NOT_FOUND' }, { 'Access-Control-Allow-Origin': '*' })
      res.writeHead(200, { 'Content-Type': 'application/oauth-authz-req+jwt', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' })
      return res.end(jws)
    }
    if (req.method === 'GET' && url.pathname.startsWith('/requests/')) {
      const outcome = await rp.outcome(decodeURIComponent(url.pathname.slice('/requests/'.length)))
      return outcome ? send(res, 200, outcome) : send(res, 404, { code: 'ERR_NOT_FOUND' })
    }
    if (req.method === 'POST' && url.pathname === '/response') {
      let body: unknown
      try {
        const text = await readBody(req)
        body = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text)
      } catch {
        return send(res, 400, { code: 'ERR_BAD_REQUEST' }, CORS)
      }
      const r = await rp.receive(body)
      return send(res, r.status, r.body, CORS)
    }
    send(res, 404, { code: 'ERR_NOT_FOUND' })
  }
  await new Promise<void>((resolve) => server.listen(o.port ?? Number(process.env.RP_PORT ?? 9600), '0.0.0.0', resolve))
  const port = (server.address() as AddressInfo).port
  const publicUrl = o.publicUrl ?? process.env.RP_PUBLIC_URL ?? `http://localhost:${port}`
  const created = createRp({
    govApi: o.govApi ?? process.env.GOV_API ?? 'http://localhost:10086',
    clientId,
    registrationCode,
    publicUrl,
    secret: o.secret ?? process.env.RP_SECRET ?? `rp-demo-secret:${clientId}`,
    purpose: o.purpose ?? 'age-over-18',
    claims: o.claims ?? ['age_over_18'],
    store,
    now: o.now
  })
  try {
    await created.ensureRegistered()
  } catch (e) {
    await new Promise((r) => server.close(r))
    await store.close()
    throw e
  }
  rp = created
  return {
    url: publicUrl,
    rp: created,
    store,
    close: async () => {
      server.closeAllConnections?.()
      await new Promise((r) => server.close(r))
      await store.close()
    }
  }
}

if (process.argv[1] && /rp-demo[\\/]server\.ts$/.test(process.argv[1])) {
  startRpServer()
    .then((s) => {
      console.log(`网上营业厅 · 开户核验 (${s.rp.name}) on ${s.url}`)
      console.log(`  response_uri ${s.rp.responseUri}; state in ${process.env.REDIS_URL ? 'Redis ' + process.env.REDIS_URL : 'memory'}`)
    })
    .catch((e) => {
      console.error(`could not start the RP: ${(e as Error).message}`)
      console.error('  Is the platform running (npm start, or GOV_API=http://localhost:9527 with npm run mock)?')
      process.exit(1)
    })
}
