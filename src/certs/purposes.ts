import type { PurposeId } from './types'

/** Chinese label of each presentation purpose, shared by every module's presets. */
export const purposeLabels: Record<PurposeId, string> = {
  'traffic-stop': '交警查验',
  hotel: '酒店入住',
  'age-over-18': '年龄核验',
  pharmacy: '药店/医院',
  degree: '学历核验',
  employment: '用人单位'
}
