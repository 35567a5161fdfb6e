/**
 * Face-check adapters (WeChat, Alipay, in-app simulated) and the wallet store's claim flow
 * through them, against the simulator's face sessions.
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { createWalletStore } from '../../../../src/store/walletStore'
import { faceCheck as nodeFaceCheck } from '../../../../src/services/auth/faceCheck'
import { createSimulatedFaceCheck } from '../../../../src/services/auth/faceCheck.simulated'
import { faceCheck as h5FaceCheck } from '../../../../src/services/auth/faceCheck.h5'
import { noFaceCheck } from '../../../../src/services/auth/faceCheck.none'
import type { FaceCheckApi } from '../../../../src/services/auth/faceCheck.types'
import { installMockApi } from '../../../support/mockApi'
import { memoryStorage } from '../../../support/memoryStorage'
import { ZHANG_CARD_COUNT } from '../../../support/demoHolder'

const ZHANG = { name: '张明华', id: '44010619900315001X' }
const { sim } = installMockApi({ now: () => new Date('2026-11-27T04:00:00Z') })
afterEach(() => {
  delete (globalThis as Record<string, unknown>).wx
  delete (globalThis as Record<string, unknown>).my
})

const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {}, maxRetries: 0 })

/** A wallet with its PIN set: the device key exists, so a sign-in can bind the holder's tokens to it. */
async function makeStore(faceCheck?: FaceCheckApi) {
  const store = createWalletStore({
    api,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.parse('2026-11-27T04:00:00Z'),
    storage: memoryStorage(),
    faceCheck,
    pinIterations: 1000,
    pinSquarings: 100
  })
  expect((await store.getState().setupPin('135790', '135790')).ok).toBe(true)
  return store
}

/** Loads a platform adapter file fresh, with `global` set as the platform's API object. */
function loadAdapter(file: 'weapp' | 'alipay'): FaceCheckApi {
  let mod: { faceCheck: FaceCheckApi } | undefined
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(`../../../../src/services/auth/faceCheck.${file}`)
  })
  return mod!.faceCheck
}

describe('platform face-check adapters', () => {
  it('WeChat: startFacialRecognitionVerify with name, idCardNumber, checkAliveType; success → passed with verifyResult', async () => {
    const calls: Record<string, unknown>[] = []
    ;(globalThis as Record<string, unknown>).wx = {
      startFacialRecognitionVerify: (o: Record<string, unknown> & { success(r: unknown): void }) => {
        calls.push(o)
        o.success({ errCode: 0, verifyResult: 'wx-proof-1' })
      }
    }
    const adapter = loadAdapter('weapp')
    expect(adapter.native).toBe(true)
    await expect(adapter.checkFace({ sessionId: 'fs-1', name: ZHANG.name, idNumber: ZHANG.id })).resolves.toEqual({ passed: true, sessionId: 'fs-1', proof: { verifyResult: 'wx-proof-1' } })
    expect(calls[0]).toMatchObject({ name: ZHANG.name, idCardNumber: ZHANG.id, checkAliveType: 2 })
  })

  it('WeChat: a "success" without a verifyResult is no pass (nothing to redeem)', async () => {
    ;(globalThis as Record<string, unknown>).wx = { startFacialRecognitionVerify: (o: { success(r: unknown): void }) => o.success({ errCode: 0 }) }
    await expect(loadAdapter('weapp').checkFace({ sessionId: 's', name: 'a', idNumber: 'b' })).resolves.toMatchObject({ passed: false, reason: 'failed' })
  })

  it('WeChat: a face mismatch is failed, a closed face UI is cancelled, a missing API is unavailable', async () => {
    let answer: { errCode: number; errMsg: string } = { errCode: 10004, errMsg: 'startFacialRecognitionVerify:fail' }
    ;(globalThis as Record<string, unknown>).wx = { startFacialRecognitionVerify: (o: { fail(r: unknown): void }) => o.fail(answer) }
    const adapter = loadAdapter('weapp')
    await expect(adapter.checkFace({ sessionId: 's', name: 'a', idNumber: 'b' })).resolves.toEqual({ passed: false, sessionId: 's', reason: 'failed', platformCode: '10004' })
    answer = { errCode: 90100, errMsg: 'startFacialRecognitionVerify:fail cancel' }
    await expect(adapter.checkFace({ sessionId: 's', name: 'a', idNumber: 'b' })).resolves.toMatchObject({ passed: false, reason: 'cancelled' })
    ;(globalThis as Record<string, unknown>).wx = {}
    await expect(adapter.checkFace({ sessionId: 's', name: 'a', idNumber: 'b' })).resolves.toMatchObject({ passed: false, reason: 'unavailable' })
  })

  it('Alipay: my.ap.faceVerify with bizId (the session) and bizType 2; a zimId is a pass, 6001 a cancel', async () => {
    const calls: Record<string, unknown>[] = []
    let ok = true
    ;(globalThis as Record<string, unknown>).my = {
      ap: {
        faceVerify: (o: Record<string, unknown> & { success(r: unknown): void; fail(r: unknown): void }) => {
          calls.push(o)
          if (ok) o.success({ zimId: 'zim-1' })
          else o.fail({ error: 6001, errorMessage: '用户取消' })
        }
      }
    }
    const adapter = loadAdapter('alipay')
    expect(adapter.native).toBe(true)
    await expect(adapter.checkFace({ sessionId: 'fs-9', name: 'a', idNumber: 'b' })).resolves.toEqual({ passed: true, sessionId: 'fs-9', proof: { zimId: 'zim-1' } })
    expect(calls[0]).toMatchObject({ bizId: 'fs-9', bizType: '2' })
    ok = false
    await expect(adapter.checkFace({ sessionId: 'fs-9', name: 'a', idNumber: 'b' })).resolves.toMatchObject({ passed: false, reason: 'cancelled', platformCode: '6001' })
  })

  it('H5 and Node have no platform face API: unavailable, never a pass', async () => {
    expect(h5FaceCheck).toBe(noFaceCheck)
    expect(nodeFaceCheck).toBe(noFaceCheck)
    await expect(noFaceCheck.checkFace({ sessionId: 's', name: 'a', idNumber: 'b', simulatedPassed: true })).resolves.toMatchObject({ passed: false, reason: 'unavailable' })
  })

  it('the simulator’s face page: a pass asks the simulated platform for its ticket (WeChat verifyResult or Alipay zimId), a fail asks nothing', async () => {
    const s = sim.startFaceSession(ZHANG.name, ZHANG.id)
    const page = createSimulatedFaceCheck(api.simulator)
    expect(page.native).toBe(false)
    const passed = await page.checkFace({ sessionId: s.sessionId, name: ZHANG.name, idNumber: ZHANG.id, simulatedPassed: true })
    expect(passed).toEqual({ passed: true, sessionId: s.sessionId, proof: { verifyResult: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/) } })
    await expect(page.checkFace({ sessionId: s.sessionId, name: ZHANG.name, idNumber: ZHANG.id })).resolves.toMatchObject({ passed: false, reason: 'failed' })
    const alipay = await createSimulatedFaceCheck(api.simulator, 'alipay').checkFace({ sessionId: s.sessionId, name: ZHANG.name, idNumber: ZHANG.id, simulatedPassed: true })
    expect(alipay).toMatchObject({ passed: true, proof: { zimId: expect.any(String) } })
    // Somebody the 公安 database does not know gets no ticket.
    await expect(page.checkFace({ sessionId: s.sessionId, name: '无此人', idNumber: ZHANG.id, simulatedPassed: true })).resolves.toMatchObject({ passed: false, reason: 'failed' })
  })
})

describe('wallet store claim flow through the adapter', () => {
  it('a native adapter runs right after the session opens: its ticket signs the holder in and lists certificates', async () => {
    const seen: unknown[] = []
    const native: FaceCheckApi = {
      native: true,
      checkFace: async (req) => {
        seen.push(req)
        // The (simulated) Alipay back end's ticket for this session, as my.ap.faceVerify would hand it over.
        const ticket = await sim.simulateFaceCheck({ platform: 'alipay', sessionId: req.sessionId, name: req.name, idNumber: req.idNumber, passed: true })
        return { passed: true, sessionId: req.sessionId, proof: { zimId: ticket.zimId! } }
      }
    }
    const store = await makeStore(native)
    await expect(store.getState().beginFaceCheck(` ${ZHANG.name} `, ZHANG.id.toLowerCase())).resolves.toBe(true)
    expect(seen).toEqual([expect.objectContaining({ name: ZHANG.name, idNumber: ZHANG.id })])
    expect(store.getState().holder).toMatchObject({ holderId: 'p-zhang' })
    expect(store.getState().faceSessionId).toBeNull()
    expect(store.getState().available).toHaveLength(ZHANG_CARD_COUNT)
  })

  it('a native adapter whose ticket is made up: refused by the service (ERR_FACE_PROOF_INVALID), nobody signed in', async () => {
    const store = await makeStore({ native: true, checkFace: async (req) => ({ passed: true, sessionId: req.sessionId, proof: { verifyResult: 'made-up' } }) })
    await expect(store.getState().beginFaceCheck(ZHANG.name, ZHANG.id)).resolves.toBe(false)
    expect(store.getState()).toMatchObject({ holder: null, faceSessionId: null, error: 'ERR_FACE_PROOF_INVALID' })
  })

  it('a native face mismatch: ERR_FACE_CHECK_FAILED, nobody signed in', async () => {
    const store = await makeStore({ native: true, checkFace: async (req) => ({ passed: false, sessionId: req.sessionId, reason: 'failed' }) })
    await expect(store.getState().beginFaceCheck(ZHANG.name, ZHANG.id)).resolves.toBe(false)
    expect(store.getState()).toMatchObject({ holder: null, faceSessionId: null, error: 'ERR_FACE_CHECK_FAILED' })
  })

  it('a closed face UI ends quietly (no error); a missing face API says ERR_FACE_CHECK_FAILED', async () => {
    const cancelled = await makeStore({ native: true, checkFace: async (req) => ({ passed: false, sessionId: req.sessionId, reason: 'cancelled' }) })
    await expect(cancelled.getState().beginFaceCheck(ZHANG.name, ZHANG.id)).resolves.toBe(false)
    expect(cancelled.getState()).toMatchObject({ holder: null, faceSessionId: null, error: null, busy: null })
    const missing = await makeStore({ native: true, checkFace: async (req) => ({ passed: false, sessionId: req.sessionId, reason: 'unavailable' }) })
    await expect(missing.getState().beginFaceCheck(ZHANG.name, ZHANG.id)).resolves.toBe(false)
    expect(missing.getState()).toMatchObject({ holder: null, error: 'ERR_FACE_CHECK_FAILED' })
  })

  it('the default (simulated page) keeps the two-step flow: begin, then the picked outcome', async () => {
    const store = await makeStore()
    await expect(store.getState().beginFaceCheck(ZHANG.name, ZHANG.id)).resolves.toBe(true)
    expect(store.getState().faceSessionId).toMatch(/^fs-/)
    expect(store.getState().holder).toBeNull()
    await expect(store.getState().finishFaceCheck(false)).resolves.toBe(false)
    expect(store.getState().error).toBe('ERR_FACE_CHECK_FAILED')
    await store.getState().beginFaceCheck(ZHANG.name, ZHANG.id)
    await expect(store.getState().finishFaceCheck(true)).resolves.toBe(true)
    expect(store.getState().holder?.holderId).toBe('p-zhang')
  })
})
