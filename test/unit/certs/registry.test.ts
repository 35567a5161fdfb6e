import { certModuleProblems } from '../../../src/certs/certModuleProblems'
import { definingAuthorities } from '../../../src/certs/definingAuthorities'
import {
  certModules,
  certRegistry,
  createCertRegistry,
  findByTypeCode,
  findByVct,
  findCertModule,
  requireCertModule,
  type CertKind
} from '../../../src/certs/registry'
import type { CertModule, MaskStyle, PurposeId } from '../../../src/certs/types'
import { validateUscc } from '../../../src/certs/uscc'

const kinds: CertKind[] = [
  'id-card',
  'ctid',
  'driving-licence',
  'vehicle-licence',
  'social-security',
  'medical-insurance',
  'degree',
  'marriage',
  'professional-qualification',
  'real-estate'
]

function field(module: CertModule, name: string) {
  const spec = module.fields.find((f) => f.name === name)
  if (!spec) throw new Error(`${module.kind} has no ${name}`)
  return spec
}

describe('certModules', () => {
  it('holds the seven first kinds, then 结婚证, 职业资格证书 and 不动产权证书, in order (append-only: the index is the CW1 type index)', () => {
    expect(certModules.map((m) => m.kind)).toEqual(kinds)
  })

  it('passes createCertRegistry’s checks (the app’s certRegistry is built without running them on start)', () => {
    expect(() => createCertRegistry(certModules)).not.toThrow()
    expect(createCertRegistry(certModules).modules).toEqual(certRegistry.modules)
    for (const module of certModules) expect(certModuleProblems(module)).toEqual([])
  })

  it('has unique kinds, vcts and type codes', () => {
    for (const key of ['kind', 'vct', 'typeCode'] as const) {
      const values = certModules.map((m) => m[key])
      expect(new Set(values).size).toBe(values.length)
    }
  })

  it.each(kinds)('%s: vct follows urn:cn:certwallet:vct:<kind>:1', (kind) => {
    expect(requireCertModule(kind).vct).toBe(`urn:cn:certwallet:vct:${kind}:1`)
  })

  it.each(kinds)('%s: module has no problems', (kind) => {
    expect(certModuleProblems(requireCertModule(kind))).toEqual([])
  })

  it('uses the documented type codes, each with a valid defining-authority USCC', () => {
    const expected: Record<CertKind, string> = {
      'id-card': '11100000000019107N001',
      ctid: '11100000000019107N002',
      'driving-licence': '11100000000019107N003',
      'vehicle-licence': '11100000000019107N004',
      'social-security': '111000000000192030001',
      'medical-insurance': '11100000MB0193009H001',
      degree: '1110000000001930X6001',
      marriage: '11100000000019369E001',
      'professional-qualification': '111000000000192030002',
      'real-estate': '11100000000019457W001'
    }
    for (const module of certModules) {
      expect(module.typeCode).toBe(expected[module.kind])
      expect(validateUscc(module.typeCode.slice(0, 18))).toBe(true)
    }
    for (const code of Object.values(definingAuthorities)) expect(validateUscc(code)).toBe(true)
  })

  it.each(kinds)('%s: every preset names only claims of the module, each once', (kind) => {
    const module = requireCertModule(kind)
    const names = new Set(module.fields.map((f) => f.name))
    for (const preset of module.presets) {
      expect(preset.fields.length).toBeGreaterThan(0)
      expect(new Set(preset.fields).size).toBe(preset.fields.length)
      for (const name of preset.fields) expect(names).toContain(name)
    }
  })

  it.each(kinds)('%s: claim names are unique snake_case ASCII with Chinese labels', (kind) => {
    const module = requireCertModule(kind)
    const names = module.fields.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    for (const spec of module.fields) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/)
      expect(spec.label).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it.each(kinds)('%s: masked fields have a mask style, and the card shows existing, visible claims', (kind) => {
    const module = requireCertModule(kind)
    for (const spec of module.fields.filter((f) => f.sensitivity === 'masked')) expect(spec.mask).toBeDefined()
    expect(field(module, module.design.titleField).sensitivity).toBe('shown')
    for (const name of module.design.summaryFields) expect(field(module, name).sensitivity).not.toBe('hidden')
    expect(module.design.summaryFields.length).toBeLessThanOrEqual(3)
  })

  it.each(kinds)('%s: validity points at date claims and has a positive lifetime', (kind) => {
    const { validity, fields } = requireCertModule(kind)
    for (const name of [validity.validFromField, validity.validUntilField]) {
      if (name !== undefined) expect(fields.find((f) => f.name === name)?.format).toBe('date')
    }
    expect(validity.credentialLifetimeDays).toBeGreaterThan(0)
  })

  it('masks identifying numbers and addresses with the right style, hides portraits, shows names', () => {
    const expectations: Array<[string, MaskStyle]> = [
      ['id_number', 'id-number'],
      ['social_security_number', 'id-number'],
      ['licence_number', 'licence-number'],
      ['vin', 'licence-number'],
      ['address', 'address'],
      ['engine_number', 'number'],
      ['card_number', 'number'],
      ['bank_account_number', 'number'],
      ['file_number', 'number'],
      ['birth_date', 'date']
    ]
    let checked = 0
    for (const module of certModules) {
      for (const [name, style] of expectations) {
        const spec = module.fields.find((f) => f.name === name)
        if (!spec) continue
        checked++
        expect({ kind: module.kind, name, sensitivity: spec.sensitivity, mask: spec.mask }).toEqual({
          kind: module.kind,
          name,
          sensitivity: 'masked',
          mask: style
        })
      }
      const portrait = module.fields.find((f) => f.name === 'portrait_hash')
      if (portrait) expect(portrait).toMatchObject({ sensitivity: 'hidden', format: 'image-hash' })
      const name = module.fields.find((f) => f.name === 'name')
      if (name) expect(name.sensitivity).toBe('shown')
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('carries the claims of the real documents', () => {
    const names = (kind: CertKind) => requireCertModule(kind).fields.map((f) => f.name)
    expect(names('id-card')).toEqual(
      expect.arrayContaining(['name', 'sex', 'ethnicity', 'birth_date', 'address', 'id_number', 'issuing_authority', 'valid_from', 'valid_until', 'portrait_hash', 'age_over_18'])
    )
    expect(names('driving-licence')).toEqual(
      expect.arrayContaining(['name', 'sex', 'nationality', 'address', 'birth_date', 'first_issue_date', 'licence_number', 'vehicle_class', 'valid_from', 'valid_until', 'file_number', 'points', 'licence_status', 'portrait_hash'])
    )
    expect(names('vehicle-licence')).toEqual(
      expect.arrayContaining(['plate_number', 'vehicle_type', 'owner', 'address', 'use_character', 'model', 'vin', 'engine_number', 'register_date', 'issue_date', 'inspection_valid_until'])
    )
    expect(names('social-security')).toEqual(
      expect.arrayContaining(['name', 'sex', 'id_number', 'card_number', 'social_security_number', 'issuing_region', 'bank', 'valid_until'])
    )
    expect(names('medical-insurance')).toEqual(
      expect.arrayContaining(['name', 'id_number', 'insured_region', 'insurance_type', 'voucher_id', 'personal_account_flag', 'valid_until'])
    )
    expect(names('degree')).toEqual(
      expect.arrayContaining(['name', 'sex', 'birth_date', 'id_number', 'school', 'major', 'education_level', 'degree_type', 'study_form', 'enrolment_date', 'graduation_date', 'certificate_number', 'degree_certificate_number', 'verification_code'])
    )
    expect(field(requireCertModule('id-card'), 'age_over_18').format).toBe('boolean')
  })

  it('groups cards like the wallet home page', () => {
    const groups = Object.fromEntries(certModules.map((m) => [m.kind, m.design.group]))
    expect(groups).toEqual({
      'id-card': '证件',
      ctid: '证件',
      'driving-licence': '驾驶',
      'vehicle-licence': '驾驶',
      'social-security': '社保医保',
      'medical-insurance': '社保医保',
      degree: '学历',
      marriage: '证件',
      'professional-qualification': '职业资格',
      'real-estate': '房产'
    })
  })
})

describe('disclosure presets', () => {
  const preset = (kind: CertKind, purpose: PurposeId) => requireCertModule(kind).presets.find((p) => p.purpose === purpose)

  it('age-over-18 discloses age_over_18 and nothing else, wherever it exists', () => {
    const withAge = certModules.filter((m) => m.presets.some((p) => p.purpose === 'age-over-18'))
    expect(withAge.map((m) => m.kind)).toEqual(['id-card', 'ctid'])
    for (const module of withAge) {
      expect(module.presets.find((p) => p.purpose === 'age-over-18')).toEqual({
        purpose: 'age-over-18',
        slot: 'identity',
        fields: ['age_over_18']
      })
    }
  })

  it('derives each purpose\'s slots from the presets, in registry order', () => {
    const slots = (purpose: PurposeId) => certRegistry.slots(purpose).map((s) => ({ kinds: s.kinds, required: s.required }))
    expect(slots('traffic-stop')).toEqual([
      { kinds: ['driving-licence'], required: true },
      { kinds: ['vehicle-licence'], required: false }
    ])
    expect(slots('hotel')).toEqual([{ kinds: ['id-card', 'ctid'], required: true }])
    expect(slots('age-over-18')).toEqual([{ kinds: ['id-card', 'ctid'], required: true }])
    expect(slots('pharmacy')).toEqual([{ kinds: ['medical-insurance'], required: true }])
    expect(slots('degree')).toEqual([{ kinds: ['degree'], required: true }])
    expect(slots('employment')).toEqual([
      { kinds: ['id-card', 'ctid'], required: true },
      { kinds: ['social-security'], required: false },
      { kinds: ['professional-qualification'], required: false }
    ])
  })

  it('refuses modules that disagree whether a shared slot is required', () => {
    const idCard = requireCertModule('id-card')
    const ctid = requireCertModule('ctid')
    const optionalCtid: CertModule = { ...ctid, presets: ctid.presets.map((p) => (p.purpose === 'hotel' ? { ...p, optional: true } : p)) }
    expect(() => createCertRegistry([idCard, optionalCtid])).toThrow(expect.objectContaining({ code: 'ERR_CONFLICT', detail: 'slot:hotel:identity' }))
  })

  it('traffic stop shows what the officer checks and leaves out address and birth date', () => {
    expect(preset('driving-licence', 'traffic-stop')?.fields).toEqual(
      expect.arrayContaining(['name', 'licence_number', 'vehicle_class', 'valid_until', 'licence_status', 'portrait_hash'])
    )
    expect(preset('vehicle-licence', 'traffic-stop')?.fields).toEqual(
      expect.arrayContaining(['plate_number', 'vin', 'inspection_valid_until', 'vehicle_status'])
    )
    for (const kind of ['driving-licence', 'vehicle-licence'] as const) {
      expect(preset(kind, 'traffic-stop')?.fields).not.toEqual(expect.arrayContaining(['address']))
    }
    expect(preset('driving-licence', 'traffic-stop')?.fields).not.toContain('birth_date')
  })

  it('hotel check-in discloses name and ID number but not the age flag or birth date', () => {
    for (const kind of ['id-card', 'ctid'] as const) {
      const fields = preset(kind, 'hotel')?.fields ?? []
      expect(fields).toEqual(expect.arrayContaining(['name', 'id_number']))
      expect(fields).not.toContain('birth_date')
      expect(fields).not.toContain('age_over_18')
    }
  })

  it('pharmacy and degree checks do not reveal the ID number', () => {
    expect(preset('medical-insurance', 'pharmacy')?.fields).not.toContain('id_number')
    expect(preset('degree', 'degree')?.fields).not.toContain('id_number')
  })
})

describe('registry look-ups', () => {
  it('finds by kind, vct and type code, and returns null for unknown ones', () => {
    expect(findCertModule('driving-licence')?.label).toBe('电子驾驶证')
    expect(findCertModule('hukou')).toBeNull()
    expect(findByVct('urn:cn:certwallet:vct:degree:1')?.kind).toBe('degree')
    expect(findByVct('urn:cn:certwallet:vct:degree:2')).toBeNull()
    expect(findByTypeCode('11100000MB0193009H001')?.kind).toBe('medical-insurance')
    expect(findByTypeCode('11100000MB0193009H999')).toBeNull()
    expect(certRegistry.modules).toBe(certModules)
  })

  it('require throws ERR_UNKNOWN_KIND with the kind as detail', () => {
    expect(requireCertModule('ctid').kind).toBe('ctid')
    expect(() => requireCertModule('passport')).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_KIND', detail: 'passport' }))
    expect(() => certRegistry.require('')).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_KIND' }))
  })

  it('refuses two modules with the same kind, vct or type code', () => {
    const idCard = requireCertModule('id-card')
    expect(() => createCertRegistry([idCard, { ...idCard, vct: 'x', typeCode: '11100000000019107N009' }])).toThrow(
      expect.objectContaining({ code: 'ERR_CONFLICT', detail: 'kind:id-card' })
    )
    expect(() => createCertRegistry([idCard, { ...idCard, kind: 'copy', typeCode: '11100000000019107N009' }])).toThrow(
      expect.objectContaining({ code: 'ERR_CONFLICT', detail: `vct:${idCard.vct}` })
    )
    expect(() => createCertRegistry([idCard, { ...idCard, kind: 'copy', vct: 'x' }])).toThrow(
      expect.objectContaining({ code: 'ERR_CONFLICT', detail: `typeCode:${idCard.typeCode}` })
    )
  })

  it('refuses a module whose preset names a claim it does not have', () => {
    const idCard = requireCertModule('id-card')
    const broken: CertModule = {
      ...idCard,
      presets: [{ purpose: 'hotel', fields: ['name', 'room_number'] }]
    }
    expect(certModuleProblems(broken)).toEqual(['preset:hotel:room_number:unknown'])
    expect(() => createCertRegistry([broken])).toThrow(
      expect.objectContaining({ code: 'ERR_MALFORMED', detail: 'id-card:preset:hotel:room_number:unknown' })
    )
  })

  it('reports other module mistakes', () => {
    const idCard = requireCertModule('id-card')
    const broken: CertModule = {
      ...idCard,
      typeCode: '11100000000019107X001',
      fields: [...idCard.fields.filter((f) => f.name !== 'address'), { name: 'Address', label: '住址', sensitivity: 'masked' }],
      design: { ...idCard.design, titleField: 'portrait_hash' },
      validity: { validUntilField: 'name', credentialLifetimeDays: 0 }
    }
    expect(certModuleProblems(broken)).toEqual(
      expect.arrayContaining([
        'typeCode:invalid',
        'field:Address:name',
        'field:Address:mask-missing',
        'design:portrait_hash:title',
        'preset:hotel:address:unknown',
        'validity:name:not-a-date-field',
        'validity:lifetime'
      ])
    )
  })
  it('reports an authority type that is not a kebab-case id and a card without a group', () => {
    const idCard = requireCertModule('id-card')
    const broken: CertModule = { ...idCard, authority: '公安', design: { ...idCard.design, group: '' } }
    expect(certModuleProblems(broken)).toEqual(['authority:shape', 'design:group-empty'])
    expect(() => createCertRegistry([broken])).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED', detail: 'id-card:authority:shape' }))
  })

  it('reports bearer fields the module does not have or never shows, and unknown purposes', () => {
    const idCard = requireCertModule('id-card')
    const broken = {
      ...idCard,
      presets: [...idCard.presets, { purpose: 'boarding', fields: ['name'] }],
      bearer: { paper: { fields: ['name', 'portrait_hash', 'room_number'] }, 'library-card': { fields: [] } }
    } as unknown as CertModule
    expect(certModuleProblems(broken)).toEqual([
      'preset:boarding:unknown-purpose',
      'bearer:paper:portrait_hash:hidden',
      'bearer:paper:room_number:unknown',
      'bearer:library-card:unknown-use',
      'bearer:library-card:empty'
    ])
  })
})
