/**
 * The government API for a jest file: msw in this process, answering from the simulator through the same
 * handlers the dev server and the mini-program emulator use (mock/handlers.ts).
 *
 * Both functions install jest hooks, so call them at the top of a file (or a describe block).
 */
import { setupServer } from 'msw/node'
import type { RequestHandler } from 'msw'
import { createFailureController, type FailureController } from '../../mock/failures'
import { createHandlers } from '../../mock/handlers'
import { createSimulator } from '../../mock/simulator'
import type { Simulator } from '../../mock/simulator/types'

/** The seeded simulator (issuers, SEED_PEOPLE, usage log). */
type MswServer = ReturnType<typeof setupServer>

export type SeededSimulator = ReturnType<typeof createSimulator>

/**
 * An msw server that listens for the file's tests (unhandled requests fail the test), drops handlers a
 * test added with `server.use` after it, and closes after the file.
 */
export function installMsw(...handlers: RequestHandler[]): MswServer {
  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}

export interface MockApiOptions<S extends Simulator> {
  /** The seeded simulator's clock; a test that moves time passes `() => new Date(nowMs)`. */
  now?: () => Date
  /** Another simulator in place of the seeded one (the contract tests' fake). */
  sim?: S
  /**
   * After each test: clear the failure mode, release held requests and reset the simulator (default).
   * `false` where the tests continue one story, or where the file resets in its own order (`reset()`).
   */
  resetBetweenTests?: boolean
}

export interface MockApi<S extends Simulator> {
  server: MswServer
  sim: S
  /** Failure modes (offline, 5xx, slow, broken signatures) that tests switch on. */
  failures: FailureController
  /** Clears failures and resets the simulator to its seed. */
  reset(): void
}

/**
 * @example
 * let nowMs = T0
 * const { sim, failures } = installMockApi({ now: () => new Date(nowMs) })
 * afterEach(() => { nowMs = T0 })
 */
export function installMockApi<S extends Simulator = SeededSimulator>(options: MockApiOptions<S> = {}): MockApi<S> {
  const sim = options.sim ?? (createSimulator({ now: options.now }) as unknown as S)
  const failures = createFailureController()
  const server = installMsw(...createHandlers(sim, failures))
  const reset = () => {
    failures.clear()
    sim.reset()
  }
  if (options.resetBetweenTests !== false) afterEach(reset)
  afterAll(() => failures.dispose())
  return { server, sim, failures, reset }
}
