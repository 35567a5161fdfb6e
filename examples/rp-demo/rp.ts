import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha256'
import QRCode from 'qrcode'
import { createApiClient, type ApiClient } from '../../src/services/api/client'
import { createFetchTransport } from '../../src/services/api/fetchTransport'
import { base64urlEncode, utf8Encode } from '../../src/services/encoding'
import {
  certRegistry,
  findRelyingParty,
  isWalletError,
  joseBackend,
  joseJwe,
  keyPairFromSecret,
  PINNED_ROOT_KEYS,
  requestText,
  requestUriText,
  signAuthorizationRequest,
  signRpRegistration,
  toWalletError,
  verifyInstitutionRegistry,
  verifyOnlineResponse,
  verifyTrustList,
  type EcPrivateJwk,
  type TrustList
} from '../../src/verifier'
import type { PurposeId } from '../../src/certs/types'
import type { RequestOutcome, RpStore } from './store'

export interface RpConfig {
  /** The government platform (the simulator: `npm run mock`, or `npm start`'s origin). */
  govApi: string
  /** 统一社会信用代码 the platform approved this RP under. */
  clientId: string
  /** The one-time code the platform handed out (seeded: `npm run mock` prints it). */
  registrationCode: string
  /** Where this RP is reachable by the wallet: its response_uri is `<publicUrl>/response`. */
  publicUrl: string
  /** Keys are derived from it, so every process of one RP signs and decrypts with the same keys. */
  secret: string
  purpose: PurposeId
  claims: string[]
  store: RpStore
  now?: () => number
  /** Request lifetime (s). */
  requestTtlSec?: number
}

const derive = (secret: string, label: string): EcPrivateJwk => keyPairFromSecret(hmac(sha256, utf8Encode(secret), utf8Encode(label))).privateJwk

/** The RP's signing and encryption keys, derived from its secret (every process of one RP has the same). */
export const rpKeys = (secret: string): { sign: EcPrivateJwk; enc: EcPrivateJwk } => ({ sign: derive(secret, 'rp-sign'), enc: derive(secret, 'rp-enc') })
const rand = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

export interface StartedRequest {
  state: string
  /** The whole signed request (CWR1:…): for pasting and the same-device link. */
  text: string
  /** What the QR holds: the by-reference link (openid4vp://?client_id=…&request_uri=…). */
  qrText: string
  qrDataUrl: string
  qrVersion: number
  expiresAt: number
}

/**
 * A relying party (网上营业厅 · 开户核验): registers itself with the platform once (keys derived from
 * its secret, so a second process finds itself registered), starts signed requests, receives the
 * wallet's `direct_post` and verifies it with the package's verifier entry point (src/verifier).
 */
export function createRp(cfg: RpConfig) {
  const now = cfg.now ?? (() => Date.now())
  const nowSec = () => Math.floor(now() / 1000)
  const { sign, enc } = rpKeys(cfg.secret)
  const responseUri = cfg.publicUrl.replace(/\/$/, '') + '/response'
  const ttl = cfg.requestTtlSec ?? 300
  const api: ApiClient = createApiClient({ baseUrl: cfg.govApi, request: createFetchTransport(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), maxRetries: 1 })
  let trust: { list: TrustList; at: number } | null = null
  let name = ''

  async function trustList(): Promise<TrustList> {
    if (!trust || now() - trust.at > 5 * 60_000) trust = { list: await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec()), at: now() }
    return trust.list
  }

  return {
    responseUri,
    get name() {
      return name
    },

    /** Registered already with these keys and endpoint (another process did it), or registers now. */
    async ensureRegistered(): Promise<{ name: string; registeredNow: boolean }> {
      const reg = await verifyInstitutionRegistry((await api.institutionRegistry()).registry, PINNED_ROOT_KEYS, joseBackend, nowSec())
      const entry = findRelyingParty(reg, cfg.clientId)
      if (entry && entry.key!.jwk.x === sign.x && entry.encKey!.x === enc.x && entry.responseUri === responseUri) {
        name = entry.name
        return { name, registeredNow: false }
      }
      const registration = await signRpRegistration(sign, { client_id: cfg.clientId, registration_code: cfg.registrationCode, response_uri: responseUri, enc_jwk: enc, iat: nowSec() }, joseBackend)
      const r = await api.registerRelyingParty(registration)
      name = r.name
      return { name, registeredNow: true }
    },

    async startRequest(): Promise<StartedRequest> {
      const nonce = base64urlEncode(rand(18))
      const state = base64urlEncode(rand(12))
      const iat = nowSec()
      const jws = await signAuthorizationRequest({ clientId: cfg.clientId, responseUri, purpose: cfg.purpose, claims: cfg.claims, nonce, state, iat, lifetimeSec: ttl }, sign, joseBackend)
      await cfg.store.putRequest({ clientId: cfg.clientId, purpose: cfg.purpose, claims: cfg.claims, nonce, state, exp: iat + ttl, jws }, ttl + 60)
      const text = requestText(jws)
      const qrText = requestUriText(cfg.clientId, `${cfg.publicUrl.replace(/\/$/, '')}/request/${state}`)
      const qr = QRCode.create(qrText, { errorCorrectionLevel: 'M' })
      return { state, text, qrText, qrDataUrl: await QRCode.toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }), qrVersion: qr.version, expiresAt: iat + ttl }
    },

    /**
     * The wallet's post to the response_uri: `{ response: <JWE> }`, or `{ error: 'access_denied', state }`
     * when the holder declined. Returns the HTTP status and body to answer with.
     */
    async receive(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
      const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
      if (typeof b.error === 'string' && typeof b.state === 'string') {
        if (!(await cfg.store.getRequest(b.state))) return { status: 404, body: { code: 'ERR_NOT_FOUND' } }
        await cfg.store.settle(b.state, { status: 'declined' }, 3600)
        return { status: 200, body: { ok: true } }
      }
      try {
        const v = await verifyOnlineResponse(b.response, {
          trust: await trustList(),
          registry: certRegistry,
          backend: joseBackend,
          now: nowSec(),
          decryptionKey: enc,
          jwe: joseJwe,
          requestFor: (state) => cfg.store.getRequest(state),
          spend: (id, until) => cfg.store.spend(id, until, nowSec())
        })
        const settled = await cfg.store.settle(v.state, { status: 'verified', subject: v.subject, claims: v.claims, purpose: v.purpose, verifiedAt: nowSec() }, 3600)
        if (!settled) return { status: 409, body: { code: 'ERR_REPLAYED' } }
        return { status: 200, body: { ok: true } }
      } catch (e) {
        const code = isWalletError(e) ? e.code : toWalletError(e).code
        return { status: code === 'ERR_NOT_FOUND' ? 404 : 400, body: { code } }
      }
    },

    /** The signed request behind a QR's request_uri, while it is open (null: unknown or expired). */
    async requestObject(state: string): Promise<string | null> {
      const req = await cfg.store.getRequest(state)
      return req && req.exp >= nowSec() && typeof req.jws === 'string' ? req.jws : null
    },

    outcome(state: string): Promise<RequestOutcome | null> {
      return cfg.store.outcome(state)
    }
  }
}

export type Rp = ReturnType<typeof createRp>
