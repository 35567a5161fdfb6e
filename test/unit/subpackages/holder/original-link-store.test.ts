/**
 * The 原件's computer download link on the holder's side (issue #14, Alipay): the store asks the
 * platform (the simulator over msw) with the holder's DPoP-bound auth, keeps the link only while it
 * is valid (frozen clock), and a refusal keeps its code without a link. Another person's certificate
 * and a locked wallet get no link.
 */
import { createApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { WalletError } from '../../../../src/services/errors'
import { createOriginalLinkStore } from '../../../../src/subpackages/holder/store/originalLinkStore'
import { ORIGINAL_LINK_TTL_SEC } from '../../../../mock/simulator/originalLinks'
import { installMockApi } from '../../../support/mockApi'
import { holderFor } from '../../../support/holderAuth'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const { sim } = installMockApi({ now: () => new Date(clock) })
const api = createApiClient({ baseUrl: 'http://gov.test', request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })

beforeEach(() => {
  clock = T0
})

test('a link for the holder’s own 原件, valid for 10 minutes on the store’s clock', async () => {
  const zhang = holderFor(sim, '张明华', '44010619900315001X')
  const certId = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
  const store = createOriginalLinkStore({ api, wallet: { getState: () => ({ holderAuth: async () => zhang.auth }) }, now: () => clock })
  await expect(store.getState().create(certId)).resolves.toBe(true)
  const link = store.getState().current(certId)!
  expect(link.url).toMatch(/\/api\/v1\/original-downloads\/[A-Za-z0-9_-]{43}$/)
  expect(link.expiresAt).toBe(T0 + ORIGINAL_LINK_TTL_SEC * 1000)
  expect(store.getState().current('another-cert')).toBeNull()
  clock = link.expiresAt - 1
  expect(store.getState().current(certId)).not.toBeNull()
  clock = link.expiresAt
  expect(store.getState().current(certId)).toBeNull()
  store.getState().clear()
  expect(store.getState().link).toBeNull()
})

test('someone else’s certificate, or a locked wallet: no link, the code is kept', async () => {
  const zhang = holderFor(sim, '张明华', '44010619900315001X')
  const chen = holderFor(sim, '陈静', '110105199304120049')
  const certId = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
  const asChen = createOriginalLinkStore({ api, wallet: { getState: () => ({ holderAuth: async () => chen.auth }) }, now: () => clock })
  await expect(asChen.getState().create(certId)).resolves.toBe(false)
  expect([asChen.getState().error, asChen.getState().link, asChen.getState().busy]).toEqual(['ERR_NOT_FOUND', null, false])
  const locked = createOriginalLinkStore({
    api,
    wallet: {
      getState: () => ({
        holderAuth: async () => {
          throw new WalletError('ERR_LOCKED')
        }
      })
    },
    now: () => clock
  })
  await expect(locked.getState().create(certId)).resolves.toBe(false)
  expect([locked.getState().error, locked.getState().link]).toEqual(['ERR_LOCKED', null])
})
