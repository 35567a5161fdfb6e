import { createContext, resetState, type SimulatorOptions } from './context'
import { createDegreeShares } from './degreeShares'
import { createDevices } from './devices'
import { createFaceSessions } from './face'
import { createFileGrants } from './fileGrants'
import { createDelegations } from './delegation'
import { checkKeyProof, refreshHolderTokens } from './holderTokens'
import { createInternals, type SimulatorInternals } from './internals'
import { createInstitutions } from './institutions'
import { createRelyingParties, seedRegistrationCodes } from './relyingParties'
import { createIssuing } from './issuing'
import { createLifecycle } from './lifecycle'
import { createSimulatedMedpay } from './medpayBridge'
import { createOriginals } from './originals'
import { createOriginalLinks } from './originalLinks'
import { createPaperCredentials } from './paper'
import { createPurposeCredentials } from './purpose'
import { createStatusLists } from './status'
import { createTrustList } from './trust'
import type { Simulator } from './types'
import type { UsageLog } from './usage'
import { createUsageRecords } from './usageRecords'
import { createVerification } from './verification'
import { exportSnapshot, importSnapshot, type SimulatorSnapshot } from './snapshot'

export * from './types'
export { DEFAULT_SEED } from './keys'
export { ACCESS_TOKEN_TTL_SEC, REFRESH_TOKEN_TTL_SEC, type HolderCallInput } from './holderTokens'
export { simulatedSignIn, FACE_PROOF_TTL_SEC } from './facePlatform'
export { SEED_PEOPLE, SEED_ISSUERS, type SeedIssuer, type SeedPerson, type SeedCertificate } from './seed'
export { DEFAULT_SEED_DATA, type SimulatorSeedData } from './seedData'
export { UsageLog } from './usage'
export type { UsageRecord, NewUsageRecord, UsageChannel, DeletionStatus } from './usage'
export { ROOT_KID, type SimulatorOptions } from './context'
export { STATUS_URI_BASE } from './status'
export { STATUS_LIST_SIZE } from './statusIndex'
export { normalizeShareCode } from './codes'
export type { SimulatorInternals } from './internals'
export { SEED_INSTITUTIONS, type SeedInstitution } from './institutionSeed'
export { seedActivationCodes } from './institutions'
export { PLATFORM_COPY_KID } from './fileGrants'
export { SimulatorStateError, SIMULATOR_STATE_TEXT, SNAPSHOT_VERSION, type SimulatorSnapshot, type SimulatorStateErrorCode } from './snapshot'

/**
 * The government certificate-sharing service, simulated: seeded issuers (keys derived from
 * `seed`), people and certificates, in memory (exportState / importState move it to and from a store:
 * mock/persistence/). One module per domain under mock/simulator/, all
 * sharing one context (./context.ts).
 *
 * The certificate kinds come from `certModules` and the people from `seedData` / `extraSeed`, so a
 * kind the wallet does not ship can be issued, listed, status-listed, presented and printed:
 *
 * @example
 * const sim = createSimulator({
 *   certModules: [...certModules, hukou],
 *   extraSeed: { people: [{ ...chen, certificates: [hukouOfChen] }] }
 * })
 */
export function createSimulator(options: SimulatorOptions = {}): PersistableSimulator {
  const ctx = createContext(options)
  const originals = createOriginals(ctx)
  const medpay = createSimulatedMedpay(ctx)
  return {
    seed: ctx.seed,
    now: ctx.now,
    ...createFaceSessions(ctx),
    checkKeyProof: (dpop, path) => checkKeyProof(ctx, dpop, path),
    refreshHolderTokens: (refreshToken, jkt) => refreshHolderTokens(ctx, refreshToken, jkt),
    ...createIssuing(ctx),
    ...originals,
    ...createOriginalLinks(ctx, originals.issueOriginal),
    ...createLifecycle(ctx),
    ...createTrustList(ctx),
    ...createStatusLists(ctx),
    ...createPurposeCredentials(ctx),
    ...createDevices(ctx),
    ...createUsageRecords(ctx),
    ...createVerification(ctx),
    ...createPaperCredentials(ctx),
    ...createDegreeShares(ctx),
    ...createFileGrants(ctx),
    ...createInstitutions(ctx),
    ...createRelyingParties(ctx),
    medpay,
    delegation: createDelegations(ctx),
    reset() {
      resetState(ctx)
      medpay.reset()
    },
    usage: ctx.usage,
    internals: createInternals(ctx),
    exportState: () => exportSnapshot(ctx, medpay),
    importState: (doc) => importSnapshot(ctx, medpay, doc),
    registrationCodes: () => seedRegistrationCodes(ctx.seed).map((c) => ({ ...c, registrationCode: ctx.state.relyingParties.get(c.id)?.registrationCode ?? null })),
    activationCodes: () => [...ctx.state.institutions.values()].map((i) => ({ id: i.id, name: i.name, role: i.role, activationCode: i.activationCode, enrolled: i.key !== null }))
  }
}

/** The simulator with what a state store needs (mock/persistence/). */
export type PersistableSimulator = Simulator & {
  readonly seed: string
  readonly usage: UsageLog
  internals: SimulatorInternals
  /** Everything it knows, as one JSON-safe document (./snapshot.ts). */
  exportState(): SimulatorSnapshot
  /** Replaces everything with a document from `exportState`; throws SimulatorStateError (state unchanged) when it does not fit. */
  importState(doc: unknown): void
  /** Each relying party's open registration code now (null once spent). */
  registrationCodes(): { id: string; name: string; registrationCode: string | null }[]
  /** Each institution's open activation code now (null once spent), for the demo's start-up lines. */
  activationCodes(): { id: string; name: string; role: string; activationCode: string | null; enrolled: boolean }[]
}
