import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 电子行驶证 — the electronic motor-vehicle registration licence (main page and inspection
 * record of the paper 行驶证). The owner may be a person or an organisation.
 */
export const vehicleLicence: CertModule<'vehicle-licence'> = {
  kind: 'vehicle-licence',
  vct: 'urn:cn:certwallet:vct:vehicle-licence:1',
  label: '电子行驶证',
  typeCode: typeCodeOf(definingAuthorities.publicSecurity, 4),
  authority: 'traffic-police',
  fields: [
    { name: 'plate_number', label: '号牌号码', sensitivity: 'shown' },
    { name: 'vehicle_type', label: '车辆类型', sensitivity: 'shown' },
    { name: 'owner', label: '所有人', sensitivity: 'masked', mask: 'name' },
    { name: 'address', label: '住址', sensitivity: 'masked', mask: 'address' },
    { name: 'use_character', label: '使用性质', sensitivity: 'shown' },
    { name: 'model', label: '品牌型号', sensitivity: 'shown' },
    { name: 'vin', label: '车辆识别代号', sensitivity: 'masked', mask: 'licence-number' },
    { name: 'engine_number', label: '发动机号码', sensitivity: 'masked', mask: 'number' },
    { name: 'register_date', label: '注册日期', sensitivity: 'shown', format: 'date' },
    { name: 'issue_date', label: '发证日期', sensitivity: 'shown', format: 'date' },
    { name: 'file_number', label: '档案编号', sensitivity: 'masked', mask: 'number' },
    { name: 'approved_passengers', label: '核定载人数', sensitivity: 'shown' },
    { name: 'inspection_valid_until', label: '检验有效期至', sensitivity: 'shown', format: 'date' },
    { name: 'vehicle_status', label: '机动车状态', sensitivity: 'shown' },
    { name: 'issuing_authority', label: '发证机关', sensitivity: 'shown' }
  ],
  design: {
    group: '驾驶',
    // The 行驶证's light blue-green security print with the traffic-police badge.
    background: 'linear-gradient(135deg, #e1f0f0 0%, #f5fafa 55%, #cde4e2 100%)',
    foreground: '#1d3b3a',
    emblem: 'traffic',
    titleField: 'plate_number',
    summaryFields: ['vehicle_type', 'model', 'inspection_valid_until']
  },
  presets: [
    {
      // The officer matches the document to the car (plate, type, model, VIN), checks use
      // (营运/非营运), overloading (核定载人数), the annual inspection date and the vehicle's status
      // (stolen, scrapped, seized), and records the owner. Engine number, address, file number and
      // dates of registration are not needed at the roadside.
      purpose: 'traffic-stop',
      // The driving licence alone is enough to present: the car may be someone else's.
      optional: true,
      fields: [
        'plate_number',
        'vehicle_type',
        'model',
        'vin',
        'owner',
        'use_character',
        'approved_passengers',
        'inspection_valid_until',
        'vehicle_status'
      ]
    }
  ],
  validity: {
    // The 行驶证 has no end date of its own; an overdue inspection is shown, not treated as expiry.
    credentialLifetimeDays: 30
  }
}
