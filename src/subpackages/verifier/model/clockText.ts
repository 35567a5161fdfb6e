/** China time (UTC+8) parts of `ms`, independent of the device's time zone. */
function cst(ms: number) {
  const d = new Date(ms + 8 * 3600 * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return { day: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` }
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
