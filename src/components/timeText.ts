/** China has one time zone (UTC+8) and no daylight saving. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The China-time (北京时间) calendar and clock of an instant, whatever the device's time zone:
 * every date and time the app shows goes through here.
 * @example chinaTime(Date.UTC(2025, 10, 27, 10, 35)) // { year: 2025, month: 11, day: 27, hh: '18', mm: '35', ss: '00' }
 */
export function chinaTime(ms: number): { year: number; month: number; day: number; hh: string; mm: string; ss: string } {
  const d = new Date(ms + CHINA_OFFSET_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hh: pad(d.getUTCHours()), mm: pad(d.getUTCMinutes()), ss: pad(d.getUTCSeconds()) }
}

/** "11月27日 18:35" in China time, for "as of" lines. */
export function asOfText(ms: number | null): string {
  if (!ms) return '尚未同步'
  const t = chinaTime(ms)
  return `${t.month}月${t.day}日 ${t.hh}:${t.mm}`
}
