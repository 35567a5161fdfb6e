import { typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 自然资源部 — the defining authority of the 不动产权证书. A placeholder code shaped like those in
 * ../definingAuthorities.ts (not the ministry's real code), kept here with the one kind that uses it.
 */
const MINISTRY_OF_NATURAL_RESOURCES = '11100000000019457W'

/**
 * 不动产权证书 — title to a flat or land, issued by the city's 不动产登记机构. Its address (坐落) and
 * unit number tell where the holder lives, so both are masked. No 亮证 purpose takes it yet (a
 * bank's mortgage desk or a school's 学区 check would); it is not printed: no desk takes the paper.
 */
export const realEstate: CertModule<'real-estate'> = {
  kind: 'real-estate',
  vct: 'urn:cn:certwallet:vct:real-estate:1',
  label: '不动产权证书',
  typeCode: typeCodeOf(MINISTRY_OF_NATURAL_RESOURCES, 1),
  authority: 'natural-resources',
  fields: [
    { name: 'certificate_number', label: '证书号', sensitivity: 'masked', mask: 'number' },
    { name: 'owner', label: '权利人', sensitivity: 'shown' },
    { name: 'owner_id_number', label: '权利人证件号', sensitivity: 'masked', mask: 'id-number' },
    { name: 'co_ownership', label: '共有情况', sensitivity: 'shown' },
    { name: 'location', label: '坐落', sensitivity: 'masked', mask: 'address' },
    { name: 'unit_number', label: '不动产单元号', sensitivity: 'masked', mask: 'number' },
    { name: 'right_type', label: '权利类型', sensitivity: 'shown' },
    { name: 'right_nature', label: '权利性质', sensitivity: 'shown' },
    { name: 'use', label: '用途', sensitivity: 'shown' },
    { name: 'area', label: '面积', sensitivity: 'shown' },
    { name: 'land_use_until', label: '土地使用期限至', sensitivity: 'shown', format: 'date' },
    { name: 'registration_authority', label: '登记机构', sensitivity: 'shown' },
    { name: 'registration_date', label: '登记日期', sensitivity: 'shown', format: 'date' }
  ],
  design: {
    group: '房产',
    // The certificate's pale jade security print.
    background: 'linear-gradient(135deg, #e4efe9 0%, #f4f8f3 55%, #d5e6dc 100%)',
    foreground: '#1f3b33',
    emblem: 'natural-resources',
    titleField: 'owner',
    summaryFields: ['location', 'use', 'area']
  },
  presets: [],
  validity: {
    // Title does not expire (the land-use term is not the certificate's); a transfer cancels it
    // through the status list and the 90-day re-fetch.
    credentialLifetimeDays: 90
  }
}
