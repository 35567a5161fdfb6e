import { shareCheckUrl } from '../../../components/routes'
import type { ShareLinkApi } from './shareLink.types'

// H5 (hash router): this site's address of the public check page.
export const shareLink: ShareLinkApi['shareLink'] = (code) => `${window.location.origin}${window.location.pathname}#${shareCheckUrl(code)}`
