import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * What an employer or admissions office verifies: the qualification and its certificate numbers.
 * The signed credential replaces the online verification code; ID number, birth date and sex are
 * not part of the qualification.
 */
const QUALIFICATION = [
  'name',
  'school',
  'major',
  'education_level',
  'study_form',
  'graduation_date',
  'graduation_status',
  'certificate_number',
  'degree_type',
  'degree_grantor',
  'degree_certificate_number'
]

/**
 * 学历/学位证书 — the graduation certificate (学历证书) together with the degree certificate
 * (学位证书) of one programme, as registered with the national higher-education database.
 */
export const degree: CertModule<'degree'> = {
  kind: 'degree',
  vct: 'urn:cn:certwallet:vct:degree:1',
  label: '学历/学位证书',
  typeCode: typeCodeOf(definingAuthorities.education, 1),
  authority: 'education',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'birth_date', label: '出生日期', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'id_number', label: '身份证号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'school', label: '学校名称', sensitivity: 'shown' },
    { name: 'major', label: '专业', sensitivity: 'shown' },
    { name: 'education_level', label: '层次', sensitivity: 'shown' },
    { name: 'study_form', label: '学习形式', sensitivity: 'shown' },
    { name: 'enrolment_date', label: '入学日期', sensitivity: 'shown', format: 'date' },
    { name: 'graduation_date', label: '毕（结）业日期', sensitivity: 'shown', format: 'date' },
    { name: 'graduation_status', label: '毕（结）业结论', sensitivity: 'shown' },
    { name: 'certificate_number', label: '学历证书编号', sensitivity: 'masked', mask: 'number' },
    { name: 'degree_type', label: '学位', sensitivity: 'shown' },
    { name: 'degree_grantor', label: '学位授予单位', sensitivity: 'shown' },
    { name: 'degree_grant_date', label: '学位授予日期', sensitivity: 'shown', format: 'date' },
    { name: 'degree_certificate_number', label: '学位证书编号', sensitivity: 'masked', mask: 'number' },
    { name: 'verification_code', label: '在线验证码', sensitivity: 'masked', mask: 'number' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' }
  ],
  design: {
    group: '学历',
    // The deep red cover of the certificate booklet, gold lettering.
    background: 'linear-gradient(135deg, #7a1414 0%, #a52a22 60%, #c0392b 100%)',
    foreground: '#fbe9c6',
    emblem: 'education',
    titleField: 'name',
    summaryFields: ['school', 'education_level', 'degree_type']
  },
  presets: [{ purpose: 'degree', fields: QUALIFICATION }],
  validity: {
    // A qualification does not expire; re-fetching every 90 days picks up a revocation (学历注销).
    credentialLifetimeDays: 90
  },
  // A 学历验证码 share carries the same fields as the 学历核验 presentation.
  bearer: { 'degree-share': { fields: QUALIFICATION } }
}
