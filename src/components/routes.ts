/**
 * Page addresses for links between packages: the share subpackage (paper credential, degree share,
 * public check, 文件调用) and the certificate detail page (holder subpackage), linked from the wallet
 * home, the detail page and the share pages. Pure strings: importing this file pulls no subpackage
 * into the main package, and a subpackage links to another's page without importing it.
 */
export const SHARE_ROOT = '/subpackages/share'

export const SHARE_PAGES = {
  paper: `${SHARE_ROOT}/pages/paper/index`,
  degree: `${SHARE_ROOT}/pages/degree/index`,
  check: `${SHARE_ROOT}/pages/check/index`,
  file: `${SHARE_ROOT}/pages/file/index`
} as const

const withQuery = (path: string, query: Record<string, string | undefined>) => {
  const q = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return q ? `${path}?${q}` : path
}

/** 纸质凭证 (optionally for one certificate, or showing one paper). */
export const paperUrl = (opts: { certId?: string; paperId?: string } = {}) => withQuery(SHARE_PAGES.paper, opts)
/** 学历验证码 for the holder's degree. */
export const degreeShareUrl = (opts: { certId?: string } = {}) => withQuery(SHARE_PAGES.degree, opts)
/** The public check of a verification code (anyone). */
export const shareCheckUrl = (code?: string) => withQuery(SHARE_PAGES.check, { code })
/** 文件调用 for one certificate. */
export const fileRetrievalUrl = (opts: { certId?: string } = {}) => withQuery(SHARE_PAGES.file, opts)

/** The certificate detail page (证照详情): in the holder subpackage, fetched with the wallet page (preloadRule). */
export const CARD_DETAIL_PAGE = '/subpackages/holder/pages/detail/index'
/** 证照详情 of one certificate. */
export const cardDetailUrl = (certId: string) => withQuery(CARD_DETAIL_PAGE, { certId })
