/**
 * The holder's side of 线上核验 (src/subpackages/online/store/onlineStore.ts) against the seeded
 * simulator: nothing is shown before the request checks out, nothing leaves without the PIN's
 * one-time grant, a refusal tells the RP and nothing else, and an approved answer verifies at the RP.
 */
import { createStore } from 'zustand/vanilla'
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { base64urlEncode } from '../../../../src/services/encoding'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { createOnlineStore } from '../../../../src/subpackages/online/store/onlineStore'
import { callerRequestOf, openOnlineResponse, requestUriText, type CallerRequest } from '../../../../src/services/online'
import { SHOP_MINI_PROGRAMS } from '../../../../mock/simulator/relyingParties'
import { base45Decode } from '../../../../src/services/presentation'
import { certRegistry, joseBackend, joseJwe, PINNED_ROOT_KEYS, requestText, signAuthorizationRequest, signRpRegistration, verifyOnlineResponse, verifyTrustList, type OpenRequest } from '../../../../src/verifier'
import { seedRegistrationCodes } from '../../../../mock/simulator/relyingParties'
import type { StoredPurposeBatch } from '../../../../src/services/wallet/purposeCredentials'
import type { PurposeId } from '../../../../src/certs/types'
import { installMockApi } from '../../../support/mockApi'
import { holderFor } from '../../../support/holderAuth'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
const { sim } = installMockApi({ now: () => new Date(T0) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = Math.floor(T0 / 1000)
const rand = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
const SHOP = '91440101MA5D7RQ21E'
const GRANT = 'pin-grant-1'

async function setup(opts: { setKeys?: boolean } = {}) {
  const sign = keyPairFromSecret(rand(32)).privateJwk
  const enc = keyPairFromSecret(rand(32)).privateJwk
  const responseUri = 'https://shop.example/response'
  const code = seedRegistrationCodes('certwallet-simulator-seed-v1').find((c) => c.id === SHOP)!.registrationCode
  await api.registerRelyingParty(await signRpRegistration(sign, { client_id: SHOP, registration_code: code, response_uri: responseUri, enc_jwk: enc, iat: nowSec }, joseBackend))
  const holder = holderFor(sim, '张明华', '44010619900315001X')
  // The wallet's sets since issue #16 are each bound to a key of their own (opts.setKeys); older ones to the device key.
  const keys = opts.setKeys ? [keyPairFromSecret(rand(40)), keyPairFromSecret(rand(40))] : null
  const raw = await api.issuePurposeCredentials(holder.auth, 'age-over-18', holder.device.publicJwk, keys ? keys.map((k) => k.publicJwk) : 2)
  const batch: StoredPurposeBatch = { purpose: 'age-over-18', kinds: raw.kinds, sets: raw.sets.map((s, i) => ({ credentials: s.credentials, expiresAt: Date.parse(raw.expiresAt) / 1000, ...(keys ? { key: keys[i].privateJwk } : {}) })), expiresAt: Date.parse(raw.expiresAt) / 1000, fetchedAt: T0, cursor: 0 } as StoredPurposeBatch
  const posted: { url: string; body: Record<string, unknown> }[] = []
  const served = new Map<string, string>()
  const returned: Record<string, string>[] = []
  let callerGone = false
  let grants = new Set([GRANT])
  const wallet = createStore(() => ({
    holder: { holderId: holder.holderId } as never,
    holderAuth: async () => holder.auth,
    deviceKey: holder.device.privateJwk,
    devicePublicKey: holder.device.publicJwk,
    consumeGrant: (g: string | null | undefined) => (g && grants.has(g) ? (grants.delete(g), true) : false)
  }))
  const presentation = createStore(() => ({ batches: { 'age-over-18': batch } as Partial<Record<PurposeId, StoredPurposeBatch>>, refresh: async () => ({ fetched: [], failed: {} }) }))
  const store = createOnlineStore({
    api,
    post: async (url, body) => void posted.push({ url, body }),
    fetchRequest: async (url) => {
      const jws = served.get(url)
      if (!jws) throw new Error('not served: ' + url)
      return jws
    },
    wallet,
    presentation: presentation as never,
    backend: joseBackend,
    jwe: joseJwe,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    now: () => T0,
    returnToCaller: async (extraData) => {
      if (callerGone) throw new Error('navigateBackMiniProgram:fail')
      returned.push(extraData)
    }
  })
  const request = async (purpose: PurposeId, claims: string[]) => {
    const nonce = base64urlEncode(rand(18))
    const state = base64urlEncode(rand(12))
    const open: OpenRequest = { clientId: SHOP, purpose, claims, nonce, state, exp: nowSec + 300 }
    return { text: requestText(await signAuthorizationRequest({ clientId: SHOP, responseUri, purpose, claims, nonce, state, iat: nowSec }, sign, joseBackend)), open }
  }
  return { store, posted, served, returned, request, enc, holder, keys, resetGrants: () => (grants = new Set([GRANT])), dropCaller: () => (callerGone = true) }
}

it('a set bound to its own key (issue #16): the response is signed by that key, the pseudonym bound to it, and the RP verifies it', async () => {
  const { store, posted, request, enc, keys, holder } = await setup({ setKeys: true })
  const { text, open } = await request('age-over-18', ['age_over_18'])
  expect(await store.getState().open(text)).toBe(true)
  expect(await store.getState().approve(GRANT)).toBe(true)
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec)
  const v = await verifyOnlineResponse(posted[0].body.response, { trust, registry: certRegistry, backend: joseBackend, now: nowSec, decryptionKey: enc, jwe: joseJwe, requestFor: async () => open, spend: async () => true })
  expect(v.claims).toEqual({ age_over_18: true })
  const opened = await openOnlineResponse(posted[0].body.response, enc, joseJwe)
  const body = base45Decode(opened.presentation.slice(4))
  const hex = Buffer.from(body).toString('hex')
  expect(hex).toContain(Buffer.from(keys![0].publicJwk.x, 'base64url').toString('hex'))
  expect(hex).not.toContain(Buffer.from(holder.device.publicJwk.x, 'base64url').toString('hex'))
})

it('consent names the registered RP and exactly the fields; the PIN grant sends an answer the RP verifies', async () => {
  const { store, posted, request, enc } = await setup()
  const { text, open } = await request('age-over-18', ['age_over_18'])
  expect(await store.getState().open(text)).toBe(true)
  expect(store.getState()).toMatchObject({ phase: 'consent', view: { rp: { id: SHOP, name: '粤信通网上营业厅' } }, plan: [{ fields: ['age_over_18'] }] })
  expect(await store.getState().approve(GRANT)).toBe(true)
  expect(store.getState().phase).toBe('done')
  expect(posted).toHaveLength(1)
  expect(posted[0].url).toBe('https://shop.example/response')
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec)
  const v = await verifyOnlineResponse(posted[0].body.response, { trust, registry: certRegistry, backend: joseBackend, now: nowSec, decryptionKey: enc, jwe: joseJwe, requestFor: async () => open, spend: async () => true })
  expect(v.claims).toEqual({ age_over_18: true })
})

it('without the PIN grant nothing is sent (ERR_LOCKED), and the consent stays', async () => {
  const { store, posted, request } = await setup()
  await store.getState().open((await request('age-over-18', ['age_over_18'])).text)
  expect(await store.getState().approve('not-a-grant')).toBe(false)
  expect(store.getState()).toMatchObject({ phase: 'consent', error: 'ERR_LOCKED' })
  expect(posted).toEqual([])
})

it('over-asking and a tampered request are refused before anything is shown; nothing is posted', async () => {
  const { store, posted, request } = await setup()
  expect(await store.getState().open((await request('hotel', ['name', 'id_number'])).text)).toBe(false)
  expect(store.getState()).toMatchObject({ phase: 'refused', error: 'ERR_RP_OVER_ASKING', view: null })
  const { text } = await request('age-over-18', ['age_over_18'])
  expect(await store.getState().open(text.slice(0, -3) + (text.endsWith('AAA') ? 'BBB' : 'AAA'))).toBe(false)
  expect(store.getState()).toMatchObject({ phase: 'refused', error: 'ERR_RP_REQUEST_INVALID', view: null })
  expect(posted).toEqual([])
})

it('declining tells the RP access_denied with its state, and nothing else', async () => {
  const { store, posted, request } = await setup()
  const { text, open } = await request('age-over-18', ['age_over_18'])
  await store.getState().open(text)
  await store.getState().decline()
  expect(store.getState().phase).toBe('declined')
  expect(posted).toEqual([{ url: 'https://shop.example/response', body: { error: 'access_denied', state: open.state } }])
})

it('a QR by reference (openid4vp://…request_uri): fetched from the RP, checked the same way, and only from the RP’s own origin', async () => {
  const { store, served, request } = await setup()
  const { text } = await request('age-over-18', ['age_over_18'])
  served.set('https://shop.example/request/1', text.slice('CWR1:'.length))
  expect(await store.getState().open(requestUriText(SHOP, 'https://shop.example/request/1'))).toBe(true)
  expect(store.getState().view?.rp.name).toBe('粤信通网上营业厅')
  // The same signed request served from another origin, or named under another client_id: refused.
  served.set('https://evil.example/request/1', text.slice('CWR1:'.length))
  expect(await store.getState().open(requestUriText(SHOP, 'https://evil.example/request/1'))).toBe(false)
  expect(store.getState()).toMatchObject({ phase: 'refused', error: 'ERR_RP_REQUEST_INVALID', view: null })
  expect(await store.getState().open(requestUriText('91440106MA9Y4TKP3T', 'https://shop.example/request/1'))).toBe(false)
  expect(store.getState().error).toBe('ERR_RP_REQUEST_INVALID')
})

describe('same-device from another mini-program (navigateToMiniProgram extraData)', () => {
  const REQ = 'https://shop.example/request/7'
  const callerFrom = (appId: string, platform: 'weapp' | 'alipay' = 'weapp', requestUri = REQ, clientId = SHOP): CallerRequest =>
    callerRequestOf({ scene: 1037, referrerInfo: { appId, extraData: { client_id: clientId, request_uri: requestUri } } }, platform)!

  it('the RP’s registered mini-program: consent, the PIN, the answer to the RP, and only {sent, state} back to the caller', async () => {
    const { store, served, posted, returned, request, enc } = await setup()
    const { text, open } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    const caller = callerFrom(SHOP_MINI_PROGRAMS.weapp[0])
    expect(await store.getState().open(caller.text, caller)).toBe(true)
    expect(store.getState()).toMatchObject({ phase: 'consent', caller: { appId: SHOP_MINI_PROGRAMS.weapp[0] } })
    expect(returned).toEqual([])
    expect(await store.getState().approve(GRANT)).toBe(true)
    expect(returned).toEqual([{ type: 'certwallet-online-result', request_uri: REQ, status: 'sent', state: open.state }])
    // The credential went to the RP's endpoint, not to the caller.
    expect(posted.map((p) => p.url)).toEqual(['https://shop.example/response'])
    const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec)
    const v = await verifyOnlineResponse(posted[0].body.response, { trust, registry: certRegistry, backend: joseBackend, now: nowSec, decryptionKey: enc, jwe: joseJwe, requestFor: async () => open, spend: async () => true })
    expect(v.claims).toEqual({ age_over_18: true })
    expect(JSON.stringify(returned)).not.toContain(String(posted[0].body.response).slice(0, 40))
  })

  it('Alipay: the RP’s Alipay app id is accepted; a decline goes back as declined, and the RP hears access_denied', async () => {
    const { store, served, posted, returned, request } = await setup()
    const { text, open } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    const caller = callerFrom(SHOP_MINI_PROGRAMS.alipay[0], 'alipay')
    expect(await store.getState().open(caller.text, caller)).toBe(true)
    await store.getState().decline()
    expect(posted).toEqual([{ url: 'https://shop.example/response', body: { error: 'access_denied', state: open.state } }])
    expect(returned).toEqual([{ type: 'certwallet-online-result', request_uri: REQ, status: 'declined', state: open.state }])
  })

  it('a stranger mini-program relaying the RP’s genuine request is refused (ERR_RP_UNKNOWN) before consent; the RP gets nothing', async () => {
    const { store, served, posted, returned, request } = await setup()
    const { text } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    // Another WeChat app, another Alipay app.
    for (const caller of [callerFrom('wx0123456789abcdef'), callerFrom('2021000000000001', 'alipay')]) {
      expect(await store.getState().open(caller.text, caller)).toBe(false)
      expect(store.getState()).toMatchObject({ phase: 'refused', error: 'ERR_RP_UNKNOWN', view: null })
    }
    expect(posted).toEqual([])
    // The refusal goes back when the holder asks, with the code and no state from the unchecked request.
    expect(await store.getState().returnToCaller()).toBe(true)
    expect(returned).toEqual([{ type: 'certwallet-online-result', request_uri: REQ, status: 'refused', error: 'ERR_RP_UNKNOWN' }])
  })

  it('the RP with no mini-programs registered: any caller is refused', async () => {
    const { store, served, request } = await setup()
    const { text } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    const hotel = '91440106MA9Y4TKP3T'
    const caller = callerFrom(SHOP_MINI_PROGRAMS.weapp[0], 'weapp', REQ, hotel)
    expect(await store.getState().open(caller.text, caller)).toBe(false)
    // The link's client_id (the hotel) is not the signer (the shop): the request check refuses first.
    expect(store.getState().error).toBe('ERR_RP_REQUEST_INVALID')
  })

  it('a caller whose extraData names another request than the one opened is refused', async () => {
    const { store, served, request } = await setup()
    const { text } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    const caller = callerFrom(SHOP_MINI_PROGRAMS.weapp[0])
    expect(await store.getState().open(requestUriText(SHOP, REQ), { ...caller, requestUri: 'https://shop.example/request/other' })).toBe(false)
    expect(store.getState()).toMatchObject({ phase: 'refused', error: 'ERR_RP_REQUEST_INVALID' })
  })

  it('when the caller is gone the page keeps the outcome (returnToCaller resolves false), and nothing is lost', async () => {
    const { store, served, posted, returned, request, dropCaller } = await setup()
    const { text } = await request('age-over-18', ['age_over_18'])
    served.set(REQ, text.slice('CWR1:'.length))
    const caller = callerFrom(SHOP_MINI_PROGRAMS.weapp[0])
    await store.getState().open(caller.text, caller)
    dropCaller()
    expect(await store.getState().approve(GRANT)).toBe(true)
    expect(store.getState().phase).toBe('done')
    expect(posted).toHaveLength(1)
    expect(returned).toEqual([])
  })

  it('without a caller nothing goes back', async () => {
    const { store, returned, request } = await setup()
    await store.getState().open((await request('age-over-18', ['age_over_18'])).text)
    await store.getState().decline()
    expect(await store.getState().returnToCaller()).toBe(false)
    expect(returned).toEqual([])
  })
})
