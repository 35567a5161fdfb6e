import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/** What an employer files: who, which 职业资格, which level, and the certificate to look it up by. */
const QUALIFICATION = ['name', 'id_number', 'occupation', 'level', 'certificate_number', 'issue_date']

/**
 * 职业资格证书 — a national vocational qualification (e.g. 电工, 教师资格 is another ministry's), in
 * the 人力资源和社会保障部 register (国家职业资格目录). An employer files it beside the ID card
 * (用人单位入职, optional) and takes the printed copy.
 */
export const professionalQualification: CertModule<'professional-qualification'> = {
  kind: 'professional-qualification',
  vct: 'urn:cn:certwallet:vct:professional-qualification:1',
  label: '职业资格证书',
  typeCode: typeCodeOf(definingAuthorities.humanResourcesSocialSecurity, 2),
  authority: 'hrss',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'id_number', label: '身份证号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'occupation', label: '职业（工种）', sensitivity: 'shown' },
    { name: 'level', label: '等级', sensitivity: 'shown' },
    { name: 'theory_score', label: '理论知识考试成绩', sensitivity: 'shown' },
    { name: 'skill_score', label: '操作技能考核成绩', sensitivity: 'shown' },
    { name: 'certificate_number', label: '证书编号', sensitivity: 'masked', mask: 'number' },
    { name: 'issue_date', label: '发证日期', sensitivity: 'shown', format: 'date' },
    { name: 'issuing_body', label: '发证机构', sensitivity: 'shown' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' }
  ],
  design: {
    group: '职业资格',
    // The certificate's dark red cover.
    background: 'linear-gradient(135deg, #5b1a1a 0%, #8c2b22 60%, #a8432f 100%)',
    foreground: '#f8e4bd',
    emblem: 'hrss',
    titleField: 'name',
    summaryFields: ['occupation', 'level', 'certificate_number']
  },
  presets: [{ purpose: 'employment', slot: 'qualification', optional: true, fields: QUALIFICATION }],
  validity: {
    // A qualification does not expire; re-fetching every 90 days picks up a revocation (撤销).
    credentialLifetimeDays: 90
  },
  // Printed for an employer's file; the ID number is masked by the issuer.
  bearer: { paper: { fields: ['name', 'id_number', 'occupation', 'level', 'certificate_number'] } }
}
