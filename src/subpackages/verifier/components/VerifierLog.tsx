import { Button, Text, View } from '@tarojs/components'
import { purposeLabels } from '../../../vocabulary/purposeText'
import type { VerifierLogEntry } from '../store/verifierStore'
import { logTimeText } from '../model/clockText'
import { findRole } from '../../../vocabulary/roles'

/** A few words per common failure, so a log line reads without the code table. */
const SHORT_REASON: Partial<Record<string, string>> = {
  ERR_REPLAYED: '二维码重复使用（可能是截图）',
  ERR_KB_STALE: '二维码已过期',
  ERR_KB_NONCE_MISMATCH: '核验码不匹配',
  ERR_PURPOSE_MISMATCH: '用途不符',
  ERR_CERT_REVOKED: '证照已注销',
  ERR_CERT_SUSPENDED: '证照暂停使用',
  ERR_CERT_EXPIRED: '证照已过期',
  ERR_SIGNATURE_INVALID: '签名无效',
  ERR_KB_SIGNATURE_INVALID: '非持证人设备出示',
  ERR_DEVICE_DEACTIVATED: '设备已挂失',
  ERR_KID_UNKNOWN: '签发机关不在信任列表',
  ERR_TRUST_LIST_EXPIRED: '核验数据已过期',
  ERR_TRUST_LIST_MISSING: '尚无核验数据',
  ERR_STATUS_LIST_UNAVAILABLE: '缺少注销信息',
  ERR_MALFORMED: '不是出示码',
  ERR_BASE64: '不是出示码'
}

/** The last checks on this device: outcome, time, purpose, code — never who. */
export default function VerifierLog({ log, nowMs, onClear }: { log: VerifierLogEntry[]; nowMs: number; onClear(): void }) {
  return (
    <View className='vf-panel vf-log'>
      <View className='vf-log__head'>
        <Text className='vf-panel__title'>最近核验记录</Text>
        {log.length ? (
          <Button className='vf-link' onClick={onClear}>
            清空
          </Button>
        ) : null}
      </View>
      <Text className='vf-panel__text'>只记录结果、时间、用途和代码，不保存任何个人信息（最多20条）。</Text>
      {log.length === 0 ? <Text className='vf-log__empty'>暂无记录</Text> : null}
      {log.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`vf-log__row vf-log__row--${e.ok ? 'pass' : 'fail'}`}>
          <Text className='vf-log__mark'>{e.ok ? '✓ 通过' : '✕ 未通过'}</Text>
          <Text className='vf-log__time'>{logTimeText(e.at, nowMs)}</Text>
          <Text className='vf-log__what'>
            {/* A green line without a purpose is a paper credential (a degree share logs 学历核验). */}
            {e.ok ? (e.purpose ? purposeLabels[e.purpose] : '纸质凭证') : SHORT_REASON[e.code] ?? findRole(e.role)?.label ?? ''}
            {e.ok ? null : <Text className='vf-log__code'>{e.code}</Text>}
          </Text>
        </View>
      ))}
    </View>
  )
}
