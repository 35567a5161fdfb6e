/**
 * The holder's phone for `npm run bench -- jitless` (scripts/bench-jitless.ts runs this file twice,
 * with and without `node --jitless`, against one simulator served over HTTP with JIT, as a real
 * government service would answer). Everything here runs as the mini-programs run it: the noble
 * backend, the app's PBKDF2 cost, the real stores, the QR painter of src/components/QrCanvas.
 *
 * `node [--jitless] --import tsx scripts/bench-holder.ts <api base url> [reps]` prints one JSON line:
 * each measure in ms (median of `reps`, default 3).
 */
import { performance } from 'node:perf_hooks'
import QRCode from 'qrcode'
import { createApiClient } from '../src/services/api/client'
import type { HttpTransport } from '../src/services/api/transport'
import { request as httpRequest } from 'node:http'
import { nobleBackend } from '../src/services/crypto'
import { PINNED_ROOT_KEYS } from '../src/services/trust/rootKeys'
import { certRegistry } from '../src/certs/registry'
import { createWalletStore } from '../src/store/walletStore'
import { createPresentationStore } from '../src/store/presentationStore'
import { verifyPresentation, ReplayCache } from '../src/services/presentation'
import { verifyTrustList } from '../src/services/trust/verifyTrustList'
import { DEFAULT_PIN_COST } from '../src/services/lock/pinLock'
import { memoryStorage } from '../test/support/memoryStorage'

export interface HolderMeasures {
  jitless: boolean
  /** The PIN's KDF cost (record v2). */
  cost: { iterations: number; squarings: number }
  /** lock → unlock(PIN): PBKDF2 + opening the vault (device key and seven credentials). */
  unlockMs: number
  /** lock → unlock(PIN) → a 亮证 QR (traffic-stop) made and painted. */
  unlockToQrMs: number
  /** Verifier side: one CW1 (traffic-stop) checked, issuer and device keys cached. */
  verifyCw1Ms: number
  /** The first CW1 check of a fresh verifier (trust list keys imported on the way). */
  verifyCw1ColdMs: number
  /** claim(all seven) over HTTP, each credential verified and sealed to the vault. */
  claimSevenMs: number
  /** The PIN's KDF alone at the app's cost (record v2). */
  kdfMs: number
  /** Record v1's KDF (PBKDF2 × 50,000), as every wallet before v2. */
  kdfV1Ms: number
}

const PIN = '135790'
/**
 * node:http, not fetch: Node's fetch (undici) parses HTTP with WebAssembly, which --jitless turns
 * off. A phone uses wx.request / my.request (native code) either way.
 */
const nodeHttp: HttpTransport = (r) => {
  let abort = () => {}
  const response = new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    const req = httpRequest(r.url, { method: r.method, headers: r.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    abort = () => req.destroy()
    req.end(r.body)
  })
  return { response, abort: () => abort() }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The painter's work (src/components/QrCanvas.tsx `qrMatrix` + `paintQr`) on a context that only counts. */
function drawQr(text: string): number {
  const qr = QRCode.create(/^[0-9A-Z $%*+\-./:]*$/.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  let rects = 0
  for (let row = 0; row < size; row++) {
    let col = 0
    while (col < size) {
      if (qr.modules.get(row, col) !== 1) {
        col++
        continue
      }
      while (col < size && qr.modules.get(row, col) === 1) col++
      rects++
    }
  }
  return rects
}

export async function measureHolder(baseUrl: string, reps = 3): Promise<HolderMeasures> {
  const jitless = typeof WebAssembly === 'undefined'
  const api = createApiClient({ baseUrl, request: nodeHttp })
  const storage = memoryStorage()
  const wallet = createWalletStore({
    api,
    backend: nobleBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
    storage
  })
  const presentation = createPresentationStore({
    api,
    wallet,
    backend: nobleBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    now: () => Date.now(),
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    storage: memoryStorage(),
    followWalletSync: false
  })
  const w = () => wallet.getState()
  if (!(await w().setupPin(PIN, PIN)).ok) throw new Error('bench: PIN setup failed')
  if (!(await w().beginFaceCheck('张明华', '44010619900315001X')) || !(await w().finishFaceCheck(true))) throw new Error('bench: sign-in failed ' + w().error)
  const ids = w().available.filter((a) => a.status === 'valid').map((a) => a.certId)

  let t = performance.now()
  const progress = await w().claim(ids, '求职学历核验')
  const claimSevenMs = performance.now() - t
  if (progress.failures.length || w().credentials.length !== 7) throw new Error('bench: claim ' + JSON.stringify(progress.failures))

  const refreshed = await presentation.getState().refresh({ purposes: ['traffic-stop'] })
  if (!refreshed.fetched.includes('traffic-stop')) throw new Error('bench: purpose credentials ' + JSON.stringify(refreshed.failed))

  const unlocks: number[] = []
  const toQr: number[] = []
  let text = ''
  for (let i = 0; i < reps; i++) {
    w().lockNow()
    t = performance.now()
    if (!(await w().unlock(PIN)).ok) throw new Error('bench: unlock failed')
    unlocks.push(performance.now() - t)
    w().lockNow()
    t = performance.now()
    if (!(await w().unlock(PIN)).ok) throw new Error('bench: unlock failed')
    const qr = await presentation.getState().present('traffic-stop')
    if (!qr) throw new Error('bench: present failed ' + presentation.getState().error)
    drawQr(qr.text)
    toQr.push(performance.now() - t)
    text = qr.text
  }

  const now = Math.floor(Date.now() / 1000)
  const trust = await verifyTrustList(w().trust.trustList!.jws, PINNED_ROOT_KEYS, nobleBackend, now)
  const check = () => verifyPresentation(text, { trust, registry: certRegistry, backend: nobleBackend, now, replay: new ReplayCache(), status: async () => 'valid' as const })
  t = performance.now()
  await check()
  const verifyCw1ColdMs = performance.now() - t
  const verifies: number[] = []
  for (let i = 0; i < Math.max(5, reps * 3); i++) {
    t = performance.now()
    await check()
    verifies.push(performance.now() - t)
  }

  // The KDF alone: unlock minus the vault.
  const { createPinRecord, unlockWithPin } = await import('../src/services/lock/pinLock')
  const rec = createPinRecord(PIN, new Uint8Array(32).fill(1), (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  t = performance.now()
  unlockWithPin(rec, PIN, Date.now())
  const kdfMs = performance.now() - t
  const { v1Record } = await import('./bench-lock')
  const old = v1Record(PIN, new Uint8Array(32).fill(1))
  t = performance.now()
  unlockWithPin(old, PIN, Date.now())
  const kdfV1Ms = performance.now() - t

  return { jitless, cost: DEFAULT_PIN_COST, unlockMs: median(unlocks), unlockToQrMs: median(toQr), verifyCw1Ms: median(verifies), verifyCw1ColdMs, claimSevenMs, kdfMs, kdfV1Ms }
}

if (require.main === module) {
  const [baseUrl, reps] = process.argv.slice(2)
  measureHolder(baseUrl, reps ? Number(reps) : 3).then(
    (m) => {
      process.stdout.write(JSON.stringify(m) + '\n')
      process.exit(0)
    },
    (e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n')
      process.exit(1)
    }
  )
}
