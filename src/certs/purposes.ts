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

/**
 * Which certificates a purpose draws on: each slot is filled by the first of its kinds the holder
 * has (ID card before 网证); a required slot left empty means the purpose cannot be presented.
 */
export const purposeSlots: Record<PurposeId, { kinds: string[]; required: boolean }[]> = {
  'traffic-stop': [
    { kinds: ['driving-licence'], required: true },
    { kinds: ['vehicle-licence'], required: false }
  ],
  hotel: [{ kinds: ['id-card', 'ctid'], required: true }],
  'age-over-18': [{ kinds: ['id-card', 'ctid'], required: true }],
  pharmacy: [{ kinds: ['medical-insurance'], required: true }],
  degree: [{ kinds: ['degree'], required: true }],
  employment: [
    { kinds: ['id-card', 'ctid'], required: true },
    { kinds: ['social-security'], required: false }
  ]
}
