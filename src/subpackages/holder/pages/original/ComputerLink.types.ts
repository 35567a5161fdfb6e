/**
 * The 原件's one-time computer download link, where the platform cannot hand a file to another app.
 * `ComputerLink.tsx` (WeChat without shareFileMessage, Alipay, Node) asks the platform for it and
 * shows it as a link and a QR; `ComputerLink.h5.tsx` draws nothing: a browser always downloads the
 * file itself (fileExport.h5.ts), so the H5 build does not carry the link's code.
 */
export interface ComputerLinkProps {
  certId: string
}
