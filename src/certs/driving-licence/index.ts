import { definingAuthorities, typeCodeOf } from '../definingAuthorities'
import type { CertModule } from '../types'

/**
 * 电子驾驶证 — the electronic motor-vehicle driving licence (交管12123). In China the licence
 * number (证号) is the holder's ID number.
 */
export const drivingLicence: CertModule<'driving-licence'> = {
  kind: 'driving-licence',
  vct: 'urn:cn:certwallet:vct:driving-licence:1',
  label: '电子驾驶证',
  typeCode: typeCodeOf(definingAuthorities.publicSecurity, 3),
  authority: 'traffic-police',
  fields: [
    { name: 'name', label: '姓名', sensitivity: 'shown' },
    { name: 'sex', label: '性别', sensitivity: 'shown' },
    { name: 'nationality', label: '国籍', sensitivity: 'shown' },
    { name: 'address', label: '住址', sensitivity: 'masked', mask: 'address' },
    { name: 'birth_date', label: '出生日期', sensitivity: 'masked', mask: 'date', format: 'date' },
    { name: 'first_issue_date', label: '初次领证日期', sensitivity: 'shown', format: 'date' },
    { name: 'licence_number', label: '证号', sensitivity: 'masked', mask: 'licence-number' },
    { name: 'vehicle_class', label: '准驾车型', sensitivity: 'shown' },
    { name: 'valid_from', label: '有效期起始日期', sensitivity: 'shown', format: 'date' },
    { name: 'valid_until', label: '有效期至', sensitivity: 'shown', format: 'date' },
    { name: 'file_number', label: '档案编号', sensitivity: 'masked', mask: 'number' },
    { name: 'issuing_authority', label: '发证机关', sensitivity: 'shown' },
    { name: 'points', label: '累积记分', sensitivity: 'shown' },
    { name: 'licence_status', label: '驾驶证状态', sensitivity: 'shown' },
    { name: 'portrait_hash', label: '照片', sensitivity: 'hidden', format: 'image-hash' }
  ],
  design: {
    group: '驾驶',
    // The licence's pale green security print.
    background: 'linear-gradient(135deg, #e3f2e6 0%, #f6fbf4 55%, #d2ead7 100%)',
    foreground: '#1e3a2b',
    emblem: 'traffic',
    titleField: 'name',
    summaryFields: ['vehicle_class', 'licence_number', 'valid_until']
  },
  presets: [
    {
      // What an officer checks at the roadside: who (name, number, face), whether the licence
      // covers this vehicle (准驾车型), whether it is current and not suspended/revoked (validity,
      // status), and whether the driver is in the 12-month probation (初次领证日期), which limits
      // expressway driving. Address, birth date, file number and points are not needed.
      purpose: 'traffic-stop',
      fields: ['name', 'licence_number', 'vehicle_class', 'first_issue_date', 'valid_until', 'licence_status', 'portrait_hash']
    }
  ],
  // 交警 暂扣 (status code 23 限制) and 注销, in the words a driver and an officer use.
  statusWords: { suspended: '驾驶证暂扣中', revoked: '驾驶证已注销' },
  validity: {
    validFromField: 'valid_from',
    validUntilField: 'valid_until',
    // Status (points, suspension) changes often; 30 days plus the status list keeps it current.
    credentialLifetimeDays: 30
  }
}
