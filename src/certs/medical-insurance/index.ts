import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 医保电子凭证 — the medical-insurance e-voucher (医保码). Settlement goes through the voucher and
 * the 人员编号 of the national medical-insurance platform, not the ID number.
 */
export const medicalInsurance: CertModule<'medical-insurance'> = {
  kind: 'medical-insurance',
  vct: 'urn:cn:certwallet:vct:medical-insurance:1',
  label: '医保电子凭证',
  typeCode: typeCodeOf(definingAuthorities.healthcareSecurity, 1),
  authority: 'healthcare-security',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'id_number', label: '身份证号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'voucher_id', label: '凭证编号', sensitivity: 'masked', mask: 'number' },
    { name: 'insured_person_number', label: '人员编号', sensitivity: 'masked', mask: 'number' },
    { name: 'insured_region', label: '参保地', sensitivity: 'shown' },
    { name: 'insurance_type', label: '险种类型', sensitivity: 'shown' },
    { name: 'insured_status', label: '参保状态', sensitivity: 'shown' },
    { name: 'personal_account_flag', label: '个人账户', sensitivity: 'shown', format: 'boolean' },
    { name: 'family_mutual_aid_flag', label: '家庭共济', sensitivity: 'shown', format: 'boolean' },
    { name: 'activation_date', label: '激活日期', sensitivity: 'shown', format: 'date' },
    { name: 'valid_until', label: '有效期至', sensitivity: 'shown', format: 'date' }
  ],
  design: {
    group: '社保医保',
    // The 医保码's teal-green.
    background: 'linear-gradient(135deg, #0b8f7c 0%, #19a88f 55%, #4cc4a9 100%)',
    foreground: '#ffffff',
    emblem: 'nhsa',
    titleField: 'name',
    summaryFields: ['insured_region', 'insurance_type', 'insured_status']
  },
  presets: [
    {
      // Settlement at a designated pharmacy or hospital: the voucher and 人员编号 identify the
      // insured person on the platform; region, scheme (职工/城乡居民) and status decide coverage;
      // the personal-account flag whether 个人账户 can pay. The ID number is not needed.
      purpose: 'pharmacy',
      fields: [
        'name',
        'voucher_id',
        'insured_person_number',
        'insured_region',
        'insurance_type',
        'insured_status',
        'personal_account_flag'
      ]
    }
  ],
  validity: {
    validFromField: 'activation_date',
    validUntilField: 'valid_until',
    // Coverage can lapse month by month when contributions stop.
    credentialLifetimeDays: 30
  },
  // Printed: masked fields are masked by the issuer before signing (src/vocabulary/bearerUses.ts).
  bearer: { paper: { fields: ['name', 'id_number', 'insured_region', 'insurance_type'] } }
}
