import type { Api } from '../../coreImports'

type MedpayCatalogueItem = Api.MedpayCatalogueItem
type MedpayInstitution = Api.MedpayInstitution

/**
 * The simulator's drug and service catalogue (医保目录, fictitious codes shaped like the national
 * 医保药品/医疗服务项目 codes; prices in fen). 甲类 01, 乙类 02, 丙类 03 (not in the 目录: 全自费).
 */
export const MEDPAY_CATALOGUE: readonly MedpayCatalogueItem[] = [
  { medListCodg: 'XN02BEA010A001010100451', name: '对乙酰氨基酚片', spec: '0.5g×12片', kind: 'drug', chrgitmLv: '01', pric: 850 },
  { medListCodg: 'XJ01CAA040E001010100238', name: '阿莫西林胶囊', spec: '0.25g×24粒', kind: 'drug', chrgitmLv: '01', pric: 1260 },
  { medListCodg: 'XA10BAA020A012010100917', name: '盐酸二甲双胍缓释片', spec: '0.5g×30片', kind: 'drug', chrgitmLv: '01', pric: 2240 },
  { medListCodg: 'XC08CAA010A001010101532', name: '苯磺酸氨氯地平片', spec: '5mg×28片', kind: 'drug', chrgitmLv: '01', pric: 1680 },
  { medListCodg: 'XC10AAA050A001010102204', name: '阿托伐他汀钙片', spec: '20mg×14片', kind: 'drug', chrgitmLv: '02', pric: 3580 },
  { medListCodg: 'XR05CBA020X001010100613', name: '盐酸氨溴索口服溶液', spec: '100ml', kind: 'drug', chrgitmLv: '02', pric: 2350 },
  { medListCodg: 'ZA01AAA0012010100007711', name: '连花清瘟胶囊', spec: '0.35g×36粒', kind: 'drug', chrgitmLv: '02', pric: 2890 },
  { medListCodg: 'NS0000000000000000V0C01', name: '维生素C泡腾片', spec: '1g×20片', kind: 'drug', chrgitmLv: '03', pric: 3900 },
  { medListCodg: 'NS0000000000000000KZ002', name: '医用外科口罩', spec: '10只', kind: 'drug', chrgitmLv: '03', pric: 1500 },
  { medListCodg: '001102000010000-110200001', name: '普通门诊诊查费', spec: '次', kind: 'service', chrgitmLv: '01', pric: 1000 },
  { medListCodg: '002501010010000-250101015', name: '血细胞分析（血常规）', spec: '次', kind: 'service', chrgitmLv: '01', pric: 2000 },
  { medListCodg: '003107010010000-310701001', name: '常规心电图检查', spec: '次', kind: 'service', chrgitmLv: '02', pric: 3000 }
]

/** 定点医药机构 the simulator knows (fictitious codes and names shaped like real ones). */
export const MEDPAY_INSTITUTIONS: readonly MedpayInstitution[] = [
  { medinsNo: 'P44010600512', name: '康民大药房（天河店）', medinsLv: 'pharmacy', region: '广东省广州市' },
  { medinsNo: 'H44010600087', name: '天河区石牌街社区卫生服务中心', medinsLv: 'level1', region: '广东省广州市' },
  { medinsNo: 'H44010400031', name: '广州市第一人民医院', medinsLv: 'level3', region: '广东省广州市' },
  { medinsNo: 'H33010600142', name: '杭州市西湖区人民医院', medinsLv: 'level2', region: '浙江省杭州市' }
]
