/**
 * 医保支付 over HTTP on the seeded simulator (msw/node): a real 医保码 (CW1 pharmacy presentation)
 * made by the holder core, 就诊登记, settlement, the patient's confirmation, refunds — and every bad
 * path with its code: expired code, code used twice, duplicate submission, an answer lost between
 * confirm and the phone, refund of a refunded settlement, insufficient balance (a visible split).
 */
import { createApiClient, type ApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import { createPresentation } from '../../../../src/services/presentation'
import { installMockApi } from '../../../support/mockApi'
import { enrolOverHttp, signedMedpay } from '../../../support/institution'
import type { InstitutionSigner } from '../../../../src/services/institution/requestSignature'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'

let clock = Date.parse('2026-11-27T10:00:00+08:00')
const { failures } = installMockApi({ now: () => new Date(clock) })
/** Paths whose next answer is lost after the server acted on the request (a dropped connection). */
const dropAnswers = new Map<string, number>()
const seen: string[] = []

const transport = createFetchTransport(async (input, init) => {
  const url = String(input)
  seen.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`)
  const res = await globalThis.fetch(input, init)
  for (const [part, n] of dropAnswers) {
    if (n > 0 && url.includes(part)) {
      dropAnswers.set(part, n - 1)
      throw new TypeError('Failed to fetch (answer lost)')
    }
  }
  return res
})
const baseApi: ApiClient = createApiClient({ baseUrl: 'http://gov.test', request: transport, sleep: async () => undefined })
/** The counters of these tests, enrolled afresh before each (the simulator resets after each). */
let signers: Record<string, InstitutionSigner> = {}
const api = { ...baseApi, medpay: signedMedpay(baseApi.medpay, () => signers, () => signers[PHARMACY]) }

beforeEach(async () => {
  dropAnswers.clear()
  clock = Date.parse('2026-11-27T10:00:00+08:00')
  const [pharmacy, clinic] = await Promise.all([enrolOverHttp(baseApi, 'pharmacy', () => clock), enrolOverHttp(baseApi, 'clinic', () => clock)])
  signers = { [PHARMACY]: pharmacy.signer, [CLINIC]: clinic.signer }
  seen.length = 0
})

const PEOPLE = { zhang: ['张明华', '44010619900315001X'], li: ['李秀英', '330106195207080021'], chen: ['陈静', '110105199304120049'] } as const
const PHARMACY = 'P44010600512'
const CLINIC = 'H44010600087'
const PARACETAMOL = 'XN02BEA010A001010100451' // 甲类 850
const STATIN = 'XC10AAA050A001010102204' // 乙类 3580
const VITAMIN_C = 'NS0000000000000000V0C01' // 丙类 3900
let keySeq = 0
const key = () => `test-key-${String(++keySeq).padStart(6, '0')}`

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return (e as WalletError).code
  }
  throw new Error('expected a rejection')
}

/** A holder with a phone: token, device key and a few sets of pharmacy credentials. */
async function patient(who: keyof typeof PEOPLE, secret = 1) {
  const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(secret) })
  const { auth } = await signInOverApi(api, PEOPLE[who][0], PEOPLE[who][1], device)
  const batch = await api.issuePurposeCredentials(auth, 'pharmacy', device.publicJwk, 5)
  let n = 0
  /** A fresh 医保码 (each from its own credential set), made `ageSeconds` ago. */
  const code = (ageSeconds = 2) =>
    createPresentation({ credentials: batch.sets[n++ % batch.sets.length].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: Math.floor(clock / 1000) - ageSeconds, backend: joseBackend })
  return { token: auth, device, code }
}

async function visitAndSettle(code: string, items: { medListCodg: string; cnt: number }[], medinsNo = PHARMACY) {
  const visit = await api.medpay.registerVisit({ paymentCode: code, medinsNo }, key())
  return api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo, items }, key())
}

it('pharmacy flow: code → visit → pending split → patient confirms → settled, balance and totals move once', async () => {
  const zhang = await patient('zhang')
  const visit = await api.medpay.registerVisit({ paymentCode: await zhang.code(), medinsNo: PHARMACY }, key())
  expect(visit).toMatchObject({ psnName: '张*华', insuplc: '广东省广州市', insutype: '310', psnNo: '4400*********5001' })

  const pending = await api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 2 }, { medListCodg: VITAMIN_C, cnt: 1 }] }, key())
  // 850×2 = 1700 甲类, all under the 20000 deductible; 3900 丙类 全自费 (广州: account may pay it).
  expect(pending.status).toBe('pending')
  expect(pending.split).toMatchObject({ medfeeSumamt: 5600, fulamtOwnpayAmt: 3900, inscpScpAmt: 1700, actPayDedc: 1700, hifpPay: 0, psnPartAmt: 5600, acctPay: 5600, psnCashPay: 0, balc: 123050 })
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650) // nothing charged yet

  const mine = await api.medpay.listSettlements(zhang.token)
  expect(mine.items.map((s) => [s.setlId, s.status, s.viewerRole])).toEqual([[pending.setlId, 'pending', 'patient']])
  expect(mine.items[0].lines.map((l) => [l.name, l.cnt, l.detItemFeeSumamt])).toEqual([['对乙酰氨基酚片', 2, 1700], ['维生素C泡腾片', 1, 3900]])

  const settled = await api.medpay.confirm(zhang.token, pending.setlId, key())
  expect(settled).toMatchObject({ status: 'settled', setlTime: new Date(clock).toISOString(), medinsName: '康民大药房（天河店）' })
  expect(await api.medpay.getSettlement(pending.setlId)).toMatchObject({ status: 'settled', split: settled.split })
  expect(await api.medpay.account(zhang.token)).toMatchObject({ balc: 123050, dedcPaid: 1700, hifpPaid: 0 })
})

it('annual totals carry across two settlements (the second crosses the deductible)', async () => {
  const zhang = await patient('zhang')
  // 1st at the 社区 clinic: 甲 850 × 20 = 17000, all deductible.
  const first = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 20 }], CLINIC)
  await api.medpay.confirm(zhang.token, first.setlId, key())
  // 2nd: 17000 again; 3000 deductible left; 14000 × 90% = 12600 fund; patient 4400.
  const second = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 20 }], CLINIC)
  expect(second.split).toMatchObject({ actPayDedc: 3000, hifpPay: 12600, psnPartAmt: 4400 })
  await api.medpay.confirm(zhang.token, second.setlId, key())
  expect(await api.medpay.account(zhang.token)).toMatchObject({ dedcPaid: 20000, hifpPaid: 12600, balc: 128650 - 17000 - 4400 })
})

it('insufficient balance is not an error: the account pays what it has, the rest is cash, shown in the split', async () => {
  const li = await patient('li', 2) // 杭州 retiree, account 3500
  // 乙 3580 × 2 = 7160; 15% 先行自付 = 1074; 6086 all under the 30000 retiree deductible → patient 7160.
  const pending = await visitAndSettle(await li.code(), [{ medListCodg: STATIN, cnt: 2 }])
  expect(pending.split).toMatchObject({ medfeeSumamt: 7160, preselfpayAmt: 1074, inscpScpAmt: 6086, actPayDedc: 6086, hifpPay: 0, psnPartAmt: 7160, acctPay: 3500, psnCashPay: 3660, balc: 0 })
  const settled = await api.medpay.confirm(li.token, pending.setlId, key())
  expect(settled.split.psnCashPay).toBe(3660)
  expect((await api.medpay.account(li.token)).balc).toBe(0)
})

it('an expired code (older than 30 s + 30 s skew: the 60 s the screen says) is ERR_PAYCODE_EXPIRED; a fresh one works', async () => {
  const zhang = await patient('zhang')
  expect(await codeOf(api.medpay.registerVisit({ paymentCode: await zhang.code(61), medinsNo: PHARMACY }, key()))).toBe('ERR_PAYCODE_EXPIRED')
  await expect(api.medpay.registerVisit({ paymentCode: await zhang.code(59), medinsNo: PHARMACY }, key())).resolves.toMatchObject({ psnName: '张*华' })
})

it('a code used twice is ERR_PAYCODE_USED (also at another counter); the same key again is the same visit', async () => {
  const zhang = await patient('zhang')
  const code = await zhang.code()
  const k = key()
  const visit = await api.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, k)
  // The POS retried with its key (its answer was lost): the same visit, nothing new.
  expect(await api.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, k)).toEqual(visit)
  expect(await codeOf(api.medpay.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key()))).toBe('ERR_PAYCODE_USED')
  expect(await codeOf(api.medpay.registerVisit({ paymentCode: code, medinsNo: CLINIC }, key()))).toBe('ERR_PAYCODE_USED')
})

it('duplicate submission: the same Idempotency-Key never makes a second settlement; another body with it is refused', async () => {
  const zhang = await patient('zhang')
  const visit = await api.medpay.registerVisit({ paymentCode: await zhang.code(), medinsNo: PHARMACY }, key())
  const k = key()
  const req = { mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }
  const a = await api.medpay.submitSettlement(req, k)
  const b = await api.medpay.submitSettlement(req, k)
  expect(b.setlId).toBe(a.setlId)
  expect(await codeOf(api.medpay.submitSettlement({ ...req, items: [{ medListCodg: PARACETAMOL, cnt: 5 }] }, k))).toBe('ERR_IDEMPOTENCY_MISMATCH')
  // A double tap with a new key: the visit already has its settlement.
  expect(await codeOf(api.medpay.submitSettlement(req, key()))).toBe('ERR_SETTLEMENT_STATE')
  expect((await api.medpay.listSettlements(zhang.token)).items).toHaveLength(1)
  // Without a key the client refuses before sending anything.
  expect(await codeOf(api.medpay.submitSettlement(req, ''))).toBe('ERR_BAD_REQUEST')
})

it('network failure between confirm and the answer: the client retries with the same key, charged once', async () => {
  const zhang = await patient('zhang')
  const pending = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 2 }])
  dropAnswers.set('/confirm', 1)
  seen.length = 0
  const settled = await api.medpay.confirm(zhang.token, pending.setlId, key())
  // Two requests reached the server (the first answer was lost); one charge.
  expect(seen.filter((s) => s.endsWith('/confirm'))).toHaveLength(2)
  expect(settled.status).toBe('settled')
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650 - 1700)
  // Even with every retry lost the phone may ask again later, with a new key: nothing more is charged.
  dropAnswers.set('/confirm', 4)
  expect(await codeOf(api.medpay.confirm(zhang.token, pending.setlId, key()))).toBe('ERR_NETWORK')
  await expect(api.medpay.confirm(zhang.token, pending.setlId, key())).resolves.toMatchObject({ status: 'settled', split: settled.split })
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650 - 1700)
})

it('a 503 on confirm is retried safely too (simulator failure mode)', async () => {
  const zhang = await patient('zhang')
  const pending = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 1 }])
  failures.set({ mode: 'server-error', count: 2, pathPrefix: '/holder/medpay' })
  await expect(api.medpay.confirm(zhang.token, pending.setlId, key())).resolves.toMatchObject({ status: 'settled' })
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650 - 850)
})

it('refund gives the account its money back and undoes the totals; a second refund is ERR_ALREADY_REFUNDED', async () => {
  const zhang = await patient('zhang')
  const pending = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 2 }])
  expect(await codeOf(api.medpay.refund(pending.setlId, { medinsNo: PHARMACY }, key()))).toBe('ERR_SETTLEMENT_STATE') // not settled yet
  await api.medpay.confirm(zhang.token, pending.setlId, key())
  const k = key()
  const refunded = await api.medpay.refund(pending.setlId, { medinsNo: PHARMACY }, k)
  expect(refunded).toMatchObject({ status: 'refunded', refundedAt: expect.any(String) })
  expect(await api.medpay.account(zhang.token)).toMatchObject({ balc: 128650, dedcPaid: 0, hifpPaid: 0 })
  // The same refund retried with its key answers the same; a new refund is refused; money moved once.
  expect(await api.medpay.refund(pending.setlId, { medinsNo: PHARMACY }, k)).toEqual(refunded)
  expect(await codeOf(api.medpay.refund(pending.setlId, { medinsNo: PHARMACY }, key()))).toBe('ERR_ALREADY_REFUNDED')
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650)
  // Another institution cannot touch it.
  expect(await codeOf(api.medpay.refund(pending.setlId, { medinsNo: CLINIC }, key()))).toBe('ERR_NOT_FOUND')
})

it('the patient can decline; a declined settlement cannot be confirmed', async () => {
  const zhang = await patient('zhang')
  const pending = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 1 }])
  expect((await api.medpay.decline(zhang.token, pending.setlId)).status).toBe('declined')
  expect(await codeOf(api.medpay.confirm(zhang.token, pending.setlId, key()))).toBe('ERR_SETTLEMENT_STATE')
  expect((await api.medpay.account(zhang.token)).balc).toBe(128650)
})

it('someone else cannot confirm my settlement', async () => {
  const zhang = await patient('zhang')
  const chen = await patient('chen', 3)
  const pending = await visitAndSettle(await zhang.code(), [{ medListCodg: PARACETAMOL, cnt: 1 }])
  expect(await codeOf(api.medpay.confirm(chen.token, pending.setlId, key()))).toBe('ERR_NOT_FOUND')
})

it('a code that is not a 医保码 is refused with its verification code', async () => {
  expect(await codeOf(api.medpay.registerVisit({ paymentCode: 'CW1:NOT-A-CODE', medinsNo: PHARMACY }, key()))).toMatch(/^ERR_(BASE64|MALFORMED)$/)
})
