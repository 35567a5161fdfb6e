import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 电子社保卡 — the electronic social security card. The 社会保障号码 is the holder's ID number;
 * the card number and the bank account belong to the physical card.
 */
export const socialSecurity: CertModule<'social-security'> = {
  kind: 'social-security',
  vct: 'urn:cn:certwallet:vct:social-security:1',
  label: '电子社保卡',
  typeCode: typeCodeOf(definingAuthorities.humanResourcesSocialSecurity, 1),
  authority: 'hrss',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'id_number', label: '公民身份号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'social_security_number', label: '社会保障号码', sensitivity: 'masked', mask: 'id-number' },
    { name: 'card_number', label: '社会保障卡卡号', sensitivity: 'masked', mask: 'number' },
    { name: 'issuing_region', label: '发卡地', sensitivity: 'shown' },
    { name: 'bank', label: '发卡银行', sensitivity: 'shown' },
    { name: 'bank_account_number', label: '金融账号', sensitivity: 'masked', mask: 'number' },
    { name: 'card_status', label: '卡状态', sensitivity: 'shown' },
    { name: 'issue_date', label: '签发日期', sensitivity: 'shown', format: 'date' },
    { name: 'valid_until', label: '有效期至', sensitivity: 'shown', format: 'date' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' }
  ],
  design: {
    group: '社保医保',
    // The third-generation card's blue face.
    background: 'linear-gradient(135deg, #1559b7 0%, #2f7bd8 55%, #6aa8ea 100%)',
    foreground: '#ffffff',
    emblem: 'hrss',
    titleField: 'name',
    summaryFields: ['social_security_number', 'issuing_region', 'bank']
  },
  presets: [
    {
      // An employer enrols a new hire in social insurance (参保登记) by name and 社会保障号码;
      // the issuing region tells where earlier contributions are to be transferred from.
      purpose: 'employment',
      // A first job may come before any social-security card.
      optional: true,
      fields: ['name', 'social_security_number', 'issuing_region']
    }
  ],
  validity: {
    validFromField: 'issue_date',
    validUntilField: 'valid_until',
    credentialLifetimeDays: 30
  },
  // Printed: masked fields are masked by the issuer before signing (src/vocabulary/bearerUses.ts).
  bearer: { paper: { fields: ['name', 'id_number', 'issuing_region'] } }
}
