import { displayField, maskValue } from '../../../src/certs/mask'
import { requireCertModule } from '../../../src/certs/registry'

describe('maskValue', () => {
  it.each([
    ['id-number', '110101199003071234', '110101********1234'],
    ['id-number', '11010119900307123X', '110101********123X'],
    ['licence-number', '440301198512120018', '440301********0018'],
    ['licence-number', 'LSVAU2180N2183294', 'LSVAU2*******3294'],
    ['address', '北京市东城区景山前街4号', '北京市东城区****'],
    ['address', '上海市浦东新区世纪大道100号', '上海市浦东新****'],
    ['name', '张三', '张*'],
    ['name', '张小明', '张*明'],
    ['name', '欧阳娜娜', '欧**娜'],
    ['name', '买买提·艾力', '买****力'],
    ['name', '𠀀明', '𠀀*'],
    ['phone', '13812345678', '138****5678'],
    ['number', 'A12345678', '*****5678'],
    ['number', '6217000010012345678', '***************5678'],
    ['date', '1990-03-07', '1990-**-**'],
    ['date', '长期', '长期']
  ] as const)('%s %s → %s', (style, value, masked) => {
    expect(maskValue(style, value)).toBe(masked)
  })

  it('always stars at least a third of a short value', () => {
    expect(maskValue('number', '1234')).toBe('**34')
    expect(maskValue('number', '12')).toBe('*2')
    expect(maskValue('id-number', '12345678')).toBe('123***78')
    expect(maskValue('name', '张')).toBe('*')
    expect(maskValue('phone', '12345')).toBe('12**5')
    expect(maskValue('address', '北京')).toBe('北****')
    expect(maskValue('address', '朝阳')).not.toContain('阳')
  })

  it('keeps empty values empty and never leaks an unparseable date', () => {
    for (const style of ['id-number', 'licence-number', 'address', 'name', 'phone', 'number', 'date'] as const) {
      expect(maskValue(style, '')).toBe('')
    }
    expect(maskValue('date', '19900307')).toBe('********')
  })
})

describe('displayField', () => {
  const idCard = requireCertModule('id-card')
  const medical = requireCertModule('medical-insurance')

  it('shows shown fields as they are', () => {
    expect(displayField(idCard, 'name', '张小明', { revealed: false })).toBe('张小明')
    expect(displayField(idCard, 'valid_until', '长期')).toBe('长期')
  })

  it('masks masked fields until the card is revealed', () => {
    expect(displayField(idCard, 'id_number', '110101199003071234', { revealed: false })).toBe('110101********1234')
    expect(displayField(idCard, 'id_number', '110101199003071234')).toBe('110101********1234')
    expect(displayField(idCard, 'id_number', '110101199003071234', { revealed: true })).toBe('110101199003071234')
    expect(displayField(idCard, 'birth_date', '1990-03-07', { revealed: false })).toBe('1990-**-**')
    expect(displayField(idCard, 'address', '北京市东城区景山前街4号', { revealed: false })).toBe('北京市东城区****')
  })

  it('never returns a hidden value, revealed or not', () => {
    const hash = 'sha256-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
    expect(displayField(idCard, 'portrait_hash', hash, { revealed: false })).toBe('')
    expect(displayField(idCard, 'portrait_hash', hash, { revealed: true })).toBe('')
  })

  it('reads booleans as 是/否 and numbers as text; missing values are empty', () => {
    expect(displayField(idCard, 'age_over_18', true)).toBe('是')
    expect(displayField(medical, 'personal_account_flag', false)).toBe('否')
    expect(displayField(requireCertModule('driving-licence'), 'points', 0)).toBe('0')
    expect(displayField(idCard, 'ethnicity', undefined)).toBe('')
    expect(displayField(idCard, 'id_number', null)).toBe('')
  })

  it('rejects claims the module does not define and values that are not text', () => {
    expect(() => displayField(idCard, 'room_number', '101')).toThrow(
      expect.objectContaining({ code: 'ERR_CLAIM_INVALID', detail: 'room_number' })
    )
    expect(() => displayField(idCard, 'address', { province: '北京市' })).toThrow(
      expect.objectContaining({ code: 'ERR_CLAIM_INVALID', detail: 'address' })
    )
    expect(() => displayField(idCard, 'name', Number.NaN)).toThrow(expect.objectContaining({ code: 'ERR_CLAIM_INVALID' }))
  })
})
