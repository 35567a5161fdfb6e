/**
 * The patient's 医保支付 store against the real simulator handlers (msw/node), with the wallet
 * and 亮证 stores: the 医保码 comes from the pharmacy purpose credentials, the POS side is the API
 * client; pending → confirm → receipt and balance; a lost answer retried with the same key;
 * persistence; 亲情账户 (family account) from linking to paying. Clock frozen.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { createWalletStore } from '../../../src/store/walletStore'
import { createPresentationStore } from '../../../src/store/presentationStore'
import { createMedpayStore, MEDPAY_DEFAULTS, tryParseMedpay } from '../../../src/store/medpayStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { enrolOverHttp, signedMedpay, type TestInstitution } from '../../support/institution'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T02:00:00Z')
let nowMs = T0
installMockApi({ now: () => new Date(nowMs) })
const dropAnswers = new Map<string, number>()
const sentKeys: string[] = []

afterEach(() => {
  dropAnswers.clear()
  sentKeys.length = 0
  nowMs = T0
})

const transport = createFetchTransport(async (input, init) => {
  const url = String(input)
  const k = (init?.headers as Record<string, string> | undefined)?.['Idempotency-Key']
  if (k && url.endsWith('/confirm')) sentKeys.push(k)
  const res = await globalThis.fetch(input, init)
  for (const [part, n] of dropAnswers) {
    if (n > 0 && url.includes(part)) {
      dropAnswers.set(part, n - 1)
      throw new TypeError('Failed to fetch (answer lost)')
    }
  }
  return res
})
/** The phone's client: no automatic retry, so the store's own retry is what is tested. */
const phoneApi = createApiClient({ baseUrl: BASE, request: transport, sleep: async () => {}, maxRetries: 0 })
/** The pharmacy's client. */
const posApi = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {} })
/** The pharmacy's counter, enrolled afresh before each test (the simulator resets after each). */
let counter: TestInstitution
beforeEach(async () => {
  counter = await enrolOverHttp(posApi, 'pharmacy', () => nowMs)
})
const pos = signedMedpay(posApi.medpay, () => ({}), () => counter.signer)
const PHARMACY = 'P44010600512'
const PIN = '135790'
let n = 0
const key = () => `pos-key-${++n}-${Date.now()}`

async function phone(name: string, idNumber: string, storage = memoryStorage()) {
  const deps = { backend: joseBackend, registry: certRegistry, rootKeys: PINNED_ROOT_KEYS, now: () => nowMs, storage }
  const wallet = createWalletStore({ ...deps, api: phoneApi, randomBytes: async (k) => globalThis.crypto.getRandomValues(new Uint8Array(k)), pinIterations: 1000, pinSquarings: 100 })
  const presentation = createPresentationStore({ ...deps, api: phoneApi, wallet, randomBytes: async (k) => globalThis.crypto.getRandomValues(new Uint8Array(k)), followWalletSync: false })
  const medpay = createMedpayStore({ ...deps, api: phoneApi, wallet, randomBytes: async (k) => globalThis.crypto.getRandomValues(new Uint8Array(k)) })
  expect((await wallet.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await wallet.getState().beginFaceCheck(name, idNumber)
  await wallet.getState().finishFaceCheck(true)
  const ids = wallet.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  await wallet.getState().claim(ids, '求职')
  return { wallet, presentation, medpay, storage }
}

/** The PIN typed on the pay sheet: the lock's one-time approval for one payment. */
async function approve(p: Awaited<ReturnType<typeof phone>>): Promise<string | undefined> {
  const r = await p.wallet.getState().authorize(PIN)
  expect(r.ok).toBe(true)
  return r.grant
}

async function myCode(p: Awaited<ReturnType<typeof phone>>): Promise<string> {
  await p.presentation.getState().refresh({ purposes: ['pharmacy'] })
  const qr = await p.presentation.getState().present('pharmacy')
  expect(qr).not.toBeNull()
  return qr!.text
}

async function posSettles(code: string, items = [{ medListCodg: 'XN02BEA010A001010100451', cnt: 2 }]) {
  const visit = await pos.registerVisit({ paymentCode: code, medinsNo: PHARMACY }, key())
  return { visit, pending: await pos.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items }, key()) }
}

it('pending appears, the patient confirms, the receipt and the new balance are kept', async () => {
  const zhang = await phone('张明华', '44010619900315001X')
  const { pending } = await posSettles(await myCode(zhang))
  expect(await zhang.medpay.getState().refresh()).toBe(true)
  expect(zhang.medpay.getState().pending().map((s) => s.setlId)).toEqual([pending.setlId])
  expect(zhang.medpay.getState().account?.balc).toBe(128650)

  const settled = await zhang.medpay.getState().confirm(pending.setlId, await approve(zhang))
  expect(settled).toMatchObject({ status: 'settled', setlId: pending.setlId })
  await zhang.medpay.getState().refresh()
  const s = zhang.medpay.getState()
  expect(s.pending()).toEqual([])
  expect(s.settlements[0]).toMatchObject({ setlId: pending.setlId, status: 'settled', medinsName: '康民大药房（天河店）', split: { acctPay: 1700, psnCashPay: 0 } })
  expect(s.account?.balc).toBe(128650 - 1700)
  expect(s.confirming).toBeNull()
  // The POS sees the same receipt.
  expect(await pos.getSettlement(pending.setlId)).toEqual(expect.objectContaining({ setlId: pending.setlId, status: 'settled', split: s.settlements[0].split, setlTime: s.settlements[0].setlTime }))
})

it('an answer lost after confirm: the retry sends the same key, the account is charged once', async () => {
  const zhang = await phone('张明华', '44010619900315001X')
  const { pending } = await posSettles(await myCode(zhang))
  await zhang.medpay.getState().refresh()
  dropAnswers.set('/confirm', 1)
  expect(await zhang.medpay.getState().confirm(pending.setlId, await approve(zhang))).toBeNull()
  expect(zhang.medpay.getState().error).toBe('ERR_NETWORK')
  expect(zhang.medpay.getState().confirming).toMatchObject({ setlId: pending.setlId })
  // The server did settle it; the phone does not know yet. The patient taps 重试.
  expect(await zhang.medpay.getState().confirm(pending.setlId, await approve(zhang))).toMatchObject({ status: 'settled' })
  expect(sentKeys).toHaveLength(2)
  expect(sentKeys[1]).toBe(sentKeys[0])
  await zhang.medpay.getState().refresh()
  expect(zhang.medpay.getState().account?.balc).toBe(128650 - 1700)
  expect(zhang.medpay.getState().confirming).toBeNull()
})

it('receipts and an unanswered confirmation survive a restart; a corrupt blob falls back to defaults', async () => {
  const storage = memoryStorage()
  const zhang = await phone('张明华', '44010619900315001X', storage)
  const { pending } = await posSettles(await myCode(zhang))
  await zhang.medpay.getState().refresh()
  dropAnswers.set('/confirm', 1)
  await zhang.medpay.getState().confirm(pending.setlId, await approve(zhang))
  const blob = JSON.parse(storage.data['certwallet.medpay'])
  const { state, problem } = tryParseMedpay(blob.state)
  expect(problem).toBeNull()
  expect(state.settlements.map((s) => s.setlId)).toEqual([pending.setlId])
  expect(state.confirming?.setlId).toBe(pending.setlId)

  expect(tryParseMedpay(MEDPAY_DEFAULTS)).toEqual({ state: MEDPAY_DEFAULTS, problem: null })
  expect(tryParseMedpay({ version: 9 })).toEqual({ state: MEDPAY_DEFAULTS, problem: 'version' })
  const mangled = tryParseMedpay({ ...blob.state, settlements: [...blob.state.settlements, { setlId: 3 }] })
  expect(mangled.problem).toBe('entries')
  expect(mangled.state.settlements).toHaveLength(1)
})

it('declining: nothing is charged and the POS sees it declined', async () => {
  const zhang = await phone('张明华', '44010619900315001X')
  const { pending } = await posSettles(await myCode(zhang))
  await zhang.medpay.getState().refresh()
  expect(await zhang.medpay.getState().decline(pending.setlId)).toMatchObject({ status: 'declined' })
  expect((await pos.getSettlement(pending.setlId)).status).toBe('declined')
})

describe('亲情账户 (家庭共济)', () => {
  it('links a parent with her own face check, shows her code, pays from my account; both histories show it', async () => {
    const zhang = await phone('张明华', '44010619900315001X')
    const li = await phone('李秀英', '330106195207080021')
    expect(await zhang.medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')).toBe(true)
    const link = await zhang.medpay.getState().finishFamilyLink(true)
    expect(link).toMatchObject({ relation: 'parent', relativeName: '李*英', insuplc: '浙江省杭州市', status: 'active' })
    const code = await zhang.medpay.getState().presentRelative(link!.linkId)
    expect(code?.text).toMatch(/^CW1:/)

    // 乙 3580 × 2 = 7160 for her (杭州 retiree: 15% 先行自付 1074, 6086 under her 30000 deductible).
    const { visit, pending } = await posSettles(code!.text, [{ medListCodg: 'XC10AAA050A001010102204', cnt: 2 }])
    expect(visit).toMatchObject({ psnName: '李*英', familyPayerName: '张*华', insuplc: '浙江省杭州市' })
    await zhang.medpay.getState().refresh()
    expect(zhang.medpay.getState().pending()).toEqual([expect.objectContaining({ setlId: pending.setlId, viewerRole: 'payer', psnName: '李*英' })])
    const settled = await zhang.medpay.getState().confirm(pending.setlId, await approve(zhang))
    expect(settled?.split).toMatchObject({ medfeeSumamt: 7160, psnPartAmt: 7160, acctPay: 7160, acctMulaidPay: 7160, psnCashPay: 0, balc: 128650 - 7160 })

    await zhang.medpay.getState().refresh()
    expect(zhang.medpay.getState().account?.balc).toBe(128650 - 7160)
    await li.medpay.getState().refresh()
    // Her history shows it, paid by her son; her own account is untouched; her year's deductible moved.
    expect(li.medpay.getState().settlements).toEqual([expect.objectContaining({ setlId: pending.setlId, status: 'settled', viewerRole: 'patient', familyPayerName: '张*华' })])
    expect(li.medpay.getState().pending()).toEqual([])
    expect(li.medpay.getState().account).toMatchObject({ balc: 3500, dedcPaid: 6086 })
  })

  it('a relative’s codes rest sealed: none on disk in the clear, none in memory while locked; unlock opens them', async () => {
    const storage = memoryStorage()
    const zhang = await phone('张明华', '44010619900315001X', storage)
    await zhang.medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')
    const link = (await zhang.medpay.getState().finishFamilyLink(true))!
    expect(await zhang.medpay.getState().fetchFamilyCodes(link.linkId)).toBe(true)
    const onDisk = JSON.parse(storage.data['certwallet.medpay']).state.familyBatches[link.linkId]
    expect(typeof onDisk.sealed).toBe('string')
    expect(onDisk.sets.every((x: { credentials: string[] }) => x.credentials.length === 0)).toBe(true)

    zhang.wallet.getState().lockNow()
    expect(zhang.medpay.getState().familyBatches[link.linkId].sets[0].credentials).toEqual([])
    expect(await zhang.medpay.getState().presentRelative(link.linkId)).toBeNull()
    expect(zhang.medpay.getState().error).toBe('ERR_UNAUTHORIZED') // no device key while locked
    expect((await zhang.wallet.getState().unlock(PIN)).ok).toBe(true)
    const code = await zhang.medpay.getState().presentRelative(link.linkId)
    expect(code?.text).toMatch(/^CW1:/)
    const { visit } = await posSettles(code!.text)
    expect(visit.psnName).toBe('李*英')
  })

  it('a relative’s codes are layout 2 on keys of their own (issue #16): none is the device key, none on disk, each back from the vault after a lock', async () => {
    const storage = memoryStorage()
    const zhang = await phone('张明华', '44010619900315001X', storage)
    await zhang.medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')
    const link = (await zhang.medpay.getState().finishFamilyLink(true))!
    expect(await zhang.medpay.getState().fetchFamilyCodes(link.linkId)).toBe(true)
    const sets = zhang.medpay.getState().familyBatches[link.linkId].sets
    const xs = sets.map((x) => x.key?.x)
    expect(xs.every((x) => typeof x === 'string')).toBe(true)
    expect(new Set(xs).size).toBe(sets.length)
    expect(xs).not.toContain(zhang.wallet.getState().devicePublicKey!.x)
    // The private keys are sealed with the credentials: not on disk in the clear.
    const disk = storage.data['certwallet.medpay']
    for (const x of sets) expect(disk).not.toContain(x.key!.d)

    zhang.wallet.getState().lockNow()
    expect(zhang.medpay.getState().familyBatches[link.linkId].sets.some((x) => x.key)).toBe(false)
    expect((await zhang.wallet.getState().unlock(PIN)).ok).toBe(true)
    // Two codes in a row: two sets, two keys, both accepted at the counter.
    const first = await zhang.medpay.getState().presentRelative(link.linkId)
    const second = await zhang.medpay.getState().presentRelative(link.linkId)
    expect(zhang.medpay.getState().familyBatches[link.linkId].sets.map((x) => x.key?.x)).toEqual(xs)
    expect((await posSettles(first!.text)).visit.psnName).toBe('李*英')
    expect((await posSettles(second!.text)).visit.familyPayerName).toBe('张*华')
  })

  it('with a platform face UI (WeChat/Alipay) the relative’s check runs at once; closing it links nothing', async () => {
    const zhang = await phone('张明华', '44010619900315001X')
    const seen: { name: string; idNumber: string }[] = []
    let answer: 'pass' | 'cancel' = 'cancel'
    const medpay = createMedpayStore({
      api: phoneApi, wallet: zhang.wallet, backend: joseBackend, registry: certRegistry, rootKeys: PINNED_ROOT_KEYS, now: () => nowMs, storage: memoryStorage(),
      randomBytes: async (k) => globalThis.crypto.getRandomValues(new Uint8Array(k)),
      faceCheck: {
        native: true,
        checkFace: async (req) => {
          seen.push({ name: req.name, idNumber: req.idNumber })
          if (answer !== 'pass') return { passed: false, sessionId: req.sessionId, reason: 'cancelled' }
          // The platform's ticket, as the (simulated) WeChat back end issues it for this session.
          const ticket = await phoneApi.simulator.faceCheck({ sessionId: req.sessionId, name: req.name, idNumber: req.idNumber, passed: true })
          return { passed: true, sessionId: req.sessionId, proof: { verifyResult: ticket.verifyResult! } }
        }
      }
    })
    expect(await medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')).toBe(false)
    expect(medpay.getState()).toMatchObject({ error: null, familyFace: null, familyLinks: [] })
    answer = 'pass'
    expect(await medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')).toBe(true)
    expect(medpay.getState().familyLinks).toEqual([expect.objectContaining({ relativeName: '李*英' })])
    // The platform check is run for the relative, by her name and ID number.
    expect(seen).toEqual([{ name: '李秀英', idNumber: '330106195207080021' }, { name: '李秀英', idNumber: '330106195207080021' }])
  })

  it('the relative sees the link in her own wallet and ends it; the payer’s phone drops her codes and cannot fetch more', async () => {
    const zhang = await phone('张明华', '44010619900315001X')
    const li = await phone('李秀英', '330106195207080021')
    await zhang.medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')
    const link = (await zhang.medpay.getState().finishFamilyLink(true))!
    expect(await zhang.medpay.getState().fetchFamilyCodes(link.linkId)).toBe(true)
    // No token of hers was ever kept on his phone: his wallet is still his own.
    expect(zhang.wallet.getState().holder?.holderId).toBe('p-zhang')

    expect(await li.medpay.getState().refreshRelativeLinks()).toBe(true)
    expect(li.medpay.getState().relativeLinks).toEqual([expect.objectContaining({ linkId: link.linkId, payerName: '张*华', status: 'active', grants: ['show-code', 'pay'] })])
    expect(await li.medpay.getState().endRelativeLink(link.linkId)).toBe(true)
    expect(li.medpay.getState().relativeLinks).toEqual([expect.objectContaining({ linkId: link.linkId, status: 'removed' })])

    await zhang.medpay.getState().refresh()
    expect(zhang.medpay.getState().familyLinks).toEqual([expect.objectContaining({ linkId: link.linkId, status: 'removed' })])
    expect(zhang.medpay.getState().familyBatches[link.linkId]).toBeUndefined()
    expect(await zhang.medpay.getState().presentRelative(link.linkId)).toBeNull()
    expect(zhang.medpay.getState().error).toBe('ERR_FAMILY_NOT_LINKED')
  })

  it('the relative failing her face check links nothing (ERR_FACE_CHECK_FAILED)', async () => {
    const zhang = await phone('张明华', '44010619900315001X')
    await zhang.medpay.getState().beginFamilyLink('李秀英', '330106195207080021', 'parent')
    expect(await zhang.medpay.getState().finishFamilyLink(false)).toBeNull()
    expect(zhang.medpay.getState().error).toBe('ERR_FACE_CHECK_FAILED')
    expect(zhang.medpay.getState().familyLinks).toEqual([])
  })

  it('a holder without 家庭共济 cannot pay for others (ERR_FAMILY_NOT_LINKED)', async () => {
    const li = await phone('李秀英', '330106195207080021')
    // Refused before any face check: the consent session is not even opened.
    expect(await li.medpay.getState().beginFamilyLink('张明华', '44010619900315001X', 'child')).toBe(false)
    expect(li.medpay.getState()).toMatchObject({ error: 'ERR_FAMILY_NOT_LINKED', familyFace: null })
  })
})

it('no payment without the PIN: no grant, a used grant, an expired grant or a wrong PIN send nothing', async () => {
  const zhang = await phone('张明华', '44010619900315001X')
  const { pending } = await posSettles(await myCode(zhang))
  await zhang.medpay.getState().refresh()
  const sentBefore = sentKeys.length

  expect(await zhang.medpay.getState().confirm(pending.setlId, undefined)).toBeNull()
  expect(zhang.medpay.getState().error).toBe('ERR_LOCKED')
  expect(await zhang.medpay.getState().confirm(pending.setlId, 'made-up-grant')).toBeNull()

  const wrong = await zhang.wallet.getState().authorize('000001')
  expect(wrong).toMatchObject({ ok: false, code: 'ERR_PIN_WRONG' })
  expect(wrong.grant).toBeUndefined()

  const grant = await approve(zhang)
  const late = nowMs
  nowMs += 121_000
  expect(await zhang.medpay.getState().confirm(pending.setlId, grant)).toBeNull()
  nowMs = late
  // A grant is spent even when it came too late: it cannot be tried again.
  expect(await zhang.medpay.getState().confirm(pending.setlId, grant)).toBeNull()
  expect(sentKeys.length).toBe(sentBefore)
  expect(zhang.medpay.getState().confirming).toBeNull()

  const fresh = await approve(zhang)
  zhang.wallet.getState().lockNow()
  expect(await zhang.medpay.getState().confirm(pending.setlId, fresh)).toBeNull()
  expect(sentKeys.length).toBe(sentBefore)

  const unlocked = await zhang.wallet.getState().unlock(PIN)
  expect(await zhang.medpay.getState().confirm(pending.setlId, unlocked.grant)).toMatchObject({ status: 'settled' })
  expect(await zhang.medpay.getState().confirm(pending.setlId, unlocked.grant)).toBeNull()
})
