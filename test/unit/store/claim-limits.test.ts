/**
 * Claiming under a slow or dead service (issue #12 §3): certificates are fetched in parallel, one
 * time limit covers the whole claim, 取消 stops it at once, and what arrived is kept. The service
 * is the real msw handlers over the seeded simulator, with its failure modes (`timeout` holds a
 * request until the test ends); the wallet's clock is frozen.
 */
import { createApiClient, createFetchTransport } from '../../../src/services/api'
import type { HttpTransport } from '../../../src/services/api/transport'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { PINNED_ROOT_KEYS } from '../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../src/certs/registry'
import { CLAIM_PARALLEL, createWalletStore } from '../../../src/store/walletStore'
import { installMockApi } from '../../support/mockApi'
import { memoryStorage } from '../../support/memoryStorage'
import { ZHANG_CARD_COUNT } from '../../support/demoHolder'

const BASE = 'http://sim.test'
const nowMs = Date.parse('2026-11-27T04:00:00Z')
const { failures } = installMockApi({ now: () => new Date(nowMs) })
const PIN = '135790'
/** Every certificate of 张明华 (the seed's count). */
const ALL = ZHANG_CARD_COUNT

/** Counts issuance requests in flight (the most at once is the claim's parallelism). */
function countingTransport() {
  const inner = createFetchTransport()
  const stats = { inFlight: 0, most: 0, issued: 0 }
  const transport: HttpTransport = (req) => {
    const issuing = /\/holder\/certificates\/[^/]+\/credential$/.test(new URL(req.url).pathname)
    if (!issuing) return inner(req)
    stats.inFlight++
    stats.issued++
    stats.most = Math.max(stats.most, stats.inFlight)
    const call = inner(req)
    return { abort: call.abort, response: call.response.finally(() => stats.inFlight--) }
  }
  return { transport, stats }
}

async function signedIn(claimLimitMs?: number) {
  const { transport, stats } = countingTransport()
  const api = createApiClient({ baseUrl: BASE, request: transport, sleep: async () => {}, maxRetries: 1 })
  const store = createWalletStore({
    api,
    backend: joseBackend,
    registry: certRegistry,
    rootKeys: PINNED_ROOT_KEYS,
    randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    now: () => nowMs,
    storage: memoryStorage(),
    pinIterations: 1000,
    pinSquarings: 100,
    claimLimitMs
  })
  expect((await store.getState().setupPin(PIN, PIN)).ok).toBe(true)
  expect(await store.getState().beginFaceCheck('张明华', '44010619900315001X')).toBe(true)
  expect(await store.getState().finishFaceCheck(true)).toBe(true)
  const available = store.getState().available.filter((a) => a.status === 'valid')
  expect(available).toHaveLength(ALL)
  return { store, stats, available }
}

describe('claim: parallel, one time limit, 取消, partial results kept', () => {
  it(`fetches up to ${CLAIM_PARALLEL} certificates at once, and all ${ALL} arrive`, async () => {
    const { store, stats, available } = await signedIn()
    failures.set({ mode: 'slow', delayMs: 150, pathPrefix: '/holder/certificates/' })
    const p = await store.getState().claim(available.map((a) => a.certId), '求职学历核验')
    expect(p).toMatchObject({ total: ALL, done: ALL, failures: [], pending: [], stopped: null })
    expect(store.getState().credentials).toHaveLength(ALL)
    expect(stats.issued).toBe(ALL)
    expect(stats.most).toBe(CLAIM_PARALLEL)
    expect(store.getState().busy).toBeNull()
  })

  it('a dead service: the claim ends at its time limit, not after 45 s per certificate; nothing is stored and all are listed as not arrived', async () => {
    const { store, available } = await signedIn(400)
    failures.set({ mode: 'timeout', delayMs: 120_000, pathPrefix: '/holder/certificates/' })
    const t0 = Date.now()
    const p = await store.getState().claim(available.map((a) => a.certId), '求职学历核验')
    const took = Date.now() - t0
    expect(took).toBeGreaterThanOrEqual(350)
    expect(took).toBeLessThan(5_000)
    expect(p.stopped).toBe('timeout')
    expect(p.pending.map((x) => x.certId).sort()).toEqual(available.map((a) => a.certId).sort())
    expect(p.failures).toEqual([])
    expect(store.getState()).toMatchObject({ busy: null, credentials: [] })
    expect(store.getState().claimProgress).toMatchObject({ stopped: 'timeout', pending: expect.arrayContaining([expect.objectContaining({ title: expect.any(String) })]) })
  })

  it('one certificate that never answers: the others that arrived are kept, the missing one is listed, and its late answer is dropped', async () => {
    // A limit the answered ones stay well inside even on a loaded machine.
    const { store, available } = await signedIn(8_000)
    const stuck = available.find((a) => a.kind === 'degree')!
    failures.set({ mode: 'timeout', delayMs: 120_000, pathPrefix: `/holder/certificates/${encodeURIComponent(stuck.certId)}` })
    const p = await store.getState().claim(available.map((a) => a.certId), '求职学历核验')
    expect(p.stopped).toBe('timeout')
    expect(p.pending).toEqual([{ certId: stuck.certId, title: stuck.title }])
    expect(p.done).toBe(ALL - 1)
    const kinds = store.getState().credentials.map((c) => c.kind).sort()
    expect(kinds).toEqual(available.map((a) => a.kind).filter((k) => k !== 'degree').sort())
    expect(kinds).toHaveLength(ALL - 1)
    // The service answers after all (the hold is released, the client retries and gets it): not added.
    failures.clear()
    await new Promise((r) => setTimeout(r, 300))
    expect(store.getState().credentials).toHaveLength(ALL - 1)
    // 稍后再试: a new claim of what is missing brings it.
    const again = await store.getState().claim([stuck.certId], '求职学历核验')
    expect(again).toMatchObject({ done: 1, pending: [], stopped: null, failures: [] })
    expect(store.getState().credentials).toHaveLength(ALL)
  }, 30_000)

  it('取消 stops the claim at once: what arrived stays, the rest is listed as not arrived', async () => {
    const { store, available } = await signedIn() // the default 20 s limit: only 取消 ends this one
    const stuck = available.find((a) => a.kind === 'degree')!
    failures.set({ mode: 'timeout', delayMs: 120_000, pathPrefix: `/holder/certificates/${encodeURIComponent(stuck.certId)}` })
    const othersArrived = new Promise<void>((resolve) => {
      const off = store.subscribe((s) => {
        if ((s.claimProgress?.done ?? 0) >= ALL - 1) {
          off()
          resolve()
        }
      })
    })
    const t0 = Date.now()
    const running = store.getState().claim(available.map((a) => a.certId), '求职学历核验')
    await othersArrived
    expect(store.getState().busy).toBe('claim')
    store.getState().cancelClaim()
    const p = await running
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(p).toMatchObject({ stopped: 'cancelled', done: ALL - 1, failures: [], pending: [{ certId: stuck.certId, title: stuck.title }] })
    expect(store.getState().busy).toBeNull()
    expect(store.getState().credentials).toHaveLength(ALL - 1)
    expect(store.getState().credentials.some((c) => c.certId === stuck.certId)).toBe(false)
    // Nothing runs any more: cancelling again changes nothing.
    store.getState().cancelClaim()
    expect(store.getState().claimProgress).toMatchObject({ stopped: 'cancelled', done: ALL - 1 })
  })
})
