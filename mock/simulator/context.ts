import { certRegistry, createCertRegistry, joseBackend, type CertModule, type CertRegistry, type CryptoBackend } from '../coreImports'
import { toSec } from './clock'
import { DEFAULT_SEED, deriveKey, type SeededKey } from './keys'
import { DEFAULT_SEED_DATA, withExtraSeed, type SimulatorSeedData } from './seedData'
import { buildState, type SimulatorState } from './state'
import { UsageLog } from './usage'

export interface SimulatorOptions {
  /** Secret every key is derived from; default {@link DEFAULT_SEED} (the app's pinned root matches it). */
  seed?: string
  now?: () => Date
  backend?: CryptoBackend
  /** CSPRNG for salts and tokens; defaults to crypto.getRandomValues. */
  random?: (n: number) => Uint8Array
  /**
   * The certificate kinds the simulated government knows; default the wallet's `certModules`.
   * Order matters as in the wallet: compact credentials carry a kind's index in this list. Each
   * module brings its purposes (presets) and paper/share fields (bearer).
   */
  certModules?: readonly CertModule[]
  /** Issuers and people to start from instead of the default seed (mock/simulator/seed.ts). */
  seedData?: SimulatorSeedData
  /** Added to `seedData`: new issuers, new people, and certificates for people already seeded (same id). */
  extraSeed?: Partial<SimulatorSeedData>
}

/** What every domain module of the simulator shares: configuration, keys, clock and state. */
export interface SimulatorContext {
  readonly seed: string
  readonly now: () => Date
  readonly backend: CryptoBackend
  readonly random: (n: number) => Uint8Array
  readonly registry: CertRegistry
  readonly seedData: SimulatorSeedData
  /** The national root: signs trust lists and device revocations. */
  readonly rootKey: SeededKey
  /** 用证记录 kept for holders (核验, 文件调用, reported results); survives nothing but reset. */
  readonly usage: UsageLog
  /** Replaced wholesale on reset: read it through `ctx.state` each time, never keep a reference. */
  state: SimulatorState
  nowSec(): number
}

export const ROOT_KID = 'cn-root-2026'

const defaultRandom = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

/** Resolves the options into a context with freshly seeded state. */
export function createContext(options: SimulatorOptions = {}): SimulatorContext {
  const seed = options.seed ?? DEFAULT_SEED
  const now = options.now ?? (() => new Date())
  const registry = options.certModules ? createCertRegistry(options.certModules) : certRegistry
  const seedData = withExtraSeed(options.seedData ?? DEFAULT_SEED_DATA, options.extraSeed)
  return {
    seed,
    now,
    backend: options.backend ?? joseBackend,
    random: options.random ?? defaultRandom,
    registry,
    seedData,
    // The national root signs with SM2 (SM2SM3), as a government root under 商用密码 rules would.
    rootKey: deriveKey(seed, ROOT_KID, 'SM2'),
    usage: new UsageLog(),
    state: buildState(seed, seedData, registry),
    nowSec: () => toSec(now())
  }
}

/** Back to the seeded state (keys and options stay). */
export function resetState(ctx: SimulatorContext): void {
  ctx.state = buildState(ctx.seed, ctx.seedData, ctx.registry)
  ctx.usage.clear()
}
