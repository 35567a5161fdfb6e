import type { PurposeId } from './purposes'

/** Chinese words of each purpose: its name, and who checks it (picker and consent screen). */
export const PURPOSE_TEXT: Record<PurposeId, { label: string; checkedBy: string }> = {
  'traffic-stop': { label: '交警查验', checkedBy: '执勤交通警察' },
  hotel: { label: '酒店入住', checkedBy: '酒店、宾馆前台' },
  'age-over-18': { label: '年龄核验', checkedBy: '需核验年龄的商家' },
  pharmacy: { label: '药店/医院', checkedBy: '定点药店、医院' },
  degree: { label: '学历核验', checkedBy: '用人单位、学校' },
  employment: { label: '用人单位', checkedBy: '用人单位' }
}

/** Chinese label of each purpose (交警查验 …). */
export const purposeLabels = Object.fromEntries(
  Object.entries(PURPOSE_TEXT).map(([id, t]) => [id, t.label])
) as Record<PurposeId, string>
