/**
 * Issue #16, the online flow through the simulator's HTTP doors: a relying party registers with its
 * one-time code (and strangers cannot), signs a request; the wallet checks it against the
 * root-signed registry before anything is shown, refuses over-asking, gets a platform-signed
 * pairwise subject, answers with a key-bound CW1 encrypted to the RP; the RP verifies it with the
 * verifier entry point. Pairwise ids differ across RPs and repeat at one; replays are refused.
 */
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { base64urlDecode, base64urlEncode, utf8Encode } from '../../../../src/services/encoding'
import { keyPairFromSecret, sm2KeyPairFromSecret } from '../../../../src/services/crypto'
import type { EcPrivateJwk } from '../../../../src/services/crypto/types'
import {
  certRegistry,
  createOnlineResponse,
  disclosurePlan,
  joseBackend,
  joseJwe,
  nobleJwe,
  webCryptoJwe,
  PINNED_ROOT_KEYS,
  requestText,
  signAuthorizationRequest,
  signRpRegistration,
  verifyAuthorizationRequest,
  verifyInstitutionRegistry,
  verifyOnlineResponse,
  verifyTrustList,
  isWalletError,
  type OpenRequest
} from '../../../../src/verifier'
import { seedRegistrationCodes } from '../../../../mock/simulator/relyingParties'
import { installMockApi } from '../../../support/mockApi'
import { p256 } from '@noble/curves/p256'
import { verifyPairwiseSubject } from '../../../../src/services/online/pseudonym'
import { holderFor } from '../../../support/holderAuth'
import { lazyJwe } from '../../../../src/services/online/jweBackend.h5'
import type { PurposeId } from '../../../../src/certs/types'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const { sim } = installMockApi({ now: () => new Date(clock) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = () => Math.floor(clock / 1000)
const rand = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

const SHOP = '91440101MA5D7RQ21E' // 粤信通网上营业厅: age-over-18 only, no ID number
const HOTEL = '91440106MA9Y4TKP3T' // 花园酒店集团网上前台: may receive the ID number
const codeOf = (id: string) => seedRegistrationCodes('certwallet-simulator-seed-v1').find((c) => c.id === id)!.registrationCode

async function errCode(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (isWalletError(e)) return e.code
    throw e
  }
  throw new Error('expected a rejection')
}

interface TestRp {
  id: string
  sign: EcPrivateJwk
  enc: EcPrivateJwk
  responseUri: string
}

async function registerRp(id: string, opts: { curve?: 'SM2'; code?: string; clientId?: string; iat?: number } = {}): Promise<TestRp> {
  const sign = (opts.curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(rand(32)).privateJwk
  const enc = keyPairFromSecret(rand(32)).privateJwk
  const responseUri = `https://rp-${id.slice(-4).toLowerCase()}.example/response`
  const reg = await signRpRegistration(sign, { client_id: opts.clientId ?? id, registration_code: opts.code ?? codeOf(id), response_uri: responseUri, enc_jwk: enc, iat: opts.iat ?? nowSec() }, joseBackend)
  await api.registerRelyingParty(reg)
  return { id, sign, enc, responseUri }
}

async function registry() {
  return verifyInstitutionRegistry((await api.institutionRegistry()).registry, PINNED_ROOT_KEYS, joseBackend, nowSec())
}
async function trust() {
  return verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec())
}

async function request(rp: TestRp, purpose: PurposeId, claims: string[], over: { nonce?: string; state?: string } = {}) {
  const nonce = over.nonce ?? base64urlEncode(rand(18))
  const state = over.state ?? base64urlEncode(rand(12))
  const jws = await signAuthorizationRequest({ clientId: rp.id, responseUri: rp.responseUri, purpose, claims, nonce, state, iat: nowSec() }, rp.sign, joseBackend)
  const open: OpenRequest = { clientId: rp.id, purpose, claims, nonce, state, exp: nowSec() + 300 }
  return { text: requestText(jws), open }
}

type Holder = ReturnType<typeof holderFor>

/** The wallet's side, as the store does it: check, plan, pairwise subject, response. */
async function answer(holder: Holder, text: string, jwe = joseJwe) {
  const view = await verifyAuthorizationRequest(text, { registry: await registry(), backend: joseBackend, nowSec: nowSec() })
  // A purpose set bound to a key of its own (as the wallet's sets are): it signs the proof, and the
  // pairwise subject is bound to it.
  const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const batch = await api.issuePurposeCredentials(holder.auth, view.purpose as never, holder.device.publicJwk, [setKey.publicJwk])
  const plan = disclosurePlan(view, batch.kinds, certRegistry)
  const fields = plan.flatMap((p) => p.fields)
  const { subject } = await api.issuePairwiseSubject(holder.auth, { clientId: view.rp.id, deviceKey: setKey.publicJwk, purpose: view.purpose, fields })
  const { response } = await createOnlineResponse({ view, credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: setKey.privateJwk, pairwiseSubject: subject, now: nowSec(), backend: joseBackend, jwe })
  return { view, plan, response }
}

/** The RP's side: verify with a store of open requests and spent presentations. */
function rpVerifier(rp: TestRp, opens: OpenRequest[], spent = new Set<string>()) {
  return async (response: string) =>
    verifyOnlineResponse(response, {
      trust: await trust(),
      registry: certRegistry,
      backend: joseBackend,
      now: nowSec(),
      decryptionKey: rp.enc,
      jwe: joseJwe,
      requestFor: async (state) => opens.find((o) => o.state === state) ?? null,
      spend: async (id) => (spent.has(id) ? false : (spent.add(id), true))
    })
}

let zhang: Holder
let chen: Holder
beforeEach(() => {
  clock = T0
  zhang = holderFor(sim, '张明华', '44010619900315001X')
  chen = holderFor(sim, '陈静', '110105199304120049')
})

describe('registration: an RP proves itself with its one-time code and the key it registers', () => {
  it('a registered RP is listed in the root-signed registry with its keys and endpoint; the code is then spent', async () => {
    const rp = await registerRp(SHOP)
    const entry = (await registry()).relyingParties!.find((r) => r.id === SHOP)!
    expect(entry).toMatchObject({ name: '粤信通网上营业厅', role: 'online', mayReceiveIdNumber: false, responseUri: rp.responseUri, key: { alg: 'ES256' } })
    expect(entry.key!.jwk.x).toBe(rp.sign.x)
    expect(entry.encKey!.x).toBe(rp.enc.x)
    expect(await errCode(registerRp(SHOP))).toBe('ERR_RP_REGISTRATION_INVALID')
  })

  it('an SM2 signing key registers too (suite SM2SM3)', async () => {
    await registerRp(HOTEL, { curve: 'SM2' })
    expect((await registry()).relyingParties!.find((r) => r.id === HOTEL)!.key!.alg).toBe('SM2SM3')
  })

  it('strangers: no code, a made-up code, another RP’s code, a stale or unsigned registration, a key that is not theirs', async () => {
    expect(await errCode(registerRp(SHOP, { code: 'RP-AAAA-BBBB-CCCC' }))).toBe('ERR_RP_REGISTRATION_INVALID')
    expect(await errCode(registerRp(SHOP, { code: codeOf(HOTEL) }))).toBe('ERR_RP_REGISTRATION_INVALID')
    expect(await errCode(registerRp(SHOP, { clientId: '91440101MA9W7PKH88', code: codeOf(SHOP) }))).toBe('ERR_RP_REGISTRATION_INVALID')
    expect(await errCode(registerRp(SHOP, { iat: nowSec() - 600 }))).toBe('ERR_RP_REGISTRATION_INVALID')
    expect(await errCode(api.registerRelyingParty('not-a-jws'))).toBe('ERR_RP_REGISTRATION_INVALID')
    // Signed by one key while its header names another: no proof of possession.
    const a = keyPairFromSecret(rand(32)).privateJwk
    const b = keyPairFromSecret(rand(32)).privateJwk
    const good = await signRpRegistration(a, { client_id: SHOP, registration_code: codeOf(SHOP), response_uri: 'https://x.example/r', enc_jwk: b, iat: nowSec() }, joseBackend)
    const forged = await signRpRegistration(b, { client_id: SHOP, registration_code: codeOf(SHOP), response_uri: 'https://x.example/r', enc_jwk: b, iat: nowSec() }, joseBackend)
    const [h] = good.split('.')
    const [, p, s] = forged.split('.')
    expect(await errCode(api.registerRelyingParty(`${h}.${p}.${s}`))).toBe('ERR_RP_REGISTRATION_INVALID')
    // None of that spent the code or listed anything.
    expect((await registry()).relyingParties!.find((r) => r.id === SHOP)!.key).toBeUndefined()
    await registerRp(SHOP)
  })

  it('a plain http endpoint off localhost is refused', async () => {
    const sign = keyPairFromSecret(rand(32)).privateJwk
    const reg = await signRpRegistration(sign, { client_id: SHOP, registration_code: codeOf(SHOP), response_uri: 'http://rp.example/r', enc_jwk: keyPairFromSecret(rand(32)).publicJwk as never, iat: nowSec() }, joseBackend)
    expect(await errCode(api.registerRelyingParty(reg))).toBe('ERR_RP_REGISTRATION_INVALID')
  })
})

describe('request → consent → response → verified, with a pairwise subject', () => {
  it('the RP sees 已满18周岁 and a pseudonym, nothing else; the holder’s 用证记录 names the RP, purpose and fields', async () => {
    const rp = await registerRp(SHOP)
    const { text, open } = await request(rp, 'age-over-18', ['age_over_18'])
    const { view, plan, response } = await answer(zhang, text)
    expect(view.rp).toEqual({ id: SHOP, name: '粤信通网上营业厅', miniPrograms: { weapp: ['wx5e1c0a7b3d9f2468'], alipay: ['2021004135792468'] } })
    expect(plan.flatMap((p) => p.fields)).toEqual(['age_over_18'])
    const v = await rpVerifier(rp, [open])(response)
    expect(v.claims).toEqual({ age_over_18: true })
    expect(v.subject).toMatch(/^pw-[A-Za-z0-9_-]{22}$/)
    expect(JSON.stringify(v)).not.toContain('44010619900315001X')
    // docs/BENCHMARKS.md: the request text and the response, as sent.
    expect(text.length).toBeLessThan(900)
    expect(response.length).toBeLessThan(2000)
    if (process.env.CERTWALLET_PRINT_SIZES) console.log(`request ${text.length} chars, response ${response.length} chars`)
    const rec = sim.listUsageRecords(zhang.holderId)[0]
    expect(rec).toMatchObject({ channel: 'online', verifier: { name: '粤信通网上营业厅', role: 'online' }, purpose: '年龄核验', fields: ['age_over_18'] })
  })

  it('two RPs get two pseudonyms for one person, each the same on a second visit; two people differ at one RP', async () => {
    const shop = await registerRp(SHOP)
    const hotel = await registerRp(HOTEL)
    const subjectAt = async (rp: TestRp, who: Holder) => {
      const { text, open } = await request(rp, 'age-over-18', ['age_over_18'])
      return (await rpVerifier(rp, [open])((await answer(who, text)).response)).subject
    }
    const a1 = await subjectAt(shop, zhang)
    const b1 = await subjectAt(hotel, zhang)
    clock += 600_000 // a later visit (within the test token's 15 minutes)
    const a2 = await subjectAt(shop, zhang)
    const b2 = await subjectAt(hotel, zhang)
    const c1 = await subjectAt(shop, chen)
    expect(a1).not.toBe(b1)
    expect(a2).toBe(a1)
    expect(b2).toBe(b1)
    expect(c1).not.toBe(a1)
  })

  it('the ID number reaches only an RP allowed to receive it', async () => {
    const hotel = await registerRp(HOTEL)
    const { text, open } = await request(hotel, 'hotel', ['name', 'id_number', 'ethnicity', 'address', 'portrait_hash'])
    const { response } = await answer(zhang, text)
    const v = await rpVerifier(hotel, [open])(response)
    expect(v.claims.id_number).toBe('44010619900315001X')
    expect(response.length).toBeLessThan(3000)
    if (process.env.CERTWALLET_PRINT_SIZES) console.log(`hotel response ${response.length} chars`)
  })

  it('the mini-program (noble), H5 (WebCrypto) and Node (jose) JWEs read each other', async () => {
    const rp = await registerRp(SHOP)
    const { text, open } = await request(rp, 'age-over-18', ['age_over_18'])
    const noble = nobleJwe(async (n) => rand(n))
    const { response } = await answer(zhang, text, noble)
    expect((await rpVerifier(rp, [open])(response)).claims).toEqual({ age_over_18: true })
    const msg = utf8Encode('你好')
    const jwe = await joseJwe.encrypt(rp.enc, msg)
    expect(await noble.decrypt(rp.enc, jwe)).toEqual(msg)
    expect(await joseJwe.decrypt(rp.enc, await noble.encrypt(rp.enc, msg))).toEqual(msg)
    // H5's WebCrypto backend, both ways with jose and noble; the whole response through it verifies too.
    expect(await joseJwe.decrypt(rp.enc, await webCryptoJwe.encrypt(rp.enc, msg))).toEqual(msg)
    expect(await webCryptoJwe.decrypt(rp.enc, await joseJwe.encrypt(rp.enc, msg))).toEqual(msg)
    expect(await webCryptoJwe.decrypt(rp.enc, await noble.encrypt(rp.enc, msg))).toEqual(msg)
    const second = await request(rp, 'age-over-18', ['age_over_18'])
    expect((await rpVerifier(rp, [second.open])((await answer(zhang, second.text, webCryptoJwe)).response)).claims).toEqual({ age_over_18: true })
    // A tag or header bit flipped: refused by each.
    const sealed = await webCryptoJwe.encrypt(rp.enc, msg)
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1)
    for (const b of [joseJwe, noble, webCryptoJwe]) await expect(b.decrypt(rp.enc, flipped)).rejects.toMatchObject({ code: 'ERR_RP_RESPONSE_INVALID' })
    // Encrypted to another key: refused.
    const other = keyPairFromSecret(rand(32)).privateJwk
    for (const b of [joseJwe, noble, webCryptoJwe]) await expect(b.decrypt(other, sealed)).rejects.toMatchObject({ code: 'ERR_RP_RESPONSE_INVALID' })
  })

  it('H5 (also over plain http, no crypto.subtle, issue #12): the pure-JS JWE answers, loaded at the first use and once', async () => {
    const rp = await registerRp(SHOP)
    let loads = 0
    const load = async () => {
      loads++
      return nobleJwe(async (n) => rand(n))
    }
    // Nothing is loaded until the holder answers a request.
    const lan = lazyJwe(load)
    expect(lan.name).toBe('noble')
    expect(loads).toBe(0)
    const { text, open } = await request(rp, 'age-over-18', ['age_over_18'])
    expect((await rpVerifier(rp, [open])((await answer(zhang, text, lan)).response)).claims).toEqual({ age_over_18: true })
    const msg = utf8Encode('局域网')
    expect(await lan.decrypt(rp.enc, await joseJwe.encrypt(rp.enc, msg))).toEqual(msg)
    expect(await webCryptoJwe.decrypt(rp.enc, await lan.encrypt(rp.enc, msg))).toEqual(msg)
    expect(loads).toBe(1)
    const other = keyPairFromSecret(rand(32)).privateJwk
    await expect(lan.decrypt(other, await joseJwe.encrypt(rp.enc, msg))).rejects.toMatchObject({ code: 'ERR_RP_RESPONSE_INVALID' })
  })
})

describe('refusals', () => {
  it('over-asking: an RP not allowed the ID number asks for it → refused before consent, nothing issued', async () => {
    const rp = await registerRp(SHOP)
    const { text } = await request(rp, 'hotel', ['name', 'id_number'])
    const e = await verifyAuthorizationRequest(text, { registry: await registry(), backend: joseBackend, nowSec: nowSec() }).catch((x) => x)
    expect(e).toMatchObject({ code: 'ERR_RP_OVER_ASKING', detail: 'id_number' })
    // A purpose it is not registered for, without identifying claims, is over-asking too.
    const { text: t2 } = await request(rp, 'employment', ['name'])
    expect(await errCode(verifyAuthorizationRequest(t2, { registry: await registry(), backend: joseBackend, nowSec: nowSec() }))).toBe('ERR_RP_OVER_ASKING')
    // And the platform refuses the pairwise subject for it as well.
    expect(await errCode(api.issuePairwiseSubject(zhang.auth, { clientId: SHOP, deviceKey: zhang.device.publicJwk, purpose: 'hotel', fields: ['id_number'] }))).toBe('ERR_RP_OVER_ASKING')
  })

  it('a request asking fewer fields than a purpose set carries is refused rather than over-sharing', async () => {
    const hotel = await registerRp(HOTEL)
    const { text } = await request(hotel, 'hotel', ['name'])
    const view = await verifyAuthorizationRequest(text, { registry: await registry(), backend: joseBackend, nowSec: nowSec() })
    expect(() => disclosurePlan(view, ['id-card'], certRegistry)).toThrow(expect.objectContaining({ code: 'ERR_RP_QUERY_UNSUPPORTED' }))
  })

  it('a tampered request signature, an unregistered signer, an expired request', async () => {
    const rp = await registerRp(SHOP)
    const { text } = await request(rp, 'age-over-18', ['age_over_18'])
    const ctx = async () => ({ registry: await registry(), backend: joseBackend, nowSec: nowSec() })
    const sig = text.slice(text.lastIndexOf('.') + 1)
    const flipped = text.slice(0, text.lastIndexOf('.') + 1) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
    expect(await errCode(verifyAuthorizationRequest(flipped, await ctx()))).toBe('ERR_RP_REQUEST_INVALID')
    // The payload changed (a different purpose) under the old signature.
    const [h, , s] = text.slice(5).split('.')
    const p = base64urlEncode(utf8Encode(JSON.stringify({ client_id: SHOP })))
    expect(await errCode(verifyAuthorizationRequest(`CWR1:${h}.${p}.${s}`, await ctx()))).toBe('ERR_RP_REQUEST_INVALID')
    const stranger = { id: HOTEL, sign: keyPairFromSecret(rand(32)).privateJwk, enc: rp.enc, responseUri: rp.responseUri }
    expect(await errCode(verifyAuthorizationRequest((await request(stranger, 'age-over-18', ['age_over_18'])).text, await ctx()))).toBe('ERR_RP_UNKNOWN')
    // Signed with someone else's key under this RP's id.
    const impostor = { ...rp, sign: keyPairFromSecret(rand(32)).privateJwk }
    expect(await errCode(verifyAuthorizationRequest((await request(impostor, 'age-over-18', ['age_over_18'])).text, await ctx()))).toBe('ERR_RP_REQUEST_INVALID')
    clock += 301_000
    expect(await errCode(verifyAuthorizationRequest(text, await ctx()))).toBe('ERR_RP_REQUEST_EXPIRED')
  })

  it('replay: the same response is refused the second time; a response to another request’s nonce is refused', async () => {
    const rp = await registerRp(SHOP)
    const first = await request(rp, 'age-over-18', ['age_over_18'])
    const { response } = await answer(zhang, first.text)
    const verify = rpVerifier(rp, [first.open])
    await verify(response)
    expect(await errCode(verify(response))).toBe('ERR_REPLAYED')
    // The same state but the RP issued another nonce for it: the proof's nonce does not match.
    const other = await request(rp, 'age-over-18', ['age_over_18'])
    const { response: r2 } = await answer(zhang, other.text)
    expect(await errCode(rpVerifier(rp, [{ ...other.open, nonce: base64urlEncode(rand(18)) }])(r2))).toBe('ERR_KB_NONCE_MISMATCH')
  })

  it('a response meant for one RP does not verify at another (key and audience)', async () => {
    const shop = await registerRp(SHOP)
    const hotel = await registerRp(HOTEL)
    const { text, open } = await request(shop, 'age-over-18', ['age_over_18'])
    const { response } = await answer(zhang, text)
    expect(await errCode(rpVerifier(hotel, [{ ...open, clientId: HOTEL }])(response))).toBe('ERR_RP_RESPONSE_INVALID')
  })

  it('pairwise subject at the RP: a forged sub, another RP, another key are refused; the s→n−s twin carries the same subject only', async () => {
    await registerRp(SHOP)
    const { subject } = await api.issuePairwiseSubject(zhang.auth, { clientId: SHOP, deviceKey: zhang.device.publicJwk, purpose: 'age-over-18', fields: ['age_over_18'] })
    const ctx = async (over: Partial<Parameters<typeof verifyPairwiseSubject>[1]> = {}) => ({ trust: await trust(), clientId: SHOP, deviceKey: zhang.device.publicJwk, nowSec: nowSec(), backend: joseBackend, ...over })
    const genuine = await verifyPairwiseSubject(subject, await ctx())
    expect(genuine.sub).toMatch(/^pw-/)
    const detail = async (p: Promise<unknown>) => p.then(() => 'accepted', (e) => (isWalletError(e) && e.code === 'ERR_PSEUDONYM_INVALID' ? e.detail : String(e)))
    // Forged: another subject under the platform's signature.
    const [h, payload, sig] = subject.split('.')
    const claims = JSON.parse(new TextDecoder().decode(base64urlDecode(payload)))
    const forged = [h, base64urlEncode(utf8Encode(JSON.stringify({ ...claims, sub: 'pw-' + 'A'.repeat(22) }))), sig].join('.')
    expect(await detail(verifyPairwiseSubject(forged, await ctx()))).toBe('signature')
    expect(await detail(verifyPairwiseSubject(subject, await ctx({ clientId: HOTEL })))).toBe('aud')
    expect(await detail(verifyPairwiseSubject(subject, await ctx({ deviceKey: chen.device.publicJwk })))).toBe('cnf')
    // The ECDSA twin (r, n − s) verifies, but names nothing new: the same subject, bound to the same key.
    const raw = base64urlDecode(sig)
    const n = p256.CURVE.n
    const twinS = n - BigInt('0x' + Buffer.from(raw.subarray(32)).toString('hex'))
    const twin = [h, payload, base64urlEncode(new Uint8Array([...raw.subarray(0, 32), ...Buffer.from(twinS.toString(16).padStart(64, '0'), 'hex')]))].join('.')
    expect(twin).not.toBe(subject)
    await expect(verifyPairwiseSubject(twin, await ctx())).resolves.toEqual(genuine)
  })

  it('pairwise subject: only for the calling phone’s own key or its set keys, not the same holder’s other phone (401 ERR_DPOP_KEY_MISMATCH)', async () => {
    await registerRp(SHOP)
    // Zhang's second phone: registered to him, with a set key of its own.
    const second = holderFor(sim, '张明华', '44010619900315001X')
    const secondSet = keyPairFromSecret(rand(32)).publicJwk
    await api.issuePurposeCredentials(second.auth, 'age-over-18', second.device.publicJwk, [secondSet])
    const ask = (auth: Holder['auth'], deviceKey: typeof secondSet) => api.issuePairwiseSubject(auth, { clientId: SHOP, deviceKey, purpose: 'age-over-18', fields: ['age_over_18'] })
    const before = sim.listUsageRecords(zhang.holderId).length
    // Phone one's token and proofs, a key of phone two (its device key or its set key): refused, nothing recorded.
    expect(await errCode(ask(zhang.auth, second.device.publicJwk))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(await errCode(ask(zhang.auth, secondSet))).toBe('ERR_DPOP_KEY_MISMATCH')
    expect(sim.listUsageRecords(zhang.holderId)).toHaveLength(before)
    // Each phone for its own keys: accepted.
    const ownSet = keyPairFromSecret(rand(32)).publicJwk
    await api.issuePurposeCredentials(zhang.auth, 'age-over-18', zhang.device.publicJwk, [ownSet])
    await expect(ask(zhang.auth, ownSet)).resolves.toMatchObject({ pseudonym: expect.stringMatching(/^pw-/) })
    await expect(ask(zhang.auth, zhang.device.publicJwk)).resolves.toMatchObject({ pseudonym: expect.stringMatching(/^pw-/) })
    await expect(ask(second.auth, secondSet)).resolves.toMatchObject({ pseudonym: expect.stringMatching(/^pw-/) })
  })

  it('pairwise subject: not for another holder’s device, no token, unknown RP', async () => {
    await registerRp(SHOP)
    expect(await errCode(api.issuePairwiseSubject(zhang.auth, { clientId: SHOP, deviceKey: chen.device.publicJwk, purpose: 'age-over-18', fields: ['age_over_18'] }))).toBe('ERR_PSEUDONYM_INVALID')
    expect(await errCode(api.issuePairwiseSubject(chen.auth, { clientId: HOTEL, deviceKey: chen.device.publicJwk, purpose: 'age-over-18', fields: ['age_over_18'] }))).toBe('ERR_RP_UNKNOWN')
    const res = await fetch('http://gov.test/api/v1/holder/pairwise-subjects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: SHOP, deviceKey: zhang.device.publicJwk, purpose: 'age-over-18', fields: [] }) })
    expect(res.status).toBe(401)
  })
})
