/**
 * The servers the offline browser tests run against, in one place so the start-up can be switched
 * later (e.g. to `npm start` serving the app and the simulator API on one origin):
 *
 * - the government-API simulator as its own HTTP server: `mock/server.ts` (what `npm run mock`
 *   runs), started as a child process on OFFLINE_API_PORT;
 * - the H5 app built against that server (TARO_APP_H5_SIMULATOR=http with TARO_APP_MOCK_URL, so no
 *   in-page simulator: with one, "offline" could not be real), served over HTTP by
 *   scripts/serve-static.mjs from dist/offline/h5.
 *
 * Build it first:
 *   CERTWALLET_DIST_ROOT=dist/offline TARO_APP_H5_SIMULATOR=http TARO_APP_MOCK_URL=http://127.0.0.1:19527 npx taro build --type h5
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
// @ts-expect-error plain ESM script without types
import { serveStatic } from '../../scripts/serve-static.mjs'

export const OFFLINE_API_PORT = 19527
export const OFFLINE_API_URL = `http://127.0.0.1:${OFFLINE_API_PORT}`
const ROOT = join(__dirname, '..', '..')
export const OFFLINE_DIST = join(ROOT, 'dist', 'offline', 'h5')
export const OFFLINE_BUILD = `CERTWALLET_DIST_ROOT=dist/offline TARO_APP_H5_SIMULATOR=http TARO_APP_MOCK_URL=${OFFLINE_API_URL} npx taro build --type h5`

export interface OfflineStack {
  /** Where the app is served, e.g. http://127.0.0.1:41234 (the same origin after appDown/appUp). */
  readonly appUrl: string
  readonly apiUrl: string
  /** Stops serving the app (nothing answers at appUrl), so no file can come from the network. */
  appDown(): Promise<void>
  /** Serves the app again on the same origin (service-worker registrations and storage are per origin). */
  appUp(): Promise<void>
  close(): Promise<void>
}

function checkBuild(): void {
  const index = join(OFFLINE_DIST, 'index.html')
  if (!existsSync(index) || !existsSync(join(OFFLINE_DIST, 'sw.js'))) {
    throw new Error(`${OFFLINE_DIST} (with sw.js) is missing. Build it first: ${OFFLINE_BUILD}`)
  }
  // An app built against another API (or the in-page simulator) would make these tests meaningless.
  const js = readFileSync(index, 'utf8').match(/src="\/(js\/app\.[^"]+\.js)"/)
  if (!js || !readFileSync(join(OFFLINE_DIST, js[1]), 'utf8').includes(OFFLINE_API_URL)) {
    throw new Error(`${OFFLINE_DIST} was not built against ${OFFLINE_API_URL}. Rebuild: ${OFFLINE_BUILD}`)
  }
}

async function startApi(): Promise<ChildProcess> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'mock', 'server.ts'), '--memory'], {
    cwd: ROOT,
    env: { ...process.env, MOCK_PORT: String(OFFLINE_API_PORT), MOCK_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock/server.ts did not start in 30 s:\n${output}`)), 30_000)
    const onData = (d: Buffer) => {
      output += d.toString()
      if (output.includes('listening at')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`mock/server.ts exited (${code}) before listening (port ${OFFLINE_API_PORT} busy?):\n${output}`))
    })
  })
  return child
}

export async function startOfflineStack(): Promise<OfflineStack> {
  checkBuild()
  const api = await startApi()
  let app: { url: string; close(): Promise<void> } | null = await serveStatic(OFFLINE_DIST)
  const appUrl = app!.url
  const port = Number(new URL(appUrl).port)
  return {
    appUrl,
    apiUrl: OFFLINE_API_URL,
    async appDown() {
      await app?.close()
      app = null
    },
    async appUp() {
      if (!app) app = await serveStatic(OFFLINE_DIST, { port })
    },
    async close() {
      await app?.close()
      app = null
      if (api.exitCode === null) {
        const exited = new Promise((r) => api.once('exit', r))
        api.kill('SIGTERM')
        await exited
      }
    }
  }
}
