import { typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 民政部 — the defining authority of 结婚证 / 离婚证. A placeholder code shaped like the others in
 * ../definingAuthorities.ts (not the ministry's real code; take that from the national 电子证照目录).
 * It lives here, with the only kind that uses it: a kind from a new ministry is still one folder.
 */
const MINISTRY_OF_CIVIL_AFFAIRS = '11100000000019369E'

/**
 * 结婚证 — the marriage certificate, issued by the 婚姻登记机关 (a county-level 民政局) to each of
 * the two spouses; both ID numbers are on it. No 亮证 purpose takes it yet (a 民政 or bank desk
 * would: that purpose would be a new entry in src/vocabulary/purposes.ts and a preset here), so it
 * is shown in the wallet and on the detail page only, and is not printed on paper: no desk would
 * take the paper.
 */
export const marriage: CertModule<'marriage'> = {
  kind: 'marriage',
  vct: 'urn:cn:certwallet:vct:marriage:1',
  label: '结婚证',
  typeCode: typeCodeOf(MINISTRY_OF_CIVIL_AFFAIRS, 1),
  authority: 'civil-affairs',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'nationality', label: '国籍', sensitivity: 'shown' },
    { name: 'birth_date', label: '出生日期', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'id_number', label: '身份证件号', sensitivity: 'masked', mask: 'id-number' },
    { name: 'spouse_name', label: '配偶姓名', sensitivity: 'masked', mask: 'name' },
    { name: 'spouse_sex', label: '配偶性别', sensitivity: 'shown' },
    { name: 'spouse_nationality', label: '配偶国籍', sensitivity: 'shown' },
    { name: 'spouse_birth_date', label: '配偶出生日期', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'spouse_id_number', label: '配偶身份证件号', sensitivity: 'masked', mask: 'id-number' },
    { name: 'registration_date', label: '登记日期', sensitivity: 'shown', format: 'date' },
    { name: 'certificate_number', label: '结婚证字号', sensitivity: 'masked', mask: 'number' },
    { name: 'registration_authority', label: '登记机关', sensitivity: 'shown' },
    { name: 'portrait_hash', label: '结婚照', sensitivity: 'hidden', format: 'image-hash' }
  ],
  design: {
    group: '证件',
    // The booklet's red cover with gold lettering.
    background: 'linear-gradient(135deg, #b3121f 0%, #d4232f 60%, #e04a3c 100%)',
    foreground: '#fde7b0',
    emblem: 'civil-affairs',
    titleField: 'name',
    summaryFields: ['spouse_name', 'registration_date', 'registration_authority']
  },
  presets: [],
  validity: {
    // A marriage certificate does not expire; a 离婚 or 补领 reaches the wallet through the status
    // list and the 90-day re-fetch.
    credentialLifetimeDays: 90
  }
}
