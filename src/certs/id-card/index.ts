import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 居民身份证电子证照 — the electronic licence of the second-generation resident ID card, with the
 * claims printed on its two faces. `age_over_18` is derived by the issuer from the birth date at
 * issuance, so an age check need not reveal the date (credentials are short-lived, see validity).
 */
export const idCard: CertModule<'id-card'> = {
  kind: 'id-card',
  vct: 'urn:cn:certwallet:vct:id-card:1',
  label: '居民身份证电子证照',
  typeCode: typeCodeOf(definingAuthorities.publicSecurity, 1),
  authority: 'public-security',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'ethnicity', label: '民族', sensitivity: 'shown' },
    { name: 'birth_date', label: '出生', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'address', label: '住址', sensitivity: 'masked', mask: 'address' },
    { name: 'id_number', label: '公民身份号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'issuing_authority', label: '签发机关', sensitivity: 'shown' },
    { name: 'valid_from', label: '有效期限起', sensitivity: 'shown', format: 'date' },
    { name: 'valid_until', label: '有效期限止', sensitivity: 'shown', format: 'date' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' },
    { name: 'age_over_18', label: '已满18周岁', sensitivity: 'shown', format: 'boolean' }
  ],
  design: {
    group: '证件',
    // The card's pale blue guilloche on white, national emblem on the back face.
    background: 'linear-gradient(135deg, #dcecf8 0%, #ffffff 48%, #e6f1fa 72%, #cfe3f4 100%)',
    foreground: '#1f2d3d',
    emblem: 'national',
    titleField: 'name',
    summaryFields: ['id_number', 'valid_until']
  },
  presets: [
    {
      // 旅馆业治安管理办法 art. 6 requires registering guests by a valid ID; the public-security
      // hotel system records name, ID number, ethnicity and address (住址) from the card. Sex and
      // birth date are encoded in the 18-digit number, so they are not disclosed separately.
      // The portrait hash lets the desk's 人证核验 device compare the guest's face.
      purpose: 'hotel',
      slot: 'identity',
      fields: ['name', 'id_number', 'ethnicity', 'address', 'portrait_hash']
    },
    { purpose: 'age-over-18', slot: 'identity', fields: ['age_over_18'] },
    {
      // 劳动合同法 art. 17: a labour contract states the worker's name, address and ID number.
      purpose: 'employment',
      slot: 'identity',
      fields: ['name', 'id_number', 'address']
    }
  ],
  validity: {
    validFromField: 'valid_from',
    validUntilField: 'valid_until',
    // Short enough that a cancelled card or a birthday (age_over_18) is picked up within a month.
    credentialLifetimeDays: 30
  },
  // Printed: masked fields are masked by the issuer before signing (src/vocabulary/bearerUses.ts).
  bearer: { paper: { fields: ['name', 'sex', 'id_number'] } }
}
