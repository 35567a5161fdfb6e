import { BEARER_USES } from '../vocabulary/bearerUses'
import { isPurposeId } from '../vocabulary/purposes'
import type { CertModule } from './types'
import { validateUscc } from './uscc'

const KIND_SHAPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const CLAIM_SHAPE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/
const TYPE_CODE_SHAPE = /^[0-9A-Z]{18}[0-9]{3}$/

/**
 * What is wrong with a module definition, as short machine-readable strings (empty when
 * nothing is). The registry refuses a module with problems, so a new kind fails at start-up and
 * in its tests rather than on a holder's phone.
 */
export function certModuleProblems(module: CertModule): string[] {
  const problems: string[] = []
  const fields = new Map(module.fields.map((f) => [f.name, f]))

  if (!KIND_SHAPE.test(module.kind)) problems.push('kind:shape')
  if (!module.vct) problems.push('vct:empty')
  if (!module.label) problems.push('label:empty')
  if (!KIND_SHAPE.test(module.authority)) problems.push('authority:shape')
  if (!module.design.group) problems.push('design:group-empty')
  if (!TYPE_CODE_SHAPE.test(module.typeCode) || !validateUscc(module.typeCode.slice(0, 18))) {
    problems.push('typeCode:invalid')
  }

  if (fields.size !== module.fields.length) problems.push('fields:duplicate')
  for (const field of module.fields) {
    if (!CLAIM_SHAPE.test(field.name)) problems.push(`field:${field.name}:name`)
    if (!field.label) problems.push(`field:${field.name}:label`)
    if (field.sensitivity === 'masked' && !field.mask) problems.push(`field:${field.name}:mask-missing`)
  }

  const { titleField, summaryFields } = module.design
  if (fields.get(titleField)?.sensitivity !== 'shown') problems.push(`design:${titleField}:title`)
  if (summaryFields.length > 3) problems.push('design:summary-too-long')
  for (const name of summaryFields) {
    const field = fields.get(name)
    if (!field || field.sensitivity === 'hidden') problems.push(`design:${name}:summary`)
  }

  const purposes = new Set<string>()
  for (const preset of module.presets) {
    if (!isPurposeId(preset.purpose)) problems.push(`preset:${preset.purpose}:unknown-purpose`)
    if (purposes.has(preset.purpose)) problems.push(`preset:${preset.purpose}:duplicate`)
    purposes.add(preset.purpose)
    if (preset.fields.length === 0) problems.push(`preset:${preset.purpose}:empty`)
    if (new Set(preset.fields).size !== preset.fields.length) problems.push(`preset:${preset.purpose}:repeated-field`)
    for (const name of preset.fields) {
      if (!fields.has(name)) problems.push(`preset:${preset.purpose}:${name}:unknown`)
    }
  }

  for (const [use, bearer] of Object.entries(module.bearer ?? {})) {
    if (!BEARER_USES.some((u) => u.id === use)) problems.push(`bearer:${use}:unknown-use`)
    if (!bearer || bearer.fields.length === 0) problems.push(`bearer:${use}:empty`)
    for (const name of bearer?.fields ?? []) {
      const field = fields.get(name)
      if (!field) problems.push(`bearer:${use}:${name}:unknown`)
      else if (field.sensitivity === 'hidden') problems.push(`bearer:${use}:${name}:hidden`)
    }
  }

  const { validFromField, validUntilField, credentialLifetimeDays } = module.validity
  for (const name of [validFromField, validUntilField]) {
    if (name !== undefined && fields.get(name)?.format !== 'date') problems.push(`validity:${name}:not-a-date-field`)
  }
  if (!Number.isInteger(credentialLifetimeDays) || credentialLifetimeDays <= 0) problems.push('validity:lifetime')

  return problems
}
