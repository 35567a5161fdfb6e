// Minimal static file server for the built H5 app (dist/h5) on 127.0.0.1. Used by `npm start`
// and the browser tests. Hash routing means every route is index.html.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

export function serveStatic(dir, { port = 0, host = '127.0.0.1' } = {}) {
  const root = resolve(dir)
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      let file = normalize(join(root, decodeURIComponent(url.pathname)))
      if (!file.startsWith(root)) {
        res.writeHead(403).end()
        return
      }
      const s = await stat(file).catch(() => null)
      if (!s || s.isDirectory()) file = join(root, 'index.html')
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(body)
    } catch {
      res.writeHead(500).end()
    }
  })
  return new Promise((resolveP) => {
    server.listen(port, host, () => {
      const address = server.address()
      resolveP({ url: `http://${host}:${address.port}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
}
