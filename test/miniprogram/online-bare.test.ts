/**
 * 线上核验 on the mini-programs (issue #16): the wallet's side — the request check against the
 * registry, the disclosure plan, the key-bound CW1 and the pure-JS JWE (@noble) — bundled for WeChat
 * and run in a VM with no crypto / TextEncoder / atob / Buffer / URL, then verified by the RP (jose)
 * with the verifier entry point.
 */
import vm from 'node:vm'
import { createApiClient } from '../../src/services/api/client'
import { createFetchTransport } from '../../src/services/api/fetchTransport'
import { base64urlEncode } from '../../src/services/encoding'
import { keyPairFromSecret } from '../../src/services/crypto'
import { certRegistry, joseBackend, joseJwe, PINNED_ROOT_KEYS, requestText, signAuthorizationRequest, signRpRegistration, verifyInstitutionRegistry, verifyOnlineResponse, verifyTrustList } from '../../src/verifier'
import { seedRegistrationCodes } from '../../mock/simulator/relyingParties'
import { installMockApi } from '../support/mockApi'
import { holderFor } from '../support/holderAuth'
import { bundleForBareVm, type BareVmBundle } from './bundle'

const ENTRY = ['src/services/crypto/backend.weapp.ts', 'src/services/encoding/index.ts', 'src/services/online/index.ts', 'src/services/online/jwe.ts', 'src/services/institution/registry.ts', 'src/certs/registry.ts']
const T0 = Date.parse('2026-11-27T10:00:00+08:00')
const { sim } = installMockApi({ now: () => new Date(T0) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
const nowSec = Math.floor(T0 / 1000)
const rand = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))
const SHOP = '91440101MA5D7RQ21E'

let bundle: BareVmBundle
beforeAll(async () => {
  bundle = await bundleForBareVm(ENTRY, { platform: 'weapp' })
}, 60_000)

it('bundles without jose or WebCrypto, and the VM has none of the globals', () => {
  expect(bundle.inputs.some((f) => /node_modules\/jose\//.test(f))).toBe(false)
  expect(bundle.inputs).toContain('src/services/online/jwe.ts')
  const { context } = bundle.load()
  expect(vm.runInContext('[typeof crypto, typeof TextEncoder, typeof URL, typeof Buffer]', context)).toEqual(['undefined', 'undefined', 'undefined', 'undefined'])
})

it('checks a request, answers it with a set key and the noble JWE; the RP (jose) verifies the answer', async () => {
  const sign = keyPairFromSecret(rand(32)).privateJwk
  const enc = keyPairFromSecret(rand(32)).privateJwk
  const code = seedRegistrationCodes('certwallet-simulator-seed-v1').find((c) => c.id === SHOP)!.registrationCode
  await api.registerRelyingParty(await signRpRegistration(sign, { client_id: SHOP, registration_code: code, response_uri: 'https://shop.example/response', enc_jwk: enc, iat: nowSec }, joseBackend))
  const nonce = base64urlEncode(rand(18))
  const text = requestText(await signAuthorizationRequest({ clientId: SHOP, responseUri: 'https://shop.example/response', purpose: 'age-over-18', claims: ['age_over_18'], nonce, state: 'st-1', iat: nowSec }, sign, joseBackend))
  const registryJws = (await api.institutionRegistry()).registry
  const holder = holderFor(sim, '张明华', '44010619900315001X')
  const setKey = keyPairFromSecret(rand(32))
  const batch = await api.issuePurposeCredentials(holder.auth, 'age-over-18', holder.device.publicJwk, [setKey.publicJwk])
  const { subject } = await api.issuePairwiseSubject(holder.auth, { clientId: SHOP, deviceKey: setKey.publicJwk, purpose: 'age-over-18', fields: ['age_over_18'] })

  const { exports, context } = bundle.load()
  // Everything below runs inside the VM: JSON, base64url, SM2 root check, ES256, AES-GCM, ECDH.
  const run = vm.runInContext(
    `(async (lib, input) => {
      const i = JSON.parse(input)
      let seed = 0x2545f491
      const rnd = async (n) => { const b = new Uint8Array(n); for (let k = 0; k < n; k++) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; b[k] = seed & 255 } return b }
      const registry = await lib.verifyInstitutionRegistry(i.registryJws, i.rootKeys, lib.platformBackend, i.now)
      const view = await lib.verifyAuthorizationRequest(i.text, { registry, backend: lib.platformBackend, nowSec: i.now })
      const plan = lib.disclosurePlan(view, i.kinds, lib.certRegistry)
      const out = await lib.createOnlineResponse({ view, credentials: i.credentials.map(lib.base64urlDecode), deviceKey: i.setKey, pairwiseSubject: i.subject, now: i.now, backend: lib.platformBackend, jwe: lib.nobleJwe(rnd) })
      return JSON.stringify({ rp: view.rp.name, fields: plan.flatMap((p) => p.fields), response: out.response })
    })`,
    context
  ) as (lib: unknown, input: string) => Promise<string>
  const r = JSON.parse(
    await run(exports, JSON.stringify({ registryJws, rootKeys: PINNED_ROOT_KEYS, now: nowSec, text, kinds: batch.kinds, credentials: batch.sets[0].credentials, setKey: setKey.privateJwk, subject }))
  ) as { rp: string; fields: string[]; response: string }
  expect(r.rp).toBe('粤信通网上营业厅')
  expect(r.fields).toEqual(['age_over_18'])

  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, joseBackend, nowSec)
  const v = await verifyOnlineResponse(r.response, {
    trust,
    registry: certRegistry,
    backend: joseBackend,
    now: nowSec,
    decryptionKey: enc,
    jwe: joseJwe,
    requestFor: async () => ({ clientId: SHOP, purpose: 'age-over-18', claims: ['age_over_18'], nonce, state: 'st-1', exp: nowSec + 300 }),
    spend: async () => true
  })
  expect(v.claims).toEqual({ age_over_18: true })
  expect(v.subject).toMatch(/^pw-/)
  // The registry the VM checked was the root-signed one (the same check on Node agrees).
  expect((await verifyInstitutionRegistry(registryJws, PINNED_ROOT_KEYS, joseBackend, nowSec)).relyingParties!.some((p) => p.id === SHOP)).toBe(true)
})
