import type { Api } from '../coreImports'

type ApiUsageRecord = Api.UsageRecord

/**
 * 用证记录 on the government side: every 核验 (online verification), 文件调用 (file retrieval)
 * and verification result a verifier reports back is recorded against the holder, who can list
 * them and ask for a verifier's copy to be erased. Presentations shown offline never reach the
 * server; the wallet records those locally.
 */

export type UsageChannel = 'verification' | 'file-retrieval' | 'reported-result' | 'online'
export type DeletionStatus = 'none' | 'requested' | 'erased'

export interface UsageRecord {
  recordId: string
  holderId: string
  /** ISO time of the use. */
  at: string
  channel: UsageChannel
  certIds: string[]
  kinds: string[]
  /** 用证事由 as the verifier gave it. */
  purpose: string
  verifier: { name: string; role: string | null } | null
  /** 代办人: the family member who presented for the holder (家人代办), from the platform's link. */
  agentName?: string
  /** Exactly which claim names went out. */
  fields: string[]
  outcome: 'accepted' | 'rejected' | null
  deletion: DeletionStatus
}

export type NewUsageRecord = Omit<UsageRecord, 'recordId' | 'deletion'>

/** A record as the API answers it (mock/openapi.yaml UsageRecord): no holder id, absent instead of null. */
export function toApiUsageRecord(r: UsageRecord): ApiUsageRecord {
  return {
    recordId: r.recordId,
    at: r.at,
    channel: r.channel,
    certIds: [...r.certIds],
    kinds: [...r.kinds],
    purpose: r.purpose,
    ...(r.verifier ? { verifier: r.verifier.role ? { name: r.verifier.name, role: r.verifier.role } : { name: r.verifier.name } } : {}),
    ...(r.agentName ? { agentName: r.agentName } : {}),
    fields: [...r.fields],
    ...(r.outcome ? { outcome: r.outcome } : {}),
    deletion: r.deletion
  }
}

export class UsageLog {
  private records: UsageRecord[] = []
  private seq = 0

  constructor(private readonly makeId: () => string = () => `ur-${(++this.seq).toString().padStart(6, '0')}`) {}

  record(r: NewUsageRecord): UsageRecord {
    const rec: UsageRecord = { ...r, certIds: [...r.certIds], kinds: [...r.kinds], fields: [...r.fields], recordId: this.makeId(), deletion: 'none' }
    this.records.push(rec)
    return rec
  }

  /** Newest first; only the holder's own; optionally only those touching `certId`. */
  list(holderId: string, certId?: string): UsageRecord[] {
    return this.records.filter((r) => r.holderId === holderId && (!certId || r.certIds.includes(certId))).reverse()
  }

  /** Marks a record's verifier copy for erasure; null when the holder has no such record. */
  requestDeletion(holderId: string, recordId: string): UsageRecord | null {
    const rec = this.records.find((r) => r.recordId === recordId && r.holderId === holderId)
    if (!rec) return null
    if (rec.deletion === 'none') rec.deletion = 'requested'
    return rec
  }

  /** The verifier confirmed erasure (simulated: a tooling hook). */
  markErased(recordId: string): void {
    const rec = this.records.find((r) => r.recordId === recordId)
    if (rec && rec.deletion !== 'none') rec.deletion = 'erased'
  }

  clear(): void {
    this.records = []
  }

  /** Everything kept, for the state store (./snapshot.ts). */
  exportState(): { records: UsageRecord[]; seq: number } {
    return { records: structuredClone(this.records), seq: this.seq }
  }

  /** Replaces everything with what {@link exportState} gave. */
  importState(state: { records: UsageRecord[]; seq: number }): void {
    this.records = structuredClone(state.records)
    this.seq = state.seq
  }
}
