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
