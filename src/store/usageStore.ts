import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../services/errors'
import type { FileGrantDto, UsageApi, UsageRecordDto } from '../services/wallet/apiPort'
import { describeSet, type StoredPurposeBatch } from '../services/wallet/purposeCredentials'
import type { CertModule, PurposeId } from '../certs/types'
import type { WalletState } from './walletStore'
import type { CurrentQr } from './presentationStore'
import { isObject } from '../services/encoding'
import { persistedOptions, type BlobStorage } from './persisted'

/**
 * 用证记录: the holder's own QR presentations (recorded on this phone when a QR is shown; the
 * verifier is unknown, offline) merged with the service's records (核验, 文件调用, results a
 * verifier reported back), which are fetched and kept with their fetch time so the log still
 * shows them offline. Field names only, never values.
 */

/** One QR presentation shown on this phone. */
export interface LocalUsageRecord {
  id: string
  /** ms since epoch. */
  at: number
  purpose: PurposeId
  /** Certificate kinds that went out, and their 证照标识 in the wallet at the time. */
  kinds: string[]
  certIds: string[]
  /** Exactly which fields went out, per kind, read from the issuer-signed set that was shown. */
  fields: { kind: string; names: string[] }[]
  /** Bound to a verifier's challenge (CWN1). */
  challenged: boolean
}

/** What survives a restart. Bump `version` on any incompatible change. */
export interface PersistedUsage {
  version: 1
  /** The records belong to this holder; another holder's sign-in starts an empty log. */
  holderId: string | null
  local: LocalUsageRecord[]
  /** The service's records as last fetched, and when (ms since epoch). */
  server: { items: UsageRecordDto[]; fetchedAt: number } | null
}

export const USAGE_DEFAULTS: PersistedUsage = { version: 1, holderId: null, local: [], server: null }

/** Oldest local records beyond this are dropped. */
export const MAX_LOCAL_RECORDS = 500

const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

function isLocal(v: unknown): v is LocalUsageRecord {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.at === 'number' &&
    typeof v.purpose === 'string' &&
    isStrArray(v.kinds) &&
    isStrArray(v.certIds) &&
    Array.isArray(v.fields) &&
    v.fields.every((f) => isObject(f) && typeof f.kind === 'string' && isStrArray(f.names))
  )
}

function isServer(v: unknown): v is UsageRecordDto {
  return isObject(v) && typeof v.recordId === 'string' && typeof v.at === 'string' && typeof v.channel === 'string' && isStrArray(v.certIds) && isStrArray(v.kinds) && isStrArray(v.fields) && typeof v.deletion === 'string'
}

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults (or drops the bad
 * entries) and is reported through `problem`, never thrown (STYLE.md §5).
 */
export function tryParseUsage(value: unknown): { state: PersistedUsage; problem: string | null } {
  if (value === undefined || value === null) return { state: USAGE_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: USAGE_DEFAULTS, problem: 'version' }
  const holderId = typeof value.holderId === 'string' ? value.holderId : null
  const localIn = Array.isArray(value.local) ? value.local : []
  const local = localIn.filter(isLocal)
  let server: PersistedUsage['server'] = null
  let problem: string | null = local.length !== localIn.length || !Array.isArray(value.local) ? 'local-entries' : null
  if (isObject(value.server) && Array.isArray(value.server.items) && typeof value.server.fetchedAt === 'number') {
    const items = value.server.items.filter(isServer)
    if (items.length !== value.server.items.length) problem = 'server-entries'
    server = { items, fetchedAt: value.server.fetchedAt }
  } else if (value.server !== null && value.server !== undefined) {
    problem = 'server'
  }
  return { state: { version: 1, holderId, local, server }, problem }
}

/** One line of the log, local or from the service, as the page shows it. */
export interface UsageEntry {
  key: string
  source: 'local' | 'server'
  /** ms since epoch. */
  at: number
  channel: 'qr' | UsageRecordDto['channel']
  /** The purpose preset (local) or the 用证事由 the verifier gave (server). */
  purpose: PurposeId | null
  purposeText: string
  verifier: { name: string; role?: string } | null
  /** 家人代办 (issue #13): the family member who presented for this holder (server records), else null. */
  agentName: string | null
  certIds: string[]
  kinds: string[]
  /** Which fields went out, per kind (field names; the page labels them from the cert modules). */
  fields: { kind: string; names: string[] }[]
  outcome: 'accepted' | 'rejected' | null
  /** Server records only. */
  recordId: string | null
  deletion: UsageRecordDto['deletion'] | null
  challenged: boolean
}

/** Groups a flat list of claim names under the kinds whose module has them (first match wins). */
export function fieldsByKind(kinds: readonly string[], names: readonly string[], modules: readonly CertModule[]): { kind: string; names: string[] }[] {
  const out = kinds.map((kind) => ({ kind, names: [] as string[] }))
  for (const name of names) {
    const i = kinds.findIndex((k) => modules.find((m) => m.kind === k)?.fields.some((f) => f.name === name))
    if (i >= 0) out[i].names.push(name)
    else if (out.length) out[0].names.push(name)
    else out.push({ kind: '', names: [name] })
  }
  return out.filter((g) => g.names.length > 0)
}

/**
 * The log, newest first: local QR presentations and the service's records together. With
 * `certIds`, only entries that used one of them (a card and the version it replaced).
 */
export function mergeUsage(state: Pick<PersistedUsage, 'local' | 'server'>, opts: { modules: readonly CertModule[]; purposeLabels: Record<string, string>; certIds?: readonly string[] }): UsageEntry[] {
  const local: UsageEntry[] = state.local.map((r) => ({
    key: r.id,
    source: 'local',
    at: r.at,
    channel: 'qr',
    purpose: r.purpose,
    purposeText: opts.purposeLabels[r.purpose] ?? r.purpose,
    verifier: null,
    agentName: null,
    certIds: r.certIds,
    kinds: r.kinds,
    fields: r.fields,
    outcome: null,
    recordId: null,
    deletion: null,
    challenged: r.challenged
  }))
  const server: UsageEntry[] = (state.server?.items ?? []).map((r) => ({
    key: r.recordId,
    source: 'server',
    at: Date.parse(r.at),
    channel: r.channel,
    purpose: null,
    purposeText: r.purpose,
    verifier: r.verifier ?? null,
    agentName: r.agentName ?? null,
    certIds: r.certIds,
    kinds: r.kinds,
    fields: fieldsByKind(r.kinds, r.fields, opts.modules),
    outcome: r.outcome ?? null,
    recordId: r.recordId,
    deletion: r.deletion,
    challenged: false
  }))
  const wanted = opts.certIds && opts.certIds.length ? new Set(opts.certIds) : null
  return [...local, ...server].filter((e) => !wanted || e.certIds.some((c) => wanted.has(c))).sort((a, b) => b.at - a.at)
}

/** The wallet state this store reads. */
type WalletView = Pick<WalletState, 'holder' | 'credentials' | 'holderAuth'>
/** The presentation state this store follows: each new QR presentation is recorded. */
interface PresentationView {
  qr: CurrentQr | null
  batches: Partial<Record<PurposeId, StoredPurposeBatch>>
}

export interface UsageDeps {
  api: UsageApi
  wallet: Pick<StoreApi<WalletView>, 'getState' | 'subscribe'>
  /** When given, every QR presentation it shows is recorded (once per purpose, verifier nonce and screen). */
  presentations?: Pick<StoreApi<PresentationView>, 'getState' | 'subscribe'>
  registry: { modules: readonly CertModule[] }
  now: () => number
  storage: BlobStorage
  storageKey?: string
}

export interface UsageState extends PersistedUsage {
  fetching: boolean
  /** Record ids whose deletion request is being sent. */
  deleting: string[]
  /** Last failure, as a code the UI turns into Chinese. */
  error: ErrorCode | null
  /** With `error`: seconds the service asked us to wait (Retry-After), said in the message. */
  errorRetryAfter: number | null
  /** The last fetch could not reach the service: the page shows the last fetched records and their time. */
  offline: boolean
  storageProblem: string | null
  /**
   * The holder's 文件调用 grants (who may fetch a copy of what, for what, until when), newest first,
   * as last fetched; kept in memory only (the service holds them).
   */
  grants: FileGrantDto[]
  /** Grant ids whose revocation is being sent. */
  revoking: string[]

  /** Fetches the service's records and the holder's grants (the page filters). A failure keeps the last ones. */
  refresh(): Promise<boolean>
  /** Revokes one of the holder's 文件调用 grants: the organisation's next fetch is refused. */
  revokeGrant(grantId: string): Promise<boolean>
  /** Asks the verifier of a server record to erase its copy; the record's new state is stored. */
  requestDeletion(recordId: string): Promise<boolean>
  /** Records a QR presentation of `set` for `purpose` (called by the presentation follower). */
  recordPresentation(input: { purpose: PurposeId; at: number; set: { credentials: string[] }; challenged: boolean }): LocalUsageRecord | null
  clearError(): void
}

export type UsageStore = StoreApi<UsageState>

const NETWORK_CODES: readonly ErrorCode[] = ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_SERVER', 'ERR_RATE_LIMITED']

/** The 用证记录 store: zustand + persist through Taro storage; network calls only inside actions. */
export function createUsageStore(deps: UsageDeps): UsageStore {
  let seq = 0
  const store = createStore<UsageState>()(
    persist(
      (set, get) => {
        /** The holder's token, with the log cleared when another holder signed in. */
        const owner = (): { holderId: string; token: string } | null => {
          const h = deps.wallet.getState().holder
          if (!h) return null
          if (get().holderId !== h.holderId) set({ holderId: h.holderId, local: [], server: null, grants: [] })
          return { holderId: h.holderId, token: h.token }
        }

        const fail = (e: unknown): false => {
          const err = toWalletError(e)
          const code = err.code
          set({ error: code, errorRetryAfter: err.retryAfterSeconds ?? null, offline: NETWORK_CODES.includes(code) })
          return false
        }

        return {
          ...USAGE_DEFAULTS,
          fetching: false,
          deleting: [],
          error: null,
          errorRetryAfter: null,
          offline: false,
          storageProblem: null,
          grants: [],
          revoking: [],

          async refresh() {
            const who = owner()
            if (!who) return fail(new WalletError('ERR_UNAUTHORIZED'))
            set({ fetching: true, error: null, errorRetryAfter: null })
            try {
              const auth = await deps.wallet.getState().holderAuth()
              const [{ items }, grants] = await Promise.all([deps.api.listUsageRecords(auth), deps.api.listFileGrants(auth)])
              set({ server: { items, fetchedAt: deps.now() }, grants: grants.items, offline: false })
              return true
            } catch (e) {
              return fail(e)
            } finally {
              set({ fetching: false })
            }
          },

          async requestDeletion(recordId) {
            const who = owner()
            if (!who) return fail(new WalletError('ERR_UNAUTHORIZED'))
            set((s) => ({ deleting: [...s.deleting, recordId], error: null, errorRetryAfter: null }))
            try {
              const rec = await deps.api.requestUsageDeletion(await deps.wallet.getState().holderAuth(), recordId)
              set((s) => ({
                server: s.server ? { ...s.server, items: s.server.items.map((r) => (r.recordId === rec.recordId ? rec : r)) } : { items: [rec], fetchedAt: deps.now() },
                offline: false
              }))
              return true
            } catch (e) {
              return fail(e)
            } finally {
              set((s) => ({ deleting: s.deleting.filter((id) => id !== recordId) }))
            }
          },

          async revokeGrant(grantId) {
            const who = owner()
            if (!who) return fail(new WalletError('ERR_UNAUTHORIZED'))
            set((s) => ({ revoking: [...s.revoking, grantId], error: null, errorRetryAfter: null }))
            try {
              const g = await deps.api.revokeFileGrant(await deps.wallet.getState().holderAuth(), grantId)
              set((s) => ({ grants: s.grants.some((x) => x.grantId === g.grantId) ? s.grants.map((x) => (x.grantId === g.grantId ? g : x)) : [g, ...s.grants], offline: false }))
              return true
            } catch (e) {
              return fail(e)
            } finally {
              set((s) => ({ revoking: s.revoking.filter((id) => id !== grantId) }))
            }
          },

          recordPresentation({ purpose, at, set: shown, challenged }) {
            if (!owner()) return null
            let described
            try {
              described = describeSet(shown, deps.registry)
            } catch {
              return null
            }
            const kinds = described.map((c) => c.kind)
            const cards = deps.wallet.getState().credentials
            const certIds = kinds.map((k) => cards.find((c) => c.kind === k && c.status === 'valid')?.certId).filter((c): c is string => !!c)
            const rec: LocalUsageRecord = {
              id: `qr-${at}-${++seq}`,
              at,
              purpose,
              kinds,
              certIds,
              fields: described.map((c) => ({ kind: c.kind, names: c.shared.map((f) => f.name) })),
              challenged
            }
            set((s) => ({ local: [...s.local, rec].slice(-MAX_LOCAL_RECORDS) }))
            return rec
          },

          clearError() {
            set({ error: null, errorRetryAfter: null })
          }
        }
      },
      persistedOptions<UsageState, PersistedUsage>({
        name: deps.storageKey ?? 'certwallet.usage',
        storage: deps.storage,
        version: 1,
        partialize: (s) => ({ holderId: s.holderId, local: s.local, server: s.server }),
        parse: tryParseUsage,
        // The app creates this store when a subpackage page first needs it, maybe after another
        // holder signed in: their log is not shown to this one (the sign-out below was not heard).
        loaded: (state) => {
          const h = deps.wallet.getState().holder
          return h && state.holderId !== null && state.holderId !== h.holderId ? { ...USAGE_DEFAULTS, grants: [] } : {}
        }
      })
    )
  )

  if (deps.presentations) {
    const p = deps.presentations
    deps.wallet.subscribe((w, prev) => {
      if (!w.holder && prev.holder) store.setState({ ...USAGE_DEFAULTS, grants: [] })
    })
    p.subscribe((s, prev) => {
      const qr = s.qr
      if (!qr) return
      // A QR screen refreshes its code every 30 s: that is one presentation, recorded once. A new
      // purpose or a newly scanned verifier challenge is a new one.
      const before = prev.qr
      if (before && before.purpose === qr.purpose && before.nonce === qr.nonce) return
      const batch = s.batches[qr.purpose]
      const shown = batch?.sets[qr.setIndex]
      if (!shown) return
      store.getState().recordPresentation({ purpose: qr.purpose, at: deps.now(), set: shown, challenged: qr.nonce !== null })
    })
  }
  return store
}
