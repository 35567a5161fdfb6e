import { chinaTime } from '../../../components/timeText'

/** The day and the time of `ms` in China time. */
function cst(ms: number) {
  const t = chinaTime(ms)
  return { day: `${t.month}月${t.day}日`, time: `${t.hh}:${t.mm}:${t.ss}` }
}

/** "18:35:12" — the time of a check. */
export function clockText(ms: number): string {
  return cst(ms).time
}

/** "18:35:12" today, "11月26日 18:35:12" before: a log line's time. */
export function logTimeText(ms: number, nowMs: number): string {
  const a = cst(ms)
  return a.day === cst(nowMs).day ? a.time : `${a.day} ${a.time}`
}

/** "12月27日": a day, e.g. when the trust list stops working. */
export function dayText(ms: number): string {
  return cst(ms).day
}
