/**
 * 证照定义机构 — the authority that defines a certificate type. A type code (证照类型代码) is the
 * defining authority's 统一社会信用代码 followed by a 3-digit type number (docs/identifier.md).
 *
 * NOTE: these codes are placeholders shaped like central-government codes (prefix 11100000, an
 * organisation code with a valid GB 11714 check digit, a valid GB 32100 check character). They
 * are not the ministries' real codes; take those from the national 电子证照目录 before pointing
 * the wallet at a real endpoint, and change the type codes below together with the issuer side.
 */
export const definingAuthorities = {
  /** 公安部 — 居民身份证, 网证, 驾驶证, 行驶证 */
  publicSecurity: '11100000000019107N',
  /** 人力资源和社会保障部 — 社会保障卡 */
  humanResourcesSocialSecurity: '111000000000192030',
  /** 国家医疗保障局 — 医保电子凭证 */
  healthcareSecurity: '11100000MB0193009H',
  /** 教育部 — 学历/学位证书 */
  education: '1110000000001930X6'
} as const

/** Builds a 证照类型代码 from a defining authority code and a type number 1–999. */
export function typeCodeOf(authorityCode: string, typeNumber: number): string {
  return `${authorityCode}${String(typeNumber).padStart(3, '0')}`
}
