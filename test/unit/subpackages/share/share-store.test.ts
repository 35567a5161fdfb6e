/**
 * The share store (paper credentials, degree shares, public check, 文件调用授权) against the real
 * simulator handlers (msw/node), clock frozen: outcomes and error codes, and the public check
 * showing only what the issuer signed.
 */
import { holderFor } from '../../../support/holderAuth'
import type { HolderAuth } from '../../../../src/services/api/holderAuth'
import { WalletError } from '../../../../src/services/errors'
import { SEED_PEOPLE } from '../../../../mock/simulator'
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { createShareStore, daysLeft, grantFields, grantTargets, groupCode, normalizeCode, type ShareApi } from '../../../../src/subpackages/share/store/shareStore'
import type { EcPrivateJwk } from '../../../../src/services/crypto/types'
import { enrolOnSimulator, INSTITUTIONS } from '../../../support/institution'
import type { HolderSession } from '../../../../src/store/schema'
import { base45Decode, base45Encode } from '../../../../src/services/presentation/base45'
import { installMockApi } from '../../../support/mockApi'

const T0 = Date.parse('2026-11-27T10:35:00Z')
let nowMs = T0
const { sim } = installMockApi({ now: () => new Date(nowMs) })
afterEach(() => {
  nowMs = T0
})

const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

/** A signed-in holder (tokens bound to a fresh device key) and the DPoP auth its calls carry. */
type Login = HolderSession & { auth: HolderAuth; deviceKey: EcPrivateJwk }
function login(id: string): Login {
  const p = SEED_PEOPLE.find((x) => x.id === id)!
  const r = holderFor(sim, p.name, p.idNumber)
  return { holderId: r.holderId, token: r.holderToken, displayName: r.displayName, auth: r.auth, deviceKey: r.device.privateJwk }
}

/** The lock's one-time PIN approvals the stand-in wallet will redeem (each once). */
const approvals = new Set<string>()

function setup(holder: Login | null, over: Partial<ShareApi> = {}) {
  const holderAuth = async () => {
    if (!holder) throw new WalletError('ERR_UNAUTHORIZED', { detail: 'no-holder' })
    return holder.auth
  }
  const consumeGrant = (g: string | null | undefined) => !!g && approvals.delete(g)
  return createShareStore({
    api: { ...api, ...over },
    wallet: { getState: () => ({ holder, holderAuth, deviceKey: holder?.deviceKey ?? null, consumeGrant }) },
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    now: () => nowMs,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))
  })
}
const certOf = (h: HolderSession, kind: string) => sim.listCertificates(h.holderId).find((c) => c.kind === kind)!.certId

test('paper: issue, list, revoke; without a holder ERR_UNAUTHORIZED and nothing changes', async () => {
  const anon = setup(null)
  await expect(anon.getState().issuePaper('x')).resolves.toBeNull()
  expect(anon.getState().error).toBe('ERR_UNAUTHORIZED')

  const zhang = login('p-zhang')
  const store = setup(zhang)
  const p = await store.getState().issuePaper(certOf(zhang, 'id-card'))
  expect(p).toMatchObject({ kind: 'id-card', status: 'valid', credential: expect.stringMatching(/^CWP1:/) })
  expect(store.getState().papers.map((x) => x.paperId)).toEqual([p!.paperId])
  expect(await store.getState().revokePaper(p!.paperId)).toBe(true)
  expect(store.getState().papers[0].status).toBe('revoked')
  // A licence is not printable: the service says 400, the store keeps its list.
  await expect(store.getState().issuePaper(certOf(zhang, 'driving-licence'))).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_BAD_REQUEST')
  expect(store.getState().papers).toHaveLength(1)
  // Another phone of the same holder lists it from the service.
  const other = setup(zhang)
  await other.getState().loadPapers()
  expect(other.getState().papers.map((x) => [x.paperId, x.status])).toEqual([[p!.paperId, 'revoked']])
})

test('degree share: validity outside 30–180 refused before any request; created, listed, revoked', async () => {
  const chen = login('p-chen')
  let calls = 0
  const store = setup(chen, { createDegreeShare: (...a) => (calls++, api.createDegreeShare(...a)) })
  await expect(store.getState().createShare(certOf(chen, 'degree'), 200)).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_BAD_REQUEST')
  expect(calls).toBe(0)
  const share = await store.getState().createShare(certOf(chen, 'degree'), 30)
  expect(share).toMatchObject({ status: 'valid' })
  expect(daysLeft(share!.expiresAt, nowMs)).toBe(30)
  expect(await store.getState().revokeShare(share!.code)).toBe(true)
  expect(store.getState().shares[0].status).toBe('revoked')
  await store.getState().loadShares()
  expect(store.getState().shares.map((s) => s.status)).toEqual(['revoked'])
})

test('public check: a mistyped code never leaves the phone; unknown → ERR_NOT_FOUND; valid → the verified degree', async () => {
  const chen = login('p-chen')
  const share = await api.createDegreeShare(chen.auth, certOf(chen, 'degree'), 90)
  let calls = 0
  const store = setup(null, { checkDegreeShare: (c) => (calls++, api.checkDegreeShare(c)) })
  await expect(store.getState().checkShare('ABC')).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_BAD_REQUEST')
  expect(calls).toBe(0)
  await store.getState().checkShare('ZZZZ ZZZZ ZZZZ ZZZZ')
  expect(store.getState().error).toBe('ERR_NOT_FOUND')

  const r = await store.getState().checkShare(groupCode(share.code).toLowerCase())
  expect(r!.answer.status).toBe('valid')
  expect(r!.verified).toMatchObject({ use: 'degree-share', kind: 'degree', ref: share.code, issuer: { name: '教育部学历证书电子注册备案中心' } })
  expect(r!.verified!.claims.name).toBe('陈静')

  await api.revokeDegreeShare(chen.auth, share.code)
  const after = await store.getState().checkShare(share.code)
  expect(after).toMatchObject({ answer: { status: 'revoked' }, verified: null })
})

test('public check: a degree whose signature does not verify is not shown (ERR_SIGNATURE_INVALID)', async () => {
  const chen = login('p-chen')
  const share = await api.createDegreeShare(chen.auth, certOf(chen, 'degree'), 90)
  const tampered: ShareApi['checkDegreeShare'] = async (c) => {
    const a = await api.checkDegreeShare(c)
    // One digit of the last field (the degree certificate number) changed, the signature kept.
    const bytes = base45Decode(a.credential!.slice('CWP1:'.length))
    bytes[bytes.length - 64 - 2] ^= 1
    return { ...a, credential: 'CWP1:' + base45Encode(bytes) }
  }
  const store = setup(null, { checkDegreeShare: tampered })
  await expect(store.getState().checkShare(share.code)).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_SIGNATURE_INVALID')
  expect(store.getState().check).toBeNull()
})

test('文件调用授权: the registry verified against the root, targets by kind, the PIN approval once, the grant signed and the hotel fetching under it', async () => {
  const zhang = login('p-zhang')
  const store = setup(zhang)
  const idCard = certOf(zhang, 'id-card')
  expect(await store.getState().loadInstitutions()).toBe(true)
  const targets = grantTargets(store.getState().institutions!, 'id-card', certRegistry.modules)
  // The hotel (入住, 年龄核验) and the employer (用人单位) may receive an ID card; the traffic police may not.
  expect(targets.map((t) => [t.institution.name, t.purposes])).toEqual([
    ['广州天河花园酒店有限公司', ['hotel', 'age-over-18']],
    ['广州云帆信息科技有限公司', ['employment']]
  ])
  expect(grantFields('id-card', 'hotel', certRegistry.modules)).toEqual(['name', 'id_number', 'ethnicity', 'address', 'portrait_hash'])

  const input = { certId: idCard, institutionId: INSTITUTIONS.hotel, purpose: 'hotel', days: 7 }
  // No PIN approval, or a made-up one: nothing is signed or sent.
  await expect(store.getState().createGrant(input, null)).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_LOCKED')
  await expect(store.getState().createGrant(input, 'guessed')).resolves.toBeNull()
  expect(sim.listFileGrants(zhang.holderId)).toEqual([])

  approvals.add('pin-ok')
  const grant = await store.getState().createGrant(input, 'pin-ok')
  expect(grant).toMatchObject({ institutionName: '广州天河花园酒店有限公司', purpose: 'hotel', status: 'active', expiresAt: new Date(nowMs - (nowMs % 1000) + 7 * 86400_000).toISOString() })
  expect(store.getState().grant).toEqual(grant)
  // The approval was spent: a second grant needs the PIN again.
  await expect(store.getState().createGrant(input, 'pin-ok')).resolves.toBeNull()
  expect(store.getState().error).toBe('ERR_LOCKED')
  expect(sim.listFileGrants(zhang.holderId)).toHaveLength(1)

  // The registered hotel fetches the copy under it.
  const hotel = enrolOnSimulator(sim, 'hotel')
  await expect(api.retrieveFile(grant!.grantId, hotel.signer)).resolves.toMatchObject({ grantId: grant!.grantId, verifierName: '广州天河花园酒店有限公司' })
})

test('文件调用授权 refused before anything is sent: an organisation not in the registry, a purpose it is not registered for, a period not offered', async () => {
  const zhang = login('p-zhang')
  const store = setup(zhang)
  await store.getState().loadInstitutions()
  const idCard = certOf(zhang, 'id-card')
  const cases: [{ certId: string; institutionId: string; purpose: string; days: number }, string][] = [
    [{ certId: idCard, institutionId: '124401064554367084', purpose: 'hotel', days: 7 }, 'ERR_GRANT_ORG_UNKNOWN'],
    [{ certId: idCard, institutionId: INSTITUTIONS.hotel, purpose: 'degree', days: 7 }, 'ERR_GRANT_PURPOSE'],
    [{ certId: idCard, institutionId: INSTITUTIONS.hotel, purpose: 'hotel', days: 90 }, 'ERR_GRANT_PERIOD']
  ]
  for (const [input, code] of cases) {
    approvals.add('pin-' + code)
    await expect(store.getState().createGrant(input, 'pin-' + code)).resolves.toBeNull()
    expect(store.getState().error).toBe(code)
  }
  expect(sim.listFileGrants(zhang.holderId)).toEqual([])
})

test('a registry not signed by the national root is refused: no organisation is offered', async () => {
  const zhang = login('p-zhang')
  const forged = async () => {
    const { registry } = await api.institutionRegistry()
    const [h, p] = registry.split('.')
    return { registry: `${h}.${p}.${'A'.repeat(86)}` }
  }
  const store = setup(zhang, { institutionRegistry: forged })
  expect(await store.getState().loadInstitutions()).toBe(false)
  expect(store.getState().institutions).toBeNull()
  expect(store.getState().error).toMatch(/^ERR_/)
})

test('codes: normalised and grouped as people type and read them', () => {
  expect(normalizeCode(' abcd-efgh jklm npqr ')).toBe('ABCDEFGHJKLMNPQR')
  expect(groupCode('ABCDEFGHJKLMNPQR')).toBe('ABCD EFGH JKLM NPQR')
})
