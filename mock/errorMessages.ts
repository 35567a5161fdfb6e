import type { ErrorCode } from './coreImports'

/**
 * Chinese text of the simulator's `{ code, message }` answers. The real service words its own
 * messages; the app never shows `message` (it maps `code`), so this is for people reading traffic.
 */
export const errorMessages: Record<ErrorCode, string> = {
  ERR_NETWORK: '网络连接失败',
  ERR_TIMEOUT: '服务响应超时',
  ERR_SERVER: '服务暂时不可用，请稍后再试',
  ERR_RATE_LIMITED: '请求过于频繁，请稍后再试',
  ERR_BAD_RESPONSE: '服务返回的数据无法识别',
  ERR_BAD_REQUEST: '请求参数有误',
  ERR_UNAUTHORIZED: '未登录或登录已失效，请重新进行身份核验',
  ERR_NOT_FOUND: '未找到对应的资源',
  ERR_CONFLICT: '当前状态不允许此操作',
  ERR_PURPOSE_REQUIRED: '请填写用证事由',
  ERR_FACE_CHECK_FAILED: '人脸核验未通过',
  ERR_BASE64: '数据编码有误',
  ERR_MALFORMED: '数据格式有误',
  ERR_TOO_LARGE: '数据过大',
  ERR_TYP_INVALID: '凭证类型有误',
  ERR_ALG_NONE: '签名算法不被接受',
  ERR_ALG_NOT_ALLOWED: '签名算法不被接受',
  ERR_KID_UNKNOWN: '签发机构密钥未登记',
  ERR_KEY_OUTSIDE_WINDOW: '签发机构密钥不在有效期内',
  ERR_KEY_COMPROMISED: '签发机构密钥已停用',
  ERR_SIGNATURE_INVALID: '签名校验失败',
  ERR_CERT_EXPIRED: '证照已过期',
  ERR_CERT_NOT_YET_VALID: '证照尚未生效',
  ERR_CERT_REVOKED: '证照已注销',
  ERR_CERT_SUSPENDED: '证照已暂停使用',
  ERR_CLAIM_INVALID: '证照内容有误',
  ERR_DISCLOSURE_INVALID: '披露内容校验失败',
  ERR_DISCLOSURE_DUPLICATE: '披露内容重复',
  ERR_KB_MISSING: '缺少持证设备证明',
  ERR_KB_SIGNATURE_INVALID: '持证设备签名校验失败',
  ERR_KB_NONCE_MISMATCH: '核验随机数不匹配',
  ERR_KB_AUDIENCE_MISMATCH: '核验方不匹配',
  ERR_KB_STALE: '亮证码已过期，请刷新后重试',
  ERR_KB_SD_HASH_MISMATCH: '持证设备证明与证照不匹配',
  ERR_IDENTIFIER_FORMAT: '证照标识格式有误',
  ERR_IDENTIFIER_CHECK: '证照标识校验位有误',
  ERR_UNKNOWN_KIND: '不支持的证照类型',
  ERR_TRUST_LIST_SIGNATURE: '信任列表签名校验失败',
  ERR_TRUST_LIST_EXPIRED: '信任列表已过期',
  ERR_TRUST_LIST_MISSING: '缺少信任列表',
  ERR_TRUST_LIST_ROLLBACK: '信任列表版本回退',
  ERR_STATUS_LIST_INVALID: '状态列表无效',
  ERR_STATUS_LIST_UNAVAILABLE: '状态列表暂时无法获取',
  ERR_REPLAYED: '该出示码已被使用',
  ERR_PURPOSE_MISMATCH: '出示内容超出用途范围',
  ERR_DEVICE_DEACTIVATED: '出示设备已停用',
  ERR_PIN_WEAK: 'PIN 过于简单',
  ERR_PIN_WRONG: 'PIN 错误',
  ERR_PIN_LOCKED: 'PIN 错误次数过多，暂时锁定',
  ERR_WIPED: '本机数据已清除',
  ERR_PAYCODE_EXPIRED: '医保码已过期',
  ERR_PAYCODE_USED: '医保码已使用',
  ERR_IDEMPOTENCY_MISMATCH: '同一请求编号对应了不同的请求内容',
  ERR_ALREADY_REFUNDED: '该结算已退款',
  ERR_SETTLEMENT_STATE: '结算当前状态不允许此操作',
  ERR_NOT_INSURED: '未查询到有效的医保参保信息',
  ERR_FAMILY_NOT_LINKED: '未绑定家庭共济关系',
  ERR_LOCKED: '证照夹已锁定',
  ERR_PIN_NOT_SET: '尚未设置密码',
  ERR_PIN_MISMATCH: '两次输入的密码不一致',
  ERR_BIOMETRIC_UNAVAILABLE: '本机不支持指纹或面容解锁',
  ERR_BIOMETRIC_FAILED: '指纹或面容验证未通过',
  ERR_PLATFORM_UNSUPPORTED: '客户端版本过低，缺少安全随机数能力',
  ERR_STORAGE_CORRUPT: '数据存储损坏',
  ERR_UNKNOWN: '未知错误'
}

/** A JSON error answer as every endpoint gives it: `{ code, message }`. */
export function errorResponse(code: ErrorCode, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ code, message: errorMessages[code] }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }
  })
}
