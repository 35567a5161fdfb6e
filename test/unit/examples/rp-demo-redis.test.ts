/**
 * examples/rp-demo on several servers (issue #16): a real redis-server and two RP processes
 * (`tsx examples/rp-demo/server.ts`, REDIS_URL set) against one simulator over HTTP. A nonce issued
 * by one process is honoured by the other; a presentation accepted by one is refused as replayed
 * by the other; a declined request shows as declined on both. Plus the memory store on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startMockServer, type MockServer } from '../../../mock/server'
import { createSimulator } from '../../../mock/simulator'
import { createApiClient } from '../../../src/services/api/client'
import { createFetchTransport } from '../../../src/services/api/fetchTransport'
import { holderFor } from '../../support/holderAuth'
import { answerOnline } from '../../support/onlineWallet'
import { memoryStore } from '../../../examples/rp-demo/store'
import { startRpServer } from '../../../examples/rp-demo/server'

jest.setTimeout(90_000)
const ROOT = join(__dirname, '../../..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 60_000)
    const on = (b: Buffer) => {
      out += b.toString()
      if (pattern.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', on)
    child.stderr?.on('data', on)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited ${code}: ${out}`))
    })
  })
}

const children: ChildProcess[] = []
let mock: MockServer
let redisUrl: string
const rpPorts: number[] = []
const SHARED_URL = 'http://localhost:9699' // the load balancer's address: the registered response_uri

beforeAll(async () => {
  mock = await startMockServer({ port: 0, sim: createSimulator() })
  const redisPort = await freePort()
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(redis)
  await waitFor(redis, /Ready to accept connections/, 'redis-server')
  redisUrl = `redis://127.0.0.1:${redisPort}`
  for (let i = 0; i < 2; i++) {
    const port = await freePort()
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['examples/rp-demo/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, RP_PORT: String(port), RP_PUBLIC_URL: SHARED_URL, GOV_API: mock.url, REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    children.push(child)
    // One after the other: the first registers, the second finds its keys already in the registry.
    await waitFor(child, /开户核验 .* on /, `RP process ${i + 1}`)
    rpPorts.push(port)
  }
})

afterAll(async () => {
  for (const c of children.reverse()) c.kill('SIGTERM')
  await mock?.close()
})

const api = () => createApiClient({ baseUrl: mock.url, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const rpUrl = (i: number) => `http://127.0.0.1:${rpPorts[i]}`
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
const nowSec = () => Math.floor(Date.now() / 1000)

it('a nonce issued by one process is honoured by the other; the presentation it accepted is refused as replayed by the first', async () => {
  const started = (await (await fetch(`${rpUrl(0)}/requests`, { method: 'POST' })).json()) as { state: string; text: string; qrVersion: number }
  expect(started.text).toMatch(/^CWR1:/)
  const holder = holderFor(mock.sim as never, '张明华', '44010619900315001X')
  const { response } = await answerOnline(api(), holder, started.text, nowSec())
  // Posted to the second process: it finds the first's request in Redis and verifies.
  const accepted = await post(`${rpUrl(1)}/response`, { response })
  expect([accepted.status, await accepted.json()]).toEqual([200, { ok: true }])
  const outcome = await (await fetch(`${rpUrl(0)}/requests/${encodeURIComponent(started.state)}`)).json()
  expect(outcome).toMatchObject({ status: 'verified', claims: { age_over_18: true } })
  expect(outcome.subject).toMatch(/^pw-/)
  // The same response again, now to the first process: replayed.
  const replayed = await post(`${rpUrl(0)}/response`, { response })
  expect([replayed.status, await replayed.json()]).toEqual([400, { code: 'ERR_REPLAYED' }])
})

it('a decline posted to one process shows on the other; a decline for an unknown state is 404', async () => {
  const started = (await (await fetch(`${rpUrl(1)}/requests`, { method: 'POST' })).json()) as { state: string }
  expect((await post(`${rpUrl(0)}/response`, { error: 'access_denied', state: started.state })).status).toBe(200)
  expect(await (await fetch(`${rpUrl(1)}/requests/${encodeURIComponent(started.state)}`)).json()).toEqual({ status: 'declined' })
  expect((await post(`${rpUrl(0)}/response`, { error: 'access_denied', state: 'no-such-state' })).status).toBe(404)
})

it('garbage at the response endpoint is a coded 400, and changes nothing', async () => {
  const started = (await (await fetch(`${rpUrl(0)}/requests`, { method: 'POST' })).json()) as { state: string }
  const r = await post(`${rpUrl(1)}/response`, { response: 'a.b.c.d.e' })
  expect([r.status, await r.json()]).toEqual([400, { code: 'ERR_RP_RESPONSE_INVALID' }])
  expect(await (await fetch(`${rpUrl(0)}/requests/${encodeURIComponent(started.state)}`)).json()).toEqual({ status: 'pending' })
})

describe('the memory store (one process)', () => {
  it('spends a presentation once, settles a request once, forgets both when they expire', async () => {
    let t = 1_000_000_000
    const s = memoryStore(() => t)
    await s.putRequest({ clientId: 'c', purpose: 'age-over-18', claims: ['age_over_18'], nonce: 'n'.repeat(16), state: 'st', exp: 2 }, 60)
    expect(await s.outcome('st')).toEqual({ status: 'pending' })
    expect(await s.spend('id', t / 1000 + 60, t / 1000)).toBe(true)
    expect(await s.spend('id', t / 1000 + 60, t / 1000)).toBe(false)
    expect(await s.settle('st', { status: 'declined' }, 60)).toBe(true)
    expect(await s.settle('st', { status: 'declined' }, 60)).toBe(false)
    t += 61_000
    expect(await s.getRequest('st')).toBeNull()
    expect(await s.outcome('st')).toBeNull()
    expect(await s.spend('id', t / 1000 + 60, t / 1000)).toBe(true)
  })

  it('an RP that cannot register (a wrong code) does not start', async () => {
    await expect(startRpServer({ port: 0, govApi: mock.url, clientId: '91440106MA9Y4TKP3T', registrationCode: 'RP-WRON-GCOD-EXXX' })).rejects.toMatchObject({ code: 'ERR_RP_REGISTRATION_INVALID' })
  })
})
