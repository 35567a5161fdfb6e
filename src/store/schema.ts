import type { EcPrivateJwk } from '../services/crypto/types'
import type { StoredTrustMaterial } from '../services/wallet/trustMaterial'

/** Display status of a stored certificate. */
export type CardStatus = 'valid' | 'expired' | 'revoked' | 'suspended' | 'superseded'

export interface StoredCredential {
  certId: string
  kind: string
  title: string
  issuerName: string
  /** The SD-JWT VC exactly as issued (with every disclosure). */
  credential: string
  /** Verified claims (issuer-signed + disclosed), for display; masked by the UI. */
  claims: Record<string, unknown>
  issuedAt: string
  expiresAt: number | null
  status: CardStatus
  /** When signature and status were last checked (ms since epoch): the card's "as of" time. */
  checkedAt: number
  /** Set when a reissue replaced an older version of this card. */
  replacedCertId?: string
}

export interface HolderSession {
  holderId: string
  token: string
  displayName: string
}

/** What survives a restart. Bump `version` on any incompatible change. */
export interface PersistedWallet {
  version: 1
  holder: HolderSession | null
  deviceKey: EcPrivateJwk | null
  credentials: StoredCredential[]
  trust: StoredTrustMaterial
  lastSyncAt: number | null
}

export const WALLET_DEFAULTS: PersistedWallet = {
  version: 1,
  holder: null,
  deviceKey: null,
  credentials: [],
  trust: { trustList: null, statusLists: {} },
  lastSyncAt: null
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string'

function isCredential(v: unknown): v is StoredCredential {
  return isObj(v) && isStr(v.certId) && isStr(v.kind) && isStr(v.credential) && isObj(v.claims) && isStr(v.status) && typeof v.checkedAt === 'number'
}

/**
 * Validates a persisted blob. Anything unreadable falls back to defaults and is reported through
 * `problem`, never thrown: a corrupt or old blob must not crash the app (STYLE.md §5).
 */
export function tryParseWallet(value: unknown): { state: PersistedWallet; problem: string | null } {
  if (value === undefined || value === null) return { state: WALLET_DEFAULTS, problem: null }
  if (!isObj(value) || value.version !== 1) return { state: WALLET_DEFAULTS, problem: 'version' }
  const holder = value.holder
  if (holder !== null && !(isObj(holder) && isStr(holder.holderId) && isStr(holder.token))) return { state: WALLET_DEFAULTS, problem: 'holder' }
  if (!Array.isArray(value.credentials)) return { state: WALLET_DEFAULTS, problem: 'credentials' }
  const credentials = value.credentials.filter(isCredential)
  const trust = isObj(value.trust) ? value.trust : {}
  const deviceKey = isObj(value.deviceKey) && isStr(value.deviceKey.d) ? (value.deviceKey as unknown as EcPrivateJwk) : null
  return {
    state: {
      version: 1,
      holder: (holder as HolderSession | null) ?? null,
      deviceKey,
      credentials,
      trust: {
        trustList: isObj(trust.trustList) && isStr(trust.trustList.jws) ? (trust.trustList as StoredTrustMaterial['trustList']) : null,
        statusLists: isObj(trust.statusLists) ? (trust.statusLists as StoredTrustMaterial['statusLists']) : {}
      },
      lastSyncAt: typeof value.lastSyncAt === 'number' ? value.lastSyncAt : null
    },
    problem: credentials.length !== value.credentials.length ? 'credential-entries' : null
  }
}
