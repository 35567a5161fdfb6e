/**
 * 文件调用 as the organisation (verifier mode, enrolled): the grant id the holder gave → the 加注件,
 * verified against the trust list before it is shown. Unenrolled: nothing is asked. Another
 * organisation with the id, a revoked grant: refused with their codes. A copy altered in transit, or
 * a valid copy of another grant: refused, nothing shown.
 */
import { createApiClient, createFetchTransport, type ApiClient } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { createVerifierStore } from '../../../../src/subpackages/verifier/store/verifierStore'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'
import { activationCodeOf, INSTITUTIONS } from '../../../support/institution'
import { holderFor } from '../../../support/holderAuth'
import { grantFor } from '../../../support/fileGrant'

const BASE = 'http://sim.test'
const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let nowMs = T0
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})
const api = createApiClient({ baseUrl: BASE, request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

function desk(fileApi: Pick<ApiClient, 'retrieveFile' | 'trustList'> = api) {
  return createVerifierStore({
    api,
    institutionApi: api,
    fileApi,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage: memoryStorage()
  })
}

/** 张明华 grants the hotel his ID card for 入住; returns the grant id. */
async function hotelGrant(): Promise<string> {
  const zhang = holderFor(sim, '张明华', '44010619900315001X')
  const cid = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
  const g = await sim.createFileGrant(zhang.holderId, await grantFor(zhang.device.privateJwk, { sub: zhang.holderId, cid, org: INSTITUTIONS.hotel, pur: 'hotel' }, Math.floor(nowMs / 1000)))
  return g.grantId
}

it('an unenrolled device asks nothing (ERR_NOT_ENROLLED); the enrolled hotel gets the copy, verified, with the watermark and the granted fields', async () => {
  const grantId = await hotelGrant()
  const store = desk()
  expect(await store.getState().fetchFile(grantId)).toBe(false)
  expect(store.getState().file).toEqual({ status: 'failed', code: 'ERR_NOT_ENROLLED' })
  expect(sim.listFileGrants(holderFor(sim, '张明华', '44010619900315001X').holderId)[0].retrievals).toBe(0)

  expect(await store.getState().enrol(activationCodeOf('hotel'))).toBe(true)
  expect(await store.getState().fetchFile(` ${grantId} `)).toBe(true)
  const file = store.getState().file
  expect(file?.status).toBe('done')
  if (file?.status !== 'done') return
  expect(file.copy.wm).toBe('仅供广州天河花园酒店有限公司用于酒店入住，2026-12-04前有效')
  expect(file.copy.fields).toMatchObject({ name: '张明华' })
  expect(Object.keys(file.copy.fields).sort()).toEqual(['address', 'ethnicity', 'id_number', 'name', 'portrait_hash'])
  // The OFD 加注件 beside it (#14 §3): verified, its 加注 the same words, bound to this grant.
  expect(file.ofd).toMatchObject({ sealName: '全国一体化政务服务平台电子证照共享服务加注专用章', annotation: file.copy.wm })
  expect(file.ofd!.bytes.length).toBeGreaterThan(3000)
})

it('another organisation with the id: ERR_NOT_FOUND; a revoked grant: ERR_GRANT_REVOKED', async () => {
  const grantId = await hotelGrant()
  const police = desk()
  expect(await police.getState().enrol(activationCodeOf('police'))).toBe(true)
  expect(await police.getState().fetchFile(grantId)).toBe(false)
  expect(police.getState().file).toEqual({ status: 'failed', code: 'ERR_NOT_FOUND' })

  const hotel = desk()
  await hotel.getState().enrol(activationCodeOf('hotel'))
  const owner = sim.listFileGrants(holderFor(sim, '张明华', '44010619900315001X').holderId)[0]
  expect(owner.grantId).toBe(grantId)
  sim.revokeFileGrant(holderFor(sim, '张明华', '44010619900315001X').holderId, grantId)
  expect(await hotel.getState().fetchFile(grantId)).toBe(false)
  expect(hotel.getState().file).toEqual({ status: 'failed', code: 'ERR_GRANT_REVOKED' })
})

it('a copy altered in transit, or a genuine copy of another grant, is not shown', async () => {
  const first = await hotelGrant()
  const second = await hotelGrant()
  const altered: Pick<ApiClient, 'retrieveFile' | 'trustList'> = {
    trustList: () => api.trustList(),
    retrieveFile: async (id, signer) => {
      const r = await api.retrieveFile(id, signer)
      const [h, p, s] = r.copy.split('.')
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
      return { ...r, copy: `${h}.${Buffer.from(JSON.stringify({ ...payload, fields: { ...payload.fields, name: '李四' } })).toString('base64url')}.${s}` }
    }
  }
  const tampered = desk(altered)
  await tampered.getState().enrol(activationCodeOf('hotel'))
  expect(await tampered.getState().fetchFile(first)).toBe(false)
  expect(tampered.getState().file).toEqual({ status: 'failed', code: 'ERR_SIGNATURE_INVALID' })

  // The answer for `first` carries the (valid, signed) copy of `second`.
  const swapped: Pick<ApiClient, 'retrieveFile' | 'trustList'> = {
    trustList: () => api.trustList(),
    retrieveFile: async (id, signer) => ({ ...(await api.retrieveFile(id, signer)), copy: (await api.retrieveFile(second, signer)).copy })
  }
  const mixed = desk(swapped)
  mixed.setState({ enrolment: tampered.getState().enrolment })
  expect(await mixed.getState().fetchFile(first)).toBe(false)
  expect(mixed.getState().file).toEqual({ status: 'failed', code: 'ERR_CLAIM_INVALID' })
})
