/**
 * msw's cookie store (msw/lib/core/utils/cookieStore.mjs), replaced in the H5 build only
 * (config/index.ts): the government API authenticates with DPoP-bound tokens in headers and sets
 * no cookie, so the in-page simulator needs no cookie jar. The real one pulls tough-cookie and the
 * public-suffix list (tldts), about a tenth of the H5 app's JavaScript. Cookies the page itself has
 * (document.cookie) still reach handlers: msw reads those separately.
 */
export const cookieStore = {
  getCookies(_url: string): Array<{ key: string; value: string }> {
    return []
  },
  async setCookie(_cookie: string, _url: string): Promise<void> {}
}
