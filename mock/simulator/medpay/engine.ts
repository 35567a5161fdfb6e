import type { Api } from '../../coreImports'
import type { RegionPolicy } from './policy'

/**
 * The settlement engine: one outpatient settlement's split under a region's policy. Pure; all
 * amounts integer fen. Rounding (the only two divisions):
 *  - a 乙类 line's 先行自付 = pric×cnt × classBSelfpayBp / 10000, rounded half up to the fen;
 *  - 统筹基金支出 = (符合范围 − 起付线部分) × ratio / 10000, rounded half up, then capped.
 * Everything else is a sum or a difference, so the parts always add up to 医疗费总额 exactly.
 */

export interface EngineLine {
  medListCodg: string
  name: string
  spec: string
  chrgitmLv: Api.ChrgitmLv
  pric: number
  cnt: number
}

export interface EngineInput {
  policy: RegionPolicy
  insutype: Api.Insutype
  retired: boolean
  medinsLv: Api.MedinsLevel
  lines: EngineLine[]
  /** This calendar year's totals before this settlement. */
  year: { dedcPaid: number; hifpPaid: number }
  /**
   * The personal account that pays the patient's share: the patient's own (职工), a relative's
   * (家庭共济, `mutualAid`: its payment shows as acctMulaidPay too), or null when there is none
   * (城乡居民 have no personal account) — then everything personal is cash.
   */
  account: { balc: number; mutualAid: boolean } | null
}

export interface EngineResult {
  lines: Api.MedpayFeeLine[]
  split: Api.MedpaySplit
}

/** a × bp / 10000, rounded half up (a, bp ≥ 0 integers; exact below 2^53). */
export function applyBp(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5000) / 10000)
}

function assertFen(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer (fen)`)
}

export function settle(input: EngineInput): EngineResult {
  const { policy } = input
  const scheme = policy.schemes[input.insutype]
  if (!scheme) throw new RangeError('insutype')
  if (input.account) assertFen(input.account.balc, 'balc')
  assertFen(input.year.dedcPaid, 'dedcPaid')
  assertFen(input.year.hifpPaid, 'hifpPaid')

  const lines: Api.MedpayFeeLine[] = input.lines.map((l) => {
    assertFen(l.pric, 'pric')
    if (!Number.isInteger(l.cnt) || l.cnt < 1) throw new RangeError('cnt must be a positive integer')
    const sum = l.pric * l.cnt
    const own = l.chrgitmLv === '03' ? sum : 0
    const pre = l.chrgitmLv === '02' ? applyBp(sum, policy.classBSelfpayBp) : 0
    return { ...l, detItemFeeSumamt: sum, fulamtOwnpayAmt: own, preselfpayAmt: pre, inscpScpAmt: sum - own - pre }
  })
  const total = (k: 'detItemFeeSumamt' | 'fulamtOwnpayAmt' | 'preselfpayAmt' | 'inscpScpAmt') => lines.reduce((s, l) => s + l[k], 0)
  const medfeeSumamt = total('detItemFeeSumamt')
  const fulamtOwnpayAmt = total('fulamtOwnpayAmt')
  const preselfpayAmt = total('preselfpayAmt')
  const inscpScpAmt = total('inscpScpAmt')

  // 起付线: this year's remainder is paid by the patient out of 符合范围 first.
  const deductible = input.retired && scheme.retiredDeductible !== undefined ? scheme.retiredDeductible : scheme.deductible
  const actPayDedc = Math.min(inscpScpAmt, Math.max(0, deductible - input.year.dedcPaid))
  const aboveDedc = inscpScpAmt - actPayDedc
  const poolPropBp = Math.min(10000, scheme.ratioBp[input.medinsLv] + (input.retired ? scheme.retiredExtraBp : 0))
  const fundShare = applyBp(aboveDedc, poolPropBp)
  // 封顶线: the fund pays no more this year than the cap leaves.
  const hifpPay = Math.min(fundShare, Math.max(0, scheme.annualCap - input.year.hifpPaid))
  const overCapSelfpay = fundShare - hifpPay

  const psnPartAmt = medfeeSumamt - hifpPay
  // The personal account before cash; 丙类 only where the region lets the account pay it.
  const acctPayable = policy.acctPaysFulamtOwnpay ? psnPartAmt : psnPartAmt - fulamtOwnpayAmt
  const acctPay = input.account ? Math.min(input.account.balc, acctPayable) : 0
  return {
    lines,
    split: {
      medfeeSumamt,
      fulamtOwnpayAmt,
      preselfpayAmt,
      inscpScpAmt,
      actPayDedc,
      poolPropBp,
      hifpPay,
      overCapSelfpay,
      fundPaySumamt: hifpPay,
      psnPartAmt,
      acctPay,
      acctMulaidPay: input.account?.mutualAid ? acctPay : 0,
      psnCashPay: psnPartAmt - acctPay,
      balc: input.account ? input.account.balc - acctPay : 0
    }
  }
}
