/**
 * Seeded people, issuers and certificates of the simulator. Everything here is fictitious:
 * the people do not exist (their ID numbers carry valid check digits so that validators accept
 * them, nothing more); the issuing authorities' names are real offices, their codes are invented
 * except where noted.
 */
import type { AuthorityType, Curve } from '../coreImports'

export interface SeedIssuer {
  /** Short id, also the status list id and the key label prefix. */
  slug: string
  /** 统一社会信用代码 (fictitious but with a valid GB 32100 check character). */
  id: string
  name: string
  region: string
  authority: AuthorityType
  /** Kinds it issues; kinds of the certificates seeded under it are added (see ./seedData.ts). */
  kinds: string[]
  /** Releases a credential only with a stated 用证事由 (as 学信网 asks for one). */
  purposeRequired?: boolean
  /**
   * The curve of its signing keys: SM2 (suite SM2SM3) for 公安 issuers, as 商用密码 rules have
   * government issuers sign with SM2; P-256 (ES256) when absent. The trust list pins it per key.
   */
  curve?: Curve
}

export const SEED_ISSUERS: SeedIssuer[] = [
  { slug: 'gd-gat', id: '11440000006939001Y', name: '广东省公安厅', region: '广东省', authority: 'public-security', kinds: ['id-card'], curve: 'SM2' },
  { slug: 'zj-gat', id: '11330000002482002M', name: '浙江省公安厅', region: '浙江省', authority: 'public-security', kinds: ['id-card'], curve: 'SM2' },
  { slug: 'sc-gat', id: '11510000008102003D', name: '四川省公安厅', region: '四川省', authority: 'public-security', kinds: ['id-card'], curve: 'SM2' },
  { slug: 'bj-gaj', id: '11110000000021004R', name: '北京市公安局', region: '北京市', authority: 'public-security', kinds: ['id-card'], curve: 'SM2' },
  { slug: 'mps', id: '11100000000019005T', name: '公安部', region: '公安部', authority: 'public-security', kinds: ['ctid'], curve: 'SM2' },
  { slug: 'mps-tmb', id: '11100000000019013M', name: '公安部交通管理局', region: '公安部', authority: 'traffic-police', kinds: ['driving-licence', 'vehicle-licence'], curve: 'SM2' },
  { slug: 'mohrss', id: '11100000000014006R', name: '人力资源和社会保障部', region: '人力资源和社会保障部', authority: 'hrss', kinds: ['social-security'] },
  { slug: 'nhsa', id: '11100000MB0143007L', name: '国家医疗保障局', region: '国家医疗保障局', authority: 'healthcare-security', kinds: ['medical-insurance'] },
  { slug: 'chesicc', id: '12100000400009008N', name: '教育部学历证书电子注册备案中心', region: '教育部', authority: 'education', kinds: ['degree'], purposeRequired: true },
  { slug: 'gz-mzj', id: '11440100007015141G', name: '广州市民政局', region: '广东省', authority: 'civil-affairs', kinds: ['marriage'] },
  { slug: 'gz-bdc', id: '124401004556102355', name: '广州市不动产登记中心', region: '广东省', authority: 'natural-resources', kinds: ['real-estate'] }
]

export interface SeedCertificate {
  kind: string
  issuer: string
  serial: string
  /** Seeded state: reissued (an older version exists, superseded), revoked or expired. */
  history?: 'reissued' | 'revoked'
  claims: Record<string, unknown>
}

export interface SeedPerson {
  id: string
  name: string
  idNumber: string
  province: string
  certificates: SeedCertificate[]
}

const portrait = (who: string) => `sha256:${who}-portrait-v1`

export const SEED_PEOPLE: SeedPerson[] = [
  {
    id: 'p-zhang',
    name: '张明华',
    idNumber: '44010619900315001X',
    province: '广东省',
    certificates: [
      {
        kind: 'id-card', issuer: 'gd-gat', serial: '2430501',
        claims: { name: '张明华', sex: '男', ethnicity: '汉', birth_date: '1990-03-15', address: '广东省广州市天河区天河路385号', id_number: '44010619900315001X', issuing_authority: '广州市公安局天河分局', valid_from: '2019-05-20', valid_until: '2039-05-20', portrait_hash: portrait('zhang') }
      },
      {
        kind: 'ctid', issuer: 'mps', serial: '0098811',
        claims: { name: '张明华', id_number: '44010619900315001X', sex: '男', ethnicity: '汉', birth_date: '1990-03-15', address: '广东省广州市天河区天河路385号', net_id: 'CTID7731904482', assurance_level: '二级', valid_from: '2021-05-20', valid_until: '2031-05-20', portrait_hash: portrait('zhang') }
      },
      {
        kind: 'driving-licence', issuer: 'mps-tmb', serial: '4400712',
        claims: { name: '张明华', sex: '男', nationality: '中国', address: '广东省广州市天河区天河路385号', birth_date: '1990-03-15', first_issue_date: '2012-07-09', licence_number: '44010619900315001X', vehicle_class: 'C1', valid_from: '2018-07-09', valid_until: '2028-07-09', file_number: '440100823471', issuing_authority: '广州市公安局交通警察支队', points: 0, licence_status: '正常', portrait_hash: portrait('zhang') }
      },
      {
        kind: 'vehicle-licence', issuer: 'mps-tmb', serial: '4400913',
        claims: { plate_number: '粤A·D3K27', vehicle_type: '小型新能源汽车', owner: '张明华', address: '广东省广州市天河区天河路385号', use_character: '非营运', model: '比亚迪牌BYD7005BEV', vin: 'LGXCE4CB9N0123456', engine_number: 'TZ180XS0237541', register_date: '2022-09-16', issue_date: '2022-09-16', file_number: '440100998271', approved_passengers: 5, inspection_valid_until: '2028-09-30', vehicle_status: '正常', issuing_authority: '广州市公安局交通警察支队' }
      },
      {
        kind: 'social-security', issuer: 'mohrss', serial: '4401003',
        claims: { name: '张明华', sex: '男', id_number: '44010619900315001X', card_number: 'B44018213', social_security_number: '44010619900315001X', issuing_region: '广东省广州市', bank: '中国工商银行', bank_account_number: '6212260200012345678', card_status: '正常', issue_date: '2022-01-10', valid_until: '2032-01-10' }
      },
      {
        kind: 'medical-insurance', issuer: 'nhsa', serial: '4401207',
        claims: { name: '张明华', sex: '男', id_number: '44010619900315001X', insured_person_number: '44000019900315001', insured_status: '正常参保', personal_account_flag: true, family_mutual_aid_flag: true, activation_date: '2020-06-01', insured_region: '广东省广州市', insurance_type: '职工基本医疗保险', voucher_id: '440100000000204718', valid_until: '2031-12-31' }
      },
      {
        kind: 'degree', issuer: 'chesicc', serial: '1055801',
        claims: { name: '张明华', sex: '男', birth_date: '1990-03-15', id_number: '44010619900315001X', school: '华南理工大学', major: '计算机科学与技术', education_level: '本科', degree_type: '工学学士', study_form: '普通全日制', enrolment_date: '2008-09-01', graduation_date: '2012-06-30', certificate_number: '105611201205002174', degree_certificate_number: '1056142012002174', verification_code: 'A7K3M9Q2XW5T8HJD', graduation_status: '毕业', degree_grantor: '华南理工大学', degree_grant_date: '2012-06-30' }
      },
      {
        kind: 'marriage', issuer: 'gz-mzj', serial: '4401106',
        claims: { name: '张明华', sex: '男', nationality: '中国', birth_date: '1990-03-15', id_number: '44010619900315001X', spouse_name: '林晓燕', spouse_sex: '女', spouse_nationality: '中国', spouse_birth_date: '1992-06-11', spouse_id_number: '440106199206110026', registration_date: '2018-10-08', certificate_number: 'J440106-2018-004127', registration_authority: '广州市天河区民政局', portrait_hash: 'sha256:zhang-lin-wedding-v1' }
      },
      {
        kind: 'professional-qualification', issuer: 'mohrss', serial: '4401315',
        claims: { name: '张明华', sex: '男', id_number: '44010619900315001X', occupation: '网络与信息安全管理员', level: '三级/高级工', theory_score: '86', skill_score: '91', certificate_number: 'S000044010603223000518', issue_date: '2022-11-25', issuing_body: '广东省职业技能鉴定指导中心', portrait_hash: portrait('zhang') }
      },
      {
        kind: 'real-estate', issuer: 'gz-bdc', serial: '4401621',
        claims: { certificate_number: '粤（2021）广州市不动产权第06047719号', owner: '张明华', owner_id_number: '44010619900315001X', co_ownership: '共同共有', location: '广东省广州市天河区天河路385号1203房', unit_number: '440106003008GB00012F00121203', right_type: '国有建设用地使用权/房屋所有权', right_nature: '出让/市场化商品房', use: '城镇住宅用地/住宅', area: '89.36㎡', land_use_until: '2083-05-31', registration_authority: '广州市规划和自然资源局', registration_date: '2021-04-16' }
      }
    ]
  },
  {
    id: 'p-li',
    name: '李秀英',
    idNumber: '330106195207080021',
    province: '浙江省',
    certificates: [
      {
        kind: 'id-card', issuer: 'zj-gat', serial: '3301201',
        claims: { name: '李秀英', sex: '女', ethnicity: '汉', birth_date: '1952-07-08', address: '浙江省杭州市西湖区文三路90号', id_number: '330106195207080021', issuing_authority: '杭州市公安局西湖分局', valid_from: '2016-03-02', valid_until: '长期', portrait_hash: portrait('li') }
      },
      {
        kind: 'social-security', issuer: 'mohrss', serial: '3301044',
        claims: { name: '李秀英', sex: '女', id_number: '330106195207080021', card_number: 'A33016602', social_security_number: '330106195207080021', issuing_region: '浙江省杭州市', bank: '中国农业银行', bank_account_number: '6228480318801234567', card_status: '正常', issue_date: '2020-08-31', valid_until: '2030-08-31' }
      },
      {
        kind: 'medical-insurance', issuer: 'nhsa', serial: '3301208',
        claims: { name: '李秀英', sex: '女', id_number: '330106195207080021', insured_person_number: '33000019520708002', insured_status: '正常参保', personal_account_flag: true, family_mutual_aid_flag: false, activation_date: '2020-09-15', insured_region: '浙江省杭州市', insurance_type: '职工基本医疗保险（退休）', voucher_id: '330100000000511207', valid_until: '2031-12-31' }
      }
    ]
  },
  {
    id: 'p-wang',
    name: '王建国',
    idNumber: '510104197809210030',
    province: '四川省',
    certificates: [
      {
        kind: 'id-card', issuer: 'sc-gat', serial: '5101377', history: 'reissued',
        claims: { name: '王建国', sex: '男', ethnicity: '汉', birth_date: '1978-09-21', address: '四川省成都市锦江区红星路二段70号', id_number: '510104197809210030', issuing_authority: '成都市公安局锦江区分局', valid_from: '2026-02-11', valid_until: '2046-02-11', portrait_hash: portrait('wang') }
      },
      {
        kind: 'driving-licence', issuer: 'mps-tmb', serial: '5100298', history: 'revoked',
        claims: { name: '王建国', sex: '男', nationality: '中国', address: '四川省成都市锦江区红星路二段70号', birth_date: '1978-09-21', first_issue_date: '2001-04-18', licence_number: '510104197809210030', vehicle_class: 'B2', valid_from: '2019-04-18', valid_until: '2029-04-18', file_number: '510100119283', issuing_authority: '成都市公安局交通管理局', points: 12, licence_status: '注销', portrait_hash: portrait('wang') }
      },
      {
        kind: 'vehicle-licence', issuer: 'mps-tmb', serial: '5100731',
        claims: { plate_number: '川A·7M2Q9', vehicle_type: '小型普通客车', owner: '王建国', address: '四川省成都市锦江区红星路二段70号', use_character: '非营运', model: '大众汽车牌SVW7141BPV', vin: 'LSVAU2180N2201457', engine_number: 'DJN803364', register_date: '2019-11-05', issue_date: '2019-11-05', file_number: '510100452019', approved_passengers: 5, inspection_valid_until: '2027-11-30', vehicle_status: '正常', issuing_authority: '成都市公安局交通管理局' }
      }
    ]
  },
  {
    id: 'p-chen',
    name: '陈静',
    idNumber: '110105199304120049',
    province: '北京市',
    certificates: [
      {
        kind: 'id-card', issuer: 'bj-gaj', serial: '1101882',
        claims: { name: '陈静', sex: '女', ethnicity: '回', birth_date: '1993-04-12', address: '北京市朝阳区建国路88号', id_number: '110105199304120049', issuing_authority: '北京市公安局朝阳分局', valid_from: '2021-08-30', valid_until: '2031-08-30', portrait_hash: portrait('chen') }
      },
      {
        kind: 'degree', issuer: 'chesicc', serial: '1000112',
        claims: { name: '陈静', sex: '女', birth_date: '1993-04-12', id_number: '110105199304120049', school: '北京大学', major: '公共卫生', education_level: '硕士研究生', degree_type: '公共卫生硕士', study_form: '普通全日制', enrolment_date: '2015-09-01', graduation_date: '2018-07-01', certificate_number: '100011201802000391', degree_certificate_number: '1000132018000391', verification_code: 'C2R8W4N7PZ3K6VFE', graduation_status: '毕业', degree_grantor: '北京大学', degree_grant_date: '2018-07-01' }
      },
      {
        kind: 'medical-insurance', issuer: 'nhsa', serial: '1101209',
        claims: { name: '陈静', sex: '女', id_number: '110105199304120049', insured_person_number: '11000019930412004', insured_status: '正常参保', personal_account_flag: true, family_mutual_aid_flag: false, activation_date: '2021-03-01', insured_region: '北京市', insurance_type: '职工基本医疗保险', voucher_id: '110100000000872230', valid_until: '2031-12-31' }
      }
    ]
  },
  {
    id: 'p-liu',
    name: '刘洋',
    idNumber: '440305198801160052',
    province: '广东省',
    certificates: [
      {
        kind: 'id-card', issuer: 'gd-gat', serial: '4403911',
        claims: { name: '刘洋', sex: '男', ethnicity: '汉', birth_date: '1988-01-16', address: '广东省深圳市南山区科技园南区深南大道10000号', id_number: '440305198801160052', issuing_authority: '深圳市公安局南山分局', valid_from: '2017-10-09', valid_until: '2037-10-09', portrait_hash: portrait('liu') }
      },
      {
        kind: 'driving-licence', issuer: 'mps-tmb', serial: '4403560',
        claims: { name: '刘洋', sex: '男', nationality: '中国', address: '广东省深圳市南山区科技园南区深南大道10000号', birth_date: '1988-01-16', first_issue_date: '2010-03-22', licence_number: '440305198801160052', vehicle_class: 'C1', valid_from: '2016-03-22', valid_until: '2026-03-22', file_number: '440300551902', issuing_authority: '深圳市公安局交通警察局', points: 3, licence_status: '正常', portrait_hash: portrait('liu') }
      }
    ]
  }
]
