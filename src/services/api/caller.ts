import type { GenericSchema, InferOutput } from 'valibot'
import { ErrorCodes, WalletError, isWalletError, type ErrorCode } from '../errors'
import { INSTITUTION_SIGNATURE_HEADER, type InstitutionSigner } from '../institution/requestSignature'
import { API_PREFIX, type Operation } from './holderOperations'
import type { OperationId } from './operations'
import type { responseSchemas } from './generated/schemas'
import { schemaMismatch } from './schemaCheck'
import type { HttpCall, HttpRequest, HttpResponse, HttpTransport } from './transport'
import type * as T from './types'
import type { DpopSigner, HolderAuth } from './holderAuth'

/*
 * How every API call is made (retries, timeouts, DPoP proofs, institution signatures, the answer's
 * schema check), over a table of operations and their response schemas: the full client
 * (client.ts) passes all of them, the holder client of the WeChat main package (holderClient.ts)
 * only its own, so the main package carries neither the other operations nor their schemas (issue #12).
 */

export interface ApiClientOptions {
  /**
   * Origin (and any prefix) that `/api/v1/...` is appended to; '' = same origin (H5).
   * See `apiBase` for the configured default.
   */
  baseUrl: string
  /**
   * How requests leave: `taroTransport` in the app (see createDefaultApiClient), `createFetchTransport()`
   * in Node tools and tests. Required here so that Node code never loads @tarojs/taro.
   */
  request: HttpTransport
  /** Waits between attempts; tests pass a fake that records the delays. */
  sleep?: (ms: number) => Promise<void>
  /** Clock for HTTP-date Retry-After values. */
  now?: () => Date
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number
  /** First backoff delay; doubles each retry (500, 1000, 2000 …), capped at 8 s. Default 500 ms. */
  baseDelayMs?: number
  /**
   * The longest Retry-After the client waits out. A longer one ends the call at once with
   * ERR_RATE_LIMITED / ERR_SERVER and `retryAfterSeconds`, so the UI can say when to try again
   * instead of hanging. Default 10 s.
   */
  maxRetryAfterSeconds?: number
}

export interface CallInput {
  pathParams?: Record<string, string>
  query?: Record<string, string | undefined>
  body?: unknown
  headers?: Record<string, string>
  /** A holder call: `Authorization: DPoP <token>` and a fresh `DPoP` proof on every attempt. */
  holder?: HolderAuth
  /** The refresh call: a `DPoP` proof by the device key alone. */
  dpop?: DpopSigner
  /** An institution call: each attempt gets a fresh X-Institution-Signature (new jti and iat). */
  signer?: InstitutionSigner
}

/** Body type of an operation's 2xx answer (generated from the yaml). */
export type ResponseOf<Id extends OperationId> = InferOutput<(typeof responseSchemas)[Id]>

const MAX_BACKOFF_MS = 8000
const knownCodes: ReadonlySet<string> = new Set(ErrorCodes)

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  // An HTTP date names a weekday or month; Date.parse alone would read '-3' as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000))
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'ERR_UNAUTHORIZED'
  if (status === 404) return 'ERR_NOT_FOUND'
  if (status === 409) return 'ERR_CONFLICT'
  if (status === 429) return 'ERR_RATE_LIMITED'
  if (status >= 500) return 'ERR_SERVER'
  return 'ERR_BAD_REQUEST'
}

/** The simulator's face page (mock/openapi.yaml, tag mock): at the origin root, not below API_PREFIX. */
export const SIMULATED_FACE_PATH = '/__mock/face-checks'

/** Exactly one ticket field, under the platform's name; anything else never leaves the phone. */
export function faceProofBody(proof: T.FaceProof): T.FaceSessionComplete {
  if ('verifyResult' in proof && typeof proof.verifyResult === 'string' && proof.verifyResult) return { verifyResult: proof.verifyResult }
  if ('zimId' in proof && typeof proof.zimId === 'string' && proof.zimId) return { zimId: proof.zimId }
  throw new WalletError('ERR_FACE_PROOF_REQUIRED', { detail: 'client' })
}

/** A non-2xx answer → WalletError: the body's `code` when it is one of ours, else by status. */
export function errorFromResponse(operationId: OperationId | 'simulateFaceCheck', res: HttpResponse, retryAfterSeconds: number | undefined): WalletError {
  let code = codeForStatus(res.status)
  try {
    const body = JSON.parse(res.body) as { code?: unknown }
    if (typeof body?.code === 'string' && knownCodes.has(body.code)) code = body.code as ErrorCode
  } catch {
    // An HTML error page from a proxy: keep the status mapping.
  }
  return new WalletError(code, { detail: `${operationId}: HTTP ${res.status}`, retryAfterSeconds })
}

function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (status === 429) return true
  return idempotent && status >= 500 && status !== 501 && status !== 505
}

function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (!value) throw new WalletError('ERR_BAD_REQUEST', { detail: `missing path parameter ${name}` })
    return encodeURIComponent(value)
  })
}

function queryString(query: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** The operations a client calls and the schemas of their answers. */
export interface CallTable {
  operations: Partial<Record<OperationId, Operation>>
  responseSchemas: Partial<Record<OperationId, GenericSchema>>
}

/**
 * The request machinery of the API clients (mock/openapi.yaml).
 *
 * Per attempt a timeout (→ ERR_TIMEOUT); no answer → ERR_NETWORK. 429 is retried for every
 * operation; 5xx, timeouts and network failures only for idempotent ones (see `operations`).
 * Delays: Retry-After when given (up to `maxRetryAfterSeconds`), else 500 ms · 2^retry.
 *
 * @example
 * const api = createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport })
 * const { items } = await api.listCertificates(holder)
 */
export function createCaller(options: ApiClientOptions, table: CallTable) {
  const transport = options.request
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? (() => new Date())
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxRetries = options.maxRetries ?? 3
  const baseDelayMs = options.baseDelayMs ?? 500
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 10
  const base = options.baseUrl.replace(/\/+$/, '')

  function attempt(request: HttpRequest): Promise<HttpResponse> {
    let call: HttpCall
    try {
      call = transport(request)
    } catch (e) {
      return Promise.reject(e)
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        call.abort()
        reject(new WalletError('ERR_TIMEOUT', { detail: `no answer within ${timeoutMs} ms` }))
      }, timeoutMs)
      call.response.then(
        (res) => {
          clearTimeout(timer)
          resolve(res)
        },
        (e: unknown) => {
          clearTimeout(timer)
          reject(e)
        }
      )
    })
  }

  async function call<Id extends OperationId>(operationId: Id, input: CallInput = {}): Promise<ResponseOf<Id>> {
    const op = table.operations[operationId]
    // A client built over part of the table (the holder client) has no other operation.
    if (!op) throw new WalletError('ERR_BAD_REQUEST', { detail: `${operationId}: not an operation of this client` })
    const headers: Record<string, string> = { Accept: 'application/json', ...input.headers }
    let body: string | undefined
    if (input.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(input.body)
    }
    const path = API_PREFIX + fillPath(op.path, input.pathParams)
    const apiPath = path + queryString(input.query)
    const request: HttpRequest = {
      url: base + apiPath,
      method: op.method,
      headers,
      body,
      timeoutMs
    }
    if (input.holder) headers.Authorization = `DPoP ${input.holder.token}`

    for (let retry = 0; ; retry++) {
      let res: HttpResponse
      try {
        // A proof is single use: a new one for every attempt (htu is the path, without the query).
        if (input.holder) headers.DPoP = await input.holder.proof(op.method, path)
        else if (input.dpop) headers.DPoP = await input.dpop(op.method, path)
        if (input.signer) headers[INSTITUTION_SIGNATURE_HEADER] = await input.signer.sign({ method: op.method, path: apiPath, body: body ?? '' })
        res = await attempt({ ...request, headers: { ...headers } })
      } catch (e) {
        const error = isWalletError(e) && (e.code === 'ERR_TIMEOUT' || e.code === 'ERR_NETWORK')
          ? e
          : new WalletError('ERR_NETWORK', { cause: e, detail: operationId })
        if (!op.idempotent || retry >= maxRetries) throw error
        await sleep(Math.min(baseDelayMs * 2 ** retry, MAX_BACKOFF_MS))
        continue
      }

      if (res.status >= 200 && res.status < 300) return parseBody(operationId, res) as ResponseOf<Id>

      const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], now())
      const error = errorFromResponse(operationId, res, retryAfterSeconds)
      if (!isRetryableStatus(res.status, op.idempotent) || retry >= maxRetries) throw error
      if (retryAfterSeconds !== undefined && retryAfterSeconds > maxRetryAfterSeconds) throw error
      await sleep(retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(baseDelayMs * 2 ** retry, MAX_BACKOFF_MS))
    }
  }

  function parseBody(operationId: OperationId, res: HttpResponse): unknown {
    let value: unknown
    try {
      value = JSON.parse(res.body)
    } catch (e) {
      throw new WalletError('ERR_BAD_RESPONSE', { cause: e, detail: `${operationId}: not JSON` })
    }
    const schema = table.responseSchemas[operationId]
    const mismatch = schema ? schemaMismatch(schema, value) : `no response schema`
    if (mismatch) throw new WalletError('ERR_BAD_RESPONSE', { detail: `${operationId}: ${mismatch}` })
    return value
  }

  return { call, attempt, base, timeoutMs }
}

export type Caller = ReturnType<typeof createCaller>
