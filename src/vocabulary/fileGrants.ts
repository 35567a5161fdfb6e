/**
 * 文件调用 grants: the periods a holder may choose, and the watermark the platform prints on every
 * copy (加注件) it releases under a grant. The watermark is part of the signed copy, so the wallet,
 * the simulator and any verifier build it with this one function and compare.
 */

/** The periods offered, in days; a grant longer than FILE_GRANT_MAX_DAYS is refused. */
export const FILE_GRANT_DAYS = [1, 7, 30] as const
export const FILE_GRANT_MAX_DAYS = 30

/** The platform that signs 加注件 (its key is in the trust list's `platform` entry). */
export const FILE_COPY_PLATFORM = { id: '11100000MB0F00001H', name: '全国一体化政务服务平台电子证照共享服务' } as const

/** `2026-12-07`: the day (Beijing time) of `sec` seconds since epoch. */
export function beijingDate(sec: number): string {
  return new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 10)
}

/** 仅供{机构}用于{用证事由}，{日期}前有效 — the date is the grant's expiry, Beijing time. */
export function fileCopyWatermark(orgName: string, purposeLabel: string, expSec: number): string {
  return `仅供${orgName}用于${purposeLabel}，${beijingDate(expSec)}前有效`
}
