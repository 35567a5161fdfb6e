/**
 * 家人代办 (issue #13), the store rules against the real simulator handlers (msw/node): 张明华 adds
 * his mother 李秀英 with her face consent for 酒店入住 only; his phone fetches her credentials inside
 * that scope, sealed; a 代为出示 QR verifies offline naming both (“代为出示：张明华 代 李秀英”); a purpose
 * outside the scope is refused on the phone and by the platform; the online report lands in her
 * 用证记录 with his name; when she ends the link his phone drops her credentials. Clock frozen.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { verifyTrustList } from '../../../src/services/trust/verifyTrustList'
import { verifyPresentation } from '../../../src/services/presentation'
import { certRegistry } from '../../../src/certs/registry'
import { findRole } from '../../../src/vocabulary/roles'
import { agentLine, buildResultView } from '../../../src/subpackages/verifier/model/resultView'
import { createWalletStore } from '../../../src/store/walletStore'
import { agentLinks, createDelegationStore, DELEGATION_BATCH_SIZE, tryParseDelegation } from '../../../src/store/delegationStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { enrolOverHttp, type TestInstitution } from '../../support/institution'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T02:00:00Z')
let nowMs = T0
installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})

const phoneApi = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })
const deskApi = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {} })
let hotel: TestInstitution
beforeEach(async () => {
  hotel = await enrolOverHttp(deskApi, 'hotel', () => nowMs)
})
const PIN = '135790'
const random = async (k: number) => globalThis.crypto.getRandomValues(new Uint8Array(k))

async function phone(name: string, idNumber: string, storage = memoryStorage()) {
  const deps = { backend: joseBackend, registry: certRegistry, rootKeys: PINNED_ROOT_KEYS, now: () => nowMs, storage }
  const wallet = createWalletStore({ ...deps, api: phoneApi, randomBytes: random, pinIterations: 1000, pinSquarings: 100 })
  const delegation = createDelegationStore({ ...deps, api: phoneApi, wallet, randomBytes: random })
  expect((await wallet.getState().setupPin(PIN, PIN)).ok).toBe(true)
  await wallet.getState().beginFaceCheck(name, idNumber)
  await wallet.getState().finishFaceCheck(true)
  const ids = wallet.getState().available.filter((a) => a.status === 'valid').map((a) => a.certId)
  await wallet.getState().claim(ids, '求职')
  return { wallet, delegation, storage }
}

/** 张明华 adds his mother for 酒店入住, her face check passing on his phone. */
async function linkedHotel() {
  const zhang = await phone('张明华', '44010619900315001X')
  expect(await zhang.delegation.getState().beginConsent('李秀英', '330106195207080021', ['hotel'], 'parent')).toBe(true)
  expect(zhang.delegation.getState().consent).toMatchObject({ purposes: ['hotel'], relation: 'parent' })
  const link = (await zhang.delegation.getState().finishConsent(true))!
  expect(link).toMatchObject({ role: 'agent', relativeName: '李秀英', relativeIdMasked: '330106********0021', purposes: ['hotel'], status: 'active' })
  return { zhang, link }
}

async function verifyOffline(zhang: Awaited<ReturnType<typeof phone>>, text: string) {
  const trust = await verifyTrustList(zhang.wallet.getState().trust.trustList!.jws, PINNED_ROOT_KEYS, joseBackend, Math.floor(nowMs / 1000))
  return verifyPresentation(text, { trust, registry: certRegistry, backend: joseBackend, now: Math.floor(nowMs / 1000), purposes: ['hotel'] })
}

it('adding a relative: her consent makes the link, her credentials come for the scoped purpose only, sealed on disk; his wallet stays his', async () => {
  const { zhang, link } = await linkedHotel()
  const s = zhang.delegation.getState()
  expect(agentLinks(s)).toEqual([expect.objectContaining({ linkId: link.linkId })])
  expect(Object.keys(s.batches[link.linkId])).toEqual(['hotel'])
  expect(s.batches[link.linkId].hotel).toMatchObject({ purpose: 'hotel', kinds: ['id-card'] })
  expect(s.batches[link.linkId].hotel!.sets).toHaveLength(DELEGATION_BATCH_SIZE)
  expect(zhang.wallet.getState().holder?.holderId).toBe('p-zhang')
  // On disk: sealed only — no credential, key or her ID number in the clear.
  const blob = zhang.storage.data['certwallet.delegation']
  expect(blob).not.toMatch(/330106195207080021|"d":/)
  const stored = tryParseDelegation(JSON.parse(blob).state)
  expect(stored.problem).toBeNull()
  expect(stored.state.batches[link.linkId].hotel!.sets.every((x) => x.credentials.length === 0)).toBe(true)
})

it('代为出示: the QR verifies offline and names both; the report lands in her 用证记录 with his name', async () => {
  const { zhang, link } = await linkedHotel()
  const qr = (await zhang.delegation.getState().present(link.linkId, 'hotel'))!
  expect(qr).toMatchObject({ linkId: link.linkId, purpose: 'hotel' })
  const v = await verifyOffline(zhang, qr.text)
  expect(v.agent).toEqual({ name: '张明华', idMasked: '440106********001X', linkId: link.linkId })
  const view = buildResultView(v, findRole('hotel')!, certRegistry)
  expect(agentLine(view.agent!)).toBe('代为出示：张明华 代 李秀英')
  expect(view.certs[0].fields.find((f) => f.name === 'name')?.value).toBe('李秀英')
  // The desk reports it online: her 用证记录 (on her own phone) says who presented.
  expect(await deskApi.verify(qr.text, '入住登记', hotel.signer)).toMatchObject({ ok: true })
  const li = await phone('李秀英', '330106195207080021')
  const hers = await phoneApi.listUsageRecords(await li.wallet.getState().holderAuth())
  expect(hers.items).toEqual([expect.objectContaining({ agentName: '张明华', kinds: ['id-card'], outcome: 'accepted' })])
})

it('scope: a purpose outside it is refused on the phone and by the platform (ERR_DELEGATION_SCOPE), nothing stored', async () => {
  const { zhang, link } = await linkedHotel()
  expect(await zhang.delegation.getState().present(link.linkId, 'pharmacy')).toBeNull()
  expect(zhang.delegation.getState().error).toBe('ERR_DELEGATION_SCOPE')
  // Asking the platform anyway (a tampered client): refused there too.
  expect(await zhang.delegation.getState().fetchCredentials(link.linkId, ['pharmacy'])).toBe(false)
  expect(zhang.delegation.getState().error).toBe('ERR_DELEGATION_SCOPE')
  expect(zhang.delegation.getState().batches[link.linkId].pharmacy).toBeUndefined()
})

it('she ends it on her own phone (谁可以为我代办): his phone drops her credentials and can no longer present for her', async () => {
  const { zhang, link } = await linkedHotel()
  const li = await phone('李秀英', '330106195207080021')
  expect(await li.delegation.getState().refresh()).toBe(true)
  expect(li.delegation.getState().links).toEqual([expect.objectContaining({ linkId: link.linkId, role: 'relative', agentName: '张明华', agentIdMasked: '440106********001X', purposes: ['hotel'] })])
  expect(agentLinks(li.delegation.getState())).toEqual([])
  expect(await li.delegation.getState().end(link.linkId)).toBe(true)
  expect(li.delegation.getState().links[0]).toMatchObject({ status: 'ended', endedBy: 'relative' })

  expect(await zhang.delegation.getState().refresh()).toBe(true)
  expect(zhang.delegation.getState().batches[link.linkId]).toBeUndefined()
  expect(await zhang.delegation.getState().present(link.linkId, 'hotel')).toBeNull()
  expect(zhang.delegation.getState().error).toBe('ERR_DELEGATION_ENDED')
})

it('her failed face check links nothing (ERR_FACE_CHECK_FAILED); a locked wallet presents nothing (ERR_LOCKED)', async () => {
  const zhang = await phone('张明华', '44010619900315001X')
  await zhang.delegation.getState().beginConsent('李秀英', '330106195207080021', ['hotel'], 'parent')
  expect(await zhang.delegation.getState().finishConsent(false)).toBeNull()
  expect(zhang.delegation.getState()).toMatchObject({ error: 'ERR_FACE_CHECK_FAILED', consent: null, links: [] })
  const { zhang: z2, link } = await linkedHotel()
  z2.wallet.getState().lockNow()
  expect(await z2.delegation.getState().present(link.linkId, 'hotel')).toBeNull()
  expect(z2.delegation.getState().error).toBe('ERR_LOCKED')
})

it('a bad persisted blob falls back to defaults with its problem named, never throws', () => {
  expect(tryParseDelegation({ version: 2 })).toMatchObject({ problem: 'version' })
  expect(tryParseDelegation({ version: 1, ownerHolderId: 'p', links: [{ linkId: 1 }], batches: {} })).toMatchObject({ problem: 'links', state: { links: [] } })
  expect(tryParseDelegation({ version: 1, ownerHolderId: 'p', links: [], batches: { DL1: { hotel: { purpose: 'hotel', sets: [] } } } })).toMatchObject({ problem: 'batches' })
})
