import { applyBp, settle, type EngineInput, type EngineLine } from '../../../../../mock/simulator/medpay/engine'
import { parsePolicy, policyForRegion, REGION_POLICIES, type RegionPolicy } from '../../../../../mock/simulator/medpay/policy'
import type { ChrgitmLv, MedpaySplit } from '../../../../../src/services/api/types'

/*
 * Table-driven settlement cases. Every expected split below was worked out by hand from the
 * policy numbers (mock/policies/*.json) — the comment on each row shows the arithmetic; the
 * engine is not consulted to write them. Fen throughout: 10000 = 100.00 元.
 *
 * 广州 (GZ): 乙类先行自付 10%; account may pay 丙类. 职工 310: 起付线 20000, 封顶线 400000,
 *   ratio 药店 60% / 一级 90% / 二级 80% / 三级 70%. 居民 390: 起付线 0, 封顶线 80000, 一级 70%.
 * 杭州 (HZ): 乙类先行自付 15%; account may NOT pay 丙类. 职工: 起付线 50000 (retired 30000),
 *   药店 60% / 一级 80%, retirees +10 points.
 * 成都 (CD): 居民 390: 起付线 10000, 封顶线 40000, 一级 60%.
 */

const GZ = policyForRegion('广东省广州市')!
const HZ = policyForRegion('浙江省杭州市')!
const CD = policyForRegion('四川省成都市')!

let seq = 0
const line = (chrgitmLv: ChrgitmLv, pric: number, cnt = 1): EngineLine => ({ medListCodg: `T${++seq}`, name: `item${seq}`, spec: '-', chrgitmLv, pric, cnt })
const A = (p: number, n = 1) => line('01', p, n)
const B = (p: number, n = 1) => line('02', p, n)
const C = (p: number, n = 1) => line('03', p, n)

type Basket = Pick<EngineInput, 'medinsLv' | 'lines'>
interface Case {
  name: string
  policy: RegionPolicy
  insutype: '310' | '390'
  retired?: boolean
  year?: { dedcPaid: number; hifpPaid: number }
  /** null = no personal account; mutualAid = a relative's account (家庭共济). */
  account: { balc: number; mutualAid?: boolean } | null
  /** One settlement, or several in a row (the year's totals and the balance carry over). */
  baskets: Basket[]
  expected: Partial<MedpaySplit>[]
}

/** Split with the fields that are zero in most rows filled in, so each row states only the rest. */
const split = (s: Partial<MedpaySplit>): Partial<MedpaySplit> => ({ fulamtOwnpayAmt: 0, preselfpayAmt: 0, overCapSelfpay: 0, acctMulaidPay: 0, psnCashPay: 0, ...s })

const cases: Case[] = [
  {
    // 5000 甲类 ≤ 起付线 20000: all of it is 起付线 self-pay, paid from the account.
    name: 'below the deductible',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [A(5000)] }],
    expected: [split({ medfeeSumamt: 5000, inscpScpAmt: 5000, actPayDedc: 5000, poolPropBp: 9000, hifpPay: 0, fundPaySumamt: 0, psnPartAmt: 5000, acctPay: 5000, balc: 95000 })]
  },
  {
    // 15000×2 = 30000; 起付线 20000; (30000−20000)×90% = 9000 fund; patient 30000−9000 = 21000.
    name: 'crossing the deductible',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [A(15000, 2)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 20000, poolPropBp: 9000, hifpPay: 9000, fundPaySumamt: 9000, psnPartAmt: 21000, acctPay: 21000, balc: 79000 })]
  },
  {
    // 起付线 met; 30000×90% = 27000 but cap 400000−395000 leaves 5000; 22000 over the cap.
    name: 'annual cap reached',
    policy: GZ, insutype: '310', year: { dedcPaid: 20000, hifpPaid: 395000 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 0, poolPropBp: 9000, hifpPay: 5000, overCapSelfpay: 22000, fundPaySumamt: 5000, psnPartAmt: 25000, acctPay: 25000, balc: 75000 })]
  },
  {
    // Cap used up: the fund pays nothing; 27000 is over the cap.
    name: 'annual cap already exhausted',
    policy: GZ, insutype: '310', year: { dedcPaid: 20000, hifpPaid: 400000 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 0, poolPropBp: 9000, hifpPay: 0, overCapSelfpay: 27000, fundPaySumamt: 0, psnPartAmt: 30000, acctPay: 30000, balc: 70000 })]
  },
  {
    // 乙类 2350×2 = 4700; 先行自付 10% = 470; 符合范围 4230×90% = 3807; patient 4700−3807 = 893.
    name: '乙类 self-paid share',
    policy: GZ, insutype: '310', year: { dedcPaid: 20000, hifpPaid: 0 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [B(2350, 2)] }],
    expected: [split({ medfeeSumamt: 4700, preselfpayAmt: 470, inscpScpAmt: 4230, actPayDedc: 0, poolPropBp: 9000, hifpPay: 3807, fundPaySumamt: 3807, psnPartAmt: 893, acctPay: 893, balc: 99107 })]
  },
  {
    // 丙类 8800 is 全自费; 广州 lets the account pay it; nothing counts toward the deductible.
    name: '丙类 fully self-paid',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [C(8800)] }],
    expected: [split({ medfeeSumamt: 8800, fulamtOwnpayAmt: 8800, inscpScpAmt: 0, actPayDedc: 0, poolPropBp: 9000, hifpPay: 0, fundPaySumamt: 0, psnPartAmt: 8800, acctPay: 8800, balc: 91200 })]
  },
  {
    // 二级 80%, 5000 of the deductible left. 甲 12000 + 乙 6000 (600 先行自付) + 丙 3000 = 21000;
    // 符合范围 12000+5400 = 17400; −5000 起付线 = 12400 × 80% = 9920; patient 21000−9920 = 11080.
    name: 'mixed basket at a level-2 hospital',
    policy: GZ, insutype: '310', year: { dedcPaid: 15000, hifpPaid: 0 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level2', lines: [A(12000), B(6000), C(3000)] }],
    expected: [split({ medfeeSumamt: 21000, fulamtOwnpayAmt: 3000, preselfpayAmt: 600, inscpScpAmt: 17400, actPayDedc: 5000, poolPropBp: 8000, hifpPay: 9920, fundPaySumamt: 9920, psnPartAmt: 11080, acctPay: 11080, balc: 88920 })]
  },
  {
    // Same 30000 as "crossing" at a 三级 hospital: 10000×70% = 7000; patient 23000.
    name: 'level-3 hospital pays a lower ratio',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [{ medinsLv: 'level3', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 20000, poolPropBp: 7000, hifpPay: 7000, fundPaySumamt: 7000, psnPartAmt: 23000, acctPay: 23000, balc: 77000 })]
  },
  {
    // At a 定点零售药店: 10000×60% = 6000; patient 24000.
    name: 'designated pharmacy',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [{ medinsLv: 'pharmacy', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 20000, poolPropBp: 6000, hifpPay: 6000, fundPaySumamt: 6000, psnPartAmt: 24000, acctPay: 24000, balc: 76000 })]
  },
  {
    // Patient owes 21000 (as "crossing"); the account holds 5000 → 5000 account + 16000 cash.
    name: 'balance smaller than the personal share',
    policy: GZ, insutype: '310', account: { balc: 5000 },
    baskets: [{ medinsLv: 'level1', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 20000, poolPropBp: 9000, hifpPay: 9000, fundPaySumamt: 9000, psnPartAmt: 21000, acctPay: 5000, psnCashPay: 16000, balc: 0 })]
  },
  {
    // Empty account: all 21000 in cash.
    name: 'zero balance',
    policy: GZ, insutype: '310', account: { balc: 0 },
    baskets: [{ medinsLv: 'level1', lines: [A(30000)] }],
    expected: [split({ medfeeSumamt: 30000, inscpScpAmt: 30000, actPayDedc: 20000, poolPropBp: 9000, hifpPay: 9000, fundPaySumamt: 9000, psnPartAmt: 21000, acctPay: 0, psnCashPay: 21000, balc: 0 })]
  },
  {
    // 成都 居民: 25000 − 起付线 10000 = 15000 × 60% = 9000; no personal account → 16000 cash.
    name: 'resident scheme has no personal account',
    policy: CD, insutype: '390', account: null,
    baskets: [{ medinsLv: 'level1', lines: [A(25000)] }],
    expected: [split({ medfeeSumamt: 25000, inscpScpAmt: 25000, actPayDedc: 10000, poolPropBp: 6000, hifpPay: 9000, fundPaySumamt: 9000, psnPartAmt: 16000, acctPay: 0, psnCashPay: 16000, balc: 0 })]
  },
  {
    // 杭州 retiree: 乙 40000, 15% 先行自付 = 6000; 34000 × (80%+10%) = 30600; patient 9400;
    // account 3500 → 3500 + 5900 cash.
    name: 'retiree in 杭州 with a small balance',
    policy: HZ, insutype: '310', retired: true, year: { dedcPaid: 30000, hifpPaid: 0 }, account: { balc: 3500 },
    baskets: [{ medinsLv: 'level1', lines: [B(40000)] }],
    expected: [split({ medfeeSumamt: 40000, preselfpayAmt: 6000, inscpScpAmt: 34000, actPayDedc: 0, poolPropBp: 9000, hifpPay: 30600, fundPaySumamt: 30600, psnPartAmt: 9400, acctPay: 3500, psnCashPay: 5900, balc: 0 })]
  },
  {
    // 杭州 pharmacy, deductible met: 丙 5000 + 甲 2000; 2000×60% = 1200; patient 5800, of which the
    // account may pay only 5800−5000 = 800 (杭州: no 丙类 from the account); 5000 cash.
    name: 'account may not pay 丙类 where the region forbids it',
    policy: HZ, insutype: '310', year: { dedcPaid: 50000, hifpPaid: 0 }, account: { balc: 10000 },
    baskets: [{ medinsLv: 'pharmacy', lines: [C(5000), A(2000)] }],
    expected: [split({ medfeeSumamt: 7000, fulamtOwnpayAmt: 5000, inscpScpAmt: 2000, actPayDedc: 0, poolPropBp: 6000, hifpPay: 1200, fundPaySumamt: 1200, psnPartAmt: 5800, acctPay: 800, psnCashPay: 5000, balc: 9200 })]
  },
  {
    // Rounding half up: 乙 1235 × 10% = 123.5 → 124; 1111 × 90% = 999.9 → 1000; patient 235.
    name: 'rounding: half up on 先行自付 and the fund share',
    policy: GZ, insutype: '310', year: { dedcPaid: 20000, hifpPaid: 0 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [B(1235)] }],
    expected: [split({ medfeeSumamt: 1235, preselfpayAmt: 124, inscpScpAmt: 1111, actPayDedc: 0, poolPropBp: 9000, hifpPay: 1000, fundPaySumamt: 1000, psnPartAmt: 235, acctPay: 235, balc: 99765 })]
  },
  {
    // Exactly half a fen: 1005 × 90% = 904.5 → 905; patient 100.
    name: 'rounding: exactly half a fen goes up',
    policy: GZ, insutype: '310', year: { dedcPaid: 20000, hifpPaid: 0 }, account: { balc: 100000 },
    baskets: [{ medinsLv: 'level1', lines: [A(1005)] }],
    expected: [split({ medfeeSumamt: 1005, inscpScpAmt: 1005, actPayDedc: 0, poolPropBp: 9000, hifpPay: 905, fundPaySumamt: 905, psnPartAmt: 100, acctPay: 100, balc: 99900 })]
  },
  {
    // 家庭共济: a 广州 居民 (no account of their own), 10000 × 70% = 7000; the relative's account
    // pays the 3000 share, shown as 账户共济 too; the relative's balance 50000 → 47000.
    name: 'family mutual aid pays from a relative’s account',
    policy: GZ, insutype: '390', account: { balc: 50000, mutualAid: true },
    baskets: [{ medinsLv: 'level1', lines: [A(10000)] }],
    expected: [split({ medfeeSumamt: 10000, inscpScpAmt: 10000, actPayDedc: 0, poolPropBp: 7000, hifpPay: 7000, fundPaySumamt: 7000, psnPartAmt: 3000, acctPay: 3000, acctMulaidPay: 3000, balc: 47000 })]
  },
  {
    // Two visits in one year. 1st: 15000 all under the 20000 deductible → patient 15000.
    // 2nd: 5000 deductible left; (15000−5000)×90% = 9000 fund; patient 6000; balance 85000 → 79000.
    name: 'annual totals carry across two settlements',
    policy: GZ, insutype: '310', account: { balc: 100000 },
    baskets: [
      { medinsLv: 'level1', lines: [A(15000)] },
      { medinsLv: 'level1', lines: [A(15000)] }
    ],
    expected: [
      split({ medfeeSumamt: 15000, inscpScpAmt: 15000, actPayDedc: 15000, poolPropBp: 9000, hifpPay: 0, fundPaySumamt: 0, psnPartAmt: 15000, acctPay: 15000, balc: 85000 }),
      split({ medfeeSumamt: 15000, inscpScpAmt: 15000, actPayDedc: 5000, poolPropBp: 9000, hifpPay: 9000, fundPaySumamt: 9000, psnPartAmt: 6000, acctPay: 6000, balc: 79000 })
    ]
  }
]

describe('settlement engine (hand-computed table)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let year = c.year ?? { dedcPaid: 0, hifpPaid: 0 }
    let account = c.account ? { balc: c.account.balc, mutualAid: c.account.mutualAid ?? false } : null
    expect(c.baskets).toHaveLength(c.expected.length)
    c.baskets.forEach((basket, i) => {
      const { split: got, lines } = settle({ policy: c.policy, insutype: c.insutype, retired: c.retired ?? false, year, account, ...basket })
      expect(got).toEqual(c.expected[i])
      // The parts always add up (no fen lost to rounding).
      expect(got.fulamtOwnpayAmt + got.preselfpayAmt + got.inscpScpAmt).toBe(got.medfeeSumamt)
      expect(got.hifpPay + got.psnPartAmt).toBe(got.medfeeSumamt)
      expect(got.acctPay + got.psnCashPay).toBe(got.psnPartAmt)
      expect(lines.reduce((s, l) => s + l.detItemFeeSumamt, 0)).toBe(got.medfeeSumamt)
      year = { dedcPaid: year.dedcPaid + got.actPayDedc, hifpPaid: year.hifpPaid + got.hifpPay }
      if (account) account = { ...account, balc: got.balc }
    })
  })

  it('itemises each line: 乙类 先行自付 is rounded per line', () => {
    const { lines } = settle({ policy: GZ, insutype: '310', retired: false, medinsLv: 'level1', year: { dedcPaid: 0, hifpPaid: 0 }, account: null, lines: [B(1235), B(1235), C(100, 3)] })
    // 123.5 → 124 on each line (not 247 from 2470 × 10% on the sum); 丙类 100×3 = 300 全自费.
    expect(lines.map((l) => [l.detItemFeeSumamt, l.preselfpayAmt, l.inscpScpAmt, l.fulamtOwnpayAmt])).toEqual([
      [1235, 124, 1111, 0],
      [1235, 124, 1111, 0],
      [300, 0, 0, 300]
    ])
  })

  it('rounds half up and refuses non-integer money', () => {
    expect([applyBp(1235, 1000), applyBp(1234, 1000), applyBp(1005, 9000), applyBp(0, 9000)]).toEqual([124, 123, 905, 0])
    expect(() => settle({ policy: GZ, insutype: '310', retired: false, medinsLv: 'level1', year: { dedcPaid: 0, hifpPaid: 0 }, account: null, lines: [A(10.5)] })).toThrow(RangeError)
    expect(() => settle({ policy: GZ, insutype: '310', retired: false, medinsLv: 'level1', year: { dedcPaid: 0, hifpPaid: 0 }, account: null, lines: [A(100, 0)] })).toThrow(RangeError)
  })
})

describe('policy files', () => {
  it('every region file parses, one per region', () => {
    expect(REGION_POLICIES.map((p) => p.region).sort()).toEqual(['北京市', '四川省成都市', '广东省广州市', '浙江省杭州市'].sort())
  })

  it('refuses a policy with a ratio over 100% or money that is not whole fen', () => {
    const bad = JSON.parse(JSON.stringify(GZ))
    bad.schemes['310'].ratioBp.level1 = 12000
    expect(() => parsePolicy(bad, 'x.json')).toThrow('x.json: bad schemes.310.ratioBp.level1')
    const bad2 = JSON.parse(JSON.stringify(GZ))
    bad2.schemes['390'].deductible = 99.5
    expect(() => parsePolicy(bad2, 'y.json')).toThrow('y.json: bad schemes.390.deductible')
  })
})
