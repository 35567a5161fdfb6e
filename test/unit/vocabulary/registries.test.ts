import { readdirSync, readFileSync, statSync } from 'fs'
import { dirname, join, relative, resolve } from 'path'
import { bearerFields, bearerKinds, roleAcceptsBearer } from '../../../src/certs/bearerFields'
import { certRegistry } from '../../../src/certs/registry'
import { BEARER_USES, type BearerUse } from '../../../src/vocabulary/bearerUses'
import { errorText } from '../../../src/components/errorText'
import { ERROR_TEXT } from '../../../src/vocabulary/featureErrorText'
import { ErrorCodes } from '../../../src/vocabulary/errors'
import { PRESENTABLE_PURPOSES, PURPOSE_BY_CODE, PURPOSE_CODES, PURPOSE_IDS, PURPOSES } from '../../../src/vocabulary/purposes'
import { PURPOSE_TEXT } from '../../../src/vocabulary/purposeText'
import { findRole, VERIFIER_ROLES } from '../../../src/vocabulary/roles'

const modules = certRegistry.modules
const kinds = modules.map((m) => m.kind)

describe('purposes', () => {
  it('keeps the wire codes of the CW1 format (never renumber, never reuse)', () => {
    expect(PURPOSE_CODES).toEqual({ 'traffic-stop': 1, hotel: 2, 'age-over-18': 3, pharmacy: 4, degree: 5, employment: 6 })
    for (const p of PURPOSES) expect(PURPOSE_BY_CODE[p.code]).toBe(p.id)
    expect(new Set(PURPOSES.map((p) => p.code)).size).toBe(PURPOSES.length)
    expect(PURPOSE_BY_CODE[0]).toBeUndefined()
  })

  it('are the purposes of the API contract (mock/openapi.yaml)', () => {
    const yaml = readFileSync(resolve(__dirname, '../../../mock/openapi.yaml'), 'utf8')
    const enums = [...yaml.matchAll(/enum: \[(traffic-stop[^\]]*)\]/g)].map((m) => m[1].split(/,\s*/))
    expect(enums.length).toBeGreaterThan(0)
    for (const e of enums) expect(e).toEqual(PURPOSE_IDS)
  })

  it('offers the presentable ones on the picker, in registry order', () => {
    expect(PRESENTABLE_PURPOSES).toEqual(['traffic-stop', 'hotel', 'age-over-18', 'pharmacy', 'degree'])
  })

  it.each(PURPOSES.map((p) => p.id))('%s: has words, a kind that fills it and a role that checks it', (id) => {
    expect(PURPOSE_TEXT[id].label).toMatch(/[\u4e00-\u9fff]/)
    expect(PURPOSE_TEXT[id].checkedBy).toMatch(/[\u4e00-\u9fff]/)
    expect(certRegistry.slots(id).some((s) => s.required)).toBe(true)
    expect(VERIFIER_ROLES.some((r) => r.purposes.includes(id))).toBe(true)
  })
})

describe('verifier roles', () => {
  it('are the four desks, each with its words', () => {
    expect(VERIFIER_ROLES.map((r) => [r.id, r.label, r.purposes])).toEqual([
      ['police', '交警', ['traffic-stop']],
      ['hotel', '酒店', ['hotel', 'age-over-18']],
      ['pharmacy', '药店/医院', ['pharmacy']],
      ['employer', '用人单位', ['degree', 'employment']]
    ])
    for (const r of VERIFIER_ROLES) expect(r.description).toMatch(/[\u4e00-\u9fff]/)
    expect(findRole('hotel')?.reveal).toEqual(['id_number', 'address'])
    expect(findRole('nobody')).toBeNull()
  })

  it('reveal only fields that are masked by default', () => {
    for (const r of VERIFIER_ROLES) {
      for (const name of r.reveal) expect(modules.some((m) => m.fields.some((f) => f.name === name && f.sensitivity === 'masked'))).toBe(true)
    }
  })

  it('take the bearer credentials of the kinds filling their purposes, plus the ones they name', () => {
    // Per role and use: exactly the kinds taken (what the verifier took before the registry was derived).
    const expected: Record<string, Partial<Record<BearerUse, string[]>>> = {
      police: { paper: ['id-card', 'ctid'] },
      hotel: { paper: ['id-card', 'ctid'] },
      pharmacy: { paper: ['id-card', 'ctid', 'social-security', 'medical-insurance'] },
      employer: { paper: ['id-card', 'ctid', 'social-security', 'professional-qualification'], 'degree-share': ['degree'] }
    }
    for (const role of VERIFIER_ROLES) {
      for (const use of BEARER_USES.map((u) => u.id)) {
        expect([role.id, use, kinds.filter((k) => roleAcceptsBearer(role, use, k, modules))]).toEqual([role.id, use, expected[role.id][use] ?? []])
      }
    }
  })
})

describe('bearer fields, from the kinds', () => {
  it('print the same few fields as before', () => {
    expect(bearerKinds(modules, 'paper')).toEqual(['id-card', 'ctid', 'social-security', 'medical-insurance', 'professional-qualification'])
    expect(bearerFields(modules, 'paper', 'id-card')).toEqual(['name', 'sex', 'id_number'])
    expect(bearerFields(modules, 'paper', 'ctid')).toEqual(['name', 'sex', 'id_number'])
    expect(bearerFields(modules, 'paper', 'medical-insurance')).toEqual(['name', 'id_number', 'insured_region', 'insurance_type'])
    expect(bearerFields(modules, 'paper', 'social-security')).toEqual(['name', 'id_number', 'issuing_region'])
    expect(bearerFields(modules, 'paper', 'driving-licence')).toBeNull()
    expect(bearerKinds(modules, 'degree-share')).toEqual(['degree'])
    expect(bearerFields(modules, 'degree-share', 'degree')).toEqual(certRegistry.require('degree').presets.find((p) => p.purpose === 'degree')!.fields)
  })
})

describe('error codes', () => {
  it('each have Chinese text', () => {
    expect(new Set(ErrorCodes).size).toBe(ErrorCodes.length)
    for (const code of ErrorCodes) expect(ERROR_TEXT[code]).toMatch(/[\u4e00-\u9fff]/)
  })
})

// The layer rules (certs → nothing above, no Taro/React) are in test/architecture/import-rules.test.ts.
describe('src/vocabulary, below src/certs', () => {
  const SRC = resolve(__dirname, '../../../src')
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : []
    })
  const imports = (file: string): string[] =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)].map((m) => m[1])
  const target = (file: string, spec: string) => (spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec)

  it('src/vocabulary imports nothing but itself', () => {
    for (const file of files(join(SRC, 'vocabulary'))) {
      for (const spec of imports(file)) expect([relative(SRC, file), target(file, spec)]).toEqual([relative(SRC, file), expect.stringMatching(/^vocabulary\//)])
    }
  })
})

describe('errorText (src/components)', () => {
  it('fills in the app the build runs in, and falls back to ERR_UNKNOWN', () => {
    // jest resolves the Node/H5 appName file.
    expect(errorText('ERR_PLATFORM_UNSUPPORTED')).toBe('当前浏览器版本过低，请升级后使用')
    expect(errorText('ERR_NOPE')).toBe(ERROR_TEXT.ERR_UNKNOWN)
    expect(errorText(null)).toBe('')
  })
})
