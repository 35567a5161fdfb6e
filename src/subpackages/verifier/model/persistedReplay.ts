import { ReplayCache } from '../../../services/presentation'

/** Proofs remembered at most (a busy desk sees far fewer within 90 s). */
export const MAX_REPLAY_ENTRIES = 500

/**
 * A ReplayCache whose accepted proofs can be saved and restored, so a screenshot still fails after
 * the page (or the phone) restarts. Entries are `proof id → seconds until which it is refused`;
 * the id is a SHA-256 of the bytes the device signed (presentationReplayId), not the signature
 * (whose s → n − s twin is a second valid proof) and not personal.
 */
export class PersistedReplayCache extends ReplayCache {
  private readonly entries = new Map<string, number>()

  constructor(saved: Record<string, number>, now: number) {
    super(MAX_REPLAY_ENTRIES)
    for (const [id, until] of Object.entries(saved)) if (until >= now) this.check(id, now, until)
  }

  override check(id: string, now: number, expiresAt: number): void {
    super.check(id, now, expiresAt)
    for (const [k, until] of this.entries) if (until < now) this.entries.delete(k)
    if (this.entries.size >= MAX_REPLAY_ENTRIES) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(id, expiresAt)
  }

  /** What to persist: the entries still live at `now`. */
  snapshot(now: number): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [k, until] of this.entries) if (until >= now) out[k] = until
    return out
  }
}
