/** The 线上核验 page, for links (the wallet home, an RP's same-device link). Pure strings. */
export const ONLINE_REQUEST_PAGE = '/subpackages/online/pages/request/index'
