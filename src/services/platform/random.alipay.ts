import type { randomBytes as Api } from './random'
import { WalletError } from '../errors'

// NOTE: Alipay documents no CSPRNG for mini-programs: there is no my.getRandomValues, and the logic
// layer has no `crypto` (public reports of real-device probes; docs/platforms.md). A Worker started
// with my.createWorker (base library 1.11.0+, documented) has crypto.getRandomValues (reported on
// the simulator and iOS, not documented): src/workers/random.js answers our requests with bytes.
// When that fails we refuse to make keys (ERR_PLATFORM_UNSUPPORTED: "当前支付宝版本过低，请升级后使用"),
// never falling back to a non-cryptographic generator.

interface AlipayWorker {
  postMessage(message: Record<string, unknown>): void
  onMessage(listener: (message: unknown) => void): void
  terminate?(): void
}

declare const my: { createWorker?(scriptPath: string, options?: { useExperimentalWorker?: boolean }): AlipayWorker }

/** Path of the worker script in the package; app.json `workers` lists it (src/app.config.ts). */
export const RANDOM_WORKER_PATH = 'workers/random.js'
/** A worker that is not wired (not declared, not shipped) never answers: give up after this. */
export const RANDOM_WORKER_TIMEOUT_MS = 10000
/** Bytes per request (the worker's limit, as WebCrypto's getRandomValues). */
const CHUNK = 65536

interface Pending {
  length: number
  resolve(bytes: Uint8Array): void
  reject(e: unknown): void
  timer: ReturnType<typeof setTimeout>
}

let worker: AlipayWorker | null = null
let nextId = 0
const pending = new Map<number, Pending>()

function unsupported(detail: string, cause?: unknown): WalletError {
  return new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: `alipay-random: ${detail}`, cause })
}

/** Fails every request in flight and drops the worker (the next request starts a new one). */
function failAll(e: WalletError): void {
  for (const p of pending.values()) {
    clearTimeout(p.timer)
    p.reject(e)
  }
  pending.clear()
  try {
    worker?.terminate?.()
  } catch {
    // already gone
  }
  worker = null
}

function onReply(message: unknown): void {
  const m = (message && typeof message === 'object' ? message : {}) as { id?: unknown; ok?: unknown; bytes?: unknown; error?: unknown }
  const p = typeof m.id === 'number' ? pending.get(m.id) : undefined
  if (!p) {
    // A reply we cannot match (id -1: the worker did not understand us): nothing can be trusted.
    if (m.id === -1) failAll(unsupported(`worker refused a request: ${String(m.error)}`))
    return
  }
  pending.delete(m.id as number)
  clearTimeout(p.timer)
  const bytes = m.bytes
  if (m.ok !== true || !Array.isArray(bytes) || bytes.length !== p.length) {
    // No crypto in the worker (or a broken answer): the same for every later request.
    const e = unsupported(m.ok === true ? 'malformed reply' : String(m.error))
    p.reject(e)
    failAll(e)
    return
  }
  const out = new Uint8Array(p.length)
  for (let i = 0; i < p.length; i++) {
    const b = bytes[i]
    if (typeof b !== 'number' || b < 0 || b > 255 || Math.floor(b) !== b) {
      p.reject(unsupported('malformed reply'))
      return
    }
    out[i] = b
  }
  p.resolve(out)
}

function startWorker(): AlipayWorker {
  if (worker) return worker
  if (typeof my === 'undefined' || typeof my.createWorker !== 'function') throw unsupported('no my.createWorker')
  let w: AlipayWorker
  try {
    // useExperimentalWorker: as in the public probe reports (iOS runs the experimental worker).
    w = my.createWorker(RANDOM_WORKER_PATH, { useExperimentalWorker: true })
  } catch (e) {
    throw unsupported('my.createWorker failed', e)
  }
  if (!w || typeof w.postMessage !== 'function' || typeof w.onMessage !== 'function') throw unsupported('no worker object')
  w.onMessage(onReply)
  worker = w
  return w
}

function chunk(length: number): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    let w: AlipayWorker
    try {
      w = startWorker()
    } catch (e) {
      reject(e)
      return
    }
    const id = nextId++
    const timer = setTimeout(() => {
      if (pending.delete(id)) reject(unsupported('worker did not answer'))
      failAll(unsupported('worker did not answer'))
    }, RANDOM_WORKER_TIMEOUT_MS)
    pending.set(id, { length, resolve, reject, timer })
    try {
      w.postMessage({ type: 'random', id, length })
    } catch (e) {
      pending.delete(id)
      clearTimeout(timer)
      reject(unsupported('postMessage failed', e))
    }
  })
}

export const randomBytes: typeof Api = async (length) => {
  if (!Number.isInteger(length) || length < 0) throw new WalletError('ERR_UNKNOWN', { detail: 'random length' })
  const out = new Uint8Array(length)
  for (let off = 0; off < length; off += CHUNK) out.set(await chunk(Math.min(CHUNK, length - off)), off)
  return out
}
