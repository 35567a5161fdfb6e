import { purposeSlots, type BearerUse, type CertRegistry, type PurposeId } from '../coreImports'
import type { SimulatorContext } from './context'

/** A purpose's slot: filled by the first of its kinds the holder has; a required one must be filled. */
export interface PurposeSlot {
  kinds: readonly string[]
  required: boolean
}

/**
 * Which certificates a purpose draws on, for the kinds in `registry`: the core's slots, then an
 * optional slot for each further kind with a preset for the purpose (a 户口簿 goes along to an
 * employer when the holder has one). Null for a purpose nobody knows.
 */
export function purposeSlotsFor(registry: CertRegistry, purpose: string): PurposeSlot[] | null {
  const core = purposeSlots[purpose as PurposeId]
  if (!core) return null
  const slotted = new Set(core.flatMap((s) => s.kinds))
  const extra = registry.modules.filter((m) => !slotted.has(m.kind) && m.presets.some((p) => p.purpose === purpose))
  return [...core, ...extra.map((m) => ({ kinds: [m.kind], required: false }))]
}

/** Exactly the claims a `use` bearer credential of `kind` carries; undefined when the kind has none. */
export function bearerFieldsFor(ctx: SimulatorContext, use: BearerUse, kind: string): readonly string[] | undefined {
  return ctx.bearerFields[use][kind]
}
