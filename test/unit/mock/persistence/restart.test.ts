/**
 * Issue #12 §2: the simulator over real HTTP keeps its state across restarts (mock/server.ts with a
 * data folder, as `npm start` and `npm run mock` run it). A holder signed in before the restart is
 * still signed in after it (no false ERR_UNAUTHORIZED), the credentials issued before it still
 * verify (the keys are the same), a payment made before it is still settled, a spent activation
 * code stays spent, a proof accepted before it is still refused as a replay.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMockServer, type MockServer } from '../../../../mock/server'
import { createSimulator } from '../../../../mock/simulator'
import { createApiClient, type ApiClient } from '../../../../src/services/api/client'
import { createFetchTransport } from '../../../../src/services/api/fetchTransport'
import { holderAuthOf } from '../../../../src/services/api/holderAuth'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { base64urlDecode } from '../../../../src/services/encoding'
import { WalletError } from '../../../../src/services/errors'
import { createPresentation } from '../../../../src/services/presentation'
import { signInOverApi } from '../../../support/faceSignIn'
import { testDevice } from '../../../support/holderAuth'
import { activationCodeOf, enrolOverHttp } from '../../../support/institution'

const T0 = Date.parse('2026-11-27T10:00:00+08:00')
let clock = T0
const PHARMACY = 'P44010600512'
const PARACETAMOL = 'XN02BEA010A001010100451'
let keySeq = 0
const idem = () => `restart-key-${String(++keySeq).padStart(6, '0')}`

let dir: string
let server: MockServer | null = null
let api: ApiClient

async function start(): Promise<MockServer> {
  server = await startMockServer({ port: 0, sim: createSimulator({ now: () => new Date(clock) }), dataDir: dir })
  api = createApiClient({ baseUrl: server.url, request: createFetchTransport(), sleep: async () => undefined, maxRetries: 0 })
  return server
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError)
    return (e as WalletError).code
  }
  return 'ok'
}

beforeEach(() => {
  clock = T0
  dir = mkdtempSync(join(tmpdir(), 'certwallet-restart-'))
})
afterEach(async () => {
  await server?.close()
  server = null
  rmSync(dir, { recursive: true, force: true })
})

describe('the simulator over HTTP, stopped and started again on the same data folder', () => {
  it('keeps holders, sessions, credentials, payments, enrolments and spent proofs', async () => {
    const first = await start()
    expect(first.store?.loaded).toBe('fresh')
    const device = testDevice({ now: () => clock, secret: new Uint8Array(32).fill(5) })
    const zhang = await signInOverApi(api, '张明华', '44010619900315001X', device)
    const certs = (await api.listCertificates(zhang.auth)).items
    const idCard = certs.find((c) => c.kind === 'id-card')!
    await api.issueCredential(zhang.auth, idCard.certId, device.publicJwk)
    const batch = await api.issuePurposeCredentials(zhang.auth, 'pharmacy', device.publicJwk, 5)
    let n = 0
    const code = () => createPresentation({ credentials: batch.sets[n++].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: Math.floor(clock / 1000) - 2, backend: joseBackend })
    const pharmacy = await enrolOverHttp(api, 'pharmacy', () => clock)
    const visit = await api.medpay.registerVisit({ paymentCode: await code(), medinsNo: PHARMACY }, idem(), pharmacy.signer)
    const setl = await api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: PHARMACY, items: [{ medListCodg: PARACETAMOL, cnt: 1 }] }, idem(), pharmacy.signer)
    const confirmKey = idem()
    const paid = await api.medpay.confirm(zhang.auth, setl.setlId, confirmKey)
    expect(paid.status).toBe('settled')
    const account = await api.medpay.account(zhang.auth)
    const checked = await code()
    expect(await api.verify(checked, '药店购药', pharmacy.signer)).toMatchObject({ ok: true, code: 'OK' })
    const degree = certs.find((c) => c.kind === 'degree')!
    const share = await api.createDegreeShare(zhang.auth, degree.certId, 30)
    await first.close()
    server = null

    clock += 20_000
    const second = await start()
    expect(second.store?.loaded).toBe('restored')
    // Still signed in: the same access token and device key.
    expect((await api.listCertificates(zhang.auth)).items.map((c) => c.certId)).toEqual(certs.map((c) => c.certId))
    // The refresh token issued before the restart rotates after it.
    const rotated = await api.refreshHolderToken(zhang.refreshToken, device.sign)
    expect((await api.listDevices(holderAuthOf(rotated.holderToken, device.sign))).items.map((d) => d.deviceId)).toHaveLength(1)
    // A 医保码 from the batch fetched before the restart verifies against the same issuer keys…
    expect(await api.verify(await code(), '药店购药')).toMatchObject({ ok: true, code: 'OK' })
    // …and the one already verified is still a replay.
    expect(await api.verify(checked, '药店购药')).toMatchObject({ ok: false, code: 'ERR_REPLAYED' })
    // The payment: settled, the account as it was, the confirmation's Idempotency-Key remembered.
    expect((await api.medpay.getSettlement(setl.setlId, { holder: holderAuthOf(rotated.holderToken, device.sign) })).status).toBe('settled')
    expect(await api.medpay.account(holderAuthOf(rotated.holderToken, device.sign))).toEqual(account)
    expect((await api.medpay.confirm(holderAuthOf(rotated.holderToken, device.sign), setl.setlId, confirmKey)).status).toBe('settled')
    // The counter's enrolled key still signs; its activation code stays spent.
    expect((await api.medpay.getSettlement(setl.setlId, pharmacy.signer)).setlId).toBe(setl.setlId)
    expect(await codeOf(api.enrolInstitution(activationCodeOf('pharmacy'), device.publicJwk))).toBe('ERR_ACTIVATION_CODE_INVALID')
    // A degree code made before the restart checks after it; the holder's usage log is kept.
    expect((await api.checkDegreeShare(share.code)).status).toBe('valid')
    expect((await api.listUsageRecords(holderAuthOf(rotated.holderToken, device.sign))).items.map((r) => [r.purpose, r.verifier?.name])).toContainEqual(['药店购药', '康民大药房（天河店）'])
  })

  it('a state file another running simulator holds is refused with ERR_STATE_LOCKED; after it stops, it opens', async () => {
    await start()
    await expect(startMockServer({ port: 0, dataDir: dir })).rejects.toMatchObject({ code: 'ERR_STATE_LOCKED' })
    await server!.close()
    server = null
    expect((await start()).store?.loaded).toBe('restored')
  })

  it('POST /__mock/reset goes back to the seed on disk too: the next start does not bring the old state back', async () => {
    await start()
    const device = testDevice({ now: () => clock })
    const zhang = await signInOverApi(api, '张明华', '44010619900315001X', device)
    expect((await fetch(server!.url + '/__mock/reset', { method: 'POST' })).status).toBe(200)
    await server!.close()
    server = null
    await start()
    expect(await codeOf(api.listCertificates(zhang.auth))).toBe('ERR_UNAUTHORIZED')
  })
})
