/** "11月27日 18:35" in China time, for "as of" lines. */
export function asOfText(ms: number | null): string {
  if (!ms) return '尚未同步'
  const d = new Date(ms + 8 * 3600 * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
