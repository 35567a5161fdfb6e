/**
 * Pages of the share subpackage (paper credential, degree share, public check, 文件调用), for
 * links from other pages (the wallet home, the certificate detail page). Pure strings: importing
 * this file does not pull the subpackage into the main package.
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
