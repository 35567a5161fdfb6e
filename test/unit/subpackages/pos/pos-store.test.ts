/**
 * The counter's store (药店/医院) against the real simulator handlers: catalogue, scan, cart,
 * submit, wait for the patient, refund — and the counter's bad paths: expired and reused codes,
 * a submit whose answer is lost (retried with its key: one settlement), a second refund.
 */
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation } from '../../../../src/services/presentation'
import { cartTotal, createPosStore, POS_DEFAULTS, tryParsePos } from '../../../../src/subpackages/pos/store/posStore'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'
import { activationCodeOf } from '../../../support/institution'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { openJsonWith, sealJsonTo, vaultKeysFromDek } from '../../../../src/services/lock/vault'
import type { InstitutionKeyVault } from '../../../../src/services/institution/types'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'

const BASE = 'http://sim.test'
let nowMs = Date.parse('2026-11-27T02:00:00Z')
installMockApi({ now: () => new Date(nowMs) })
const dropAnswers = new Map<string, number>()

afterEach(() => {
  dropAnswers.clear()
  nowMs = Date.parse('2026-11-27T02:00:00Z')
})

const transport = createFetchTransport(async (input, init) => {
  const res = await globalThis.fetch(input, init)
  for (const [part, n] of dropAnswers) {
    if (n > 0 && String(input).endsWith(part) && init?.method === 'POST') {
      dropAnswers.set(part, n - 1)
      throw new TypeError('Failed to fetch (answer lost)')
    }
  }
  return res
})
const api = createApiClient({ baseUrl: BASE, request: transport, sleep: async () => {}, maxRetries: 0 })
const makePos = (s = memoryStorage()) => createPosStore({ api, backend: joseBackend, rootKeys: PINNED_ROOT_KEYS, randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)), now: () => nowMs, storage: s })

async function zhang() {
  const device = testDevice({ now: () => nowMs, secret: new Uint8Array(32).fill(9) })
  const { auth } = await signInOverApi(api, '张明华', '44010619900315001X', device)
  const batch = await api.issuePurposeCredentials(auth, 'pharmacy', device.publicJwk, 3)
  let i = 0
  const code = (age = 2) => createPresentation({ credentials: batch.sets[i++ % 3].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: Math.floor(nowMs / 1000) - age, backend: joseBackend })
  return { token: auth, code }
}

it('rings up a sale: scan, items from the catalogue, submit, the patient confirms, refund once', async () => {
  const pos = makePos()
  expect(await pos.getState().load()).toBe(true)
  const levels = new Set(pos.getState().catalogue.map((c) => c.chrgitmLv))
  expect([...levels].sort()).toEqual(['01', '02', '03'])
  expect(await pos.getState().scan('CW1:ANY')).toBeNull()
  expect(pos.getState().error).toBe('ERR_NOT_ENROLLED') // no payments before the counter is enrolled

  expect(await pos.getState().enrol('WRNG-CODE-0000')).toBe(false)
  expect(pos.getState().error).toBe('ERR_ACTIVATION_CODE_INVALID')
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  expect(pos.getState().enrolment).toMatchObject({ name: '康民大药房（天河店）', role: 'pharmacy', medinsNo: 'P44010600512' })
  const patient = await zhang()
  expect(await pos.getState().scan(await patient.code())).toMatchObject({ psnName: '张*华', insutype: '310' })
  pos.getState().addItem('XN02BEA010A001010100451')
  pos.getState().addItem('XN02BEA010A001010100451')
  pos.getState().addItem('NS0000000000000000V0C01')
  pos.getState().addItem('NO-SUCH-ITEM')
  expect(pos.getState().cart).toEqual([{ medListCodg: 'XN02BEA010A001010100451', cnt: 2 }, { medListCodg: 'NS0000000000000000V0C01', cnt: 1 }])
  expect(cartTotal(pos.getState().cart, pos.getState().catalogue)).toBe(850 * 2 + 3900)

  const pending = await pos.getState().submit()
  expect(pending).toMatchObject({ status: 'pending', split: { medfeeSumamt: 5600 } })
  // The cart is frozen while the patient decides.
  pos.getState().addItem('XN02BEA010A001010100451')
  expect(pos.getState().cart).toHaveLength(2)
  expect((await pos.getState().poll())?.status).toBe('pending')

  await api.medpay.confirm(patient.token, pending!.setlId, 'patient-confirm-1')
  expect(await pos.getState().poll()).toMatchObject({ status: 'settled', setlTime: expect.any(String) })
  expect(pos.getState().current?.status).toBe('settled')

  expect(await pos.getState().refund(pending!.setlId)).toMatchObject({ status: 'refunded' })
  expect(await pos.getState().refund(pending!.setlId)).toBeNull()
  expect(pos.getState().error).toBe('ERR_ALREADY_REFUNDED')
  expect(pos.getState().settlements.map((s) => [s.setlId, s.status])).toEqual([[pending!.setlId, 'refunded']])
})

it('an expired code and a reused code are refused with their codes', async () => {
  const pos = makePos()
  await pos.getState().load()
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  const patient = await zhang()
  expect(await pos.getState().scan(await patient.code(120))).toBeNull()
  expect(pos.getState().error).toBe('ERR_PAYCODE_EXPIRED')
  const code = await patient.code()
  expect(await pos.getState().scan(code)).not.toBeNull()
  pos.getState().nextPatient()
  expect(await pos.getState().scan(code)).toBeNull()
  expect(pos.getState().error).toBe('ERR_PAYCODE_USED')
})

it('a submit whose answer is lost is sent again with its key: one settlement, not two', async () => {
  const s = memoryStorage()
  const pos = makePos(s)
  await pos.getState().load()
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  const patient = await zhang()
  await pos.getState().scan(await patient.code())
  pos.getState().addItem('XN02BEA010A001010100451')
  dropAnswers.set('/medpay/settlements', 1)
  expect(await pos.getState().submit()).toBeNull()
  expect(pos.getState().error).toBe('ERR_NETWORK')
  const kept = pos.getState().keys.submit
  expect(kept).not.toBeNull()
  expect(tryParsePos(JSON.parse(s.data['certwallet.pos']).state).state.keys.submit).toEqual(kept)
  const again = await pos.getState().submit()
  expect(again?.status).toBe('pending')
  expect((await api.medpay.listSettlements(patient.token)).items).toHaveLength(1)
  expect(pos.getState().keys.submit).toBeNull()
})

it('the enrolment is made on the device, kept across a restart, and a tampered one is dropped (enrol again)', async () => {
  const s = memoryStorage()
  const pos = makePos(s)
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  const enrolment = pos.getState().enrolment!
  // Only the public half left the device.
  const { registry } = await api.institutionRegistry()
  expect(registry).not.toContain(enrolment.privateJwk!.d)
  const reopened = makePos(s)
  await new Promise((r) => setTimeout(r, 0))
  expect(reopened.getState().enrolment).toEqual(enrolment)
  const patient = await zhang()
  expect(await reopened.getState().scan(await patient.code())).toMatchObject({ psnName: '张*华' })
  const blob = JSON.parse(s.data['certwallet.pos']).state
  expect(tryParsePos({ ...blob, enrolment: { ...blob.enrolment, publicJwk: { ...blob.enrolment.publicJwk, x: 'short' } } }).state.enrolment).toBeNull()
})

it('the counter keeps the verified registry; when it no longer lists this key (re-enrolled elsewhere) payments stop', async () => {
  const pos = makePos()
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  expect(await pos.getState().load()).toBe(true)
  expect(pos.getState().institutionRegistry?.jws).toMatch(/^ey/)
  expect(pos.getState().enrolment).not.toBeNull()
  const { activationCode } = await api.admin.issueActivationCode('certwallet-demo-admin', '52440106MJL1083N62')
  await api.enrolInstitution(activationCode, keyPairFromSecret(new Uint8Array(48).fill(6)).publicJwk)
  expect(await pos.getState().load()).toBe(true)
  expect(pos.getState().enrolment).toBeNull()
  expect(pos.getState().error).toBe('ERR_INSTITUTION_UNKNOWN')
  expect(await pos.getState().scan('CW1:ANY')).toBeNull()
  expect(pos.getState().error).toBe('ERR_NOT_ENROLLED')
})

it('on a phone with a holder vault the key is sealed to it: no private key in storage, and no payments while the wallet is locked', async () => {
  const keys = vaultKeysFromDek(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  let locked = false
  const vault: InstitutionKeyVault = {
    hasVault: () => true,
    sealSecret: async (v) => sealJsonTo(keys.publicKey, v, (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))),
    openSecret: <T,>(sealed: string) => (locked ? null : openJsonWith<T>(keys.privateKey, sealed))
  }
  const storage = memoryStorage()
  const pos = createPosStore({ api, backend: joseBackend, vault, randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)), now: () => nowMs, storage })
  expect(await pos.getState().enrol(activationCodeOf('pharmacy'))).toBe(true)
  const e = pos.getState().enrolment!
  expect(e.privateJwk).toBeUndefined()
  expect(e.sealedPrivateJwk).toEqual(expect.any(String))
  expect(storage.data['certwallet.pos']).not.toMatch(/"d":/)
  const patient = await zhang()
  locked = true
  expect(await pos.getState().scan(await patient.code())).toBeNull()
  expect(pos.getState().error).toBe('ERR_LOCKED')
  locked = false
  expect(await pos.getState().scan(await patient.code())).toMatchObject({ psnName: '张*华' })
})

it('a corrupt stored blob falls back to defaults', () => {
  expect(tryParsePos(POS_DEFAULTS)).toEqual({ state: POS_DEFAULTS, problem: null })
  expect(tryParsePos('garbage')).toEqual({ state: POS_DEFAULTS, problem: 'version' })
  expect(tryParsePos({ version: 1, medinsNo: 'P1', settlements: [{ nope: 1 }], keys: {} })).toEqual({ state: { ...POS_DEFAULTS, medinsNo: 'P1' }, problem: 'entries' })
})
