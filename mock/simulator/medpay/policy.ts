import type { Api } from '../../coreImports'
import guangzhou from '../../policies/guangdong-guangzhou.json'
import hangzhou from '../../policies/zhejiang-hangzhou.json'
import chengdu from '../../policies/sichuan-chengdu.json'
import beijing from '../../policies/beijing.json'

/**
 * One region's outpatient policy (mock/policies/<region>.json; format in docs/medpay.md).
 * Money in integer fen, ratios in basis points (10000 = 100%).
 */
export interface SchemePolicy {
  name: string
  /** 起付线 per calendar year. */
  deductible: number
  /** 起付线 for retirees, when it differs. */
  retiredDeductible?: number
  /** 封顶线: the most the pooled fund pays in a year. */
  annualCap: number
  /** 统筹基金支付比例 by institution level. */
  ratioBp: Record<Api.MedinsLevel, number>
  /** Added to the ratio for retirees (capped at 100%). */
  retiredExtraBp: number
  /** Whether the scheme has a personal account (职工 yes, 居民 no). */
  personalAccount: boolean
}

export interface RegionPolicy {
  region: string
  /** 医保区划 */
  admdvs: string
  year: number
  note: string
  /** 乙类 先行自付比例. */
  classBSelfpayBp: number
  /** Whether the personal account may pay 全自费 (丙类) items too. */
  acctPaysFulamtOwnpay: boolean
  schemes: Record<Api.Insutype, SchemePolicy>
}

const LEVELS: Api.MedinsLevel[] = ['pharmacy', 'level1', 'level2', 'level3']
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isBp = (v: unknown): v is number => isFen(v) && v <= 10000

/** Checks a policy file's shape and ranges; throws with the offending path (never loads half a policy). */
export function parsePolicy(value: unknown, source = 'policy'): RegionPolicy {
  const fail = (path: string): never => {
    throw new Error(`${source}: bad ${path}`)
  }
  const p = value as Record<string, unknown>
  if (typeof p !== 'object' || p === null) fail('$')
  if (typeof p.region !== 'string' || !p.region) fail('region')
  if (typeof p.admdvs !== 'string' || !/^\d{6}$/.test(p.admdvs)) fail('admdvs')
  if (!Number.isInteger(p.year)) fail('year')
  if (!isBp(p.classBSelfpayBp)) fail('classBSelfpayBp')
  if (typeof p.acctPaysFulamtOwnpay !== 'boolean') fail('acctPaysFulamtOwnpay')
  const schemes = p.schemes as Record<string, Record<string, unknown>>
  if (typeof schemes !== 'object' || schemes === null) fail('schemes')
  for (const t of ['310', '390'] as const) {
    const s = schemes[t]
    if (typeof s !== 'object' || s === null) fail(`schemes.${t}`)
    if (typeof s.name !== 'string') fail(`schemes.${t}.name`)
    if (!isFen(s.deductible)) fail(`schemes.${t}.deductible`)
    if (s.retiredDeductible !== undefined && !isFen(s.retiredDeductible)) fail(`schemes.${t}.retiredDeductible`)
    if (!isFen(s.annualCap)) fail(`schemes.${t}.annualCap`)
    if (!isBp(s.retiredExtraBp)) fail(`schemes.${t}.retiredExtraBp`)
    if (typeof s.personalAccount !== 'boolean') fail(`schemes.${t}.personalAccount`)
    const r = s.ratioBp as Record<string, unknown>
    if (typeof r !== 'object' || r === null) fail(`schemes.${t}.ratioBp`)
    for (const lv of LEVELS) if (!isBp(r[lv])) fail(`schemes.${t}.ratioBp.${lv}`)
  }
  return value as RegionPolicy
}

/** Every region the simulator has a policy for, keyed by the 参保地 text on the e-voucher. */
export const REGION_POLICIES: readonly RegionPolicy[] = [
  parsePolicy(guangzhou, 'guangdong-guangzhou.json'),
  parsePolicy(hangzhou, 'zhejiang-hangzhou.json'),
  parsePolicy(chengdu, 'sichuan-chengdu.json'),
  parsePolicy(beijing, 'beijing.json')
]

export function policyForRegion(region: string): RegionPolicy | null {
  return REGION_POLICIES.find((p) => p.region === region) ?? null
}
