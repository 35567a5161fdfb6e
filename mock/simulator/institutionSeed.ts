import type { InstitutionRole } from '../coreImports'

/**
 * 用证单位 and 定点医药机构 registered with the simulated government (fictitious names; each id a
 * 统一社会信用代码 with a correct check character). None has a key until it enrols a device with its
 * activation code (mock/simulator/institutions.ts). The four 定点医药机构 are the medpay catalogue's
 * institutions (same 定点医药机构编码).
 */
export interface SeedInstitution {
  id: string
  name: string
  role: InstitutionRole
  purposes: string[]
  medinsNo?: string
}

export const SEED_INSTITUTIONS: readonly SeedInstitution[] = [
  { id: '11440100MB2C3914XQ', name: '广州市公安局交通警察支队天河大队', role: 'police', purposes: ['traffic-stop'] },
  { id: '91440106MA5CXK3L2H', name: '广州天河花园酒店有限公司', role: 'hotel', purposes: ['hotel', 'age-over-18'] },
  { id: '91440101MA9W7PKH88', name: '广州云帆信息科技有限公司', role: 'employer', purposes: ['degree', 'employment'] },
  { id: '52440106MJL1083N62', name: '康民大药房（天河店）', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'P44010600512' },
  { id: '12440106MB2D1052CE', name: '天河区石牌街社区卫生服务中心', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'H44010600087' },
  { id: '12440100455351236N', name: '广州市第一人民医院', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'H44010400031' },
  { id: '12330106470114325T', name: '杭州市西湖区人民医院', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'H33010600142' }
]
