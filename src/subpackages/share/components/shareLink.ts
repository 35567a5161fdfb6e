import { shareCheckUrl } from '../../../components/routes'
import type { ShareLinkApi } from './shareLink.types'

// Mini-programs: the page path (opened from a shared card or a scan inside WeChat / Alipay).
export const shareLink: ShareLinkApi['shareLink'] = (code) => shareCheckUrl(code)
