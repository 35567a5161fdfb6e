import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 居民身份电子凭证 (网证, CTID) — the network identity credential derived from the ID card. Its
 * 网号 is a pseudonymous number standing for the person without revealing the ID number.
 */
export const ctid: CertModule<'ctid'> = {
  kind: 'ctid',
  vct: 'urn:cn:certwallet:vct:ctid:1',
  label: '居民身份电子凭证',
  typeCode: typeCodeOf(definingAuthorities.publicSecurity, 2),
  authority: 'public-security',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'ethnicity', label: '民族', sensitivity: 'shown' },
    { name: 'birth_date', label: '出生日期', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'address', label: '住址', sensitivity: 'masked', mask: 'address' },
    { name: 'id_number', label: '公民身份号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'net_id', label: '网号', sensitivity: 'masked', mask: 'number' },
    { name: 'assurance_level', label: '认证等级', sensitivity: 'shown' },
    { name: 'valid_from', label: '签发日期', sensitivity: 'shown', format: 'date' },
    { name: 'valid_until', label: '有效期至', sensitivity: 'shown', format: 'date' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' },
    { name: 'age_over_18', label: '已满18周岁', sensitivity: 'shown', format: 'boolean' }
  ],
  design: {
    group: '证件',
    // The 国家网络身份认证 app's deep blue card with the police badge.
    background: 'linear-gradient(135deg, #0d4fa3 0%, #1f6fd1 60%, #4a94e6 100%)',
    foreground: '#ffffff',
    emblem: 'police',
    titleField: 'name',
    summaryFields: ['net_id', 'valid_until']
  },
  presets: [
    {
      // Same registration record as the ID card (see ../id-card): hotels accept the 网证 in its place.
      purpose: 'hotel',
      slot: 'identity',
      fields: ['name', 'id_number', 'ethnicity', 'address', 'portrait_hash']
    },
    { purpose: 'age-over-18', slot: 'identity', fields: ['age_over_18'] },
    // An employer takes the 网证 in place of the ID card, for the same contract fields (../id-card).
    { purpose: 'employment', slot: 'identity', fields: ['name', 'id_number', 'address'] }
  ],
  validity: {
    validFromField: 'valid_from',
    validUntilField: 'valid_until',
    credentialLifetimeDays: 30
  },
  // Printed: masked fields are masked by the issuer before signing (src/vocabulary/bearerUses.ts).
  bearer: { paper: { fields: ['name', 'sex', 'id_number'] } }
}
