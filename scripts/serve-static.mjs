// The static file server for the built H5 app (dist/h5). Used by `npm start` (scripts/demoServer.ts,
// which puts the simulator API beside it) and the browser tests. Hash routing means every unknown
// path is index.html.
//
// Caching: a file whose name carries webpack's content hash (js/app.3ffe72d2.js,
// css/338.9f5d55a09e8e8bab29cd.css) never changes under that name, so it is sent with a year's
// max-age and `immutable`. Everything else — index.html, the service workers
// (mockServiceWorker.js, an app-shell sw.js), the manifest — is `no-cache` with an ETag: the
// browser asks each time and gets a 304 when nothing changed, so a new build is seen at once.
//
// Compression: text files are compressed once, on first request, with brotli (preferred) or gzip
// as the browser accepts, and kept in memory by path + mtime + size (the build is a few MB).
// A `.br` / `.gz` file beside the original (precompressed by a build step) is used when present.
import { createServer } from 'node:http'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.map', '.txt', '.svg', '.ico', '.wasm'])

/** A name with a content hash of 8+ hex digits as its own dot-separated part: `app.3ffe72d2.js`. */
export const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i
/** Service worker scripts must always be revalidated (browsers cap their cache at 24 h anyway). */
const NEVER_CACHED = /(^|\/)(index\.html|[\w-]*sw\.js|service-worker\.js|mockServiceWorker\.js|workbox-[\w.-]+\.js|manifest\.(json|webmanifest))$/

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const REVALIDATE = 'no-cache'

/** Cache-Control for a path under the site root. */
export function cacheControlFor(path) {
  if (NEVER_CACHED.test(path)) return REVALIDATE
  return HASHED_NAME.test(path) ? IMMUTABLE : REVALIDATE
}

/** Picks the encoding to send: brotli, then gzip, else none (q=0 means refused). */
export function pickEncoding(acceptEncoding) {
  const offered = new Map()
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    offered.set(name, q ? Number(q.slice(2)) : 1)
  }
  const ok = (n) => (offered.get(n) ?? offered.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return null
}

/**
 * A request handler serving `dir`. Options: `transformIndex(html) → html` rewrites index.html once
 * per build (npm start marks it for the HTTP simulator).
 */
export function createStaticHandler(dir, { transformIndex } = {}) {
  const root = resolve(dir)
  /** path → { stamp, body, etag, variants: Map<encoding, Buffer> } */
  const cache = new Map()

  async function load(file, s) {
    const stamp = `${s.mtimeMs}:${s.size}`
    const hit = cache.get(file)
    if (hit && hit.stamp === stamp) return hit
    let body = await readFile(file)
    const transformed = Boolean(transformIndex) && file === join(root, 'index.html')
    if (transformed) body = Buffer.from(transformIndex(body.toString('utf8')), 'utf8')
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    const entry = { stamp, body, etag, transformed, variants: new Map() }
    cache.set(file, entry)
    return entry
  }

  async function variant(entry, file, encoding) {
    const known = entry.variants.get(encoding)
    if (known) return known
    // A precompressed sibling from the build (not for a rewritten index.html), else compress now (once).
    let out = entry.transformed ? null : await readFile(`${file}.${encoding === 'br' ? 'br' : 'gz'}`).catch(() => null)
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(entry.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzipSync(entry.body, { level: 9 })
    }
    entry.variants.set(encoding, out)
    return out
  }

  return async function handle(req, res) {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end()
        return
      }
      const url = new URL(req.url ?? '/', 'http://x')
      let file = normalize(join(root, decodeURIComponent(url.pathname)))
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end()
        return
      }
      let s = await stat(file).catch(() => null)
      if (!s || s.isDirectory()) {
        file = join(root, 'index.html')
        s = await stat(file).catch(() => null)
        if (!s) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('dist/h5 has no index.html: build the H5 app first (npm run build:h5)')
          return
        }
      }
      const entry = await load(file, s)
      const ext = extname(file)
      const rel = file.slice(root.length).split(sep).join('/')
      const headers = {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': cacheControlFor(rel),
        etag: entry.etag,
        'x-content-type-options': 'nosniff'
      }
      if (COMPRESSIBLE.has(ext)) headers.vary = 'Accept-Encoding'
      if (req.headers['if-none-match'] === entry.etag) {
        res.writeHead(304, headers).end()
        return
      }
      const encoding = COMPRESSIBLE.has(ext) && entry.body.length > 512 ? pickEncoding(req.headers['accept-encoding']) : null
      const body = encoding ? await variant(entry, file, encoding) : entry.body
      if (encoding) headers['content-encoding'] = encoding
      headers['content-length'] = String(body.length)
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    }
  }
}

/** Serves `dir` on `host:port` (0 = any free port); resolves to its URL and a close(). */
export function serveStatic(dir, { port = 0, host = '127.0.0.1', transformIndex } = {}) {
  const handle = createStaticHandler(dir, { transformIndex })
  const server = createServer((req, res) => void handle(req, res))
  return new Promise((resolveP, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      resolveP({
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise((r) => {
            server.close(() => r())
            server.closeAllConnections()
          })
      })
    })
  })
}
