import { generateCertId, kindForCertId } from '../../../src/certs/identifier'
import { displayField } from '../../../src/certs/mask'
import { certModules, certRegistry, createCertRegistry } from '../../../src/certs/registry'
import { roleAcceptsBearer } from '../../../src/certs/bearerFields'
import { presentablePurposes } from '../../../src/services/wallet/purposeCredentials'
import { findRole } from '../../../src/vocabulary/roles'
import { hukou } from '../../fixtures/extra-kind'

/** A certificate type added from outside src/certs, with no change anywhere else. */
describe('an extra kind (居民户口簿) registered next to the built-in ones', () => {
  const registry = createCertRegistry([...certModules, hukou])
  const hukouId = generateCertId({ typeCode: hukou.typeCode, issuerCode: '11110000000021012L', serial: '110101000123', version: 2 })

  it('is found by kind, vct and type code, and required without error', () => {
    expect(registry.modules).toHaveLength(certModules.length + 1)
    expect(registry.find('hukou')).toBe(hukou)
    expect(registry.findByVct('urn:cn:certwallet:vct:hukou:1')).toBe(hukou)
    expect(registry.findByTypeCode('11100000000019107N005')).toBe(hukou)
    expect(registry.require('hukou').label).toBe('居民户口簿')
    expect(registry.require('id-card')).toBe(certModules[0])
  })

  it('maps its 证照标识 to the new kind', () => {
    expect(kindForCertId(hukouId, registry)).toBe('hukou')
  })

  it('stays unknown to the default registry', () => {
    expect(certRegistry.find('hukou')).toBeNull()
    expect(() => certRegistry.require('hukou')).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_KIND', detail: 'hukou' }))
    expect(() => kindForCertId(hukouId, certRegistry)).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_KIND', detail: '11100000000019107N005' })
    )
  })

  it('displays its claims by their sensitivity', () => {
    const module = registry.require('hukou')
    expect(displayField(module, 'name', '李小红')).toBe('李小红')
    expect(displayField(module, 'head_of_household', '李建国', { revealed: false })).toBe('李*国')
    expect(displayField(module, 'id_number', '110101201001011234', { revealed: false })).toBe('110101********1234')
    expect(displayField(module, 'id_number', '110101201001011234', { revealed: true })).toBe('110101201001011234')
    expect(displayField(module, 'household_number', '000123456', { revealed: false })).toBe('*****3456')
    expect(displayField(module, 'portrait_hash', 'sha256-abc', { revealed: true })).toBe('')
  })

  it('is refused if it reuses a built-in type code', () => {
    expect(() => createCertRegistry([...certModules, { ...hukou, typeCode: certModules[0].typeCode }])).toThrow(
      expect.objectContaining({ code: 'ERR_CONFLICT', detail: `typeCode:${certModules[0].typeCode}` })
    )
  })

  it('joins the purposes its presets name, in the slots they name, and nowhere in the built-in registry', () => {
    expect(registry.slots('hotel')).toEqual([{ name: 'identity', kinds: ['id-card', 'ctid', 'hukou'], required: true }])
    expect(registry.slots('employment')).toEqual([
      { name: 'identity', kinds: ['id-card', 'ctid'], required: true },
      { name: 'social-security', kinds: ['social-security'], required: false },
      { name: 'qualification', kinds: ['professional-qualification'], required: false },
      { name: 'household', kinds: ['hukou'], required: false }
    ])
    expect(certRegistry.slots('hotel').flatMap((s) => s.kinds)).not.toContain('hukou')
    // A child with only a 户口簿 can check in at a hotel, and nothing else.
    expect(presentablePurposes([{ kind: 'hukou', status: 'valid' }], registry)).toEqual(['hotel'])
    expect(presentablePurposes([{ kind: 'hukou', status: 'valid' }], certRegistry)).toEqual([])
  })

  it('is printable on paper, and the desks that check its purposes take the paper', () => {
    expect(registry.bearerKinds('paper')).toContain('hukou')
    expect(registry.bearerFields('paper', 'hukou')).toEqual(['name', 'sex', 'id_number', 'household_type'])
    expect(certRegistry.bearerFields('paper', 'hukou')).toBeNull()
    const takes = (role: string) => roleAcceptsBearer(findRole(role)!, 'paper', 'hukou', registry.modules)
    expect(['police', 'hotel', 'pharmacy', 'employer'].filter(takes)).toEqual(['hotel', 'employer'])
    expect(roleAcceptsBearer(findRole('hotel')!, 'degree-share', 'hukou', registry.modules)).toBe(false)
  })
})
