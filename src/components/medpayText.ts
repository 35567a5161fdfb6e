import type { ChrgitmLv, MedinsLevel, MedpaySettlementStatus } from '../services/api/types'
import { chinaTime } from './timeText'

/** Fen → "¥1,286.50" (integer arithmetic; never a float). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`
}

/** Basis points → "90%" (or "92.5%"). */
export function percent(bp: number): string {
  return bp % 100 === 0 ? `${bp / 100}%` : `${(bp / 100).toFixed(1)}%`
}

export const CLASS_TEXT: Record<ChrgitmLv, string> = { '01': '甲类', '02': '乙类', '03': '丙类（自费）' }
export const LEVEL_TEXT: Record<MedinsLevel, string> = { pharmacy: '定点零售药店', level1: '一级（社区）', level2: '二级医院', level3: '三级医院' }
export const SETTLEMENT_STATUS_TEXT: Record<MedpaySettlementStatus, string> = { pending: '待确认', settled: '已支付', declined: '已拒绝', refunded: '已退款' }
export const RELATION_TEXT: Record<'parent' | 'child' | 'spouse', string> = { parent: '父母', child: '子女', spouse: '配偶' }

/** "11月27日 10:03" in Beijing time, for receipts. */
export function setlTimeText(iso: string | undefined): string {
  if (!iso) return ''
  const t = chinaTime(Date.parse(iso))
  return `${t.year}年${t.month}月${t.day}日 ${t.hh}:${t.mm}`
}

/** One sentence each for the words a bill uses (tap-to-explain on the split). */
export const TERM_NOTES = {
  统筹: '统筹：医保基金（参保人共同缴费形成的钱）替您付的部分，不从您的个人账户扣。',
  起付线: '起付线：一年里医保范围内的费用，要先自己付到这个数，医保才开始按比例报销。',
  先行自付: '先行自付：乙类药品和项目要先自己付一定比例，剩下的再按医保规定报销。',
  甲类: '甲类：医保全部纳入报销范围的药品和项目。',
  乙类: '乙类：医保能报销，但要先自己付一部分（先行自付）。',
  丙类: '丙类：医保不报销，全部由自己付。'
} as const

export type BillTerm = keyof typeof TERM_NOTES
