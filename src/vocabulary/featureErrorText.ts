import type { ErrorCode } from './errors'
import { MAIN_ERROR_TEXT, type MainErrorCode } from './errorText'

/**
 * Chinese text for the error codes only subpackage code can meet: the verifier's and the
 * counter's checks, institutions and their enrolment, 文件调用 grants, the sealed 原件 (OFD) and its
 * download link, 线上核验 relying parties, 家人代办's links. Kept out of the WeChat main package
 * (issue #12): the subpackage pages register it (src/components/featureErrorText.ts). A code is in
 * this table or in ./errorText.ts's MAIN_ERROR_TEXT, never both (the type below refuses it).
 */
export const FEATURE_ERROR_TEXT = {
  ERR_REPLAYED: '此二维码已被使用过（可能是截图），请持证人刷新后重新出示',
  ERR_DELEGATION_ENDED: '家人代办已解除，不能再代为出示',
  ERR_DELEGATION_SCOPE: '这项用途不在家人同意代办的范围内',
  ERR_INSTITUTION_REPLAYED: '请求重复，请重试',
  ERR_INSTITUTION_FORBIDDEN: '本单位无权办理此项业务',
  ERR_ACTIVATION_CODE_INVALID: '激活码无效或已使用，请向主管部门重新获取',
  ERR_NOT_ENROLLED: '请先用主管部门发放的激活码登记本机',
  ERR_GRANT_INVALID: '文件调用授权无效，请重新授权',
  ERR_GRANT_DEVICE: '文件调用授权不是由本人已登记的手机签署的',
  ERR_GRANT_REPLAYED: '这份授权已经提交过了，请重新授权',
  ERR_GRANT_PERIOD: '授权期限不符合要求（最长30天），请重新选择',
  ERR_GRANT_ORG_UNKNOWN: '该单位未在用证单位名录中登记，不能授权',
  ERR_GRANT_PURPOSE: '该单位没有登记这项用证事由，或这张证照不用于这项事由',
  ERR_GRANT_NOT_YET_VALID: '授权尚未生效',
  ERR_GRANT_EXPIRED: '授权已过期，请联系持证人重新授权',
  ERR_GRANT_REVOKED: '持证人已撤销这份授权',
  ERR_OFD_DIGEST_MISMATCH: '原件内容与签章时不一致，可能被改动过',
  ERR_OFD_DIGEST_ALG: '原件使用了不认可的摘要算法',
  ERR_OFD_FILE_MISSING: '原件缺少签章保护的文件',
  ERR_OFD_FILE_UNREFERENCED: '原件含有签章之外加入的文件',
  ERR_SEAL_SIGNER_NOT_LISTED: '签章者不是该证照发证机关登记的印章',
  ERR_SEAL_EXPIRED: '签章时电子印章不在有效期内',
  ERR_DOWNLOAD_LINK_USED: '这个下载链接已经用过了，请在手机上重新生成',
  ERR_DOWNLOAD_LINK_EXPIRED: '这个下载链接已过期，请在手机上重新生成',
  ERR_RP_REQUEST_INVALID: '这个核验请求无法识别或签名不对，证照夹没有打开它。请回到网站重新发起',
  ERR_RP_UNKNOWN: '发起核验的网站或应用没有在政务平台登记，证照夹不会向它提供任何信息',
  ERR_RP_REQUEST_EXPIRED: '这个核验请求已过期，请回到网站刷新后重新扫码',
  ERR_RP_OVER_ASKING: '对方索要的信息超出了它在政务平台登记的范围，证照夹已拒绝，没有发送任何信息',
  ERR_RP_QUERY_UNSUPPORTED: '对方索要的信息组合证照夹暂不支持，没有发送任何信息',
  ERR_RP_REGISTRATION_INVALID: '网站登记信息无效或登记码已使用',
  ERR_RP_RESPONSE_INVALID: '核验结果无法解开或内容不对',
  ERR_PSEUDONYM_INVALID: '网号凭证无效'
} satisfies Partial<Record<Exclude<ErrorCode, MainErrorCode>, string>>

/** Every code's text: both tables (the compiler refuses a code without text). For src/verifier and tests. */
export const ERROR_TEXT: Record<ErrorCode, string> = { ...MAIN_ERROR_TEXT, ...FEATURE_ERROR_TEXT }
