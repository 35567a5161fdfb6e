import type { PurposeId } from '../vocabulary/purposes'
import type { CertModule } from './types'

/**
 * One slot of a purpose: filled by the first of its kinds the holder has (ID card before 网证); a
 * required slot left empty means the purpose cannot be presented.
 */
export interface PurposeSlot {
  name: string
  kinds: string[]
  required: boolean
}

/**
 * The slots of `purpose`, derived from the modules' presets: slots in the order their first kind
 * appears in `modules`, kinds within a slot in module order.
 *
 * @example purposeSlots(certModules, 'traffic-stop')
 * // [{ name: 'driving-licence', kinds: ['driving-licence'], required: true },
 * //  { name: 'vehicle-licence', kinds: ['vehicle-licence'], required: false }]
 */
export function purposeSlots(modules: readonly CertModule[], purpose: PurposeId | string): PurposeSlot[] {
  const slots: PurposeSlot[] = []
  for (const module of modules) {
    const preset = module.presets.find((p) => p.purpose === purpose)
    if (!preset) continue
    const name = preset.slot ?? module.kind
    const slot = slots.find((s) => s.name === name)
    if (slot) {
      slot.kinds.push(module.kind)
      slot.required &&= !preset.optional
    } else slots.push({ name, kinds: [module.kind], required: !preset.optional })
  }
  return slots
}

/**
 * Slots whose kinds disagree on whether the slot is required, as `slot:<purpose>:<slot>` (the
 * registry refuses such a module list).
 */
export function purposeSlotProblems(modules: readonly CertModule[]): string[] {
  const seen = new Map<string, boolean>()
  const problems: string[] = []
  for (const module of modules) {
    for (const preset of module.presets) {
      const key = `slot:${preset.purpose}:${preset.slot ?? module.kind}`
      const required = !preset.optional
      if (seen.has(key) && seen.get(key) !== required && !problems.includes(key)) problems.push(key)
      seen.set(key, required)
    }
  }
  return problems
}
