/** 公民身份号码 format (GB 11643: check character ISO 7064 MOD 11-2) and its 6-8-4 display groups. */
import { residentIdCheckChar, residentIdGroups, residentIdProblem } from '../../../src/certs/residentId'

describe('residentIdProblem', () => {
  it.each(['44010619900315001X', '330106195207080021', '110105199304120049', '44010619900315001x', '440106 19900315 001X'])('%s is a 公民身份号码', (id) => {
    expect(residentIdProblem(id)).toBeNull()
  })

  it.each([
    ['440106199003150011', 'check'],
    ['330106195207080028', 'check'],
    ['4401061990031500', 'length'],
    ['4401061990031500123', 'length'],
    ['', 'length'],
    ['44010619900315X01X', 'characters'],
    ['440106199013150018', 'birth-date'],
    ['440106189903150012', 'birth-date']
  ])('%s → %s', (id, problem) => {
    expect(residentIdProblem(id)).toBe(problem)
  })

  it('every single-digit change of a valid number is caught', () => {
    const id = '44010619900315001X'
    for (let i = 14; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue
        expect(residentIdProblem(id.slice(0, i) + d + id.slice(i + 1))).toBe('check')
      }
    }
    expect(residentIdCheckChar('44010619900315001')).toBe('X')
  })
})

describe('residentIdGroups', () => {
  it('splits 6-8-4, full or masked, and leaves other lengths whole', () => {
    expect(residentIdGroups('44010619900315001X')).toEqual(['440106', '19900315', '001X'])
    expect(residentIdGroups('440106********001X')).toEqual(['440106', '********', '001X'])
    expect(residentIdGroups('B44018213')).toEqual(['B44018213'])
  })
})
