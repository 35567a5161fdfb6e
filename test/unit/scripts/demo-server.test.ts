/**
 * `npm start`'s server over real HTTP (scripts/demoServer.ts): the H5 files and the simulator API
 * on one origin, a random port, stopped and started again on the same data folder; compressed
 * files, a year's caching for hashed names and revalidation for index.html and service workers.
 * A small stand-in for dist/h5 is written per file run (no build needed).
 */
import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { HTTP_SIMULATOR_META, startDemoServer, type DemoServer } from '../../../scripts/demoServer'
import { createApiClient } from '../../../src/services/api/client'
import { createFetchTransport } from '../../../src/services/api/fetchTransport'
import { WalletError } from '../../../src/services/errors'
import { signInOverApi } from '../../support/faceSignIn'
import { testDevice } from '../../support/holderAuth'
// @ts-expect-error plain ESM script without types
import { cacheControlFor, pickEncoding } from '../../../scripts/serve-static.mjs'

const APP_JS = `/* app */ ${'console.log("证照夹");\n'.repeat(400)}`
let root: string
let dist: string
let dataDir: string
let demo: DemoServer | null = null

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'certwallet-demo-'))
  dist = join(root, 'h5')
  dataDir = join(root, 'data')
  mkdirSync(join(dist, 'js'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>证照夹</title><script defer src="/js/app.3ffe72d2.js"></script></head><body></body></html>')
  writeFileSync(join(dist, 'js', 'app.3ffe72d2.js'), APP_JS)
  writeFileSync(join(dist, 'mockServiceWorker.js'), `/* msw */ ${'self.addEventListener("fetch", () => {});\n'.repeat(40)}`)
})
afterEach(async () => {
  await demo?.close()
  demo = null
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const start = async () => (demo = await startDemoServer({ port: 0, distDir: dist, dataDir }))

/** A raw GET (fetch would decompress and hide content-encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('npm start: the H5 app and the simulator on one origin', () => {
  it('listens on a random port; index.html is marked for the HTTP simulator and revalidated (ETag → 304)', async () => {
    const { url } = await start()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const page = await get(url + '/')
    expect(page.status).toBe(200)
    expect(page.body.toString()).toContain(`<head>${HTTP_SIMULATOR_META}<title>`)
    expect(page.headers['cache-control']).toBe('no-cache')
    const again = await get(url + '/', { 'if-none-match': String(page.headers.etag) })
    expect(again.status).toBe(304)
    // Hash routes and unknown paths are the app.
    expect((await get(url + '/pages/wallet/index')).body.toString()).toContain(HTTP_SIMULATOR_META)
  })

  it('hashed files: brotli or gzip as accepted, cached for a year as immutable; the service worker is revalidated', async () => {
    const { url } = await start()
    const br = await get(url + '/js/app.3ffe72d2.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers.vary).toBe('Accept-Encoding')
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS)
    expect(br.body.length).toBeLessThan(APP_JS.length / 10)
    const gz = await get(url + '/js/app.3ffe72d2.js', { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS)
    const plain = await get(url + '/js/app.3ffe72d2.js', { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(APP_JS)
    const sw = await get(url + '/mockServiceWorker.js', { 'accept-encoding': 'gzip' })
    expect(sw.headers['cache-control']).toBe('no-cache')
    expect(sw.headers['content-encoding']).toBe('gzip')
  })

  it('refuses paths outside the build and methods other than GET/HEAD for files', async () => {
    const { url } = await start()
    // An encoded slash survives URL parsing and would climb out of dist/ once decoded.
    expect((await get(url + '/..%2Fdata%2Fstate.json')).status).toBe(403)
    expect((await get(url + '/js/..%2F..%2F..%2Fetc%2Fpasswd')).status).toBe(403)
    expect((await fetch(url + '/index.html', { method: 'POST' })).status).toBe(405)
  })

  it('the API answers on the same origin, and a holder signed in before a restart is still signed in after it', async () => {
    const first = await start()
    const api = () => createApiClient({ baseUrl: demo!.url, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
    expect((await fetch(first.url + '/api/v1/trust-list')).headers.get('content-type')).toMatch(/^application\/json/)
    const device = testDevice()
    const zhang = await signInOverApi(api(), '张明华', '44010619900315001X', device)
    const before = (await api().listCertificates(zhang.auth)).items
    expect(before.length).toBeGreaterThan(0)
    await first.close()
    demo = null
    await start()
    expect(demo!.store?.loaded).toBe('restored')
    expect((await api().listCertificates(zhang.auth)).items).toEqual(before)
    // A token the restarted simulator never issued is still refused.
    const stranger = await api().listCertificates({ ...zhang.auth, token: 'ht-' + '0'.repeat(48) }).catch((e: unknown) => e)
    expect(stranger).toBeInstanceOf(WalletError)
    expect((stranger as WalletError).code).toBe('ERR_UNAUTHORIZED')
  })
})

it('POST /__mock/reset is told to the console (whoever sent it), other calls are not', async () => {
  const told: string[] = []
  demo = await startDemoServer({ port: 0, distDir: dist, dataDir: null, onReset: (from) => told.push(from) })
  await fetch(demo.url + '/api/v1/trust-list')
  await fetch(demo.url + '/__mock/failures', { method: 'DELETE' })
  expect(told).toEqual([])
  expect((await fetch(demo.url + '/__mock/reset', { method: 'POST' })).status).toBe(200)
  expect(told).toHaveLength(1)
  expect(told[0]).toMatch(/127\.0\.0\.1/)
})

describe('caching and encoding rules', () => {
  it.each([
    ['/js/app.3ffe72d2.js', 'public, max-age=31536000, immutable'],
    ['/css/338.9f5d55a09e8e8bab29cd.css', 'public, max-age=31536000, immutable'],
    ['/index.html', 'no-cache'],
    ['/mockServiceWorker.js', 'no-cache'],
    ['/sw.js', 'no-cache'],
    ['/workbox-4a5b6c7d.js', 'no-cache'],
    ['/manifest.json', 'no-cache'],
    ['/favicon.ico', 'no-cache']
  ])('%s → %s', (path, expected) => {
    expect(cacheControlFor(path)).toBe(expected)
  })

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip;q=1.0, br;q=0', 'gzip'],
    ['identity', null],
    ['*', 'br'],
    ['', null]
  ])('Accept-Encoding %p → %p', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})
