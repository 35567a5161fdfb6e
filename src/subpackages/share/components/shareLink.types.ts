/** The link a holder sends with a verification code. `shareLink.h5.ts`: a web address; `shareLink.ts`: the mini-program page path. */
export interface ShareLinkApi {
  shareLink(code: string): string
}
