/** Seconds and China-time calendar days, as the simulator's records and tokens count them. */

export const DAY = 86400

export const toSec = (d: Date): number => Math.floor(d.getTime() / 1000)

/** Start of `ymd` in China time (UTC+8), in seconds: documents are valid by Beijing days. */
export const dateSec = (ymd: string): number => Math.floor(Date.parse(`${ymd}T00:00:00+08:00`) / 1000)

export const isoOfSec = (sec: number): string => new Date(sec * 1000).toISOString()

/** Whether `validUntil` (yyyy-mm-dd, or 长期 = never) is already past at `nowSec`. */
export function isPast(validUntil: unknown, nowSec: number): boolean {
  return isYmd(validUntil) && dateSec(validUntil) + DAY <= nowSec
}

export function isYmd(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
}
