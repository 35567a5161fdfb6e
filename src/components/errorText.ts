import type { ErrorCode } from '../services/errors'

/** Chinese text for every error code: plain words, and what the person can do next. */
export const ERROR_TEXT: Record<ErrorCode, string> = {
  ERR_NETWORK: '网络连接失败，请检查网络后重试',
  ERR_TIMEOUT: '服务响应超时，请稍后重试',
  ERR_SERVER: '政务服务暂时不可用，请稍后重试',
  ERR_RATE_LIMITED: '访问人数较多，请稍后重试',
  ERR_BAD_RESPONSE: '服务返回的数据有误，请稍后重试',
  ERR_BAD_REQUEST: '填写的信息有误，请检查后重试',
  ERR_UNAUTHORIZED: '登录已失效，请重新进行实名认证',
  ERR_NOT_FOUND: '未找到相关证照',
  ERR_CONFLICT: '证照状态已变化，请刷新后重试',
  ERR_PURPOSE_REQUIRED: '请填写用证事由',
  ERR_FACE_CHECK_FAILED: '人脸核验未通过，请确认是本人操作后重试',
  ERR_BASE64: '证照数据编码错误',
  ERR_MALFORMED: '证照数据格式错误或不完整',
  ERR_TOO_LARGE: '证照数据过大，已拒绝',
  ERR_TYP_INVALID: '证照数据类型不正确',
  ERR_ALG_NONE: '证照未签名，已拒绝',
  ERR_ALG_NOT_ALLOWED: '证照签名算法不被允许，已拒绝',
  ERR_KID_UNKNOWN: '签发机关不在信任列表中',
  ERR_KEY_OUTSIDE_WINDOW: '签发密钥不在有效期内',
  ERR_KEY_COMPROMISED: '签发密钥已被吊销，证照不可信',
  ERR_SIGNATURE_INVALID: '证照签名无效，可能被篡改',
  ERR_CERT_EXPIRED: '证照已过期',
  ERR_CERT_NOT_YET_VALID: '证照尚未生效',
  ERR_CERT_REVOKED: '证照已注销或已更新，不能使用',
  ERR_CERT_SUSPENDED: '证照已暂停使用',
  ERR_CLAIM_INVALID: '证照内容与签发信息不符',
  ERR_DISCLOSURE_INVALID: '出示的信息与证照不符，可能被篡改',
  ERR_DISCLOSURE_DUPLICATE: '出示的信息有重复，已拒绝',
  ERR_KB_MISSING: '缺少持证人设备证明',
  ERR_KB_SIGNATURE_INVALID: '不是持证人本人设备出示',
  ERR_KB_NONCE_MISMATCH: '核验码不匹配，请重新扫码',
  ERR_KB_AUDIENCE_MISMATCH: '出示对象不符',
  ERR_KB_STALE: '二维码已过期，请持证人刷新后重新出示',
  ERR_KB_SD_HASH_MISMATCH: '设备证明与出示内容不符',
  ERR_IDENTIFIER_FORMAT: '证照标识格式错误',
  ERR_IDENTIFIER_CHECK: '证照标识校验位错误',
  ERR_UNKNOWN_KIND: '不支持的证照类型',
  ERR_TRUST_LIST_SIGNATURE: '信任列表签名无效',
  ERR_TRUST_LIST_EXPIRED: '信任列表已过期，请联网更新',
  ERR_TRUST_LIST_MISSING: '尚未下载信任列表，请联网后重试',
  ERR_STATUS_LIST_INVALID: '证照状态列表无效',
  ERR_STATUS_LIST_UNAVAILABLE: '无法获取证照状态，请联网后重试',
  ERR_REPLAYED: '此二维码已被使用过（可能是截图），请持证人刷新后重新出示',
  ERR_PURPOSE_MISMATCH: '出示的信息超出本次用途，已拒绝',
  ERR_DEVICE_DEACTIVATED: '出示设备已挂失停用，证照不可用',
  ERR_STORAGE_CORRUPT: '本地数据损坏，已恢复为初始状态',
  ERR_UNKNOWN: '出现未知错误，请稍后重试'
}

export function errorText(code: ErrorCode | string | null | undefined): string {
  if (!code) return ''
  return (ERROR_TEXT as Record<string, string>)[code] ?? ERROR_TEXT.ERR_UNKNOWN
}
